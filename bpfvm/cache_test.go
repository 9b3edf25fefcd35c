package bpfvm

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// policyGen generates policy-shaped programs: arch checks, comparisons and
// arithmetic on nr, argument and ip checks, returns of every action. Their
// verdicts are often, but not always, constant per syscall number.
func policyGen(r *rand.Rand, n int) []bpf.RawInstruction {
	g := &progGen{r: r, memOK: true}
	prog := make([]bpf.RawInstruction, n)
	for pc := 0; pc < n-1; pc++ {
		left := n - pc - 1
		switch c := r.IntN(12); {
		case c < 3:
			prog[pc] = ri(opcLdAbsW, 0, 0, []uint32{0, 0, 4, 16, 20, 8}[r.IntN(6)])
		case c < 8:
			cond := jmpConds[r.IntN(len(jmpConds))]
			k := uint32(r.IntN(600))
			switch r.IntN(4) {
			case 0:
				k = []uint32{abi.AuditArchAlpha, abi.AuditArchX86_64, 0x40000000, 1, 0}[r.IntN(5)]
			case 1:
				k = 1 << r.IntN(10)
			}
			prog[pc] = ri(classJMP|cond, g.off(left), g.off(left), k)
		case c < 9:
			aop := aluOps[r.IntN(len(aluOps))]
			k := uint32(r.IntN(16))
			if aop == aluDIV && k == 0 {
				k = 2
			}
			prog[pc] = ri(classALU|aop, 0, 0, k)
			if r.IntN(3) == 0 {
				prog[pc].Op |= srcX
			}
		case c < 10:
			prog[pc] = ri([]uint16{opcTax, opcTxa, opcLdxImm, opcLdImm}[r.IntN(4)], 0, 0, uint32(r.IntN(3)))
		default:
			prog[pc] = g.ret()
		}
	}
	prog[n-1] = g.ret()
	return prog
}

// allowList returns "arch check; ld nr; jeq allowed...; ret deflt; ret allow".
func allowList(arch uint32, nrs []int, deflt uint32) []bpf.RawInstruction {
	n := len(nrs)
	prog := []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 4), ri(0x15, 1, 0, arch), retKill, ri(opcLdAbsW, 0, 0, 0)}
	for i, nr := range nrs {
		prog = append(prog, ri(0x15, uint8(n-i), 0, uint32(nr)))
	}
	return append(prog, ri(opcRetK, 0, 0, deflt), retAllow)
}

func mustLoad(t testing.TB, prog []bpf.RawInstruction) *Program {
	t.Helper()
	p, err := Load(prog)
	if err != nil {
		t.Fatalf("Load: %v\n%v", err, prog)
	}
	return p
}

