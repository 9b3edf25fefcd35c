package kernelsim

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// fillStack writes a recognisable pattern over the test stack so that bytes
// the kernel must not write can be checked.
func fillStack(t *testing.T, th *Thread) {
	b := bytes.Repeat([]byte{0xa5}, testStackLen)
	th.putBytes(t, testStackTop-testStackLen, b)
}

// setDistinctRegs gives every register a distinct value.
func setDistinctRegs(th *Thread) {
	c := th.cpu
	for i := 0; i < 31; i++ {
		c.R[i] = 0x0101010101010101 * uint64(i+1)
		c.F[i] = 0x4000000000000000 | uint64(i)<<20
	}
	c.R[30] = testStackTop - 1000
	c.PC = testCode + 0x40
	c.FPCR = 0x680e800000000000
}

// TestSignalFrameBytes checks both frame kinds byte for byte against the
// layout in kernel-abi.md §1.6, written out here independently.
func TestSignalFrameBytes(t *testing.T) {
	put := func(b []byte, off int, v uint64) { binary.LittleEndian.PutUint64(b[off:], v) }
	put32 := func(b []byte, off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	for _, rt := range []bool{false, true} {
		for _, restorer := range []uint64{0, testCode + 0x800} {
			th := newTestThread(t, Config{})
			fillStack(t, th)
			setDistinctRegs(th)
			th.sigMask = 1<<4 | 1<<(30-1)
			th.trapArgs = [3]uint64{0x11, 0x22, 0x33}
			c := th.cpu
			regs, fregs, pc, sp := c.R, c.F, c.PC, c.R[30]
			flags := uint64(0)
			size := uint64(664)
			if rt {
				flags, size = saSiginfo, 848
			}
			act := sigAction{handler: testCode + 0x400, flags: flags, mask: 1 << 2, restorer: restorer}
			si := sigInfo{signo: abi.SIGSEGV, code: 2, kind: siFault, addr: 0xdead0}
			th.setupFrame(si, act)

			frame := (sp - size) &^ 31
			want := bytes.Repeat([]byte{0xa5}, int(size))
			sc := 0
			if rt {
				sc = 176
				for i := 0; i < 128; i++ {
					want[i] = 0
				}
				put32(want, 0, 11)
				put32(want, 8, 2)
				put(want, 16, 0xdead0)
				put(want, 128, 0) // uc_flags
				put(want, 136, 0) // uc_link
				put(want, 144, th.savedMaskForTest(regs))
				put(want, 152, 0)              // ss_sp
				put32(want, 160, ssDisable)    // ss_flags
				put(want, 168, 0)              // ss_size
				put(want, 128+696, 1<<4|1<<29) // uc_sigmask
			}
			put(want, sc+0, 0)
			put(want, sc+8, 1<<4|1<<29)
			put(want, sc+16, pc)
			put(want, sc+24, 8)
			for i := 0; i < 30; i++ {
				put(want, sc+32+8*i, regs[i])
			}
			put(want, sc+32+8*30, sp)
			put(want, sc+32+8*31, 0)
			for i := 0; i < 31; i++ {
				put(want, sc+296+8*i, fregs[i])
			}
			put(want, sc+296+8*31, 0)
			put(want, sc+552, 0x680e800000000000)
			put(want, sc+600, 0x11)
			put(want, sc+608, 0x22)
			put(want, sc+616, 0x33)
			ret := uint64(648)
			nr := uint32(103)
			if rt {
				ret, nr = 832, 351
			}
			wantRA := restorer
			if restorer == 0 {
				put32(want, int(ret), 0x47fe0410)
				put32(want, int(ret)+4, 0x201f0000+nr)
				put32(want, int(ret)+8, 0x00000083)
				wantRA = frame + ret
			}
			got := th.getBytes(t, frame, int(size))
			if !bytes.Equal(got, want) {
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("rt=%v restorer=%#x: frame byte %d = %#x, want %#x", rt, restorer, i, got[i], want[i])
					}
				}
			}
			// Bytes just below and above the frame are untouched.
			if th.getBytes(t, frame-8, 8)[0] != 0xa5 {
				t.Errorf("frame overflowed below")
			}
			wantA1, wantA2 := uint64(0), frame+uint64(sc)
			if rt {
				wantA1, wantA2 = frame, frame+rtUC
			}
			if c.PC != act.handler || c.R[27] != act.handler || c.R[26] != wantRA || c.R[16] != 11 ||
				c.R[17] != wantA1 || c.R[18] != wantA2 || c.R[30] != frame {
				t.Errorf("rt=%v: handler entry pc %#x pv %#x ra %#x a0 %d a1 %#x a2 %#x sp %#x", rt,
					c.PC, c.R[27], c.R[26], c.R[16], c.R[17], c.R[18], c.R[30])
			}
			if th.sigMask != 1<<4|1<<29|1<<2|1<<10 {
				t.Errorf("mask during handler = %#x", th.sigMask)
			}
		}
	}
}

