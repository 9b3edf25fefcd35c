package alphaemu

import (
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// TestBranches checks every conditional branch, taken and not taken, on the
// values that separate the conditions.
func TestBranches(t *testing.T) {
	conds := map[string]func(v uint64) bool{
		"beq": func(v uint64) bool { return v == 0 }, "bne": func(v uint64) bool { return v != 0 },
		"blt": func(v uint64) bool { return int64(v) < 0 }, "ble": func(v uint64) bool { return int64(v) <= 0 },
		"bgt": func(v uint64) bool { return int64(v) > 0 }, "bge": func(v uint64) bool { return int64(v) >= 0 },
		"blbc": func(v uint64) bool { return v&1 == 0 }, "blbs": func(v uint64) bool { return v&1 != 0 },
	}
	for mn, cond := range conds {
		c := newTestCPU(t, mn+" t0,taken\nlda t2,1(zero)\ncallsys\ntaken:\nlda t2,2(zero)\ncallsys\n")
		for _, v := range []uint64{0, 1, 2, 0x8000000000000000, ^uint64(0), 0x100} {
			c.PC, c.R[1], c.R[3] = codeBase, v, 0
			runToCallsys(t, c)
			want := uint64(1)
			if cond(v) {
				want = 2
			}
			if c.R[3] != want {
				t.Errorf("%s with t0=%#x: took path %d, want %d", mn, v, c.R[3], want)
			}
		}
	}
}

// TestFPBranches checks that FP branches test bit patterns with -0.0 as zero.
func TestFPBranches(t *testing.T) {
	const negZero, one, negOne, nan = 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0xfff8000000000000
	tests := []struct {
		mn    string
		taken []uint64
		not   []uint64
	}{
		{"fbeq", []uint64{0, negZero}, []uint64{one, negOne, nan}},
		{"fbne", []uint64{one, negOne, nan}, []uint64{0, negZero}},
		{"fblt", []uint64{negOne, nan}, []uint64{0, negZero, one}},
		{"fbge", []uint64{0, negZero, one}, []uint64{negOne, nan}},
		{"fble", []uint64{0, negZero, negOne, nan}, []uint64{one}},
		{"fbgt", []uint64{one}, []uint64{0, negZero, negOne, nan}},
	}
	for _, tc := range tests {
		c := newTestCPU(t, tc.mn+" $f1,taken\nlda t2,1(zero)\ncallsys\ntaken:\nlda t2,2(zero)\ncallsys\n")
		for want, vals := range map[uint64][]uint64{2: tc.taken, 1: tc.not} {
			for _, v := range vals {
				c.PC, c.F[1] = codeBase, v
				runToCallsys(t, c)
				if c.R[3] != want {
					t.Errorf("%s with f1=%#x: path %d, want %d", tc.mn, v, c.R[3], want)
				}
			}
		}
	}
}

// TestJumps checks link registers, target masking and Rb read before Ra write.
func TestJumps(t *testing.T) {
	c := newTestCPU(t, `
		br t0,l1          # t0 = address of l1
	l1:
		bsr ra,sub        # ra = address of l2
	l2:
		lda t3,15(t0)     # l3+3
		jsr ra,(t3)       # low 2 bits of the target are ignored
	l3:
		callsys
	sub:
		mov ra,t5
		ret zero,(ra),1
	`)
	runToCallsys(t, c)
	if c.R[1] != codeBase+4 {
		t.Errorf("br link t0 = %#x, want %#x", c.R[1], codeBase+4)
	}
	if c.R[6] != codeBase+8 {
		t.Errorf("bsr link = %#x, want %#x", c.R[6], codeBase+8)
	}
	if c.R[26] != codeBase+16 || c.PC != codeBase+20 {
		t.Errorf("jsr: ra = %#x, pc = %#x", c.R[26], c.PC)
	}

	// jsr ra,(ra): the target comes from the old ra.
	c = newTestCPU(t, "br t0,here\nhere:\nlda ra,12(t0)\njsr ra,(ra)\ncallsys\ncallsys\n")
	runToCallsys(t, c)
	if c.PC != codeBase+20 || c.R[26] != codeBase+12 {
		t.Errorf("jsr ra,(ra): pc = %#x ra = %#x, want %#x, %#x", c.PC, c.R[26], codeBase+20, codeBase+12)
	}
}

// TestPAL checks the PAL calls the CPU handles itself and those it stops for.
func TestPAL(t *testing.T) {
	c := newTestCPU(t, "wruniq\nlda a0,0(zero)\nrduniq\ncallsys\n")
	c.R[16] = 0xabcdef
	runToCallsys(t, c)
	if c.Unique != 0xabcdef || c.R[0] != 0xabcdef {
		t.Errorf("unique = %#x, v0 = %#x", c.Unique, c.R[0])
	}
	if c.PC != codeBase+16 {
		t.Errorf("callsys pc = %#x, want next insn %#x", c.PC, codeBase+16)
	}

	tests := []struct {
		src  string
		want Stop
	}{
		{"bpt", Stop{Reason: StopPAL, PAL: PALBpt}},
		{"bugchk", Stop{Reason: StopPAL, PAL: PALBugchk}},
		{"gentrap", Stop{Reason: StopPAL, PAL: PALGentrap}},
		{"halt", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 8}},
		{"call_pal 0x92", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 8}},
		{"call_pal 0x3f", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 8}},
		{".long 0x04000000", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 8}},
		{".long 0x64000000", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 8}},
		{".long 0x60001234", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 8}},
		{".long 0x40000fe0", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 8}},
		{"sextb t1,t2\n.long 0x70200000 # sextb with ra != 31", Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: codeBase + 12}},
	}
	for _, tc := range tests {
		c := newTestCPU(t, "nop\n"+tc.src+"\ncallsys\n")
		st := c.Run(1000)
		if st != tc.want {
			t.Errorf("%s: stop %+v, want %+v", tc.src, st, tc.want)
		}
		if want := uint64(codeBase + 8); tc.want.Reason == StopPAL && c.PC != want {
			t.Errorf("%s: pc = %#x, want %#x (after the call_pal)", tc.src, c.PC, want)
		}
		if tc.want.Reason == StopFault && c.PC != tc.want.Addr {
			t.Errorf("%s: pc = %#x, want %#x (after the instruction)", tc.src, c.PC, tc.want.Addr)
		}
	}
}

