package bpfvm_test

import (
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
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
			p := bpfvm.MustLoad(t, c.Program)
			text := bpfvm.Disassemble(c.Program, bpfvm.DisasmOptions{Arch: arch})
			if back, err := bpfvm.Assemble(text, bpfvm.AsmOptions{Arch: arch}); err != nil || !slices.Equal(back, c.Program) {
				t.Errorf("%s for %s: text round trip failed (%v)", file, arch.Name, err)
			}
			chain := bpfvm.MustAttach(t, nil, p)
			cached := bpfvm.CheckCache(t, r, chain, arch)
			t.Logf("%s for %s: %d instructions, %d of %d syscall numbers cached", filepath.Base(file), arch.Name, p.Len(), cached, chain.Cache(arch).Size())
		}
	}
}

// BenchmarkPolicy runs the filter the policy compiler makes of
// examples/policies/docker-alpha.toml on a few syscalls: a cache hit (the
// usual case), and full runs on bpfvm and x/net/bpf.
func BenchmarkPolicy(b *testing.B) {
	pol, err := policy.ParseFile("../examples/policies/docker-alpha.toml")
	if err != nil {
		b.Fatal(err)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		b.Fatal(err)
	}
	p := bpfvm.MustLoad(b, c.Program)
	vm := bpfvm.XnetVM(b, c.Program)
	k := bpfvm.MustAttach(b, nil, p).Cache(abi.Alpha)
	for _, tc := range []struct {
		name string
		d    bpfvm.SeccompData
	}{
		{"read", bpfvm.AlphaCall("read", 3, 0x1000, 64)},
		{"exit_group", bpfvm.AlphaCall("exit_group")},
		{"clone", bpfvm.AlphaCall("clone", 0x11)},
		{"socket", bpfvm.AlphaCall("socket", 1, 1)},
	} {
		d := tc.d
		want, path := p.Trace(&d)
		in := bpfvm.XnetData(&d)
		if got, _ := vm.Run(in); uint32(got) != want {
			b.Fatalf("%s: x/net/bpf %#x, bpfvm %#x", tc.name, got, want)
		}
		if ret, ok := k.Lookup(d.Nr); ok {
			if ret != want {
				b.Fatalf("%s: cache %#x, Run %#x", tc.name, ret, want)
			}
			b.Run(tc.name+"/cached", func(b *testing.B) {
				bpfvm.Measure(b, 0, func() {
					for b.Loop() {
						k.Lookup(d.Nr)
					}
				})
			})
		}
		b.Run(tc.name+"/bpfvm", func(b *testing.B) {
			bpfvm.Measure(b, float64(len(path)), func() {
				for b.Loop() {
					p.Run(&d)
				}
			})
		})
		b.Run(tc.name+"/xnet", func(b *testing.B) {
			bpfvm.Measure(b, float64(len(path)), func() {
				for b.Loop() {
					vm.Run(in)
				}
			})
		})
	}
}
