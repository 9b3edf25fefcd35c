package hostseccomp

import (
	"fmt"

	"github.com/axpsec/axpsec/abi"
)

// Host errno and signal numbers the mapping needs (x86_64/generic numbering).
const (
	hostENOSYS = 38
	hostSIGSYS = 31
)

// Verdict maps a syscall outcome to the seccomp return value that explains
// it, in the form Observable produces: ENOSYS ⇒ ALLOW, another errno e ⇒
// ERRNO(e), a return of 0 ⇒ ERRNO(0), a SYS_SECCOMP SIGSYS ⇒ TRAP(si_errno),
// a silently killed thread ⇒ KILL_THREAD, death by SIGSYS ⇒ KILL_PROCESS.
// Any other return value ⇒ ALLOW (the number is implemented: avoid it).
func (o Outcome) Verdict() (uint32, error) {
	switch o.Kind {
	case Returned:
		switch {
		case o.Ret == -1 && o.Errno == hostENOSYS:
			return abi.SeccompRetAllow, nil
		case o.Ret == -1:
			return abi.SeccompRetErrno | uint32(o.Errno), nil
		case o.Ret == 0:
			return abi.SeccompRetErrno, nil
		}
		return abi.SeccompRetAllow, nil
	case Trapped:
		if o.SigCode != abi.SysSeccomp {
			return 0, fmt.Errorf("hostseccomp: SIGSYS with si_code %d, not SYS_SECCOMP", o.SigCode)
		}
		return abi.SeccompRetTrap | uint32(o.SigErrno)&abi.SeccompRetData, nil
	case ThreadKilled:
		return abi.SeccompRetKillThread, nil
	case Signaled:
		if o.Signal == hostSIGSYS {
			return abi.SeccompRetKillProcess, nil
		}
		return 0, fmt.Errorf("hostseccomp: process died from signal %d", o.Signal)
	case Rejected:
		return 0, fmt.Errorf("hostseccomp: filter rejected with errno %d", o.InstallErrno)
	}
	return 0, fmt.Errorf("hostseccomp: no syscall outcome in %q", o.Raw)
}

// Observable maps a seccomp return value to what Verdict can report for it
// on an unimplemented syscall number (see the package documentation).
func Observable(ret uint32) uint32 {
	data := ret & abi.SeccompRetData
	switch ret & abi.SeccompRetActionFull {
	case abi.SeccompRetAllow, abi.SeccompRetLog, abi.SeccompRetTrace, abi.SeccompRetUserNotif:
		return abi.SeccompRetAllow
	case abi.SeccompRetErrno:
		data = min(data, 4095)
		if data == hostENOSYS {
			return abi.SeccompRetAllow
		}
		return abi.SeccompRetErrno | data
	case abi.SeccompRetTrap:
		return ret
	case abi.SeccompRetKillThread:
		return abi.SeccompRetKillThread
	}
	return abi.SeccompRetKillProcess
}