// savedMaskForTest is the mask the frame records (uc_osf_sigmask).
func (th *Thread) savedMaskForTest([32]uint64) uint64 { return 1<<4 | 1<<29 }

// TestSigreturnRestoresEverything sets up a frame, scrambles the CPU and
// returns through (rt_)sigreturn: every register, the FPCR, pc and the mask
// come back, and no syscall result is written over r0/r19.
func TestSigreturnRestoresEverything(t *testing.T) {
	for _, rt := range []bool{false, true} {
		th := newTestThread(t, Config{})
		setDistinctRegs(th)
		c := th.cpu
		c.R[19] = 1
		c.FPCR = 0x8c00000000000000
		th.sigMask = 1 << 7
		regs, fregs, pc, fpcr := c.R, c.F, c.PC, c.FPCR
		flags := uint64(0)
		if rt {
			flags = saSiginfo
		}
		th.setupFrame(sigInfo{signo: abi.SIGUSR2, kind: siKill}, sigAction{handler: testCode + 0x400, flags: flags})
		frameArg := c.R[18] // &sigcontext
		nr := uint64(abi.SYS_SIGRETURN)
		if rt {
			frameArg, nr = c.R[30], abi.SYS_RT_SIGRETURN
		}
		for i := 0; i < 31; i++ {
			c.R[i] ^= 0xffff
			c.F[i] ^= 0xffff
		}
		c.FPCR = 0
		th.call(nr, frameArg)
		for i := 0; i < 31; i++ {
			if c.R[i] != regs[i] {
				t.Errorf("rt=%v: r%d = %#x, want %#x", rt, i, c.R[i], regs[i])
			}
			if c.F[i] != fregs[i] {
				t.Errorf("rt=%v: f%d = %#x, want %#x", rt, i, c.F[i], fregs[i])
			}
		}
		if c.PC != pc || c.FPCR != fpcr || th.sigMask != 1<<7 {
			t.Errorf("rt=%v: pc %#x fpcr %#x mask %#x; want %#x %#x %#x", rt, c.PC, c.FPCR, th.sigMask, pc, fpcr, 1<<7)
		}
	}
}

// TestBadSigreturnKills checks that a sigreturn from an unmapped frame forces SIGSEGV.
func TestBadSigreturnKills(t *testing.T) {
	th := newTestThread(t, Config{})
	th.call(abi.SYS_RT_SIGRETURN, 0x7000)
	if !th.proc.exited || th.proc.exit != (Exit{Signal: abi.SIGSEGV, Core: true}) {
		t.Fatalf("exit = %+v (exited %v)", th.proc.exit, th.proc.exited)
	}
}

const sigProgram = `
	ldah	a1, 0x1010(zero)
	lda	a0, 30(zero)
	mov	zero, a2
	lda	a3, 8(zero)
	mov	zero, a4
	lda	v0, 352(zero)
	callsys
	lda	v0, 20(zero)
	callsys
	mov	v0, a0
	lda	a1, 30(zero)
	lda	v0, 37(zero)
	callsys
	ldah	t0, 0x1010(zero)
	ldq	a0, 64(t0)
	lda	v0, 405(zero)
	callsys
`

const sigHandler = `
	ldah	t0, 0x1010(zero)
	stq	a0, 64(t0)
	stq	a1, 72(t0)
	stq	a2, 80(t0)
	stq	sp, 88(t0)
	beq	a1, done
	ldl	t1, 0(a1)
	stq	t1, 96(t0)
done:
	ret	zero, (ra), 1
`

