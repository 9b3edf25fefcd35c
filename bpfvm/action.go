package bpfvm

import (
	"fmt"

	"github.com/axpsec/axpsec/abi"
)

// ActionString formats a seccomp return value: ALLOW, ERRNO(13), TRAP(5),
// TRACE(7), LOG, USER_NOTIF, KILL_THREAD or KILL_PROCESS. Unknown actions are
// reported as KILL_PROCESS, which is how the kernel treats them.
func ActionString(ret uint32) string {
	data := ret & abi.SeccompRetData
	switch ret & abi.SeccompRetActionFull {
	case abi.SeccompRetAllow:
		return "ALLOW"
	case abi.SeccompRetErrno:
		return fmt.Sprintf("ERRNO(%d)", data)
	case abi.SeccompRetTrap:
		return fmt.Sprintf("TRAP(%d)", data)
	case abi.SeccompRetTrace:
		return fmt.Sprintf("TRACE(%d)", data)
	case abi.SeccompRetLog:
		return "LOG"
	case abi.SeccompRetUserNotif:
		return "USER_NOTIF"
	case abi.SeccompRetKillThread:
		return "KILL_THREAD"
	}
	return "KILL_PROCESS"
}
