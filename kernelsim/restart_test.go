package kernelsim

import (
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
)

// TestSigsuspend: the handler runs with the temporary mask lifted, the frame
// records the original mask, the call returns EINTR, and sigreturn restores
// the original mask.
func TestSigsuspend(t *testing.T) {
	th := newTestThread(t, Config{})
	usr1 := sigBit(abi.SIGUSR1)
	th.proc.sig.act[abi.SIGUSR1] = sigAction{handler: testCode + 0x400}
	th.sigMask = usr1
	th.call(abi.SYS_KILL, uint64(th.proc.pid), uint64(abi.SIGUSR1))
	if th.cpu.PC == testCode+0x400 {
		t.Fatal("blocked signal delivered")
	}
	th.putBytes(t, ioBuf, le(make([]byte, 8))) // suspend with nothing blocked
	th.call(abi.SYS_RT_SIGSUSPEND, ioBuf, 8)
	c := th.cpu
	if c.PC != testCode+0x400 {
		t.Fatalf("handler not run: pc %#x", c.PC)
	}
	sc := le(th.getBytes(t, c.R[18], scSize))
	if sc.get64(scMask) != usr1 || sc.get64(scRegs) != e(abi.EINTR) || sc.get64(scRegs+19*8) != 1 {
		t.Errorf("frame mask %#x r0 %d r19 %d; want %#x, EINTR, 1", sc.get64(scMask), sc.get64(scRegs), sc.get64(scRegs+19*8), usr1)
	}
	th.call(abi.SYS_SIGRETURN, c.R[18])
	if th.sigMask != usr1 || c.R[0] != e(abi.EINTR) || c.PC != testCode+4 {
		t.Errorf("after sigreturn: mask %#x r0 %d pc %#x", th.sigMask, c.R[0], c.PC)
	}
}

// TestNanosleepInterruptAndRestart: a signal with a handler ends the sleep
// with EINTR and the remaining time; without a handler the sleep restarts
// through restart_syscall and finishes.
func TestNanosleepInterruptAndRestart(t *testing.T) {
	th := newTestThread(t, Config{})
	req := le(make([]byte, 16))
	req.u64(0, 5) // 5 s
	th.putBytes(t, ioBuf, req)
	th.proc.sig.act[abi.SIGUSR1] = sigAction{handler: testCode + 0x400, flags: saRestart}
	th.pending.add(th.killInfo(abi.SIGUSR1, siTkill))
	th.call(abi.SYS_NANOSLEEP, ioBuf, ioBuf+16)
	sc := le(th.getBytes(t, th.cpu.R[18], scSize))
	if sc.get64(scRegs) != e(abi.EINTR) || sc.get64(scPC) != testCode+4 {
		t.Errorf("with handler: r0 %d pc %#x; want EINTR even with SA_RESTART", sc.get64(scRegs), sc.get64(scPC))
	}
	if rem := le(th.getBytes(t, ioBuf+16, 16)).get64(0); rem < 4 || rem > 5 {
		t.Errorf("remaining seconds %d", rem)
	}

	th = newTestThread(t, Config{})
	req = le(make([]byte, 16))
	req.u64(8, 20e6) // 20 ms
	th.putBytes(t, ioBuf, req)
	// A pending signal that is ignored at delivery (SIGCHLD's default).
	th.pending.add(th.killInfo(abi.SIGCHLD, siUser))
	th.call(abi.SYS_NANOSLEEP, ioBuf, 0)
	c := th.cpu
	if c.R[0] != uint64(abi.SYS_RESTART_SYSCALL) || c.PC != testCode {
		t.Fatalf("without handler: r0 %d pc %#x; want restart_syscall at the callsys", c.R[0], c.PC)
	}
	start := time.Now()
	if r0, r19 := th.call(abi.SYS_RESTART_SYSCALL); r0 != 0 || r19 != 0 {
		t.Fatalf("restart_syscall = %d, %d", r0, r19)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("restarted sleep took %v", d)
	}
	if r0, r19 := th.call(abi.SYS_RESTART_SYSCALL); r0 != e(abi.EINTR) || r19 != 1 {
		t.Errorf("restart_syscall with nothing to restart = %d, %d; want EINTR", r0, r19)
	}
}
