package alphaemu

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSextFusion checks the logical operations fused with a SEXTL or NEGL
// of their result against the same pair kept apart by a NOP (not fused),
// entering at the first instruction and at the second; pairs that must not
// fuse (other registers, other instructions) are included too.
func TestSextFusion(t *testing.T) {
	pairs := []struct {
		first, second string
		fused         bool
	}{
		{"and t0,t1,t2", "sextl t2,t2", true},
		{"and t0,0x7f,t2", "sextl t2,t2", true},
		{"xor t0,t1,t2", "sextl t2,t2", true},
		{"xor t0,0xff,t2", "sextl t2,t2", true},
		{"or t0,t1,t2", "sextl t2,t2", true},
		{"zapnot t0,0xf,t2", "sextl t2,t2", true},
		{"and t0,1,t0", "negl t0,t0", true},
		{"bic t0,3,t2", "negl t2,t2", true},
		{"and t0,t1,t2", "addl t2,0,t2", true},
		{"and t0,t1,t2", "sextl t2,t3", false},
		{"and t0,t1,t2", "sextl t3,t2", false},
		{"and t0,t1,t2", "negl t2,t2", false}, // NEGL only after a literal AND
		{"and t0,1,t0", "negl t1,t0", false},
		{"xor t0,t1,t2", "subl t2,1,t2", false},
		{"and t0,t1,t0", "sextl t0,t0", true},
		{"and t0,t1,t1", "sextl t1,t1", true},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	vals := []uint64{0, 1, 0x7fffffff, 0x80000000, 0xffffffff, ^uint64(0), 1 << 63, 0x123456789abcdef0}
	for range 8 {
		vals = append(vals, rng.Uint64())
	}
	for _, p := range pairs {
		fused := newTestCPU(t, p.first+"\n"+p.second+"\ncallsys\n")
		apart := newTestCPU(t, p.first+"\nnop\n"+p.second+"\ncallsys\n")
		second := newTestCPU(t, "nop\n"+p.second+"\ncallsys\n")
		for _, a := range vals {
			for _, b := range vals {
				for _, c := range []*CPU{fused, apart, second} {
					c.PC, c.Retired = codeBase, 0
					c.R[1], c.R[2], c.R[3], c.R[4] = a, b, ^a, b^0x5555
				}
				fused.PC = codeBase
				runToCallsys(t, fused)
				runToCallsys(t, apart)
				if fused.R != apart.R || fused.Retired != 3 || apart.Retired != 4 {
					t.Fatalf("%s; %s with %#x, %#x: fused %x (retired %d), apart %x (retired %d)",
						p.first, p.second, a, b, fused.R[:5], fused.Retired, apart.R[:5], apart.Retired)
				}
				// Entering at the second instruction runs it alone.
				fused.PC, fused.Retired = codeBase+4, 0
				fused.R[1], fused.R[2], fused.R[3], fused.R[4] = a, b, ^a, b^0x5555
				second.PC = codeBase + 4
				runToCallsys(t, fused)
				runToCallsys(t, second)
				if fused.R != second.R || fused.Retired != 2 {
					t.Fatalf("%s entered directly with %#x, %#x: %x, want %x", p.second, a, b, fused.R[:5], second.R[:5])
				}
			}
		}
		// The decoder fused the pair, or not, as expected.
		op := fused.Mem.lookup(codeBase).code.Load().insns[0].op
		if isFused := op >= opANDsx && op <= opANDIneg; isFused != p.fused {
			t.Errorf("%s; %s: fused = %v (op %d), want %v", p.first, p.second, isFused, op, p.fused)
		}
	}
}

// TestFusedOpsInFastSwitch checks that every op the decoder can produce by
// fusion is handled by runFast itself (the full executor treats unknown ops
// as illegal instructions).
func TestFusedOpsInFastSwitch(t *testing.T) {
	src := strings.Repeat("and t0,t1,t2\nsextl t2,t2\nxor t0,t1,t2\nsextl t2,t2\nor t0,t1,t2\nsextl t2,t2\n"+
		"and t0,1,t2\nsextl t2,t2\nand t0,1,t2\nnegl t2,t2\n", 2) + "callsys\n"
	c := newTestCPU(t, src)
	runToCallsys(t, c)
	if c.Retired != 21 {
		t.Errorf("retired %d, want 21", c.Retired)
	}
}

// TestLocalBranches checks the same-page branch forms (BEQ, BNE, BR to the
// same page) in a nested loop, run to the end and stopped by instruction
// limits at every count: Retired and the registers must come out exact.
func TestLocalBranches(t *testing.T) {
	const body = `
	outer:
		lda t1,3(zero)
	inner:
		addq t2,1,t2
		subq t1,1,t1
		beq t1,done
		br zero,inner
	done:
		subq a0,1,a0
		bne a0,outer
		callsys
	`
	run := func(c *CPU, limit uint64) Stop {
		c.PC, c.Retired = codeBase, 0
		c.R[16], c.R[2], c.R[3] = 5, 0, 0
		return c.Run(limit)
	}
	c := newTestCPU(t, body)
	if st := run(c, 1<<40); st.Reason != StopCallsys || c.R[3] != 15 {
		t.Fatalf("stop %+v, t2 = %d, want callsys and 15", st, c.R[3])
	}
	total := c.Retired
	if want := uint64(5*(1+3*4-1+2) + 1); total != want {
		t.Errorf("retired %d, want %d", total, want)
	}
	for op, name := range map[uint8]string{opBEQl: "beq", opBNEl: "bne", opJUMPl: "br"} {
		found := false
		for _, d := range c.Mem.lookup(codeBase).code.Load().insns[:12] {
			found = found || d.op == op
		}
		if !found {
			t.Errorf("no local %s decoded", name)
		}
	}
	// Stopped by limits: Run returns at a block end at or past the limit,
	// and resuming from there reaches the same end.
	for limit := uint64(1); limit < total; limit++ {
		st := run(c, limit)
		for st.Reason == StopLimit {
			if c.Retired < limit {
				t.Fatalf("limit %d: stopped at %d", limit, c.Retired)
			}
			limit = c.Retired + 1
			st = c.Run(limit)
		}
		if st.Reason != StopCallsys || c.Retired != total || c.R[3] != 15 {
			t.Fatalf("limit %d: %+v retired %d t2 %d", limit, st, c.Retired, c.R[3])
		}
	}
}

// TestLocalConditionalBranches checks every same-page conditional branch,
// forward and backward, taken and not, against its definition.
func TestLocalConditionalBranches(t *testing.T) {
	conds := []struct {
		name  string
		taken func(v uint64) bool
	}{
		{"beq", func(v uint64) bool { return v == 0 }},
		{"bne", func(v uint64) bool { return v != 0 }},
		{"blt", func(v uint64) bool { return int64(v) < 0 }},
		{"ble", func(v uint64) bool { return int64(v) <= 0 }},
		{"bgt", func(v uint64) bool { return int64(v) > 0 }},
		{"bge", func(v uint64) bool { return int64(v) >= 0 }},
		{"blbc", func(v uint64) bool { return v&1 == 0 }},
		{"blbs", func(v uint64) bool { return v&1 != 0 }},
	}
	vals := []uint64{0, 1, 2, 3, ^uint64(0), 1 << 63, 1<<63 + 1, 0x7fffffffffffffff}
	for _, cd := range conds {
		// Forward: the branch skips one lda; backward: it jumps back to a
		// second entry that then falls through to the end.
		fwd := newTestCPU(t, cd.name+" t0,skip\nlda t1,1(zero)\nskip:\nlda t2,1(zero)\ncallsys\n")
		back := newTestCPU(t, "br zero,start\nagain:\nlda t1,1(zero)\ncallsys\nstart:\n"+cd.name+" t0,again\nlda t2,1(zero)\ncallsys\n")
		for _, v := range vals {
			for _, c := range []*CPU{fwd, back} {
				c.PC, c.Retired, c.R[1], c.R[2], c.R[3] = codeBase, 0, v, 0, 0
				runToCallsys(t, c)
			}
			want := cd.taken(v)
			if got := fwd.R[2] == 0; got != want || fwd.R[3] != 1 || fwd.Retired != 4-b2u(want) {
				t.Errorf("%s forward with %#x: taken %v (retired %d), want %v", cd.name, v, got, fwd.Retired, want)
			}
			if got := back.R[2] == 1; got != want || back.R[3] != b2u(!want) || back.Retired != 4 {
				t.Errorf("%s backward with %#x: taken %v (retired %d), want %v", cd.name, v, got, back.Retired, want)
			}
		}
		if op := fwd.Mem.lookup(codeBase).code.Load().insns[0].op; localBranch[op] != opUndecoded || op < opBEQl || op > opJUMPl {
			t.Errorf("%s decoded to op %d, not a local branch", cd.name, op)
		}
	}
}
