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
