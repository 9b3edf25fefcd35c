package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
)

// wait options (include/uapi/linux/wait.h).
const (
	wNohang    = 0x00000001
	wUntraced  = 0x00000002 // WSTOPPED for waitid
	wExited    = 0x00000004
	wContinued = 0x00000008
	wNowait    = 0x01000000
	wNothread  = 0x20000000
	wAll       = 0x40000000
	wClone     = 0x80000000
)

// waitid id types.
const (
	pAll  = 0
	pPID  = 1
	pPGID = 2
)

// SIGCHLD si_code values.
const (
	cldExited    = 1
	cldKilled    = 2
	cldDumped    = 3
	cldStopped   = 5
	cldContinued = 6
)

// waitEvent is a child state change not yet collected by wait.
type waitEvent uint8

const (
	evNone waitEvent = iota
	evStopped
	evContinued
)

// WaitStatus encodes e as wait4 reports it: the exit code in bits 8-15, or
// the terminating signal in bits 0-6 with 0x80 for a core dump.
func WaitStatus(e Exit) uint32 {
	if e.Signal != 0 {
		s := uint32(e.Signal) & 0x7f
		if e.Core {
			s |= 0x80
		}
		return s
	}
	return uint32(e.Code&0xff) << 8
}

// stopStatus is the wait status of a child stopped by sig; continuedStatus
// that of a continued child.
func stopStatus(sig abi.Signal) uint32 { return uint32(sig)<<8 | 0x7f }

const continuedStatus = 0xffff

// procExited is the process-level part of exit: orphans go to the initial
// process, a vfork parent is released, the parent gets its signal and the
// process becomes a zombie (or is reaped at once when nobody will wait).
func (k *Kernel) procExited(p *Process) {
	reaper := k.init
	if reaper == p || reaper.exited {
		reaper = nil
	}
	for _, c := range p.children {
		c.parent = reaper
		c.adopted = true
		c.ppid = 1
		if reaper != nil {
			c.ppid = reaper.pid
			reaper.children = append(reaper.children, c)
		}
		if c.exited && reaper == nil {
			delete(k.procs, c.pid)
		}
	}
	if reaper != nil && len(p.children) > 0 {
		reaper.notifyChild()
	}
	k.orphanedPgrps(p, p.children)
	p.children = nil
	if p.vforkDone != nil {
		close(p.vforkDone)
		p.vforkDone = nil
	}
	k.stopITimer(p)
	par := p.parent
	if par == nil {
		delete(k.procs, p.pid)
		return
	}
	if p.exitSignal != 0 {
		code := int32(cldExited)
		status := int32(p.exit.Code)
		if p.exit.Signal != 0 {
			code, status = cldKilled, int32(p.exit.Signal)
			if p.exit.Core {
				code = cldDumped
			}
		}
		par.sendChld(sigInfo{signo: p.exitSignal, code: code, kind: siChld, pid: int32(p.pid), uid: uint32(p.creds.uid), status: status})
	}
	if h := par.sig.act[abi.SIGCHLD]; h.handler == sigIgn || h.flags&saNocldwait != 0 {
		p.detach()
		return
	}
	par.notifyChild()
}

// sendChld sends a child-state signal to the process p.
func (p *Process) sendChld(si sigInfo) {
	if len(p.threads) == 0 || p.exited {
		return
	}
	if si.signo == abi.SIGCHLD && p.sig.act[abi.SIGCHLD].flags&saNocldstop != 0 && (si.code == cldStopped || si.code == cldContinued) {
		return
	}
	p.signalProcess(si)
}

// notifyChild wakes the process's threads waiting for a child.
func (p *Process) notifyChild() {
	close(p.childEvent)
	p.childEvent = make(chan struct{})
}

// detach removes a dead process from its parent and the process table. Its
// address space is released as Linux's exit_mm does (the initial process,
// never reaped, keeps its own for inspection after the run): pages it
// shared copy-on-write go back to its relatives without a copy.
func (p *Process) detach() {
	p.reaped = true
	if p.mem.Attached() == 0 {
		p.k.releaseSpace(p.mem)
	}
	if par := p.parent; par != nil {
		for i, c := range par.children {
			if c == p {
				par.children = append(par.children[:i:i], par.children[i+1:]...)
				break
			}
		}
		p.parent = nil
	}
	delete(p.k.procs, p.pid)
}

// waitMatch reports whether child c is selected by (idtype, id) for the caller p.
func (p *Process) waitMatch(c *Process, idtype int, id int32, options uint64) bool {
	// __WCLONE selects children whose exit signal is not SIGCHLD; __WALL both.
	if options&wAll == 0 && (c.exitSignal != abi.SIGCHLD) != (options&wClone != 0) {
		return false
	}
	switch idtype {
	case pPID:
		return int32(c.pid) == id
	case pPGID:
		return int32(c.pgid) == id
	}
	return true
}

// waitResult is what a wait found.
type waitResult struct {
	pid    int
	uid    uint32
	status uint32 // wait4 status
	code   int32  // waitid si_code
	value  int32  // waitid si_status
	ru     rusage // the child's usage with its reaped descendants'
}

