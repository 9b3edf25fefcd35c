package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// sigAction is the kernel's k_sigaction: handler, flags, mask and the
// restorer passed as rt_sigaction's fifth argument.
type sigAction struct {
	handler  uint64
	flags    uint64
	mask     uint64
	restorer uint64
}

// sigHand is the signal handler table shared by a process's threads.
type sigHand struct {
	act [abi.NSIG + 1]sigAction
}

// siKind selects the siginfo union member.
type siKind uint8

const (
	siKill  siKind = iota // _kill: pid, uid
	siFault               // _sigfault: addr, trapno
	siSys                 // _sigsys: call_addr, syscall, arch
	siChld                // _sigchld: pid, uid, status, utime, stime
	siRT                  // _rt: pid, uid, sigval
)

// sigInfo is a kernel siginfo before it is laid out for the guest.
type sigInfo struct {
	signo   abi.Signal
	errno   int32
	code    int32
	kind    siKind
	pid     int32
	uid     uint32
	addr    uint64 // fault address or si_call_addr
	syscall int32
	arch    uint32
	status  int32  // _sigchld si_status
	value   uint64 // _rt si_value
}

// sigInfoSize is sizeof(siginfo_t).
const sigInfoSize = 128

// encode lays the siginfo out as Alpha's 128-byte siginfo_t.
func (si *sigInfo) encode() []byte {
	b := le(make([]byte, sigInfoSize))
	b.u32(0, uint32(si.signo))
	b.u32(4, uint32(si.errno))
	b.u32(8, uint32(si.code))
	switch si.kind {
	case siKill:
		b.u32(16, uint32(si.pid))
		b.u32(20, si.uid)
	case siFault:
		b.u64(16, si.addr) // trapno at 24 is 0 for every Alpha fault
	case siChld:
		b.u32(16, uint32(si.pid))
		b.u32(20, si.uid)
		b.u32(24, uint32(si.status))
	case siRT:
		b.u32(16, uint32(si.pid))
		b.u32(20, si.uid)
		b.u64(24, si.value)
	case siSys:
		b.u64(16, si.addr)
		b.u32(24, uint32(si.syscall))
		b.u32(28, si.arch)
	}
	return b
}

// sigQueue is a set of pending signals with their siginfo (one per signal:
// real-time signals are not queued more than once).
type sigQueue struct {
	mask uint64
	info [abi.NSIG + 1]sigInfo
}

func sigBit(s abi.Signal) uint64 { return 1 << (uint(s) - 1) }

// unblockable are the signals no mask can hold back.
var unblockable = sigBit(abi.SIGKILL) | sigBit(abi.SIGSTOP)

func (q *sigQueue) add(si sigInfo) {
	if q.mask&sigBit(si.signo) != 0 {
		return
	}
	q.mask |= sigBit(si.signo)
	q.info[si.signo] = si
}

// take removes the lowest pending signal in mask (synchronous signals first,
// as Linux's dequeue does) and returns it.
func (q *sigQueue) take(allowed uint64) (sigInfo, bool) {
	m := q.mask & allowed
	if m == 0 {
		return sigInfo{}, false
	}
	const synchronous = 1<<(abi.SIGSEGV-1) | 1<<(abi.SIGBUS-1) | 1<<(abi.SIGILL-1) |
		1<<(abi.SIGTRAP-1) | 1<<(abi.SIGFPE-1) | 1<<(abi.SIGSYS-1)
	if m&synchronous != 0 {
		m &= synchronous
	}
	s := abi.Signal(1)
	for m&1 == 0 {
		m >>= 1
		s++
	}
	q.mask &^= sigBit(s)
	return q.info[s], true
}

// defaultAction is what SIG_DFL does with a signal.
type defaultAction uint8

const (
	actTerm defaultAction = iota
	actCore
	actIgnore
	actStop
	actCont
)

func sigDefault(s abi.Signal) defaultAction {
	switch s {
	case abi.SIGQUIT, abi.SIGILL, abi.SIGTRAP, abi.SIGABRT, abi.SIGEMT, abi.SIGFPE,
		abi.SIGBUS, abi.SIGSEGV, abi.SIGSYS, abi.SIGXCPU, abi.SIGXFSZ:
		return actCore
	case abi.SIGCHLD, abi.SIGURG, abi.SIGWINCH:
		return actIgnore
	case abi.SIGSTOP, abi.SIGTSTP, abi.SIGTTIN, abi.SIGTTOU:
		return actStop
	case abi.SIGCONT:
		return actCont
	}
	return actTerm
}

// ignored reports whether sending s would be discarded (sig_ignored).
func (p *Process) ignored(s abi.Signal) bool {
	h := p.sig.act[s].handler
	return h == sigIgn || (h == sigDfl && (sigDefault(s) == actIgnore || sigDefault(s) == actCont))
}

