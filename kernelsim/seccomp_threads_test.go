package kernelsim

import (
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// addThread gives th's process another thread (as CLONE_THREAD would).
func (th *Thread) addThread() *Thread {
	nt := th.proc.newThread(alphaemu.NewCPU(th.proc.mem))
	nt.ctx = th.ctx
	return nt
}

// TestSeccompTsync checks SECCOMP_FILTER_FLAG_TSYNC (kernel-abi.md §3.8,
// tricky point 21): all or nothing, a positive TID (or ESRCH) naming a
// thread that cannot be synchronised.
func TestSeccompTsync(t *testing.T) {
	errno9 := onNr(t, nrGetppid, abi.SeccompRetErrno|9, abi.SeccompRetAllow)
	errno8 := onNr(t, nrGetppid, abi.SeccompRetErrno|8, abi.SeccompRetAllow)

	th := newTestThread(t, Config{})
	other, gone := th.addThread(), th.addThread()
	gone.gone = true
	th.install(t, errno9, abi.SeccompFilterFlagTSync)
	if other.sec.mode != modeFilter || other.sec.filter != th.sec.filter || !other.sec.nnp || other.work&workSeccomp == 0 {
		t.Fatalf("sibling not synchronised: mode %d nnp %v", other.sec.mode, other.sec.nnp)
	}
	if gone.sec.mode != modeDisabled {
		t.Error("an exited thread was synchronised")
	}
	if r0, r19 := other.call(nrGetppid); r0 != 9 || r19 != 1 {
		t.Errorf("sibling getppid = %d, %d, want ERRNO(9)", r0, r19)
	}
	// The sibling's chain is an ancestor of the caller's: TSYNC works again.
	th.install(t, errno8, abi.SeccompFilterFlagTSync)
	if other.sec.filter != th.sec.filter {
		t.Fatal("second TSYNC did not synchronise")
	}

	// A sibling with a filter of its own blocks TSYNC: its tid, or ESRCH.
	th = newTestThread(t, Config{})
	other = th.addThread()
	other.install(t, errno8, 0)
	th.sec.nnp = true
	th.putFilter(t, errno9)
	for _, tc := range []struct {
		flags   uint64
		r0, r19 uint64
	}{
		{abi.SeccompFilterFlagTSync, uint64(other.tid), 0},
		{abi.SeccompFilterFlagTSync | abi.SeccompFilterFlagTSyncESRCH, e(abi.ESRCH), 1},
	} {
		if r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeFilter, tc.flags, fprogAddr); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("flags %#x: r0=%d r19=%d, want %d %d", tc.flags, r0, r19, tc.r0, tc.r19)
		}
		if th.sec.mode != modeDisabled || th.sec.filter != nil {
			t.Fatal("failed TSYNC installed the filter on the caller")
		}
	}
	// Without TSYNC the caller alone gets it.
	if r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeFilter, 0, fprogAddr); r0 != 0 || r19 != 0 {
		t.Fatalf("plain install: %d, %d", r0, r19)
	}
	if r0, _ := other.call(nrGetppid); r0 != 8 {
		t.Errorf("sibling's own filter changed: ERRNO %d", r0)
	}
}

// TestSeccompKillThread: KILL_THREAD ends only the calling thread while
// others live, silently; the last thread's KILL_THREAD kills the process
// with SIGSYS and core (tricky point 18).
func TestSeccompKillThread(t *testing.T) {
	th := newTestThread(t, Config{})
	other := th.addThread()
	th.install(t, onNr(t, nrGetppid, abi.SeccompRetKillThread, abi.SeccompRetAllow), abi.SeccompFilterFlagTSync)
	th.call(nrGetppid)
	if !th.gone || th.proc.exited {
		t.Fatalf("first KILL_THREAD: thread gone %v, process exited %v", th.gone, th.proc.exited)
	}
	if th.pending.mask != 0 {
		t.Error("KILL_THREAD of one thread sent a signal")
	}
	other.call(nrGetppid)
	if !th.proc.exited || th.proc.exit != (Exit{Signal: abi.SIGSYS, Core: true}) {
		t.Fatalf("last thread's KILL_THREAD: exit %v (exited %v)", th.proc.exit, th.proc.exited)
	}

	// KILL_PROCESS kills every thread at once.
	th = newTestThread(t, Config{})
	th.addThread()
	th.install(t, onNr(t, nrGetppid, abi.SeccompRetKillProcess, abi.SeccompRetAllow), 0)
	th.call(nrGetppid)
	if !th.proc.exited || th.proc.exit != (Exit{Signal: abi.SIGSYS, Core: true}) {
		t.Fatalf("KILL_PROCESS with two threads: exit %v (exited %v)", th.proc.exit, th.proc.exited)
	}
}

// TestSeccompStrictThread: strict mode's SIGKILL ends only the offending
// thread (do_exit) while another lives.
func TestSeccompStrictThread(t *testing.T) {
	th := newTestThread(t, Config{})
	other := th.addThread()
	th.call(abi.SYS_SECCOMP, abi.SeccompSetModeStrict, 0, 0)
	th.call(nrGetppid)
	if !th.gone || th.proc.exited {
		t.Fatalf("strict kill: thread gone %v, process exited %v", th.gone, th.proc.exited)
	}
	if r0, r19 := other.call(nrGetppid); r0 != ppid || r19 != 0 {
		t.Errorf("sibling (not in strict mode) getppid = %d, %d", r0, r19)
	}
}