// TestSignalRoundTrip runs a program that installs a handler, kills itself,
// and returns through the kernel-provided trampoline.
func TestSignalRoundTrip(t *testing.T) {
	for _, rt := range []bool{false, true} {
		th := newTestThread(t, Config{})
		th.load(t, sigProgram)
		th.loadAt(t, sigHandler, testCode+0x400)
		act := le(make([]byte, 24))
		act.u64(0, testCode+0x400)
		if rt {
			act.u64(8, saSiginfo)
		}
		th.putBytes(t, testData, act)
		sp := th.cpu.R[30]
		ex := th.runProgram(t)
		if ex != (Exit{Code: 30}) {
			t.Fatalf("rt=%v: exit %v, want exit 30", rt, ex)
		}
		d := le(th.getBytes(t, testData+64, 40))
		size := uint64(664)
		if rt {
			size = 848
		}
		frame := (sp - size) &^ 31
		if d.get64(24) != frame {
			t.Errorf("rt=%v: handler sp = %#x, want %#x", rt, d.get64(24), frame)
		}
		if rt && (d.get64(8) != frame || d.get64(16) != frame+rtUC || d.get64(32) != 30) {
			t.Errorf("rt: a1 %#x a2 %#x si_signo %d", d.get64(8), d.get64(16), d.get64(32))
		}
		if !rt && (d.get64(8) != 0 || d.get64(16) != frame) {
			t.Errorf("plain: a1 %#x a2 %#x", d.get64(8), d.get64(16))
		}
		if th.cpu.R[30] != sp {
			t.Errorf("rt=%v: sp after return %#x, want %#x", rt, th.cpu.R[30], sp)
		}
	}
}

// TestFaultsAndTraps checks synchronous signals from the CPU and PAL calls:
// default actions and the siginfo a handler sees.
func TestFaultsAndTraps(t *testing.T) {
	tests := []struct {
		name string
		src  string
		sig  abi.Signal
		code int32
		addr uint64 // expected si_addr
	}{
		{"null load", "ldq t0, 0(zero)", abi.SIGSEGV, 1, 0},
		{"write to code", "ldah t0, 0x1000(zero)\nstq t0, 8(t0)", abi.SIGSEGV, 2, testCode + 8},
		{"bpt", "call_pal 0x80", abi.SIGTRAP, trapBrkpt, testCode + 4},
		{"bugchk", "call_pal 0x81", abi.SIGTRAP, 0, testCode + 4},
		{"gentrap intdiv", "lda a0, -2(zero)\ncall_pal 0xaa", abi.SIGFPE, fpeIntdiv, testCode + 8},
		{"gentrap fltine", "lda a0, -7(zero)\ncall_pal 0xaa", abi.SIGFPE, fpeFltres, testCode + 8},
		{"gentrap other", "lda a0, -20(zero)\ncall_pal 0xaa", abi.SIGTRAP, 0, testCode + 8},
		{"halt is privileged", "call_pal 0x00", abi.SIGILL, 1, testCode + 4},
	}
	for _, tc := range tests {
		t.Run(tc.name+"/default", func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.load(t, tc.src)
			if ex := th.runProgram(t); ex != (Exit{Signal: tc.sig, Core: true}) {
				t.Fatalf("exit %v, want killed by %v with core", ex, tc.sig)
			}
		})
		t.Run(tc.name+"/handler", func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.load(t, tc.src)
			th.loadAt(t, `
	ldah	t0, 0x1010(zero)
	ldl	t1, 0(a1)
	stq	t1, 0(t0)
	ldl	t1, 8(a1)
	stq	t1, 8(t0)
	ldq	t1, 16(a1)
	stq	t1, 16(t0)
	lda	a0, 9(zero)
	lda	v0, 405(zero)
	callsys`, testCode+0x400)
			th.proc.sig.act[tc.sig] = sigAction{handler: testCode + 0x400, flags: saSiginfo}
			if ex := th.runProgram(t); ex != (Exit{Code: 9}) {
				t.Fatalf("exit %v, want exit 9 from the handler", ex)
			}
			d := le(th.getBytes(t, testData, 24))
			if abi.Signal(d.get64(0)) != tc.sig || int32(d.get64(8)) != tc.code || d.get64(16) != tc.addr {
				t.Errorf("siginfo signo %d code %d addr %#x; want %d %d %#x", d.get64(0), int32(d.get64(8)), d.get64(16), tc.sig, tc.code, tc.addr)
			}
		})
	}
}

// TestForcedSignalOverridesBlockAndIgnore checks force_sig_info: a blocked or
// ignored synchronous signal still kills.
func TestForcedSignalOverridesBlockAndIgnore(t *testing.T) {
	for _, setup := range []func(th *Thread){
		func(th *Thread) { th.sigMask = sigBit(abi.SIGSEGV) },
		func(th *Thread) { th.proc.sig.act[abi.SIGSEGV].handler = sigIgn },
	} {
		th := newTestThread(t, Config{})
		setup(th)
		th.load(t, "ldq t0, 0(zero)")
		if ex := th.runProgram(t); ex != (Exit{Signal: abi.SIGSEGV, Core: true}) {
			t.Errorf("exit %v", ex)
		}
	}
}

