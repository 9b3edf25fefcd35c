package bpfvm

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/policy"
)

// TestExamplePolicies runs the filters the policy compiler makes of the
// bundled example policies through the loader, the text round trip and the
// cache equivalence check (every syscall number, varied args and ip), and
// reports how many numbers the cache answers.
func TestExamplePolicies(t *testing.T) {
	files, err := filepath.Glob("../examples/policies/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example policies found (%v)", err)
	}
	r := rand.New(rand.NewPCG(25, 26))
	for _, file := range files {
		pol, err := policy.ParseFile(file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		for _, name := range pol.Arches {
			arch, err := abi.LookupArch(name)
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			c, err := pol.Compile(arch)
			if err != nil {
				t.Errorf("%s for %s: %v", file, arch.Name, err)
				continue
			}
			p := mustLoad(t, c.Program)
			text := Disassemble(c.Program, DisasmOptions{Arch: arch})
			if back, err := Assemble(text, AsmOptions{Arch: arch}); err != nil || !equalInsns(back, c.Program) {
				t.Errorf("%s for %s: text round trip failed (%v)", file, arch.Name, err)
			}
			chain := mustAttach(t, nil, p)
			cached := checkCache(t, r, chain, arch)
			t.Logf("%s for %s: %d instructions, %d of %d syscall numbers cached", filepath.Base(file), arch.Name, p.Len(), cached, chain.Cache(arch).Size())
		}
	}
}