// TestOverflowTraps checks the /V forms: the result is written and SIGFPE
// (FPE_FLTINV, as Linux's do_entArith reports it) names the next instruction.
func TestOverflowTraps(t *testing.T) {
	tests := []struct {
		src    string
		a, b   uint64
		want   uint64
		trap   bool
		reason string
	}{
		{"addl/v t0,t1,t2", 0x7fffffff, 1, 0xffffffff80000000, true, "int32 max + 1"},
		{"addl/v t0,t1,t2", 0xffffffff7fffffff, 0, 0x7fffffff, false, "only the low 32 bits count"},
		{"subl/v t0,t1,t2", 0x80000000, 1, 0x7fffffff, true, "int32 min - 1"},
		{"addq/v t0,t1,t2", 0x7fffffffffffffff, 1, 0x8000000000000000, true, "int64 max + 1"},
		{"addq/v t0,t1,t2", 0x8000000000000000, 0x7fffffffffffffff, ^uint64(0), false, "mixed signs"},
		{"subq/v t0,t1,t2", 0x8000000000000000, 1, 0x7fffffffffffffff, true, "int64 min - 1"},
		{"subq/v t0,t1,t2", 0, 0x8000000000000000, 0x8000000000000000, true, "0 - int64 min"},
		{"mull/v t0,t1,t2", 0x10000, 0x8000, 0xffffffff80000000, true, "2^31"},
		{"mull/v t0,t1,t2", 0xffffffff, 0xffffffff, 1, false, "-1 * -1"},
		{"mulq/v t0,t1,t2", 1 << 32, 1 << 31, 1 << 63, true, "2^63"},
		{"mulq/v t0,t1,t2", ^uint64(0), 1 << 63, 1 << 63, false, "-1 * int64 min fits? no: 2^63"},
		{"mulq/v t0,t1,t2", ^uint64(0), 5, ^uint64(4), false, "-1 * 5"},
	}
	// -1 * int64 min = 2^63 does overflow; fix the expectation table entry.
	tests[10].trap = true
	for _, tc := range tests {
		c := newTestCPU(t, tc.src+"\ncallsys\n")
		c.R[1], c.R[2] = tc.a, tc.b
		st := c.Run(100)
		if c.R[3] != tc.want {
			t.Errorf("%s (%s): t2 = %#x, want %#x", tc.src, tc.reason, c.R[3], tc.want)
		}
		want := Stop{Reason: StopCallsys}
		if tc.trap {
			want = Stop{Reason: StopFault, Signal: abi.SIGFPE, Code: codeFltInv, Addr: codeBase + 4}
		}
		if st != want {
			t.Errorf("%s (%s): stop %+v, want %+v", tc.src, tc.reason, st, want)
		}
	}
}

