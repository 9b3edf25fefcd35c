package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// maxErrno is MAX_ERRNO: SECCOMP_RET_ERRNO data is clamped to it.
const maxErrno = 4095

// secureComputing is __secure_computing: the seccomp step of syscall entry,
// run after any ptrace entry stop so that it sees a tracer's changes. It
// returns seccompSkip when the syscall must not be dispatched; r0/r19 then
// hold whatever return value the action set (none for TRAP and kills).
func (t *Thread) secureComputing() seccompAction {
	switch t.sec.mode {
	case modeStrict:
		return t.strictCheck()
	case modeFilter:
		// Fast path: an ALLOW from the constant cache needs no
		// seccomp_data at all.
		nr := int32(t.cpu.R[1])
		if ret, _, ok := t.sec.cache.LookupMatch(nr); ok {
			if ret == abi.SeccompRetAllow {
				t.k.sec.stats.countAllowCached(uint32(nr))
				return seccompContinue
			}
		} else if t.sec.memo.allowsRegs(t.cpu) {
			// Next fastest: the memo remembers ALLOW for these very
			// registers (compared in place, without building
			// seccomp_data).
			t.k.sec.stats.countAllowMemo(uint32(nr))
			return seccompContinue
		}
		return t.filterSyscall(false)
	case modeDead:
		// A killed task never returns to user mode; the kernel warns and
		// kills again if it somehow does.
		t.proc.exitGroup(Exit{Signal: abi.SIGKILL})
		return seccompSkip
	}
	return seccompContinue
}

// strictCheck is __secure_computing_strict: read, write, exit and
// rt_sigreturn (Alpha's __NR_seccomp_sigreturn) pass; anything else kills
// the thread with SIGKILL (do_exit), without a core dump: the process dies
// with it if it was its last thread.
func (t *Thread) strictCheck() seccompAction {
	c := t.cpu
	switch int32(c.R[1]) {
	case abi.SYS_READ, abi.SYS_WRITE, abi.SYS_EXIT, abi.SYS_RT_SIGRETURN:
		return seccompContinue
	}
	t.sec.mode = modeDead
	ks := &t.k.sec
	ks.stats.strictKills++
	if ks.audit != nil {
		sd := &t.sec.data
		t.populateSeccompData(sd)
		ks.audit.record(t, sd, 0, "KILL (strict mode)", "strict mode", "", false, true)
		ks.audit.flush()
	}
	t.exitThread(Exit{Signal: abi.SIGKILL})
	return seccompSkip
}

// exitThread is do_exit: the thread ends; with it the process, with e, if
// no other thread is alive.
func (t *Thread) exitThread(e Exit) {
	if !t.otherThreadsLive() {
		t.proc.exitGroup(e)
		return
	}
	t.exitMM()
	t.gone = true
}

// populateSeccompData is populate_seccomp_data: nr is the low 32 bits of
// r1, the instruction pointer is the pc after callsys, the arguments are
// r16..r21.
func (t *Thread) populateSeccompData(sd *bpfvm.SeccompData) {
	c := t.cpu
	sd.Nr = int32(c.R[1])
	sd.Arch = abi.AuditArchAlpha
	sd.InstructionPointer = c.PC
	sd.Args[0], sd.Args[1], sd.Args[2] = c.R[16], c.R[17], c.R[18]
	sd.Args[3], sd.Args[4], sd.Args[5] = c.R[19], c.R[20], c.R[21]
}

// Where a verdict came from.
const (
	fromFilters = iota // the filters ran
	fromCache          // the constant-verdict cache
	fromMemo           // the per-thread memo of recent seccomp_data
)

// runFilters is seccomp_run_filters with the constant-verdict cache and the
// memo: the combined verdict of the chain, the index of the filter it came
// from (-1 for ALLOW) and where it was found.
func (t *Thread) runFilters(sd *bpfvm.SeccompData) (ret uint32, match int, from int) {
	if r, m, ok := t.sec.cache.LookupMatch(sd.Nr); ok {
		return r, m, fromCache
	}
	if r, m, ok := t.sec.memo.lookup(sd); ok {
		return r, m, fromMemo
	}
	ret, match = t.sec.chain.Run(sd)
	t.sec.memo.store(sd, ret, match)
	return ret, match, fromFilters
}

// runEnforced combines the verdicts of the filters that are not in dry-run
// mode, as seccomp_run_filters would if the dry-run filters were absent.
func (t *Thread) runEnforced(sd *bpfvm.SeccompData) (ret uint32, match int) {
	ret, match = abi.SeccompRetAllow, -1
	for i, f := 0, t.sec.filter; f != nil; i, f = i+1, f.prev {
		if f.complain {
			continue
		}
		if r := f.prog.Run(sd); int32(r&abi.SeccompRetActionFull) < int32(ret&abi.SeccompRetActionFull) {
			ret, match = r, i
		}
	}
	return ret, match
}

