package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
)

// ABIProfile selects how syscall results are converted to the r0/r19 pair.
type ABIProfile uint8

// The supported syscall ABI profiles.
const (
	// ABISeccompV3 is Linux/Alpha with the SECCOMPv3 patch: nr is copied to r1
	// and r2 at entry, r1 = -1 skips dispatch, restart uses r2, and every
	// negative return value is an error (force_successful_syscall_return has no
	// effect, kernel-abi.md §1.4).
	ABISeccompV3 ABIProfile = iota
	// ABIForceSuccess is SECCOMPv3's register model with the force-success flag
	// honoured (as the 2026 GENERIC_ENTRY series restores): syscalls that call
	// force_successful_syscall_return (getpriority, osf_sigprocmask) return
	// negative values as successes.
	ABIForceSuccess
)

// String names the profile.
func (p ABIProfile) String() string {
	switch p {
	case ABISeccompV3:
		return "seccompv3"
	case ABIForceSuccess:
		return "force-success"
	}
	return "unknown"
}

// Syscall-entry work flags (thread_info TIF_* bits that divert to the slow path).
const (
	workSeccomp uint32 = 1 << iota // a seccomp mode is active (set by the seccomp layer)
	workTrace                      // strace-like tracing is on
)

// skipNr is the r1 value that skips dispatch.
const skipNr = ^uint64(0)

// sysSpecial is returned by handlers that set the user registers themselves
// (sigreturn, rt_sigreturn, exit): no result conversion happens.
const sysSpecial int64 = -1 << 62

// seccompAction is the outcome of the seccomp step at syscall entry.
type seccompAction uint8

const (
	seccompContinue seccompAction = iota // run the syscall (r1 holds the number to dispatch)
	seccompSkip                          // skip dispatch; r0/r19 hold the result
)

// seccompEnter is the seccomp step of syscall entry (secure_computing()).
// It runs only when workSeccomp is set, after any ptrace entry stop, and sees
// the registers as the filter would (nr = r1, args = r16..r21).
//
// The seccomp layer (seccomp*.go) implements it: strict mode, filter
// evaluation and action handling.
func (t *Thread) seccompEnter() seccompAction {
	return t.secureComputing()
}

// syscall handles one callsys trap. The CPU's PC already points after the
// call_pal, as the saved pt_regs pc does.
func (t *Thread) syscall() {
	c := t.cpu
	nr := c.R[0]
	c.R[1], c.R[2] = nr, nr // SECCOMPv3: shadow nr and original nr
	t.k.stats.Syscalls++
	if t.work != 0 {
		if t.syscallTraceEnter() {
			nr = c.R[1]
		} else {
			nr = skipNr
			c.R[1] = skipNr
		}
	}
	if nr == skipNr {
		t.skipGate()
		if t.work&workTrace != 0 {
			t.traceExit(int(c.R[2]), true)
		}
		return
	}
	var ret int64
	args := [6]uint64{c.R[16], c.R[17], c.R[18], c.R[19], c.R[20], c.R[21]}
	if nr < nrSyscalls {
		ret = sysTable[nr](t, args)
	} else {
		ret = t.sysUnknown(args)
	}
	if ret == sysSpecial {
		return
	}
	t.setResult(ret)
	if t.work&workTrace != 0 {
		t.traceExit(int(c.R[2]), false)
	}
}

// setResult converts a handler's return value into r0/r19 and records the
// restart state (entry.S $syscall_error / $ret_success).
func (t *Thread) setResult(ret int64) {
	c := t.cpu
	if ret < 0 && !(t.forceSuccess && t.k.cfg.ABI == ABIForceSuccess) {
		t.restartA3 = c.R[19]
		t.restartNr = c.R[2]
		c.R[0] = uint64(-ret)
		c.R[19] = 1
	} else {
		c.R[0] = uint64(ret)
		c.R[19] = 0
		t.restartNr = 0
	}
	t.forceSuccess = false
}

// syscallTraceEnter is syscall_trace_enter(): the slow entry path taken when
// any work flag is set. Order as in the kernel: ptrace entry stop (none in the
// base kernel), then seccomp, then audit/trace. It returns false when the
// syscall is skipped.
func (t *Thread) syscallTraceEnter() bool {
	c := t.cpu
	if t.work&workSeccomp != 0 && t.seccompEnter() == seccompSkip {
		if c.R[19] == 0 && c.R[0] == ^uint64(0) {
			c.R[0], c.R[19] = uint64(abi.ENOSYS), 1
		}
		return false
	}
	if t.work&workTrace != 0 {
		t.traceEnter()
	}
	return true
}

// skipGate is SYSCALL_SKIP_RETURN_RESTART_GATE (kernel-abi.md §1.5).
func (t *Thread) skipGate() {
	c := t.cpu
	if c.R[19] == 0 && c.R[0] == ^uint64(0) {
		c.R[0], c.R[19] = uint64(abi.ENOSYS), 1
	}
	t.restartNr = 0
	if c.R[19] == 1 && isRestartErrno(c.R[0]) {
		t.restartNr = c.R[2]
		t.restartA3 = c.R[19]
	}
}

func isRestartErrno(v uint64) bool {
	switch abi.Errno(v) {
	case abi.ERESTARTSYS, abi.ERESTARTNOINTR, abi.ERESTARTNOHAND, abi.ERESTART_RESTARTBLOCK:
		return true
	}
	return false
}

// sysUnknown is sys_ni_syscall for numbers outside the table and for table
// entries the simulated kernel does not implement: ENOSYS, reported once.
func (t *Thread) sysUnknown(a [6]uint64) int64 {
	nr := t.cpu.R[1]
	if w := t.k.cfg.Verbose; w != nil {
		idx := nr
		if idx > nrSyscalls {
			idx = nrSyscalls
		}
		if !t.k.reported[idx] {
			t.k.reported[idx] = true
			name, ok := abi.Alpha.SyscallName(int(nr))
			if !ok || nr >= nrSyscalls {
				name = "syscall"
			}
			writef(w, "axpsec: unimplemented syscall %s (%d) -> ENOSYS\n", name, int64(nr))
		}
	}
	return errno(abi.ENOSYS)
}