// TestAmaskImplver checks the EV67 identity glibc's sysconf sees.
func TestAmaskImplver(t *testing.T) {
	c := newTestCPU(t, "lda t0,-1(zero)\namask t0,t1\nimplver t2\ncallsys\n")
	runToCallsys(t, c)
	if c.R[2] != 0xffffffffffffecf8 || c.R[3] != 2 {
		t.Errorf("amask(-1) = %#x, implver = %d; want 0xffffffffffffecf8 and 2 (qemu-alpha ev67)", c.R[2], c.R[3])
	}
}

// TestRetiredCount checks exact counting on loops, across pages and at stops.
func TestRetiredCount(t *testing.T) {
	c := newTestCPU(t, `
		lda t0,100(zero)
	loop:
		subq t0,1,t0
		nop
		bne t0,loop
		callsys
	`)
	runToCallsys(t, c)
	if want := uint64(1 + 100*3 + 1); c.Retired != want {
		t.Errorf("loop retired %d, want %d", c.Retired, want)
	}

	// Straight-line code falling through a page boundary.
	words := make([]uint32, PageSize/4+3)
	for i := range words {
		words[i] = 0x47ff041f // nop
	}
	words[len(words)-1] = 0x00000083 // callsys
	c = cpuWithWords(t, words)
	runToCallsys(t, c)
	if want := uint64(len(words)); c.Retired != want || c.PC != codeBase+uint64(len(words))*4 {
		t.Errorf("page crossing: retired %d pc %#x, want %d", c.Retired, c.PC, want)
	}
}

// TestLimit checks that Run stops at a block boundary once the limit is reached
// and resumes exactly.
func TestLimit(t *testing.T) {
	src := "lda t0,1000(zero)\nloop:\nsubq t0,1,t0\nbne t0,loop\ncallsys\n"
	c := newTestCPU(t, src)
	var stops int
	for {
		st := c.Run(c.Retired + 50)
		if st.Reason == StopCallsys {
			break
		}
		if st.Reason != StopLimit {
			t.Fatalf("stop %+v", st)
		}
		stops++
	}
	if want := uint64(1 + 2000 + 1); c.Retired != want || c.R[1] != 0 {
		t.Errorf("retired %d t0 %d, want %d and 0", c.Retired, c.R[1], want)
	}
	if stops < 30 {
		t.Errorf("only %d limit stops", stops)
	}
	if st := c.Run(c.Retired); st.Reason != StopLimit {
		t.Errorf("Run with limit already reached: %+v", st)
	}
}

// TestSelfModifyingCode checks that stores into decoded code and IMB take effect.
func TestSelfModifyingCode(t *testing.T) {
	// The code page is writable here; the store replaces the instruction at
	// "patch" (lda t2,1) with lda t2,2 before it runs, within the same page.
	src := `
		br t0,base
	base:
		ldl t1,12(t0)     # patch
		lda t1,1(t1)
		stl t1,12(t0)
	patch:
		lda t2,1(zero)
		callsys
		lda t1,1(t1)
		stl t1,12(t0)
		imb
		br zero,patch
	`
	c := newTestCPU(t, src)
	if err := c.Mem.Protect(codeBase, PageSize, ProtRead|ProtWrite|ProtExec); err != nil {
		t.Fatal(err)
	}
	runToCallsys(t, c)
	if c.R[3] != 2 {
		t.Errorf("after patch t2 = %d, want 2", c.R[3])
	}
	runToCallsys(t, c)
	if c.R[3] != 3 {
		t.Errorf("after second patch and imb t2 = %d, want 3", c.R[3])
	}

	// The kernel writing code (Poke, as a loader or ptrace would) also
	// invalidates it: replace "patch" with lda t2,9(zero).
	if err := c.Mem.Poke([]byte{0x09, 0x00, 0x7f, 0x20}, codeBase+16); err != nil {
		t.Fatal(err)
	}
	c.PC = codeBase + 16
	runToCallsys(t, c)
	if c.R[3] != 9 {
		t.Errorf("after Poke t2 = %d, want 9", c.R[3])
	}
}