// sendSignal queues si for the thread (toThread) or its process.
func (t *Thread) sendSignal(si sigInfo, toThread bool) {
	p := t.proc
	if si.signo != abi.SIGKILL && p.ignored(si.signo) && t.sigMask&sigBit(si.signo) == 0 {
		return
	}
	if toThread {
		t.pending.add(si)
	} else {
		p.sharedPending.add(si)
	}
	t.wakeUp()
}

// forceSignal delivers a synchronous signal that cannot be blocked or ignored
// (force_sig_info): a blocked or ignored signal is reset to SIG_DFL and unblocked.
func (t *Thread) forceSignal(si sigInfo) {
	act := &t.proc.sig.act[si.signo]
	blocked := t.sigMask&sigBit(si.signo) != 0
	if blocked || act.handler == sigIgn {
		act.handler = sigDfl
		t.sigMask &^= sigBit(si.signo)
	}
	t.pending.add(si)
}

// signalsPending reports whether a deliverable signal is pending, or the
// thread must stop running because it or its process is exiting (as a
// pending SIGKILL does in Linux).
func (t *Thread) signalsPending() bool {
	return (t.pending.mask|t.proc.sharedPending.mask)&^t.sigMask != 0 || t.proc.exited || t.gone
}

// wakeUp interrupts the thread: a sleeping thread wakes, a running one
// enters the kernel at the end of its current block.
func (t *Thread) wakeUp() {
	t.cpu.Interrupt()
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// sleep blocks until ch is closed (true), or a signal arrives or the run is
// cancelled (false).
func (t *Thread) sleep(ch <-chan struct{}) bool {
	return t.block(ch, nil) == wokeChan
}

// exitToUser is the signal work before returning to user mode. As in Linux,
// the restart rules run only from do_signal, i.e. when a signal is pending;
// otherwise an ERESTART* result (a filter's ERRNO(513), say) reaches user
// space as an ordinary error.
func (t *Thread) exitToUser() {
	if t.signalsPending() {
		t.handleSignals()
		return
	}
	t.restartNr = 0
}

// handleSignals is do_work_pending's signal part, run before returning to
// user mode: it applies the syscall-restart rules and sets up handler frames
// for every deliverable signal, or performs default actions.
func (t *Thread) handleSignals() {
	c := t.cpu
	restartNr, restartA3 := t.restartNr, t.restartA3
	t.restartNr = 0
	delivered := false
	for !t.proc.exited {
		si, ok := t.pending.take(^t.sigMask)
		if !ok {
			si, ok = t.proc.sharedPending.take(^t.sigMask)
		}
		if !ok {
			break
		}
		act := t.proc.sig.act[si.signo]
		if t.k.tracer != nil && act.handler != sigIgn {
			t.traceSignal(si)
		}
		switch {
		case act.handler == sigIgn:
			continue
		case act.handler == sigDfl:
			switch sigDefault(si.signo) {
			case actIgnore, actCont:
				continue
			case actStop:
				t.doStop(si.signo)
				continue
			case actCore:
				t.proc.exitGroup(Exit{Signal: si.signo, Core: true})
			default:
				t.proc.exitGroup(Exit{Signal: si.signo})
			}
			return
		}
		if restartNr != 0 {
			syscallRestart(c, restartNr, restartA3, act.flags)
			restartNr = 0
		}
		t.setupFrame(si, act)
		delivered = true
	}
	if restartNr != 0 && c.R[19] == 1 {
		switch abi.Errno(c.R[0]) {
		case abi.ERESTARTNOHAND, abi.ERESTARTSYS, abi.ERESTARTNOINTR:
			c.R[0], c.R[19] = restartNr, restartA3
			c.PC -= 4
		case abi.ERESTART_RESTARTBLOCK:
			c.R[0] = uint64(abi.SYS_RESTART_SYSCALL)
			c.PC -= 4
		}
	}
	if !delivered && t.hasSavedMask {
		t.sigMask = t.savedMask
		t.hasSavedMask = false
	}
}

// syscallRestart applies Alpha's syscall_restart before a handler runs.
func syscallRestart(r *alphaemu.CPU, nr, a3, saFlags uint64) {
	if r.R[19] != 1 {
		return
	}
	switch abi.Errno(r.R[0]) {
	case abi.ERESTARTSYS:
		if saFlags&saRestart == 0 {
			r.R[0] = uint64(abi.EINTR)
			return
		}
		r.R[0], r.R[19] = nr, a3
		r.PC -= 4
	case abi.ERESTARTNOHAND, abi.ERESTART_RESTARTBLOCK:
		r.R[0] = uint64(abi.EINTR)
	case abi.ERESTARTNOINTR:
		r.R[0], r.R[19] = nr, a3
		r.PC -= 4
	}
}
