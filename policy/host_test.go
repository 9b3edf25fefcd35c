package policy

import (
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
	"github.com/axpsec/axpsec/internal/hostseccomp"
)

// TestHostAccepts installs every example program in the host kernel: the
// kernel's verifier must accept what the compiler emits, for any target.
func TestHostAccepts(t *testing.T) {
	h := hostseccomp.Available(t)
	for _, path := range examplePolicies(t) {
		pol, err := ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		arches, err := pol.TargetArches()
		if err != nil {
			t.Fatal(err)
		}
		for _, arch := range arches {
			c, err := pol.Compile(arch)
			if err != nil {
				t.Fatal(err)
			}
			if errno, err := h.Check(c.Program); err != nil || errno != 0 {
				t.Errorf("%s for %s: host kernel refuses the filter: errno %d, %v", path, arch.Name, errno, err)
			}
		}
	}
}

// hostNrs are x86_64 syscall numbers the host does not implement, so an
// allowed call fails harmlessly with ENOSYS (see internal/hostseccomp).
var hostNrs = []int64{1000, 1001, 1002, 1500, 4095, 4096, 100000, 0x3fffffff}

// TestHostVerdicts compiles random argument-heavy policies for x86_64, runs
// them in the host kernel and compares what the kernel did with the
// reference evaluator (as far as the host can observe it).
func TestHostVerdicts(t *testing.T) {
	h := hostseccomp.Available(t)
	policies := 0
	for seed := 0; policies < 12 && seed < 100; seed++ {
		b := xorshiftBytes(80, uint32(seed*7919+17))
		pol, err := Parse("host.toml", []byte(randomPolicyNrs(b, hostNrs, false, 8)))
		if err != nil {
			continue
		}
		c, err := pol.Compile(abi.X86_64)
		if err != nil {
			t.Fatal(err)
		}
		policies++
		var reqs []hostseccomp.Request
		var want []uint32
		r := &byteReader{b: b}
		for _, nr := range hostNrs {
			for i := 0; i < 6; i++ {
				d := Data{Nr: int32(nr), Arch: abi.AuditArchX86_64}
				for f := 0; f < 3; f++ {
					d.Args[f] = boundary[r.pick(len(boundary))]
				}
				ret, _ := c.Evaluate(d)
				sd := bpfvm.SeccompData(d)
				if prog, err := bpfvm.Load(c.Program); err != nil || prog.Run(&sd) != ret {
					t.Fatalf("bpfvm and the reference disagree on %+v", d)
				}
				reqs = append(reqs, hostseccomp.Request{Filter: c.Program, Nr: int(nr), Args: d.Args})
				want = append(want, hostseccomp.Observable(ret))
			}
		}
		outs, err := h.Run(reqs)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range outs {
			got, err := o.Verdict()
			if err != nil {
				t.Fatalf("request %d: %v (%s)", i, err, o.Raw)
			}
			if got != want[i] {
				t.Errorf("nr %d args %#x: host kernel %s, reference (observable) %s\n%s", reqs[i].Nr, reqs[i].Args,
					bpfvm.ActionString(got), bpfvm.ActionString(want[i]), randomPolicyNrs(b, hostNrs, false, 8))
			}
		}
	}
	if policies == 0 {
		t.Fatal("no random policy parsed")
	}
}
