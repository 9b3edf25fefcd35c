package policy

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/bpfvm"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// examplePolicies returns the example policies (not the included libraries).
func examplePolicies(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "examples", "policies", "*.toml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no example policies found (%v)", err)
	}
	return paths
}

// TestExamples compiles every example policy for each of its architectures,
// runs its inline tests through bpfvm and the reference evaluator, checks
// both agree on every syscall number of the architecture, and compares the
// disassembly with the golden file (go test -update rewrites them).
func TestExamples(t *testing.T) {
	for _, path := range examplePolicies(t) {
		pol, err := ParseFile(path)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		for _, w := range pol.Warnings {
			t.Errorf("example has a warning: %v", w)
		}
		arches, err := pol.TargetArches()
		if err != nil {
			t.Fatal(err)
		}
		for _, arch := range arches {
			name := strings.TrimSuffix(filepath.Base(path), ".toml") + "." + arch.Name
			t.Run(name, func(t *testing.T) {
				c, err := pol.Compile(arch)
				if err != nil {
					t.Fatal(err)
				}
				prog, err := bpfvm.Load(c.Program)
				if err != nil {
					t.Fatalf("bpfvm rejects the program: %v", err)
				}
				run := func(d Data) uint32 {
					sd := bpfvm.SeccompData(d)
					return prog.Run(&sd)
				}
				results := c.RunTests(run)
				if len(results) == 0 {
					t.Error("example has no inline tests")
				}
				for _, r := range results {
					if !r.OK() {
						t.Errorf("%s %s: want %s, program %s, reference %s, err %v", r.Test.Pos, r.Test.Describe(),
							bpfvm.ActionString(r.Want), bpfvm.ActionString(r.Got), bpfvm.ActionString(r.Ref), r.Err)
					}
				}
				for nr := int32(-2); nr < 600; nr++ {
					for _, v := range boundary {
						d := Data{Nr: nr, Arch: arch.AuditArch, Args: [6]uint64{v, v, v, v, v, v}}
						if got, want := run(d), mustEval(c, d); got != want {
							t.Fatalf("nr %d args %#x: program %s, reference %s", nr, v, bpfvm.ActionString(got), bpfvm.ActionString(want))
						}
					}
				}
				golden := filepath.Join("testdata", "golden", name+".asm")
				asm := bpfvm.Disassemble(c.Program, bpfvm.DisasmOptions{Arch: arch})
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, []byte(asm), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./policy -run TestExamples -update)", err)
				}
				if asm != string(want) {
					t.Errorf("disassembly differs from %s (run with -update if the change is intended):\n%s", golden, asm)
				}
			})
		}
	}
}

func mustEval(c *Compiled, d Data) uint32 {
	ret, _ := c.Evaluate(d)
	return ret
}