// TestUnalignedPC checks that PC bits 1:0 are ignored at entry.
func TestUnalignedPC(t *testing.T) {
	c := newTestCPU(t, "lda t0,7(zero)\ncallsys\n")
	c.PC = codeBase + 3
	runToCallsys(t, c)
	if c.R[1] != 7 || c.PC != codeBase+8 {
		t.Errorf("t0 = %d pc = %#x", c.R[1], c.PC)
	}
}

// TestRPCCAndRCRS checks the cycle counter and the interrupt flag.
func TestRPCCAndRCRS(t *testing.T) {
	c := newTestCPU(t, "nop\nrpcc t0\nrs t1\nrs t2\nrc t3\nrc t4\ncallsys\n")
	runToCallsys(t, c)
	if c.R[1] == 0 || c.R[1]>>32 != 0 {
		t.Errorf("rpcc = %#x", c.R[1])
	}
	if got := [4]uint64{c.R[2], c.R[3], c.R[4], c.R[5]}; got != [4]uint64{0, 1, 1, 0} {
		t.Errorf("rs/rs/rc/rc = %v, want [0 1 1 0]", got)
	}
}

// TestCompareBranchFusion checks the fused compare-and-branch: both outcomes,
// the compare's result still written, a jump straight to the branch, and a
// branch on another register (not fused).
func TestCompareBranchFusion(t *testing.T) {
	cmps := map[string]func(a, b uint64) bool{
		"cmpeq": func(a, b uint64) bool { return a == b }, "cmplt": func(a, b uint64) bool { return int64(a) < int64(b) },
		"cmple": func(a, b uint64) bool { return int64(a) <= int64(b) }, "cmpult": func(a, b uint64) bool { return a < b },
		"cmpule": func(a, b uint64) bool { return a <= b },
	}
	vals := []uint64{0, 1, 2, ^uint64(0), 1 << 63}
	for mn, cmp := range cmps {
		for _, br := range []string{"beq", "bne"} {
			c := newTestCPU(t, mn+" t0,t1,t2\n"+br+" t2,taken\nlda t3,1(zero)\ncallsys\ntaken:\nlda t3,2(zero)\ncallsys\n")
			for _, a := range vals {
				for _, b := range vals {
					c.PC, c.R[1], c.R[2] = codeBase, a, b
					runToCallsys(t, c)
					res := cmp(a, b)
					want := uint64(1)
					if res == (br == "bne") {
						want = 2
					}
					if c.R[4] != want || c.R[3] != b2u(res) || c.Retired == 0 {
						t.Fatalf("%s/%s %#x,%#x: path %d t2 %d", mn, br, a, b, c.R[4], c.R[3])
					}
				}
			}
			// Enter at the branch itself, after the compare ran once.
			c.PC, c.R[3] = codeBase+4, 0
			runToCallsys(t, c)
			if want := map[bool]uint64{true: 1, false: 2}[br == "bne"]; c.R[4] != want {
				t.Errorf("%s/%s entered at the branch: path %d, want %d", mn, br, c.R[4], want)
			}
		}
	}
	// The branch tests another register: no fusion, t4 decides.
	c := newTestCPU(t, "cmpeq t0,t1,t2\nbne t4,taken\nlda t3,1(zero)\ncallsys\ntaken:\nlda t3,2(zero)\ncallsys\n")
	c.R[1], c.R[2], c.R[5] = 5, 5, 0
	runToCallsys(t, c)
	if c.R[4] != 1 || c.R[3] != 1 || c.Retired != 4 {
		t.Errorf("unfused: path %d t2 %d retired %d", c.R[4], c.R[3], c.Retired)
	}
}

// TestLDAPairFusion checks the fused LDAH/LDA pair, entering at either half.
func TestLDAPairFusion(t *testing.T) {
	c := newTestCPU(t, "ldah gp,2(pv)\nlda gp,-32768(gp)\ncallsys\n")
	c.R[27] = 0x1000000
	runToCallsys(t, c)
	if want := uint64(0x1000000 + 2<<16 - 32768); c.R[29] != want || c.Retired != 3 {
		t.Errorf("gp = %#x retired %d, want %#x and 3", c.R[29], c.Retired, want)
	}
	c.PC, c.R[29] = codeBase+4, 100
	runToCallsys(t, c)
	if int64(c.R[29]) != 100-32768 {
		t.Errorf("entered at the lda: gp = %d", int64(c.R[29]))
	}
}
