package bpfvm

import (
	"errors"
	"math/rand/v2"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/internal/hostseccomp"
)

// mutate returns a copy of prog with a few random changes to opcodes, jump
// offsets and constants, so that it is often, but not always, invalid.
func mutate(r *rand.Rand, prog []bpf.RawInstruction) []bpf.RawInstruction {
	out := append([]bpf.RawInstruction(nil), prog...)
	for n := 1 + r.IntN(3); n > 0; n-- {
		i := r.IntN(len(out))
		switch r.IntN(7) {
		case 0:
			out[i].Op = uint16(r.IntN(256))
		case 1:
			out[i].Op ^= 1 << r.IntN(8)
		case 2:
			out[i].Jt = uint8(r.IntN(256))
		case 3:
			out[i].Jf += uint8(r.IntN(3))
		case 4:
			out[i].K = interesting[r.IntN(len(interesting))]
		case 5:
			out[i].K = uint32(r.IntN(70))
		case 6:
			out = out[:i+1]
		}
	}
	return out
}

// TestLoadMatchesHost compares Load's accept/reject decision and errno with
// the host kernel's seccomp(SECCOMP_SET_MODE_FILTER) on generated and
// mutated programs.
func TestLoadMatchesHost(t *testing.T) {
	h := hostseccomp.Available(t)
	r := rand.New(rand.NewPCG(11, 12))
	g := &progGen{r: r, memOK: true}
	var progs [][]bpf.RawInstruction
	for i := 0; i < 600; i++ {
		p := g.gen(1 + r.IntN(20))
		if i%4 != 0 {
			p = mutate(r, p)
		}
		progs = append(progs, p)
	}
	long := make([]bpf.RawInstruction, 4097)
	for i := range long {
		long[i] = retAllow
	}
	progs = append(progs, nil, long, long[:4096])
	reqs := make([]hostseccomp.Request, len(progs))
	for i, p := range progs {
		reqs[i] = hostseccomp.Request{Filter: p, CheckOnly: true}
	}
	out, err := h.Run(reqs)
	if err != nil {
		t.Fatal(err)
	}
	rejected := 0
	for i, p := range progs {
		want := out[i].InstallErrno
		got := 0
		if _, err := Load(p); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Load error %v is not a *ValidationError", err)
			}
			got = int(ve.Errno)
			rejected++
		}
		if got != want {
			t.Errorf("program %d: Load errno %d, host errno %d\n%v", i, got, want, p)
		}
	}
	t.Logf("%d of %d programs rejected", rejected, len(progs))
	if rejected < len(progs)/5 || rejected > len(progs)*4/5 {
		t.Errorf("%d of %d programs rejected: the mutation mix is off", rejected, len(progs))
	}
}

// TestRunMatchesHost compares the verdicts of generated programs for
// AUDIT_ARCH_X86_64 inputs with what the host kernel does when a process
// running under them issues the syscall. Syscall numbers are ones the host
// does not implement, so ALLOW shows as ENOSYS; programs do not read the
// instruction pointer (it is an address in the helper's libc).
func TestRunMatchesHost(t *testing.T) {
	h := hostseccomp.Available(t)
	r := rand.New(rand.NewPCG(13, 14))
	g := &progGen{r: r, memOK: true}
	type tcase struct {
		prog []bpf.RawInstruction
		d    SeccompData
	}
	var cases []tcase
	var reqs []hostseccomp.Request
	for i := 0; i < 400; i++ {
		prog := g.gen(2 + r.IntN(30))
		for j := range prog {
			if prog[j].Op == opcLdAbsW && (prog[j].K == 8 || prog[j].K == 12) {
				prog[j].K -= 8
			}
		}
		d := g.data()
		d.Nr = int32(1000 + r.IntN(4))
		d.Arch = abi.AuditArchX86_64
		cases = append(cases, tcase{prog, d})
		reqs = append(reqs, hostseccomp.Request{Filter: prog, Nr: int(d.Nr), Args: d.Args})
	}
	out, err := h.Run(reqs)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for i, c := range cases {
		p := mustLoad(t, c.prog)
		got := hostseccomp.Observable(p.Run(&c.d))
		want, err := out[i].Verdict()
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if got != want {
			t.Errorf("case %d: bpfvm %s, host %s (%q)\nprogram %v\ndata %+v", i, ActionString(got), ActionString(want), out[i].Raw, c.prog, c.d)
		}
		actions[ActionString(want&abi.SeccompRetActionFull)]++
	}
	t.Logf("host verdicts: %v", actions)
	if len(actions) < 5 {
		t.Errorf("verdicts cover only %v", actions)
	}
}