// filterSyscall is __seccomp_filter: evaluate the chain and carry out the
// verdict's action (kernel-abi.md §3.5).
func (t *Thread) filterSyscall(recheckAfterTrace bool) seccompAction {
	c := t.cpu
	ks := &t.k.sec
	// The per-thread buffer keeps seccomp_data off the heap (rule
	// attribution callbacks would make a local escape).
	sd := &t.sec.data
	t.populateSeccompData(sd)
	ret, match, from := t.runFilters(sd)
	ks.stats.count(sd.Nr, ret, from)
	if ret != abi.SeccompRetAllow {
		if t.sec.complain > 0 && match >= 0 && t.sec.filterAt(match).complain {
			t.report(sd, ret, match, true)
			ret, match = t.runEnforced(sd)
		}
		if ret != abi.SeccompRetAllow {
			t.report(sd, ret, match, false)
		}
	}
	data := ret & abi.SeccompRetData
	switch ret & abi.SeccompRetActionFull {
	case abi.SeccompRetAllow, abi.SeccompRetLog:
		return seccompContinue
	case abi.SeccompRetErrno:
		if data > maxErrno {
			data = maxErrno
		}
		// syscall_set_return_value(-data, 0): ERRNO(0) is a success returning 0.
		c.R[0], c.R[19] = uint64(data), 0
		if data != 0 {
			c.R[19] = 1
		}
		return seccompSkip
	case abi.SeccompRetTrap:
		c.R[1] = c.R[2] // syscall_rollback
		t.forceSignal(sigInfo{
			signo:   abi.SIGSYS,
			errno:   int32(data),
			code:    abi.SysSeccomp,
			kind:    siSys,
			addr:    c.PC,
			syscall: sd.Nr,
			arch:    abi.AuditArchAlpha,
		})
		return seccompSkip
	case abi.SeccompRetTrace:
		if recheckAfterTrace {
			return seccompContinue
		}
		if t.sec.tracer == nil {
			c.R[0], c.R[19] = uint64(abi.ENOSYS), 1
			return seccompSkip
		}
		if !t.sec.tracer.seccompStop(t, uint16(data)) {
			return seccompSkip
		}
		if int32(c.R[1]) < 0 {
			return seccompSkip
		}
		return t.filterSyscall(true)
	case abi.SeccompRetUserNotif:
		// The matching filter's listener decides (ENOSYS without one, even
		// if an older filter has one).
		return t.userNotif(t.sec.filterAt(match), sd)
	}
	// KILL_THREAD, KILL_PROCESS and unknown actions. KILL_THREAD ends only
	// the calling thread, silently (do_exit), while others live; for the
	// last thread it is KILL_PROCESS: rollback and a SIGSYS death that
	// dumps core.
	t.sec.mode = modeDead
	if ks.audit != nil {
		ks.audit.flush()
	}
	if ret&abi.SeccompRetActionFull == abi.SeccompRetKillThread && t.otherThreadsLive() {
		t.exitThread(Exit{Signal: abi.SIGSYS})
		return seccompSkip
	}
	c.R[1] = c.R[2]
	t.proc.exitGroup(Exit{Signal: abi.SIGSYS, Core: true})
	return seccompSkip
}

// otherThreadsLive reports whether the process has a live thread besides t.
func (t *Thread) otherThreadsLive() bool {
	for _, o := range t.proc.threads {
		if o != t && !o.gone {
			return true
		}
	}
	return false
}

// report audits a non-ALLOW verdict and, for a dry-run filter's verdict
// (wouldBe), logs it once per (syscall, verdict, rule).
func (t *Thread) report(sd *bpfvm.SeccompData, ret uint32, match int, wouldBe bool) {
	ks := &t.k.sec
	if ks.audit == nil && (!wouldBe || ks.cfg.Log == nil) {
		return
	}
	f := t.sec.filterAt(match)
	name, rule, logged := "", "", false
	if f != nil {
		name = f.name
		if f.rule != nil {
			rule = f.rule(sd)
		}
		logged = actionLogged(ret, f.log)
	}
	action := bpfvm.ActionString(ret)
	if ks.audit != nil {
		ks.audit.record(t, sd, ret, action, name, rule, wouldBe, logged)
	}
	if wouldBe && ks.cfg.Log != nil {
		ks.logWouldBe(sd.Nr, action, rule, name)
	}
}

// actionLogged reports whether Linux's default actions_logged sysctl would
// emit an audit message for ret (kernel-abi.md §3.10): kills and LOG always,
// TRAP, ERRNO, TRACE and USER_NOTIF only from a filter with
// SECCOMP_FILTER_FLAG_LOG, ALLOW never.
func actionLogged(ret uint32, filterLog bool) bool {
	switch ret & abi.SeccompRetActionFull {
	case abi.SeccompRetAllow:
		return false
	case abi.SeccompRetLog:
		return true
	case abi.SeccompRetTrap, abi.SeccompRetErrno, abi.SeccompRetTrace, abi.SeccompRetUserNotif:
		return filterLog
	}
	return true
}
