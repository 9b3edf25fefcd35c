package kernelsim

import (
	"os"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

func TestNrSyscallsMatchesTable(t *testing.T) {
	max := 0
	for _, s := range abi.Alpha.Syscalls {
		max = s.Nr
	}
	if nrSyscalls != max+1 {
		t.Fatalf("nrSyscalls = %d, Alpha table has NR_syscalls %d", nrSyscalls, max+1)
	}
	for name := range handlers {
		if _, ok := abi.Alpha.SyscallNumber(name); !ok {
			t.Errorf("handler for %q, which is not an Alpha syscall name", name)
		}
	}
	for name := range traceSpecs {
		if _, ok := abi.Alpha.SyscallNumber(name); !ok {
			t.Errorf("trace spec for %q, which is not an Alpha syscall name", name)
		}
	}
}

// TestSyscallRegisterModel checks SECCOMPv3's entry/exit register contract:
// r1 = final nr, r2 = original nr, r0 = result or positive errno, r19 = flag,
// r20 = second result of getx*/pipe, other registers preserved.
func TestSyscallRegisterModel(t *testing.T) {
	ppid := uint64(os.Getpid())
	tests := []struct {
		name     string
		nr       uint64
		args     []uint64
		a3       uint64 // r19 at entry
		r0, r19  uint64
		r20      uint64 // checked when r20 != 0
		abi      ABIProfile
		checkR20 bool
		mask     uint64 // signal mask before the call
	}{
		{name: "getxpid", nr: 20, r0: 1001, r19: 0, r20: ppid, checkR20: true},
		{name: "getxuid", nr: 24, r0: uint64(os.Getuid()), r20: uint64(os.Geteuid()), checkR20: true},
		{name: "getxgid", nr: 47, r0: uint64(os.Getgid()), r20: uint64(os.Getegid()), checkR20: true},
		{name: "getppid", nr: 532, r0: ppid},
		{name: "gettid", nr: 378, r0: 1001},
		{name: "error is positive errno with r19=1", nr: 6, args: []uint64{999}, r0: e(abi.EBADF), r19: 1},
		{name: "a3 input does not leak into success", nr: 532, a3: 7, r0: ppid},
		{name: "out of range nr", nr: 9999, r0: e(abi.ENOSYS), r19: 1},
		{name: "64-bit range check: low word is read", nr: 0x1_0000_0003, r0: e(abi.ENOSYS), r19: 1},
		{name: "sys_ni_syscall entry", nr: 5, r0: e(abi.ENOSYS), r19: 1},
		{name: "hole in table", nr: 53, r0: e(abi.ENOSYS), r19: 1},
		{name: "getpriority 20-nice", nr: 100, args: []uint64{0, 0}, r0: 20},
		// osf_sigprocmask returns the old mask; with bit 63 set it is negative:
		// an error under v3, a success when force-success is honoured.
		{name: "osf_sigprocmask negative v3", nr: 48, args: []uint64{3, 1 << 63}, r0: 0, r19: 0},
		{name: "old mask with bit 63 v3", nr: 48, args: []uint64{1, 0}, mask: 1 << 63, r0: 1 << 63, r19: 1},
		{name: "old mask with bit 63 force-success", nr: 48, args: []uint64{1, 0}, mask: 1 << 63, r0: 1 << 63, r19: 0, abi: ABIForceSuccess},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{ABI: tc.abi})
			th.sigMask = tc.mask
			c := th.cpu
			for i := range c.R {
				c.R[i] = 0x1111 * uint64(i)
			}
			c.R[31] = 0
			before := c.R
			c.R[19] = tc.a3
			before[19] = tc.a3
			r0, r19 := th.call(tc.nr, tc.args...)
			if r0 != tc.r0 || r19 != tc.r19 {
				t.Errorf("r0, r19 = %#x, %d; want %#x, %d", r0, r19, tc.r0, tc.r19)
			}
			if c.R[1] != tc.nr || c.R[2] != tc.nr {
				t.Errorf("r1, r2 = %#x, %#x; want both %#x", c.R[1], c.R[2], tc.nr)
			}
			if tc.checkR20 && c.R[20] != tc.r20 {
				t.Errorf("r20 = %d, want %d", c.R[20], tc.r20)
			}
			for i := 3; i < 31; i++ {
				if i == 19 || (i == 20 && tc.checkR20) || (i >= 16 && i <= 21) {
					continue
				}
				if c.R[i] != before[i] {
					t.Errorf("r%d clobbered: %#x, was %#x", i, c.R[i], before[i])
				}
			}
			if c.PC != testCode+4 {
				t.Errorf("pc = %#x, want %#x", c.PC, testCode+4)
			}
		})
	}
}

