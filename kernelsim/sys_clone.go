package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// clone flags (include/uapi/linux/sched.h).
const (
	cloneSignalMask    = 0x000000ff // CSIGNAL
	cloneVM            = 0x00000100
	cloneFS            = 0x00000200
	cloneFiles         = 0x00000400
	cloneSighand       = 0x00000800
	clonePidfd         = 0x00001000
	clonePtrace        = 0x00002000
	cloneVfork         = 0x00004000
	cloneParent        = 0x00008000
	cloneThread        = 0x00010000
	cloneNewNS         = 0x00020000
	cloneSysVSem       = 0x00040000
	cloneSetTLS        = 0x00080000
	cloneParentSetTID  = 0x00100000
	cloneChildClearTID = 0x00200000
	cloneDetached      = 0x00400000
	cloneUntraced      = 0x00800000
	cloneChildSetTID   = 0x01000000
	cloneIO            = 0x80000000
	// cloneNamespaces are the CLONE_NEW* flags other than CLONE_NEWNS; the
	// simulated kernel has no namespaces and refuses them like an
	// unprivileged caller without user namespaces.
	cloneNamespaces = 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
)

// DefaultMaxTasks bounds the threads of a run (all processes together): a
// fork or clone beyond it fails with EAGAIN, as RLIMIT_NPROC makes it fail.
const DefaultMaxTasks = 512

// fork is alpha_fork: clone(SIGCHLD).
func sysFork(t *Thread, _ [6]uint64) int64 {
	return t.clone(uint64(abi.SIGCHLD), 0, 0, 0, 0)
}

// vfork is alpha_vfork: clone(CLONE_VFORK|CLONE_VM|SIGCHLD).
func sysVfork(t *Thread, _ [6]uint64) int64 {
	return t.clone(cloneVfork|cloneVM|uint64(abi.SIGCHLD), 0, 0, 0, 0)
}

// clone is alpha_clone(flags, newsp, parent_tid, child_tid, tls).
func sysClone(t *Thread, a [6]uint64) int64 {
	return t.clone(a[0], a[1], a[2], a[3], a[4])
}

// cloneCheck validates a flag combination as copy_process does.
func cloneCheck(flags uint64) abi.Errno {
	switch {
	case flags&(cloneNewNS|cloneFS) == cloneNewNS|cloneFS:
		return abi.EINVAL
	case flags&cloneThread != 0 && flags&cloneSighand == 0:
		return abi.EINVAL
	case flags&cloneSighand != 0 && flags&cloneVM == 0:
		return abi.EINVAL
	case flags&cloneThread != 0 && flags&cloneSignalMask != 0:
		return abi.EINVAL
	case flags&cloneSignalMask > abi.NSIG:
		return abi.EINVAL
	case flags&(cloneNamespaces|cloneNewNS) != 0:
		return abi.EPERM
	case flags&clonePidfd != 0:
		return abi.EINVAL // pidfds are not simulated
	case flags>>32 != 0:
		return abi.EINVAL
	}
	return 0
}

// clone creates a process or thread (kernel_clone). The child resumes after
// the callsys with r0 = 0, r19 = 0, r20 = 1; the parent gets the child's
// tid with r20 = 0 (arch/alpha/kernel/process.c copy_thread).
func (t *Thread) clone(flags, newsp, ptid, ctid, tls uint64) int64 {
	if e := cloneCheck(flags); e != 0 {
		return errno(e)
	}
	k := t.k
	if k.tasks >= DefaultMaxTasks {
		return errno(abi.EAGAIN)
	}
	p := t.proc
	np := p
	if flags&cloneVM == 0 {
		// The child's copy counts against the tree's memory limit.
		if e := p.mm.charge(p.mem.MappedBytes()); e != 0 {
			return errno(e)
		}
	}
	if flags&cloneThread == 0 {
		np = t.forkProcess(flags)
	}
	cpu := alphaemu.NewCPU(np.mem)
	cpu.R, cpu.F, cpu.PC = t.cpu.R, t.cpu.F, t.cpu.PC
	cpu.FPCR, cpu.SWCR, cpu.Unique = t.cpu.FPCR, t.cpu.SWCR, t.cpu.Unique
	cpu.R[0], cpu.R[19], cpu.R[20] = 0, 0, 1
	if newsp != 0 {
		cpu.R[30] = newsp
	}
	if flags&cloneSetTLS != 0 {
		cpu.Unique = tls
	}
	nt := np.newThread(cpu)
	if k.tracer != nil {
		k.tracer.multi = true
	}
	nt.sigMask = t.sigMask
	if flags&(cloneVM|cloneVfork) != cloneVM {
		nt.altStack = t.altStack
	}
	nt.sec = t.sec
	nt.sec.tracer = nil
	nt.work = t.work
	if flags&cloneChildClearTID != 0 {
		nt.clearChildTID = ctid
	}
	if flags&cloneParentSetTID != 0 && !t.writeU32(ptid, uint32(nt.tid)) {
		return t.cloneFailed(nt)
	}
	if flags&cloneChildSetTID != 0 && !nt.writeU32(ctid, uint32(nt.tid)) {
		return t.cloneFailed(nt)
	}
	k.spawn(nt, t.ctx)
	t.cpu.R[20] = 0
	if flags&cloneVfork != 0 {
		t.waitKillable(np.vforkDone)
	}
	return int64(nt.tid)
}

