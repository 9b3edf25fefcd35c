package bpfvm

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

func TestRunSemantics(t *testing.T) {
	d := SeccompData{Nr: -1, Arch: abi.AuditArchAlpha, InstructionPointer: 0x1_2000_0004,
		Args: [6]uint64{0xffffffff_fffffffe, 1, 2, 3, 4, 0xdead_beef_0000_0005}}
	retA := ri(opcRetA, 0, 0, 0)
	ld := func(off uint32) bpf.RawInstruction { return ri(opcLdAbsW, 0, 0, off) }
	tests := []struct {
		name string
		prog []bpf.RawInstruction
		want uint32
	}{
		{"nr", []bpf.RawInstruction{ld(0), retA}, 0xffffffff},
		{"arch", []bpf.RawInstruction{ld(4), retA}, abi.AuditArchAlpha},
		{"ip low", []bpf.RawInstruction{ld(8), retA}, 0x2000_0004},
		{"ip high", []bpf.RawInstruction{ld(12), retA}, 1},
		{"arg0 low", []bpf.RawInstruction{ld(16), retA}, 0xfffffffe},
		{"arg0 high", []bpf.RawInstruction{ld(20), retA}, 0xffffffff},
		{"arg5 low", []bpf.RawInstruction{ld(56), retA}, 5},
		{"arg5 high", []bpf.RawInstruction{ld(60), retA}, 0xdeadbeef},
		{"len", []bpf.RawInstruction{ri(opcLdLen, 0, 0, 0), retA}, 64},
		{"ldx len", []bpf.RawInstruction{ri(opcLdxLen, 0, 0, 0), ri(opcTxa, 0, 0, 0), retA}, 64},
		{"tax moves A to X", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 7), ri(opcTax, 0, 0, 0), ri(opcLdImm, 0, 0, 1), ri(opcTxa, 0, 0, 0), retA}, 7},
		{"add wraps", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 0xffffffff), ri(0x04, 0, 0, 2), retA}, 1},
		{"sub wraps", []bpf.RawInstruction{ri(0x14, 0, 0, 1), retA}, 0xffffffff},
		{"mul 32-bit", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 0x10000), ri(0x24, 0, 0, 0x10001), retA}, 0x10000},
		{"div unsigned", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 0xfffffffe), ri(opcDivK, 0, 0, 2), retA}, 0x7fffffff},
		{"div X zero returns 0", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 5), ri(0x3c, 0, 0, 0), ri(opcRetK, 0, 0, abi.SeccompRetAllow)}, 0},
		{"div X", []bpf.RawInstruction{ri(opcLdxImm, 0, 0, 3), ri(opcLdImm, 0, 0, 10), ri(0x3c, 0, 0, 0), retA}, 3},
		{"lsh X masks", []bpf.RawInstruction{ri(opcLdxImm, 0, 0, 33), ri(opcLdImm, 0, 0, 1), ri(0x6c, 0, 0, 0), retA}, 2},
		{"rsh X masks", []bpf.RawInstruction{ri(opcLdxImm, 0, 0, 32), ri(opcLdImm, 0, 0, 9), ri(0x7c, 0, 0, 0), retA}, 9},
		{"neg", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 1), ri(opcNeg, 0, 0, 0), retA}, 0xffffffff},
		{"or and xor", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 0xf0), ri(0x44, 0, 0, 0x0f), ri(0x54, 0, 0, 0x3c), ri(0xa4, 0, 0, 0xff), retA}, 0xc3},
		{"scratch", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 9), ri(opcSt, 0, 0, 3), ri(opcLdImm, 0, 0, 0), ri(opcLdxMem, 0, 0, 3), ri(opcTxa, 0, 0, 0), retA}, 9},
		{"jgt unsigned", []bpf.RawInstruction{ld(0), ri(0x25, 0, 1, 5), ri(opcRetK, 0, 0, 1), ri(opcRetK, 0, 0, 2)}, 1},
		{"jge equal", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 5), ri(0x35, 0, 1, 5), ri(opcRetK, 0, 0, 1), ri(opcRetK, 0, 0, 2)}, 1},
		{"jset", []bpf.RawInstruction{ri(opcLdImm, 0, 0, 4), ri(0x45, 1, 0, 3), ri(opcRetK, 0, 0, 1), ri(opcRetK, 0, 0, 2)}, 1},
		{"jeq X", []bpf.RawInstruction{ri(opcLdxImm, 0, 0, 4), ri(opcLdImm, 0, 0, 4), ri(0x1d, 1, 0, 0), ri(opcRetK, 0, 0, 1), ri(opcRetK, 0, 0, 2)}, 2},
		{"ja", []bpf.RawInstruction{ri(opcJa, 0, 0, 1), ri(opcRetK, 0, 0, 1), ri(opcRetK, 0, 0, 2)}, 2},
		{"jt == jf", []bpf.RawInstruction{ri(0x15, 1, 1, 0), ri(opcRetK, 0, 0, 1), ri(opcRetK, 0, 0, 2)}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(tc.prog)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Run(&d); got != tc.want {
				t.Errorf("Run = %#x, want %#x", got, tc.want)
			}
			if got := refRun(tc.prog, d.Bytes()); got != tc.want {
				t.Errorf("reference = %#x, want %#x", got, tc.want)
			}
		})
	}
}

