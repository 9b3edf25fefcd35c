package kernelsim

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// TestWaitStatus checks WaitStatus against the host's decoding of the same
// Linux encoding (syscall.WaitStatus), and the stop and continue statuses.
func TestWaitStatus(t *testing.T) {
	for _, e := range []Exit{
		{Code: 0}, {Code: 1}, {Code: 42}, {Code: 255},
		{Signal: abi.SIGKILL}, {Signal: abi.SIGTERM}, {Signal: abi.SIGSEGV, Core: true}, {Signal: abi.SIGABRT, Core: true},
		{Signal: abi.Signal(64)},
	} {
		ws := syscall.WaitStatus(WaitStatus(e))
		switch {
		case e.Signal == 0 && (!ws.Exited() || ws.ExitStatus() != e.Code || ws.Signaled()):
			t.Errorf("%s: status %#x decodes as exited %v code %d", e, uint32(ws), ws.Exited(), ws.ExitStatus())
		case e.Signal != 0 && (!ws.Signaled() || int(ws.Signal()) != int(e.Signal) || ws.CoreDump() != e.Core || ws.Exited()):
			t.Errorf("%s: status %#x decodes as signaled %v sig %d core %v", e, uint32(ws), ws.Signaled(), ws.Signal(), ws.CoreDump())
		}
	}
	if ws := syscall.WaitStatus(stopStatus(abi.SIGSTOP)); !ws.Stopped() || int(ws.StopSignal()) != int(abi.SIGSTOP) {
		t.Errorf("stop status %#x", uint32(ws))
	}
	if ws := syscall.WaitStatus(continuedStatus); !ws.Continued() {
		t.Errorf("continued status %#x", uint32(ws))
	}
}

// TestCloneFlags checks the flag combinations clone accepts and refuses.
func TestCloneFlags(t *testing.T) {
	const sigchld = uint64(abi.SIGCHLD)
	for _, tc := range []struct {
		name  string
		flags uint64
		want  abi.Errno
	}{
		{"glibc pthread_create", cloneVM | cloneFS | cloneFiles | cloneSighand | cloneThread | cloneSysVSem | cloneSetTLS | cloneParentSetTID | cloneChildClearTID, 0},
		{"glibc posix_spawn", cloneVM | cloneVfork | sigchld, 0},
		{"glibc _Fork", cloneChildSetTID | cloneChildClearTID | sigchld, 0},
		{"thread without sighand", cloneVM | cloneThread, abi.EINVAL},
		{"sighand without vm", cloneSighand, abi.EINVAL},
		{"thread with exit signal", cloneVM | cloneSighand | cloneThread | sigchld, abi.EINVAL},
		{"newns with fs", cloneNewNS | cloneFS, abi.EINVAL},
		{"new user namespace", 0x10000000 | sigchld, abi.EPERM},
		{"pidfd", clonePidfd | sigchld, abi.EINVAL},
		{"exit signal out of range", 0xff, abi.EINVAL},
		{"high bits", 1 << 40, abi.EINVAL},
	} {
		if got := cloneCheck(tc.flags); got != tc.want {
			t.Errorf("%s (%#x): %v, want %v", tc.name, tc.flags, got, tc.want)
		}
	}
}

// TestForkRegisters runs fork in assembly: the child must see r0 = 0,
// r19 = 0, r20 = 1 (it exits with r0 + 2*r19 + 4*r20), the parent r20 = 0
// and wait4 must return the child's pid with its status.
func TestForkRegisters(t *testing.T) {
	th := newTestThread(t, Config{Timeout: 10 * time.Second})
	th.load(t, fmt.Sprintf(`
	lda	v0, %d(zero)
	callsys
	mov	v0, s0
	mov	a3, s2
	mov	a4, s1
	bne	s1, child
	lda	a0, -1(zero)
	ldah	a1, 0x1010(zero)
	mov	zero, a2
	mov	zero, a3
	lda	v0, %d(zero)
	callsys
	ldah	t1, 0x1010(zero)
	ldl	t0, 0(t1)
	srl	t0, 8, t0
	cmpeq	v0, s0, t2
	sll	t2, 4, t2
	addq	t0, t2, t0
	s8addq	s1, t0, a0
	lda	v0, %d(zero)
	callsys
child:
	addq	s2, s2, t0
	addq	s0, t0, t0
	s4addq	s1, t0, a0
	lda	v0, %d(zero)
	callsys`, abi.SYS_FORK, abi.SYS_WAIT4, abi.SYS_EXIT_GROUP, abi.SYS_EXIT))
	ex, err := th.k.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// child status 4 (r20 = 1) + 16 (wait4 returned its pid) + 8*parent r20 (0).
	if ex != (Exit{Code: 20}) {
		t.Errorf("exit %s, want exit 20", ex)
	}
}

