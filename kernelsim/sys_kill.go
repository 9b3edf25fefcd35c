package kernelsim

import (
	"time"

	"sort"

	"github.com/axpsec/axpsec/abi"
)

// stopSignals are the signals whose default action stops the process.
var stopSignals = sigBit(abi.SIGSTOP) | sigBit(abi.SIGTSTP) | sigBit(abi.SIGTTIN) | sigBit(abi.SIGTTOU)

// findThread returns the live thread with the given tid.
func (k *Kernel) findThread(tid int32) *Thread {
	if p := k.procs[int(tid)]; p != nil && !p.exited {
		for _, t := range p.threads {
			if int32(t.tid) == tid && !t.gone {
				return t
			}
		}
	}
	for _, p := range k.procs {
		if p.exited {
			continue
		}
		for _, t := range p.threads {
			if int32(t.tid) == tid && !t.gone {
				return t
			}
		}
	}
	return nil
}

// sortedProcs returns the processes in pid order (for deterministic delivery).
func (k *Kernel) sortedProcs() []*Process {
	ps := make([]*Process, 0, len(k.procs))
	for _, p := range k.procs {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].pid < ps[j].pid })
	return ps
}

// prepareSignal is prepare_signal's job-control part: a stop signal
// discards a pending SIGCONT, SIGCONT discards pending stop signals and
// resumes a stopped process (telling its parent).
func (p *Process) prepareSignal(s abi.Signal) {
	drop := func(mask uint64) {
		p.sharedPending.mask &^= mask
		for _, t := range p.threads {
			t.pending.mask &^= mask
		}
	}
	switch {
	case sigBit(s)&stopSignals != 0:
		drop(sigBit(abi.SIGCONT))
	case s == abi.SIGCONT:
		drop(stopSignals)
		if p.stopped {
			p.stopped = false
			close(p.contEvent)
			p.contEvent = nil
			p.waitEvent = evContinued
			if par := p.parent; par != nil {
				par.sendChld(sigInfo{signo: abi.SIGCHLD, code: cldContinued, kind: siChld, pid: int32(p.pid), uid: uint32(p.creds.uid), status: int32(abi.SIGCONT)})
				par.notifyChild()
			}
		}
	}
}

// signalProcess sends a process-directed signal (kill, SIGCHLD, alarm).
// SIGKILL ends the process at once, as complete_signal does.
func (p *Process) signalProcess(si sigInfo) {
	if p.exited || len(p.threads) == 0 {
		return
	}
	p.prepareSignal(si.signo)
	if si.signo == abi.SIGKILL {
		p.exitGroup(Exit{Signal: abi.SIGKILL})
		return
	}
	if p.ignored(si.signo) && p.threads[0].sigMask&sigBit(si.signo) == 0 {
		return
	}
	p.sharedPending.add(si)
	for _, t := range p.threads {
		t.wakeUp()
	}
}

// signalThread sends a thread-directed signal (tkill, tgkill, rt_tgsigqueueinfo).
func (t *Thread) signalThread(si sigInfo) {
	p := t.proc
	if si.signo == abi.SIGKILL || si.signo == abi.SIGCONT || sigBit(si.signo)&stopSignals != 0 {
		p.prepareSignal(si.signo)
	}
	if si.signo == abi.SIGKILL {
		p.exitGroup(Exit{Signal: abi.SIGKILL})
		return
	}
	t.sendSignal(si, true)
}

// doStop stops the process for signal s (do_signal_stop) and waits until
// SIGCONT or SIGKILL. Only the process's stop state is simulated: its other
// threads keep running until they next enter the kernel.
func (t *Thread) doStop(s abi.Signal) {
	p := t.proc
	if !p.stopped {
		p.stopped = true
		p.stopSig = s
		p.contEvent = make(chan struct{})
		t.waitGroupStop()
		if !p.stopped || p.exited {
			return
		}
		p.waitEvent = evStopped
		if par := p.parent; par != nil {
			par.sendChld(sigInfo{signo: abi.SIGCHLD, code: cldStopped, kind: siChld, pid: int32(p.pid), uid: uint32(p.creds.uid), status: int32(s)})
			par.notifyChild()
		}
	}
	for p.stopped && !p.exited && !t.gone && t.ctx != nil && t.ctx.Err() == nil {
		t.waitKillable(p.contEvent)
	}
}

// killTargets returns the processes kill(pid) addresses.
func (t *Thread) killTargets(pid int32) []*Process {
	k := t.k
	var out []*Process
	switch {
	case pid > 0:
		if th := k.findThread(pid); th != nil {
			return []*Process{th.proc}
		}
		if p := k.procs[int(pid)]; p != nil {
			return []*Process{p} // a zombie: the signal has no effect
		}
		return nil
	case pid == -1:
		for _, p := range k.sortedProcs() {
			if p != t.proc && !p.exited {
				out = append(out, p)
			}
		}
		return out
	}
	pg := -pid
	if pid == 0 {
		pg = int32(t.proc.pgid)
	}
	for _, p := range k.sortedProcs() {
		if int32(p.pgid) == pg && !p.exited {
			out = append(out, p)
		}
	}
	return out
}