func TestActionString(t *testing.T) {
	tests := []struct {
		ret  uint32
		want string
	}{
		{0x7fff0000, "ALLOW"}, {0x7fff0001, "ALLOW"}, {0x0005000d, "ERRNO(13)"}, {0x00050000, "ERRNO(0)"},
		{0x00030005, "TRAP(5)"}, {0x7ff00007, "TRACE(7)"}, {0x7ffc0000, "LOG"}, {0x7fc00000, "USER_NOTIF"},
		{0x00000000, "KILL_THREAD"}, {0x80000000, "KILL_PROCESS"}, {0x00010000, "KILL_PROCESS"},
		{0xffff0000, "KILL_PROCESS"}, {0x7ffe0000, "KILL_PROCESS"},
	}
	for _, tc := range tests {
		if got := ActionString(tc.ret); got != tc.want {
			t.Errorf("ActionString(%#x) = %q, want %q", tc.ret, got, tc.want)
		}
	}
}

// TestRunMatchesReference runs random valid programs on random inputs through
// Run and the reference interpreter.
func TestRunMatchesReference(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(1, 2)), memOK: true}
	for i := 0; i < 3000; i++ {
		prog := g.gen(1 + g.r.IntN(40))
		p, err := Load(prog)
		if err != nil {
			t.Fatalf("generated program rejected: %v\n%v", err, prog)
		}
		for j := 0; j < 8; j++ {
			d := g.data()
			if got, want := p.Run(&d), refRun(prog, d.Bytes()); got != want {
				t.Fatalf("Run = %#x, reference = %#x\nprogram %v\ndata %+v", got, want, prog, d)
			}
		}
	}
}

// xnetData encodes d for x/net/bpf's big-endian loads: each 32-bit word
// big-endian, in seccomp_data's little-endian word order.
func xnetData(d *SeccompData) []byte {
	b := make([]byte, dataSize)
	for off := uint32(0); off < dataSize; off += 4 {
		binary.BigEndian.PutUint32(b[off:], d.Word(off))
	}
	return b
}

func xnetVM(t testing.TB, prog []bpf.RawInstruction) *bpf.VM {
	t.Helper()
	insns, ok := bpf.Disassemble(prog)
	if !ok {
		t.Fatalf("x/net/bpf cannot decode %v", prog)
	}
	vm, err := bpf.NewVM(insns)
	if err != nil {
		t.Fatalf("x/net/bpf NewVM: %v", err)
	}
	return vm
}

// TestRunMatchesXNet compares Run with golang.org/x/net/bpf's VM on random
// programs within the subset both implement identically (see progGen.xnet; no
// scratch memory).
func TestRunMatchesXNet(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(3, 4)), xnet: true}
	for i := 0; i < 1500; i++ {
		prog := g.gen(1 + g.r.IntN(40))
		p, err := Load(prog)
		if err != nil {
			t.Fatalf("generated program rejected: %v", err)
		}
		vm := xnetVM(t, prog)
		for j := 0; j < 8; j++ {
			d := g.data()
			want, err := vm.Run(xnetData(&d))
			if err != nil {
				t.Fatalf("x/net/bpf Run: %v", err)
			}
			if got := p.Run(&d); got != uint32(want) {
				t.Fatalf("Run = %#x, x/net/bpf = %#x\nprogram %v\ndata %+v", got, uint32(want), prog, d)
			}
		}
	}
}

func TestRunAllocs(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(5, 6)), memOK: true}
	p, err := Load(g.gen(200))
	if err != nil {
		t.Fatal(err)
	}
	d := g.data()
	if n := testing.AllocsPerRun(100, func() { p.Run(&d) }); n != 0 {
		t.Errorf("Run allocates %v times", n)
	}
}

// TestTraceMatchesRun checks Trace's result against Run and that its path
// is a plausible execution: it starts at 0, only moves forward and ends on a
// return.
func TestTraceMatchesRun(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(17, 18)), memOK: true}
	for i := 0; i < 2000; i++ {
		prog := g.gen(1 + g.r.IntN(40))
		p := mustLoad(t, prog)
		d := g.data()
		ret, path := p.Trace(&d)
		if want := p.Run(&d); ret != want {
			t.Fatalf("Trace = %#x, Run = %#x\n%v\n%+v", ret, want, prog, d)
		}
		if path[0] != 0 {
			t.Fatalf("path starts at %d", path[0])
		}
		for j := 1; j < len(path); j++ {
			if path[j] <= path[j-1] {
				t.Fatalf("path goes backwards: %v", path)
			}
		}
		last := prog[path[len(path)-1]]
		if last.Op&0x07 != classRET && !(last.Op == 0x3c && ret == 0) {
			t.Fatalf("path ends on %+v", last)
		}
	}
}