// TestSkipGate checks syscall(-1) (r1 = -1 from the start): no dispatch, and
// SYSCALL_SKIP_RETURN_RESTART_GATE's fix-ups (kernel-abi.md §1.5).
func TestSkipGate(t *testing.T) {
	tests := []struct {
		name    string
		a3      uint64
		r0, r19 uint64
		restart bool
	}{
		{name: "r19=0, r0=-1 becomes ENOSYS", a3: 0, r0: e(abi.ENOSYS), r19: 1},
		{name: "a3 non-zero leaks as error flag, r0 = nr", a3: 5, r0: ^uint64(0), r19: 5},
		{name: "a3=1: r0=-1 is not a restart code", a3: 1, r0: ^uint64(0), r19: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.cpu.R[0] = ^uint64(0)
			th.cpu.R[19] = tc.a3
			th.cpu.PC = testCode + 4
			th.syscall()
			c := th.cpu
			if c.R[0] != tc.r0 || c.R[19] != tc.r19 || c.R[1] != ^uint64(0) || c.R[2] != ^uint64(0) {
				t.Errorf("r0, r19, r1, r2 = %#x, %d, %#x, %#x", c.R[0], c.R[19], c.R[1], c.R[2])
			}
			if (th.restartNr != 0) != tc.restart {
				t.Errorf("restartable = %v", th.restartNr != 0)
			}
		})
	}
	// The gate's restart clause: a skip that leaves r19=1, r0=ERESTARTNOINTR
	// restarts with the original number.
	th := newTestThread(t, Config{})
	c := th.cpu
	c.R[0], c.R[1], c.R[2], c.R[19] = uint64(abi.ERESTARTNOINTR), skipNr, 20, 1
	th.skipGate()
	if th.restartNr != 20 {
		t.Fatalf("restartNr = %d, want 20", th.restartNr)
	}
	c.PC = testCode + 4
	th.handleSignals()
	if c.R[0] != 20 || c.PC != testCode {
		t.Errorf("after restart: r0 = %d, pc = %#x; want 20, %#x", c.R[0], c.PC, testCode)
	}
}

// TestRestartRules checks syscall_restart with and without a handler (§1.6).
func TestRestartRules(t *testing.T) {
	const nr, a3 = 422, 0x77
	tests := []struct {
		name    string
		ret     abi.Errno
		handler bool
		flags   uint64
		r0, r19 uint64
		back    bool // pc moved back to the callsys
	}{
		{"ERESTARTSYS no SA_RESTART", abi.ERESTARTSYS, true, 0, e(abi.EINTR), 1, false},
		{"ERESTARTSYS SA_RESTART", abi.ERESTARTSYS, true, saRestart, nr, a3, true},
		{"ERESTARTNOHAND handler", abi.ERESTARTNOHAND, true, saRestart, e(abi.EINTR), 1, false},
		{"ERESTART_RESTARTBLOCK handler", abi.ERESTART_RESTARTBLOCK, true, saRestart, e(abi.EINTR), 1, false},
		{"ERESTARTNOINTR handler", abi.ERESTARTNOINTR, true, 0, nr, a3, true},
		{"ERESTARTSYS no handler", abi.ERESTARTSYS, false, 0, nr, a3, true},
		{"ERESTARTNOHAND no handler", abi.ERESTARTNOHAND, false, 0, nr, a3, true},
		{"ERESTARTNOINTR no handler", abi.ERESTARTNOINTR, false, 0, nr, a3, true},
		{"ERESTART_RESTARTBLOCK no handler", abi.ERESTART_RESTARTBLOCK, false, 0, uint64(abi.SYS_RESTART_SYSCALL), 1, true},
		{"EINTR is not restarted", abi.EINTR, true, saRestart, e(abi.EINTR), 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			c := th.cpu
			c.R[0], c.R[19], c.R[2] = nr, a3, nr
			c.PC = testCode + 4
			th.setResult(errno(tc.ret))
			if tc.handler {
				th.proc.sig.act[abi.SIGUSR1] = sigAction{handler: testCode + 0x100, flags: tc.flags, restorer: testCode + 0x200}
				th.sendSignal(th.killInfo(abi.SIGUSR1, siUser), false)
			}
			th.handleSignals()
			// With a handler the registers were saved in the frame: read them back.
			r0, r19, pc := c.R[0], c.R[19], c.PC
			if tc.handler {
				sc := c.R[18]
				b := le(th.getBytes(t, sc, scSize))
				r0, r19, pc = b.get64(scRegs), b.get64(scRegs+19*8), b.get64(scPC)
				if c.PC != testCode+0x100 || c.R[27] != testCode+0x100 {
					t.Errorf("handler not entered: pc %#x pv %#x", c.PC, c.R[27])
				}
			}
			wantPC := uint64(testCode + 4)
			if tc.back {
				wantPC = testCode
			}
			if r0 != tc.r0 || r19 != tc.r19 || pc != wantPC {
				t.Errorf("r0, r19, pc = %d, %#x, %#x; want %d, %#x, %#x", r0, r19, pc, tc.r0, tc.r19, wantPC)
			}
		})
	}
}

// TestSeccompStepIsNeutral checks the slow entry path with the seccomp work
// flag set behaves like the fast path while no filter exists.
func TestSeccompStepIsNeutral(t *testing.T) {
	th := newTestThread(t, Config{})
	th.work |= workSeccomp
	if r0, r19 := th.call(20); r0 != 1001 || r19 != 0 {
		t.Fatalf("getxpid through the slow path = %d, %d", r0, r19)
	}
}