func mustAttach(t testing.TB, c *Chain, p *Program) *Chain {
	t.Helper()
	c, err := c.Attach(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkCache compares every cached verdict of c for arch with full chain
// evaluation on every covered syscall number with varied args and ip, and
// returns how many numbers were cached.
func checkCache(t *testing.T, r *rand.Rand, c *Chain, arch *abi.Arch) int {
	t.Helper()
	k := c.Cache(arch)
	g := &progGen{r: r}
	for nr := int32(-2); nr < int32(k.Size())+2; nr++ {
		ret, match, ok := k.LookupMatch(nr)
		if !ok {
			continue
		}
		for j := 0; j < 12; j++ {
			d := g.data()
			d.Nr, d.Arch = nr, arch.AuditArch
			if j == 0 {
				d.InstructionPointer, d.Args = 0, [6]uint64{}
			}
			if got, gm := c.Run(&d); got != ret || gm != match {
				t.Fatalf("nr %d: cache says %#x (filter %d), Run says %#x (filter %d) for %+v\nfilters: %v", nr, ret, match, got, gm, d, chainInsns(c))
			}
		}
	}
	return k.Constant()
}

func chainInsns(c *Chain) [][]bpf.RawInstruction {
	var out [][]bpf.RawInstruction
	for i := 0; i < c.Len(); i++ {
		out = append(out, c.Filter(i).Instructions())
	}
	return out
}

func TestCacheKnownFilters(t *testing.T) {
	ld := func(off uint32) bpf.RawInstruction { return ri(opcLdAbsW, 0, 0, off) }
	alpha := abi.AuditArchAlpha
	n := abi.Alpha.Syscalls[len(abi.Alpha.Syscalls)-1].Nr + 1
	tests := []struct {
		name     string
		prog     []bpf.RawInstruction
		constant int    // expected number of constant verdicts
		probe    int32  // a syscall number to look up
		want     uint32 // its expected verdict
		cached   bool
	}{
		{"allow all", []bpf.RawInstruction{retAllow}, n, 7, abi.SeccompRetAllow, true},
		{"allow-list", allowList(alpha, []int{3, 4, 1}, abi.SeccompRetErrno|1), n, 5, abi.SeccompRetErrno | 1, true},
		{"wrong arch kills", allowList(abi.AuditArchX86_64, []int{3}, abi.SeccompRetAllow), n, 3, abi.SeccompRetKillProcess, true},
		{"arg check on 4", []bpf.RawInstruction{ld(0), ri(0x15, 0, 3, 4), ld(16), ri(0x15, 1, 0, 1), retKill, retAllow}, n - 1, 4, 0, false},
		{"arg check, same result both ways", []bpf.RawInstruction{ld(16), ri(0x15, 1, 0, 1), retAllow, retAllow}, n, 9, abi.SeccompRetAllow, true},
		{"ret A of nr", []bpf.RawInstruction{ld(0), ri(0x04, 0, 0, abi.SeccompRetErrno), ri(opcRetA, 0, 0, 0)}, n, 13, abi.SeccompRetErrno | 13, true},
		{"ret A of arg", []bpf.RawInstruction{ld(24), ri(opcRetA, 0, 0, 0)}, 0, 1, 0, false},
		{"and 0 forgets arg", []bpf.RawInstruction{ld(24), ri(0x54, 0, 0, 0), ri(0x15, 1, 0, 0), retKill, retAllow}, n, 1, abi.SeccompRetAllow, true},
		{"div by unknown X", []bpf.RawInstruction{ld(16), ri(opcTax, 0, 0, 0), ri(0x3c, 0, 0, 0), retAllow}, 0, 1, 0, false},
		{"div by nr", []bpf.RawInstruction{ld(0), ri(opcTax, 0, 0, 0), ri(opcLdImm, 0, 0, 7), ri(0x3c, 0, 0, 0), retAllow}, n, 0, abi.SeccompRetKillThread, true},
		{"scratch", []bpf.RawInstruction{ld(0), ri(opcSt, 0, 0, 5), ld(16), ri(opcLdMem, 0, 0, 5), ri(0x15, 1, 0, 2), retKill, retAllow}, n, 2, abi.SeccompRetAllow, true},
		{"ip check", []bpf.RawInstruction{ld(8), ri(0x15, 1, 0, 0), retKill, retAllow}, 0, 0, 0, false},
		{"A and X start at 0", []bpf.RawInstruction{ri(0x2c, 0, 0, 0), ri(0x04, 0, 0, abi.SeccompRetTrap), ri(opcRetA, 0, 0, 0)}, n, 3, abi.SeccompRetTrap, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := mustAttach(t, nil, mustLoad(t, tc.prog))
			k := c.Cache(abi.Alpha)
			if k.Size() != n || k.Constant() != tc.constant {
				t.Errorf("cache covers %d numbers with %d constant; want %d and %d", k.Size(), k.Constant(), n, tc.constant)
			}
			ret, ok := k.Lookup(tc.probe)
			if ok != tc.cached || (ok && ret != tc.want) {
				t.Errorf("Lookup(%d) = %#x, %v; want %#x, %v", tc.probe, ret, ok, tc.want, tc.cached)
			}
			checkCache(t, rand.New(rand.NewPCG(7, 8)), c, abi.Alpha)
		})
	}
}

func TestCacheChainCombination(t *testing.T) {
	errnoAll := func(e uint32) *Program {
		return mustLoad(t, []bpf.RawInstruction{ri(opcRetK, 0, 0, abi.SeccompRetErrno|e)})
	}
	c := mustAttach(t, nil, errnoAll(1))
	c = mustAttach(t, c, mustLoad(t, []bpf.RawInstruction{retAllow}))
	c = mustAttach(t, c, errnoAll(2))
	// Equal actions: the newest filter's data wins.
	if ret, m, ok := c.Cache(abi.Alpha).LookupMatch(3); !ok || ret != abi.SeccompRetErrno|2 || m != 0 {
		t.Errorf("LookupMatch = %#x, %d, %v; want ERRNO(2) from filter 0", ret, m, ok)
	}
	c = mustAttach(t, c, mustLoad(t, allowList(abi.AuditArchAlpha, nil, abi.SeccompRetTrap|9)))
	if ret, m, ok := c.Cache(abi.Alpha).LookupMatch(3); !ok || ret != abi.SeccompRetTrap|9 || m != 0 {
		t.Errorf("LookupMatch = %#x, %d, %v; want TRAP(9) from filter 0", ret, m, ok)
	}
	if ret, m := c.Run(&SeccompData{Nr: 3, Arch: abi.AuditArchX86_64}); ret != abi.SeccompRetKillProcess || m != 0 {
		t.Errorf("Run(x86_64) = %#x, %d", ret, m)
	}
	// An older filter with a lower action wins.
	c = mustAttach(t, c, mustLoad(t, []bpf.RawInstruction{retAllow}))
	if ret, m, ok := c.Cache(abi.Alpha).LookupMatch(3); !ok || ret != abi.SeccompRetTrap|9 || m != 1 {
		t.Errorf("LookupMatch = %#x, %d, %v; want TRAP(9) from filter 1", ret, m, ok)
	}
	var empty *Chain
	if ret, m := empty.Run(&SeccompData{}); ret != abi.SeccompRetKillProcess || m != -1 {
		t.Errorf("empty chain Run = %#x, %d", ret, m)
	}
	if _, ok := empty.Cache(abi.Alpha).Lookup(0); ok {
		t.Error("empty chain has a cached verdict")
	}
}

func TestChainPathLimit(t *testing.T) {
	big := make([]bpf.RawInstruction, 4096)
	for i := range big {
		big[i] = retAllow
	}
	p := mustLoad(t, big)
	if p.ConvertedLen() != 3+2*4096 {
		t.Fatalf("ConvertedLen = %d", p.ConvertedLen())
	}
	var c *Chain
	// 3 filters count 3*(8195+4) = 24597; a 4th would make 24597+8195 = 32792 > 32768.
	for i := 0; i < 3; i++ {
		c = mustAttach(t, c, p)
	}
	if _, err := c.Attach(p); err == nil {
		t.Fatal("attach beyond the path limit succeeded")
	} else if ve, ok := err.(*ValidationError); !ok || ve.Errno != abi.ENOMEM {
		t.Fatalf("attach error %v, want ENOMEM", err)
	}
	small := mustLoad(t, big[:4084]) // 3+2*4084 = 8171: exactly at the limit
	if _, err := c.Attach(small); err != nil {
		t.Fatalf("attach at exactly the limit: %v", err)
	}
}

func TestConvertedLen(t *testing.T) {
	tests := []struct {
		prog []bpf.RawInstruction
		want int
	}{
		{[]bpf.RawInstruction{retAllow}, 5},
		{[]bpf.RawInstruction{ri(opcRetA, 0, 0, 0)}, 4},
		{[]bpf.RawInstruction{ri(0x3c, 0, 0, 0), ri(opcDivK, 0, 0, 3), ri(opcRetA, 0, 0, 0)}, 3 + 5 + 1 + 1},
		{[]bpf.RawInstruction{ri(0x15, 1, 0, 1), ri(0x15, 0, 1, 1), ri(0x15, 1, 1, 1), ri(0x45, 0, 1, 1), ri(0x15, 1, 0, 0x80000000), ri(0x1d, 1, 1, 0x80000000), retAllow, retAllow, retAllow}, 3 + 1 + 1 + 2 + 2 + 2 + 2 + 6},
	}
	for i, tc := range tests {
		if got := mustLoad(t, tc.prog).ConvertedLen(); got != tc.want {
			t.Errorf("case %d: ConvertedLen = %d, want %d", i, got, tc.want)
		}
	}
}

// TestCacheEquivalence checks, on random chains of policy-shaped and generic
// programs, every cached verdict of every syscall number of every arch
// against full evaluation with varied args and ip.
func TestCacheEquivalence(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	g := &progGen{r: r, memOK: true}
	cached := 0
	for i := 0; i < 150; i++ {
		var c *Chain
		for f := 0; f <= r.IntN(3); f++ {
			var prog []bpf.RawInstruction
			if r.IntN(4) == 0 {
				prog = g.gen(1 + r.IntN(30))
			} else {
				prog = policyGen(r, 2+r.IntN(40))
			}
			c = mustAttach(t, c, mustLoad(t, prog))
		}
		arch := abi.Arches[i%len(abi.Arches)]
		cached += checkCache(t, r, c, arch)
	}
	if cached < 10000 {
		t.Errorf("only %d cached verdicts over all chains: the test exercises too little", cached)
	}
	t.Logf("%d cached verdicts checked", cached)
}

// TestBenchFilters checks the benchmark filters: valid, agreeing with the
// reference interpreter, and the binary search tree equivalent to the
// linear allow-list over every number.
func TestBenchFilters(t *testing.T) {
	nrs := benchNrs(195)
	bst := mustLoad(t, bstFilter(nrs))
	lin := mustLoad(t, allowList(abi.AuditArchAlpha, nrs, abi.SeccompRetErrno|1))
	for nr := int32(-1); nr < 700; nr++ {
		d := nrCall(int(nr))
		if a, b := bst.Run(&d), lin.Run(&d); a != b {
			t.Fatalf("nr %d: bst %#x, linear %#x", nr, a, b)
		}
	}
	if n := len(bstFilter(nrs)); n < 150 || n > 400 {
		t.Errorf("bst filter has %d instructions", n)
	}
	for _, f := range benchFilters() {
		p := mustLoad(t, f.prog)
		for _, c := range f.cases {
			d := c.d
			if got, want := p.Run(&d), refRun(f.prog, d.Bytes()); got != want {
				t.Errorf("%s/%s: Run %#x, reference %#x", f.name, c.name, got, want)
			}
		}
	}
}

// TestCacheConcurrent builds caches of chains sharing filters from several
// goroutines at once (run with -race) and checks they agree.
func TestCacheConcurrent(t *testing.T) {
	base := mustLoad(t, allowList(abi.AuditArchAlpha, benchNrs(40), abi.SeccompRetErrno|1))
	shared := mustAttach(t, nil, base)
	top := mustLoad(t, argFilter()) // one program on top of several chains
	results := make(chan *Cache, 8)
	for i := 0; i < 8; i++ {
		go func(i int) {
			c, err := shared.Attach(top)
			if err != nil {
				results <- nil
				return
			}
			results <- c.Cache(abi.Arches[i%len(abi.Arches)])
		}(i)
	}
	for i := 0; i < 8; i++ {
		if k := <-results; k == nil || k.Size() == 0 {
			t.Fatal("no cache")
		}
	}
	if first, again := shared.Cache(abi.Alpha), shared.Cache(abi.Alpha); first != again {
		t.Error("cache not memoised")
	}
}