func sysKill(t *Thread, a [6]uint64) int64 {
	sig := a[1]
	if sig > abi.NSIG {
		return errno(abi.EINVAL)
	}
	if int32(a[0]) == -1<<31 {
		return errno(abi.ESRCH)
	}
	targets := t.killTargets(int32(a[0]))
	if len(targets) == 0 {
		return errno(abi.ESRCH)
	}
	if sig == 0 {
		return 0
	}
	for _, p := range targets {
		if p == t.proc {
			p.prepareSignal(abi.Signal(sig))
			if sig == uint64(abi.SIGKILL) {
				p.exitGroup(Exit{Signal: abi.SIGKILL})
				continue
			}
			t.sendSignal(t.killInfo(abi.Signal(sig), siUser), false)
			for _, o := range p.threads {
				o.wakeUp()
			}
			continue
		}
		p.signalProcess(t.killInfo(abi.Signal(sig), siUser))
	}
	return 0
}

// tkillTo sends sig to thread tid (of process tgid when tgid > 0).
func (t *Thread) tkillTo(tgid, tid int32, si sigInfo) int64 {
	target := t.k.findThread(tid)
	if target == nil || (tgid > 0 && int32(target.proc.pid) != tgid) {
		return errno(abi.ESRCH)
	}
	if si.signo != 0 {
		target.signalThread(si)
	}
	return 0
}

func sysTkill(t *Thread, a [6]uint64) int64 {
	if int32(a[0]) <= 0 {
		return errno(abi.EINVAL)
	}
	if a[1] > abi.NSIG {
		return errno(abi.EINVAL)
	}
	return t.tkillTo(0, int32(a[0]), t.killInfo(abi.Signal(a[1]), siTkill))
}

func sysTgkill(t *Thread, a [6]uint64) int64 {
	if int32(a[0]) <= 0 || int32(a[1]) <= 0 {
		return errno(abi.EINVAL)
	}
	if a[2] > abi.NSIG {
		return errno(abi.EINVAL)
	}
	return t.tkillTo(int32(a[0]), int32(a[1]), t.killInfo(abi.Signal(a[2]), siTkill))
}

// queuedInfo reads the siginfo a process passes to rt_sigqueueinfo: a
// process may not pretend to be the kernel or tkill when signalling others.
func (t *Thread) queuedInfo(sig, addr uint64, self bool) (sigInfo, abi.Errno) {
	b, ok := t.readBytes(addr, sigInfoSize)
	if !ok {
		return sigInfo{}, abi.EFAULT
	}
	code := int32(le(b).get32(8))
	if (code >= 0 || code == siTkill) && !self {
		return sigInfo{}, abi.EPERM
	}
	return sigInfo{signo: abi.Signal(sig), errno: int32(le(b).get32(4)), code: code, kind: siRT,
		pid: int32(le(b).get32(16)), uid: le(b).get32(20), value: le(b).get64(24)}, 0
}

// sysRtSigqueueinfo is rt_sigqueueinfo(tgid, sig, uinfo).
func sysRtSigqueueinfo(t *Thread, a [6]uint64) int64 {
	if a[1] > abi.NSIG {
		return errno(abi.EINVAL)
	}
	target := t.k.procs[int(int32(a[0]))]
	if target == nil || target.exited {
		return errno(abi.ESRCH)
	}
	si, e := t.queuedInfo(a[1], a[2], target == t.proc)
	if e != 0 {
		return errno(e)
	}
	if a[1] != 0 {
		target.signalProcess(si)
	}
	return 0
}

// sysRtTgsigqueueinfo is rt_tgsigqueueinfo(tgid, tid, sig, uinfo).
func sysRtTgsigqueueinfo(t *Thread, a [6]uint64) int64 {
	if int32(a[0]) <= 0 || int32(a[1]) <= 0 || a[2] > abi.NSIG {
		return errno(abi.EINVAL)
	}
	target := t.k.findThread(int32(a[1]))
	if target == nil || int32(target.proc.pid) != int32(a[0]) {
		return errno(abi.ESRCH)
	}
	si, e := t.queuedInfo(a[2], a[3], target.proc == t.proc)
	if e != 0 {
		return errno(e)
	}
	if a[2] != 0 {
		target.signalThread(si)
	}
	return 0
}

// waitGroupStop completes a group stop: the other threads of the process,
// which run in parallel, are interrupted, and the stop is reported only
// once none of them executes instructions any more (a thread in the
// kernel stops before it returns to user mode).
func (t *Thread) waitGroupStop() {
	p := t.proc
	for _, o := range p.threads {
		if o != t {
			o.wakeUp()
		}
	}
	for p.stopped && !p.exited && (t.ctx == nil || t.ctx.Err() == nil) {
		running := false
		for _, o := range p.threads {
			running = running || o.inUser
		}
		if !running || !t.held {
			return
		}
		t.release()
		time.Sleep(20 * time.Microsecond)
		t.acquire()
	}
}