// TestSignalDefaultsAndMasks covers kill to self with default actions,
// blocking, ignoring and SA_RESETHAND.
func TestSignalDefaultsAndMasks(t *testing.T) {
	th := newTestThread(t, Config{})
	pid := uint64(th.proc.pid)
	// SIGCHLD is ignored by default; SIGUSR1 blocked stays pending.
	if r0, r19 := th.call(abi.SYS_KILL, pid, uint64(abi.SIGCHLD)); r0 != 0 || r19 != 0 || th.proc.exited {
		t.Fatalf("kill SIGCHLD: %d %d exited %v", r0, r19, th.proc.exited)
	}
	mask := uint64(testData)
	th.putBytes(t, mask, le(binary.LittleEndian.AppendUint64(nil, sigBit(abi.SIGUSR1))))
	if r0, r19 := th.call(abi.SYS_RT_SIGPROCMASK, sigBlock, mask, 0, 8); r0 != 0 || r19 != 0 {
		t.Fatalf("rt_sigprocmask: %d %d", r0, r19)
	}
	th.call(abi.SYS_KILL, pid, uint64(abi.SIGUSR1))
	if th.proc.exited || th.proc.sharedPending.mask != sigBit(abi.SIGUSR1) {
		t.Fatalf("blocked SIGUSR1: exited %v pending %#x", th.proc.exited, th.proc.sharedPending.mask)
	}
	th.call(abi.SYS_RT_SIGPENDING, testData+8, 8)
	if got := le(th.getBytes(t, testData+8, 8)).get64(0); got != sigBit(abi.SIGUSR1) {
		t.Errorf("rt_sigpending = %#x", got)
	}
	// Unblocking delivers it: default action terminates (no core).
	th.call(abi.SYS_RT_SIGPROCMASK, sigUnblock, mask, 0, 8)
	if th.proc.exit != (Exit{Signal: abi.SIGUSR1}) {
		t.Fatalf("exit = %v, want killed by SIGUSR1", th.proc.exit)
	}
	if got := th.proc.exit.ShellStatus(); got != 128+30 {
		t.Errorf("ShellStatus = %d", got)
	}

	// SA_RESETHAND: the handler runs once, then the default applies.
	th = newTestThread(t, Config{})
	th.proc.sig.act[abi.SIGUSR2] = sigAction{handler: testCode + 0x400, flags: saResethand}
	th.call(abi.SYS_TKILL, uint64(th.tid), uint64(abi.SIGUSR2))
	if th.cpu.PC != testCode+0x400 || th.proc.sig.act[abi.SIGUSR2].handler != sigDfl {
		t.Fatalf("SA_RESETHAND: pc %#x handler %#x", th.cpu.PC, th.proc.sig.act[abi.SIGUSR2].handler)
	}
	// Errors of the kill family.
	for _, tc := range []struct {
		nr   uint64
		args []uint64
		want abi.Errno
	}{
		{abi.SYS_KILL, []uint64{99999, 1}, abi.ESRCH},
		{abi.SYS_KILL, []uint64{pid, 65}, abi.EINVAL},
		{abi.SYS_TGKILL, []uint64{pid, 99999, 1}, abi.ESRCH},
		{abi.SYS_TKILL, []uint64{0, 1}, abi.EINVAL},
		{abi.SYS_RT_SIGACTION, []uint64{uint64(abi.SIGKILL), testData, 0, 8}, abi.EINVAL},
		{abi.SYS_RT_SIGACTION, []uint64{1, 0, 0, 4}, abi.EINVAL},
		{abi.SYS_RT_SIGPROCMASK, []uint64{0, testData, 0, 8}, abi.EINVAL},
	} {
		if r0, r19 := th.call(tc.nr, tc.args...); r19 != 1 || r0 != e(tc.want) {
			t.Errorf("syscall %d%v = %d, %d; want %v", tc.nr, tc.args, r0, r19, tc.want)
		}
	}
}