// TestReparent checks exit's effect on the process tree: children of an
// exiting process go to the initial process (a zombie among them stays
// waitable there), the parent gets SIGCHLD with CLD_EXITED, and a process
// whose parent ignores SIGCHLD is reaped at once.
func TestReparent(t *testing.T) {
	th := newTestThread(t, Config{})
	k, init := th.k, th.proc
	adopt := func(parent *Process) *Process {
		p := k.newProcess(init.fs)
		p.parent, p.ppid = parent, parent.pid
		parent.children = append(parent.children, p)
		p.newThread(th.cpu)
		return p
	}
	mid := adopt(init)
	live, zombie := adopt(mid), adopt(mid)
	zombie.exitGroup(Exit{Code: 7})
	if k.procs[zombie.pid] != zombie {
		t.Fatal("zombie reaped before its parent waited")
	}
	init.sig.act[abi.SIGCHLD].handler = testCode + 0x400 // caught: SIGCHLD is queued
	mid.exitGroup(Exit{Code: 3})
	for _, c := range []*Process{live, zombie} {
		if c.parent != init || c.ppid != init.pid {
			t.Errorf("pid %d: parent %v ppid %d, want the initial process %d", c.pid, c.parent != nil, c.ppid, init.pid)
		}
	}
	if got := init.sharedPending.info[abi.SIGCHLD]; got.kind != siChld || got.code != cldExited || got.status != 3 || got.pid != int32(mid.pid) {
		t.Errorf("SIGCHLD info %+v", got)
	}
	// The initial process reaps mid and the adopted zombie, then finds the
	// live child still running.
	for _, want := range []struct{ pid, status int }{{mid.pid, 3 << 8}, {zombie.pid, 7 << 8}} {
		r, e := th.doWait(pPID, int32(want.pid), wExited)
		if e != 0 || r.pid != want.pid || r.status != uint32(want.status) {
			t.Errorf("wait for %d: %+v %v", want.pid, r, e)
		}
	}
	if r, e := th.doWait(pAll, 0, wExited|wNohang); e != 0 || r.pid != 0 {
		t.Errorf("WNOHANG with a live child: %+v %v", r, e)
	}
	init.sig.act[abi.SIGCHLD].handler = sigIgn
	live.exitGroup(Exit{Code: 1})
	if _, ok := k.procs[live.pid]; ok || len(init.children) != 0 {
		t.Errorf("child of a parent ignoring SIGCHLD not reaped: children %d", len(init.children))
	}
	if _, e := th.doWait(pAll, 0, wExited); e != abi.ECHILD {
		t.Errorf("wait with no children: %v, want ECHILD", e)
	}
}

// TestWaitRestart checks wait4 under the restart rules of kernel-abi.md
// §1.6: interrupted by a handler it returns EINTR without SA_RESTART and is
// restarted (pc back on the callsys, r0 = the syscall number) with it; a
// signal whose default action is to ignore restarts it transparently.
func TestWaitRestart(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sig     abi.Signal
		handler bool
		flags   uint64
		restart bool
	}{
		{"handler without SA_RESTART", abi.SIGUSR1, true, 0, false},
		{"handler with SA_RESTART", abi.SIGUSR1, true, saRestart, true},
		{"ignored by default", abi.SIGWINCH, false, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			kid := th.k.newProcess(th.proc.fs)
			kid.parent = th.proc
			th.proc.children = append(th.proc.children, kid)
			if tc.handler {
				th.proc.sig.act[tc.sig] = sigAction{handler: testCode + 0x400, flags: tc.flags}
			}
			th.pending.add(th.killInfo(tc.sig, siTkill))
			th.call(abi.SYS_WAIT4, ^uint64(0), 0, 0, 0)
			c := th.cpu
			r0, pc := c.R[0], c.PC
			if tc.handler {
				sc := le(th.getBytes(t, c.R[18], scSize))
				r0, pc = sc.get64(scRegs), sc.get64(scPC)
			}
			if tc.restart && (r0 != abi.SYS_WAIT4 || pc != testCode) {
				t.Errorf("r0 %d pc %#x, want a restart of wait4 at the callsys", r0, pc)
			}
			if !tc.restart && (r0 != e(abi.EINTR) || pc != testCode+4) {
				t.Errorf("r0 %d pc %#x, want EINTR after the callsys", r0, pc)
			}
		})
	}
}