// doWait is do_wait: it finds a child state change matching the selection,
// reaps the child unless WNOWAIT, and blocks unless WNOHANG. It returns the
// result (pid 0 when WNOHANG found nothing) or an errno.
func (t *Thread) doWait(idtype int, id int32, options uint64) (waitResult, abi.Errno) {
	p := t.proc
	for {
		found := false
		for _, c := range append([]*Process(nil), p.children...) {
			if !p.waitMatch(c, idtype, id, options) {
				continue
			}
			found = true
			switch {
			case c.exited && options&wExited != 0:
				r := waitResult{pid: c.pid, uid: uint32(c.creds.uid), status: WaitStatus(c.exit), code: cldExited, value: int32(c.exit.Code)}
				if c.exit.Signal != 0 {
					r.code, r.value = cldKilled, int32(c.exit.Signal)
					if c.exit.Core {
						r.code = cldDumped
					}
				}
				r.ru = c.usage(rusageBoth)
				if options&wNowait == 0 {
					p.reapUsage(c)
					c.detach()
				}
				return r, 0
			case c.waitEvent == evStopped && options&wUntraced != 0 && !c.exited:
				if options&wNowait == 0 {
					c.waitEvent = evNone
				}
				return waitResult{pid: c.pid, uid: uint32(c.creds.uid), status: stopStatus(c.stopSig), code: cldStopped, value: int32(c.stopSig), ru: c.usage(rusageBoth)}, 0
			case c.waitEvent == evContinued && options&wContinued != 0 && !c.exited:
				if options&wNowait == 0 {
					c.waitEvent = evNone
				}
				return waitResult{pid: c.pid, uid: uint32(c.creds.uid), status: continuedStatus, code: cldContinued, value: int32(abi.SIGCONT), ru: c.usage(rusageBoth)}, 0
			}
		}
		if !found {
			return waitResult{}, abi.ECHILD
		}
		if options&wNohang != 0 {
			return waitResult{}, 0
		}
		if t.block(p.childEvent, nil) != wokeChan {
			return waitResult{}, abi.ERESTARTSYS
		}
	}
}

// waitSelect converts wait4's pid argument to an id type and id.
func (t *Thread) waitSelect(pid int32) (int, int32) {
	switch {
	case pid < -1:
		return pPGID, -pid
	case pid == -1:
		return pAll, 0
	case pid == 0:
		return pPGID, int32(t.proc.pgid)
	}
	return pPID, pid
}

// sysWait4 is wait4(pid, status, options, rusage).
func sysWait4(t *Thread, a [6]uint64) int64 {
	options := a[2]
	if options&^(wNohang|wUntraced|wContinued|wNothread|wAll|wClone) != 0 {
		return errno(abi.EINVAL)
	}
	if int32(a[0]) == -1<<31 {
		return errno(abi.ESRCH)
	}
	idtype, id := t.waitSelect(int32(a[0]))
	r, e := t.doWait(idtype, id, options|wExited)
	if e != 0 {
		return errno(e)
	}
	if r.pid != 0 && a[1] != 0 && !t.writeU32(a[1], r.status) {
		return errno(abi.EFAULT)
	}
	if r.pid != 0 && a[3] != 0 && t.proc.mem.WriteAt(r.ru.encode(), a[3]) != nil {
		return errno(abi.EFAULT)
	}
	return int64(r.pid)
}

// sysWaitid is waitid(idtype, id, infop, options, rusage).
func sysWaitid(t *Thread, a [6]uint64) int64 {
	options := a[3]
	if options&^(wNohang|wUntraced|wExited|wContinued|wNowait|wNothread|wAll|wClone) != 0 ||
		options&(wExited|wUntraced|wContinued) == 0 {
		return errno(abi.EINVAL)
	}
	idtype, id := int(a[0]), int32(a[1])
	switch idtype {
	case pAll:
		id = 0
	case pPID:
		if id <= 0 {
			return errno(abi.EINVAL)
		}
	case pPGID:
		if id < 0 {
			return errno(abi.EINVAL)
		}
		if id == 0 {
			id = int32(t.proc.pgid)
		}
	default:
		return errno(abi.EINVAL)
	}
	r, e := t.doWait(idtype, id, options)
	if e != 0 {
		return errno(e)
	}
	if a[2] != 0 {
		si := sigInfo{}
		if r.pid != 0 {
			si = sigInfo{signo: abi.SIGCHLD, code: r.code, kind: siChld, pid: int32(r.pid), uid: r.uid, status: r.value}
		}
		if t.proc.mem.WriteAt(si.encode(), a[2]) != nil {
			return errno(abi.EFAULT)
		}
	}
	if r.pid != 0 && a[4] != 0 && t.proc.mem.WriteAt(r.ru.encode(), a[4]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

// sysExit ends the calling thread; the last thread's exit ends the process.
func sysExit(t *Thread, a [6]uint64) int64 {
	p := t.proc
	live := 0
	for _, o := range p.threads {
		if !o.gone {
			live++
		}
	}
	t.exitMM()
	if live <= 1 {
		p.exitGroup(Exit{Code: int(a[0] & 0xff)})
		return sysSpecial
	}
	t.gone = true
	return sysSpecial
}

func sysExitGroup(t *Thread, a [6]uint64) int64 {
	t.proc.exitGroup(Exit{Code: int(a[0] & 0xff)})
	return sysSpecial
}