// TestSigactionLayouts checks rt_sigaction's {handler, flags, mask} and the
// restorer argument, and osf_sigaction's {handler, mask, int flags}.
func TestSigactionLayouts(t *testing.T) {
	th := newTestThread(t, Config{})
	act := le(make([]byte, 24))
	act.u64(0, 0x1234)
	act.u64(8, saSiginfo|saRestart)
	act.u64(16, 0xf0|sigBit(abi.SIGKILL))
	th.putBytes(t, testData, act)
	if _, r19 := th.call(abi.SYS_RT_SIGACTION, uint64(abi.SIGINT), testData, 0, 8, 0x5678); r19 != 0 {
		t.Fatal("rt_sigaction failed")
	}
	got := th.proc.sig.act[abi.SIGINT]
	if got != (sigAction{handler: 0x1234, flags: saSiginfo | saRestart, mask: 0xf0, restorer: 0x5678}) {
		t.Errorf("installed %+v", got)
	}
	th.call(abi.SYS_RT_SIGACTION, uint64(abi.SIGINT), 0, testData+32, 8)
	o := le(th.getBytes(t, testData+32, 24))
	if o.get64(0) != 0x1234 || o.get64(8) != saSiginfo|saRestart || o.get64(16) != 0xf0 {
		t.Errorf("old action read back %x", []byte(o))
	}
	th.call(abi.SYS_SIGACTION, uint64(abi.SIGINT), 0, testData+64)
	o = le(th.getBytes(t, testData+64, 20))
	if o.get64(0) != 0x1234 || o.get64(8) != 0xf0 || o.get32(16) != saSiginfo|saRestart {
		t.Errorf("osf_sigaction old action %x", []byte(o))
	}
}

// TestSigaltstack checks sigaltstack and that SA_ONSTACK frames land on it.
func TestSigaltstack(t *testing.T) {
	th := newTestThread(t, Config{})
	ss := le(make([]byte, 24))
	ss.u64(0, testData)
	ss.u32(8, 0)
	ss.u64(16, 16384)
	th.putBytes(t, testData+0x8000, ss)
	if r0, r19 := th.call(abi.SYS_SIGALTSTACK, testData+0x8000, testData+0x8100); r19 != 0 {
		t.Fatalf("sigaltstack: %d", r0)
	}
	if o := le(th.getBytes(t, testData+0x8100, 24)); o.get32(8) != ssDisable {
		t.Errorf("old ss_flags = %d, want SS_DISABLE", o.get32(8))
	}
	small := le(make([]byte, 24))
	small.u64(16, 100)
	th.putBytes(t, testData+0x8200, small)
	if r0, r19 := th.call(abi.SYS_SIGALTSTACK, testData+0x8200, 0); r19 != 1 || r0 != e(abi.ENOMEM) {
		t.Errorf("small stack: %d %d", r0, r19)
	}
	th.proc.sig.act[abi.SIGUSR1] = sigAction{handler: testCode + 0x400, flags: saOnstack | saSiginfo}
	th.call(abi.SYS_TKILL, uint64(th.tid), uint64(abi.SIGUSR1))
	want := uint64(testData+16384-rtSigframeSize) &^ 31
	if th.cpu.R[30] != want {
		t.Fatalf("frame at %#x, want %#x on the alternate stack", th.cpu.R[30], want)
	}
	// On the alternate stack, changing it is EPERM and ss_flags says SS_ONSTACK.
	if r0, _ := th.call(abi.SYS_SIGALTSTACK, testData+0x8000, testData+0x8100); r0 != e(abi.EPERM) {
		t.Errorf("change while on stack: r0 = %d", r0)
	}
	th.call(abi.SYS_SIGALTSTACK, 0, testData+0x8100)
	if o := le(th.getBytes(t, testData+0x8100, 24)); o.get32(8) != ssOnstack {
		t.Errorf("ss_flags on stack = %d", o.get32(8))
	}
}

// TestCoreFlagFollowsRlimit: a core-dumping signal reports Core unless
// RLIMIT_CORE is 0.
func TestCoreFlagFollowsRlimit(t *testing.T) {
	for _, limit := range []uint64{rlimInfinity, 0} {
		th := newTestThread(t, Config{})
		l := le(make([]byte, 16))
		l.u64(0, limit)
		l.u64(8, rlimInfinity)
		th.putBytes(t, ioBuf, l)
		if _, r19 := th.call(abi.SYS_SETRLIMIT, rlimitCore, ioBuf); r19 != 0 {
			t.Fatal("setrlimit failed")
		}
		th.call(abi.SYS_KILL, uint64(th.proc.pid), uint64(abi.SIGABRT))
		if want := (Exit{Signal: abi.SIGABRT, Core: limit != 0}); th.proc.exit != want {
			t.Errorf("RLIMIT_CORE %#x: exit %v, want %v", limit, th.proc.exit, want)
		}
	}
}