// pathFiller returns m "A = 0" followed by "return ALLOW": its kernel eBPF
// translation has m+5 instructions.
func pathFiller(m int) []bpf.RawInstruction {
	f := make([]bpf.RawInstruction, m+1)
	for i := range m {
		f[i] = ri(opcLdImm, 0, 0, 0)
	}
	f[m] = retAllow
	return f
}

// TestPathLimitMatchesHost places generated programs exactly at the
// kernel's path limit (32768 eBPF instructions over the stack, each earlier
// filter counted +4) and one instruction past it, which checks both
// Chain.Attach and ConvertedLen against the host kernel instruction by
// instruction.
func TestPathLimitMatchesHost(t *testing.T) {
	h := hostseccomp.Available(t)
	r := rand.New(rand.NewPCG(19, 20))
	g := &progGen{r: r, memOK: true}
	full := pathFiller(4095) // 4100 eBPF instructions
	var cases [][][]bpf.RawInstruction
	var reqs []hostseccomp.Request
	for i := 0; i < 60; i++ {
		prog := g.gen(1 + r.IntN(40))
		conv := mustLoad(t, prog).ConvertedLen()
		m := 32768 - 7*(4100+4) - 4 - conv - 5 // the last filler fills the path exactly
		for _, mm := range []int{m, m + 1} {
			earlier := [][]bpf.RawInstruction{full, full, full, full, full, full, full, pathFiller(mm)}
			cases = append(cases, append(append([][]bpf.RawInstruction(nil), earlier...), prog))
			reqs = append(reqs, hostseccomp.Request{Earlier: earlier, Filter: prog, CheckOnly: true})
		}
	}
	out, err := h.Run(reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, progs := range cases {
		var c *Chain
		got := 0
		for _, p := range progs {
			next, err := c.Attach(mustLoad(t, p))
			if err != nil {
				got = int(err.(*ValidationError).Errno)
				break
			}
			c = next
		}
		if want := out[i].InstallErrno; got != want {
			t.Errorf("case %d: Attach errno %d, host errno %d; newest filter %v", i, got, want, progs[len(progs)-1])
		}
		if want := []int{0, 12}[i%2]; got != want {
			t.Errorf("case %d: errno %d, want %d", i, got, want)
		}
	}
}

// TestChainMatchesHost compares the combined verdict of stacks of generated
// filters with the host kernel's. Earlier filters carry the harness's
// seccomp(2) guard, on both sides.
func TestChainMatchesHost(t *testing.T) {
	h := hostseccomp.Available(t)
	r := rand.New(rand.NewPCG(21, 22))
	g := &progGen{r: r, memOK: true}
	var chains []*Chain
	var datas []SeccompData
	var reqs []hostseccomp.Request
	for i := 0; i < 200; i++ {
		var c *Chain
		var earlier [][]bpf.RawInstruction
		n := 1 + r.IntN(3)
		var prog []bpf.RawInstruction
		for f := 0; f < n; f++ {
			prog = g.gen(2 + r.IntN(20))
			for j := range prog {
				if prog[j].Op == opcLdAbsW && (prog[j].K == 8 || prog[j].K == 12) {
					prog[j].K -= 8 // no instruction pointer
				}
			}
			if f < n-1 {
				prog = hostseccomp.AllowSeccomp(prog)
				earlier = append(earlier, prog)
			}
			c = mustAttach(t, c, mustLoad(t, prog))
		}
		d := g.data()
		d.Nr, d.Arch = int32(1000+r.IntN(4)), abi.AuditArchX86_64
		chains, datas = append(chains, c), append(datas, d)
		reqs = append(reqs, hostseccomp.Request{Earlier: earlier, Filter: prog, Nr: int(d.Nr), Args: d.Args})
	}
	out, err := h.Run(reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range chains {
		ret, _ := c.Run(&datas[i])
		want, err := out[i].Verdict()
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if got := hostseccomp.Observable(ret); got != want {
			t.Errorf("case %d: bpfvm %s, host %s (%q)\nfilters %v\ndata %+v", i, ActionString(got), ActionString(want), out[i].Raw, chainInsns(c), datas[i])
		}
	}
}