// TestJeqRun exercises the fused run of equality tests: matches at every
// position, no match, a jump into the middle of the run, and a run ending
// the program's straight-line code.
func TestJeqRun(t *testing.T) {
	prog := []bpf.RawInstruction{
		ri(opcLdAbsW, 0, 0, 16),       // 0: A = args[0]
		ri(0x15, 0, 3, 100),           // 1: if (A != 100) goto 5
		ri(opcLdAbsW, 0, 0, 0),        // 2: A = nr
		ri(0x15, 6, 0, 1),             // 3: run head
		ri(0x15, 6, 0, 2),             // 4
		ri(0x15, 6, 0, 3),             // 5: jump target in the middle of the run
		ri(0x15, 4, 0, 4),             // 6
		ri(0x15, 4, 0, 5),             // 7
		ri(opcRetK, 0, 0, 0x50001),    // 8
		ri(opcRetK, 0, 0, 0x50002),    // 9
		ri(opcRetK, 0, 0, 0x50003),    // 10
		ri(opcRetA, 0, 0, 0),          // 11
		ri(opcRetK, 0, 0, 0x7fff0000), // 12
	}
	p := mustLoad(t, prog)
	if p.fast[3].op != opJeqRunT || p.fast[3].jf != 5 || p.fast[5].op != opJeqKT {
		t.Fatalf("run not fused as expected: %+v", p.fast[3:8])
	}
	if wordsLE && (p.fast[2].op != opLdRunT || p.fast[0].op != opLdJeqKF) {
		t.Fatalf("loads not fused as expected: %+v", p.fast[:3])
	}
	for nr := int32(0); nr < 8; nr++ {
		for _, arg := range []uint64{100, 3, 4, 101} {
			d := SeccompData{Nr: nr, Args: [6]uint64{arg}}
			if got, want := p.Run(&d), refRun(prog, d.Bytes()); got != want {
				t.Errorf("nr %d arg %d: Run %#x, reference %#x", nr, arg, got, want)
			}
		}
	}
}

// fusionGen generates programs dense in the patterns Run fuses: loads
// followed by K-form jumps of every shape, runs of equality tests with
// jumps into their middle, chains of "if (A >= k)" nodes, and returns right
// after runs. Constants come from a small pool so that tests hit.
func fusionGen(r *rand.Rand, n int) []bpf.RawInstruction {
	pool := []uint32{0, 1, 2, 3, 1000, 0xc000003e, 0xffffffff}
	k := func() uint32 { return pool[r.IntN(len(pool))] }
	off := func(pc int) uint8 { return uint8(r.IntN(min(n-pc-1, 8))) }
	prog := make([]bpf.RawInstruction, 0, n)
	for len(prog) < n-1 {
		pc := len(prog)
		switch r.IntN(6) {
		case 0:
			prog = append(prog, ri(opcLdAbsW, 0, 0, uint32(r.IntN(16))*4))
		case 1: // an equality run
			for j := 0; j < 2+r.IntN(4) && len(prog) < n-1; j++ {
				pc = len(prog)
				prog = append(prog, ri(0x15, off(pc), 0, k()))
			}
		case 2: // a JGE chain
			for j := 0; j < 2+r.IntN(4) && len(prog) < n-1; j++ {
				pc = len(prog)
				prog = append(prog, ri(0x35, off(pc), 0, k()))
			}
		case 3: // any K jump shape
			cond := jmpConds[r.IntN(len(jmpConds))]
			prog = append(prog, ri(classJMP|cond, off(pc), off(pc), k()))
		case 4:
			prog = append(prog, ri(opcRetK, 0, 0, k()))
		default:
			prog = append(prog, []bpf.RawInstruction{ri(opcRetA, 0, 0, 0), ri(opcTax, 0, 0, 0), ri(0x04, 0, 0, 1)}[r.IntN(3)])
		}
	}
	return append(prog, ri(opcRetA, 0, 0, 0))
}

// TestRunFusedPatterns compares Run with the reference interpreter on
// programs made of the fused patterns.
func TestRunFusedPatterns(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	pool := []uint64{0, 1, 2, 3, 1000, 0xc000003e, 0xffffffff, 0xffffffff_00000000, 0x3_00000002}
	fused := 0
	for i := 0; i < 3000; i++ {
		prog := fusionGen(r, 2+r.IntN(30))
		p := mustLoad(t, prog)
		for _, in := range p.fast {
			if in.op >= opJeqRunT {
				fused++
			}
		}
		for j := 0; j < 10; j++ {
			d := SeccompData{Nr: int32(pool[r.IntN(5)]), Arch: uint32(pool[r.IntN(len(pool))]), InstructionPointer: pool[r.IntN(len(pool))]}
			for a := range d.Args {
				d.Args[a] = pool[r.IntN(len(pool))]
			}
			if got, want := p.Run(&d), refRun(prog, d.Bytes()); got != want {
				t.Fatalf("Run = %#x, reference = %#x\nprogram %v\ndata %+v", got, want, prog, d)
			}
		}
	}
	if fused < 3000 {
		t.Errorf("only %d fused instructions generated", fused)
	}
	t.Logf("%d fused instructions", fused)
}