// waitKillable waits until done is closed (a vfork child has exec'ed or
// exited, a stopped process continues). Like Linux's killable waits, only
// the caller's death or the end of the run ends it early; other signals are
// handled once it returns.
func (t *Thread) waitKillable(done <-chan struct{}) {
	for {
		held := t.held
		t.sleepStart()
		if held {
			t.release()
		}
		select {
		case <-done:
		case <-t.wake:
		case <-t.ctx.Done():
		}
		if held {
			t.acquire()
		}
		t.sleepEnd()
		select {
		case <-done:
			return
		default:
		}
		if t.proc.exited || t.gone || t.ctx.Err() != nil {
			return
		}
	}
}

// cloneFailed undoes a clone whose tid stores faulted.
func (t *Thread) cloneFailed(nt *Thread) int64 {
	np := nt.proc
	nt.gone = true
	nt.dropCPU()
	t.k.tasks--
	np.threads = np.threads[:len(np.threads)-1]
	if np != t.proc {
		np.exited = true
		np.detach()
	}
	return errno(abi.EFAULT)
}

// forkProcess creates the child process of a clone without CLONE_THREAD:
// copied or shared memory, descriptors, filesystem context and handlers.
func (t *Thread) forkProcess(flags uint64) *Process {
	p := t.proc
	k := t.k
	np := &Process{
		k:          k,
		pid:        k.allocPID(),
		pgid:       p.pgid,
		sid:        p.sid,
		exeGuest:   p.exeGuest,
		exeHost:    p.exeHost,
		creds:      p.creds,
		rlimits:    p.rlimits,
		exitSignal: abi.Signal(flags & cloneSignalMask),
		childEvent: make(chan struct{}),
	}
	parent := p
	if flags&cloneParent != 0 && p.parent != nil {
		parent = p.parent
	}
	np.parent = parent
	np.ppid = parent.pid
	if flags&cloneParent != 0 && p.parent == nil {
		np.ppid = p.ppid
		np.parent = nil
	}
	if np.parent != nil {
		np.parent.children = append(np.parent.children, np)
	}
	if flags&cloneVM != 0 {
		np.mem, np.mm = p.mem, p.mm
	} else {
		np.mm = p.mm.fork()
		np.mem = np.mm.mem
	}
	if flags&cloneFiles != 0 {
		np.files = p.files
	} else {
		np.files = p.files.fork()
	}
	if flags&cloneFS != 0 {
		np.fs = p.fs
	} else {
		fsc := *p.fs
		np.fs = &fsc
	}
	if flags&cloneSighand != 0 {
		np.sig = p.sig
	} else {
		sh := *p.sig
		np.sig = &sh
	}
	if flags&cloneVfork != 0 {
		np.vforkDone = make(chan struct{})
	}
	k.procs[np.pid] = np
	return np
}

// fork copies the descriptor table; open file descriptions are shared.
func (ft *fdTable) fork() *fdTable {
	n := &fdTable{fds: make([]fdEntry, len(ft.fds), max(cap(ft.fds), 16))}
	for i, e := range ft.fds {
		if e.of != nil {
			e.of.refs++
			n.fds[i] = e
		}
	}
	return n
}