// TestFutexQueues checks wake counts, bitsets and requeueing on the queues.
func TestFutexQueues(t *testing.T) {
	q := futexQueues{}
	space := alphaemu.NewMemory()
	key := func(a uint64) futexKey { return futexKey{space, a} }
	add := func(a uint64, bits uint32) *futexWaiter {
		w := &futexWaiter{key: key(a), bitset: bits, woken: make(chan struct{})}
		q[w.key] = append(q[w.key], w)
		return w
	}
	woken := func(w *futexWaiter) bool {
		select {
		case <-w.woken:
			return true
		default:
			return false
		}
	}
	a1, a2, a3 := add(8, 1), add(8, 2), add(8, futexBitsetAny)
	if n := q.wake(key(8), 10, 2); n != 2 || woken(a1) || !woken(a2) || !woken(a3) {
		t.Fatalf("bitset wake: %d woken, a1 %v a2 %v a3 %v", n, woken(a1), woken(a2), woken(a3))
	}
	b := []*futexWaiter{add(16, futexBitsetAny), add(16, futexBitsetAny), add(16, futexBitsetAny), add(16, futexBitsetAny)}
	if n := q.requeue(key(16), key(24), 1, 2); n != 3 || !woken(b[0]) || len(q[key(24)]) != 2 || len(q[key(16)]) != 1 {
		t.Fatalf("requeue: %d, left %d moved %d", n, len(q[key(16)]), len(q[key(24)]))
	}
	if n := q.wake(key(24), 1, futexBitsetAny); n != 1 || !woken(b[1]) || woken(b[2]) {
		t.Fatalf("wake after requeue: %d", n)
	}
	q.remove(b[2])
	q.remove(b[3])
	q.remove(a1)
	if len(q) != 0 {
		t.Errorf("queues not empty: %d keys", len(q))
	}
}

// TestFutexSyscall checks futex's argument validation and value checks.
func TestFutexSyscall(t *testing.T) {
	th := newTestThread(t, Config{})
	th.putBytes(t, ioBuf, []byte{5, 0, 0, 0, 9, 0, 0, 0})
	for _, tc := range []struct {
		name string
		args []uint64
		r0   uint64
		r19  uint64
	}{
		{"wait on a changed value", []uint64{ioBuf, futexWait | futexPrivateFlag, 6, 0}, e(abi.EAGAIN), 1},
		{"misaligned", []uint64{ioBuf + 1, futexWait, 5, 0}, e(abi.EINVAL), 1},
		{"bitset 0", []uint64{ioBuf, futexWaitBitset, 5, 0, 0, 0}, e(abi.EINVAL), 1},
		{"expired timeout", []uint64{ioBuf, futexWait, 5, ioBuf + 8}, e(abi.ETIMEDOUT), 1},
		{"wake nobody", []uint64{ioBuf, futexWake, 1}, 0, 0},
		{"cmp_requeue mismatch", []uint64{ioBuf, futexCmpRequeue, 1, 1, ioBuf + 4, 4}, e(abi.EAGAIN), 1},
		{"cmp_requeue match", []uint64{ioBuf, futexCmpRequeue, 1, 1, ioBuf + 4, 5}, 0, 0},
		{"wake_op add", []uint64{ioBuf, futexWakeOp, 1, 1, ioBuf + 4, 1<<28 | 3<<12}, 0, 0},
		{"unknown op", []uint64{ioBuf, 99, 0}, e(abi.ENOSYS), 1},
	} {
		th.putBytes(t, ioBuf+8, make([]byte, 16)) // a zero relative timeout
		if r0, r19 := th.call(abi.SYS_FUTEX, tc.args...); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("%s: %d, %d; want %d, %d", tc.name, r0, r19, tc.r0, tc.r19)
		}
	}
	if v := le(th.getBytes(t, ioBuf+4, 4)).get32(0); v != 12 {
		t.Errorf("FUTEX_WAKE_OP add 3: word %d, want 12", v)
	}
}
