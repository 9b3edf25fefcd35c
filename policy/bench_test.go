package policy

import (
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// BenchmarkVerdict compares, per syscall of the Alpha Docker-like policy, the
// compiled filter in bpfvm with the reference evaluator and with RuleFor
// (what a runtime pays to attribute a verdict to its rule).
func BenchmarkVerdict(b *testing.B) {
	pol, err := ParseFile("../examples/policies/docker-alpha.toml")
	if err != nil {
		b.Fatal(err)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		b.Fatal(err)
	}
	prog, err := bpfvm.Load(c.Program)
	if err != nil {
		b.Fatal(err)
	}
	var data []Data
	for _, s := range abi.Alpha.Syscalls {
		data = append(data, Data{Nr: int32(s.Nr), Arch: abi.AuditArchAlpha, Args: [6]uint64{1, 2, 3}})
	}
	b.Run("bpfvm", func(b *testing.B) {
		i := 0
		for b.Loop() {
			sd := bpfvm.SeccompData(data[i%len(data)])
			prog.Run(&sd)
			i++
		}
	})
	b.Run("RuleFor", func(b *testing.B) {
		c.RuleFor(data[0]) // build the attribution partition outside the loop
		i := 0
		for b.Loop() {
			c.RuleFor(data[i%len(data)])
			i++
		}
	})
	b.Run("reference", func(b *testing.B) {
		i := 0
		for b.Loop() {
			c.Evaluate(data[i%len(data)])
			i++
		}
	})
}
