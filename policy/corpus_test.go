package policy

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// The corpus under testdata/corpus pairs each policy NAME.toml with
// NAME.tests, rows in the spirit of libseccomp's bpf-sim tests:
//
//	syscall a0 a1 a2 a3 a4 a5 expect
//
// A syscall is a name or number; a value is a number, a constant expression
// without spaces, N (don't care: 0, 0xffffffff and 0xffffffffffffffff are all
// tried) or an inclusive range lo..hi (lo, hi and the midpoint are tried).
// expect is written as the CLI prints verdicts (ALLOW, ERRNO(13), ...).
// "@arch NAME" switches the architecture of the following rows' syscalls.
// Every combination is run through bpfvm and the reference evaluator.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.tests"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files (%v)", err)
	}
	for _, tf := range files {
		name := strings.TrimSuffix(filepath.Base(tf), ".tests")
		t.Run(name, func(t *testing.T) {
			pol, err := ParseFile(strings.TrimSuffix(tf, ".tests") + ".toml")
			if err != nil {
				t.Fatal(err)
			}
			arches, err := pol.TargetArches()
			if err != nil {
				t.Fatal(err)
			}
			for _, target := range arches {
				c, err := pol.Compile(target)
				if err != nil {
					t.Fatal(err)
				}
				prog, err := bpfvm.Load(c.Program)
				if err != nil {
					t.Fatal(err)
				}
				runCorpusFile(t, tf, pol, c, prog)
			}
		})
	}
}

func runCorpusFile(t *testing.T, path string, pol *Policy, c *Compiled, prog *bpfvm.Program) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	arch := c.Arch
	sc := bufio.NewScanner(f)
	line, rows := 0, 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if fields[0] == "@arch" && len(fields) == 2 {
			a, err := abi.LookupArch(fields[1])
			if err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			arch = a
			continue
		}
		if len(fields) != 8 {
			t.Fatalf("%s:%d: want 8 columns (syscall a0..a5 expect), got %d", path, line, len(fields))
		}
		nrs := corpusValues(t, path, line, pol, arch, fields[0], true)
		var args [6][]uint64
		for i := range args {
			args[i] = corpusValues(t, path, line, pol, arch, fields[1+i], false)
		}
		want := fields[7]
		var combos func(i int, d Data)
		combos = func(i int, d Data) {
			if i == 6 {
				rows++
				sd := bpfvm.SeccompData(d)
				got := prog.Run(&sd)
				ref, _ := c.Evaluate(d)
				if bpfvm.ActionString(got) != want || bpfvm.ActionString(ref) != want {
					t.Errorf("%s:%d: %+v: want %s, program %s, reference %s", path, line, d, want, bpfvm.ActionString(got), bpfvm.ActionString(ref))
				}
				return
			}
			for _, v := range args[i] {
				d.Args[i] = v
				combos(i+1, d)
			}
		}
		for _, nr := range nrs {
			combos(0, Data{Nr: int32(nr), Arch: arch.AuditArch})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows == 0 {
		t.Errorf("%s: no rows", path)
	}
}

// corpusValues expands one column.
func corpusValues(t *testing.T, path string, line int, pol *Policy, arch *abi.Arch, s string, syscall bool) []uint64 {
	t.Helper()
	if s == "N" {
		return []uint64{0, 0xffffffff, ^uint64(0)}
	}
	one := func(s string) uint64 {
		if syscall {
			nr, err := LookupSyscall(arch, s)
			if err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			return uint64(uint32(nr))
		}
		v, err := pol.ConstValue(arch, s)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		return v
	}
	if lo, hi, ok := strings.Cut(s, ".."); ok {
		l, h := one(lo), one(hi)
		return []uint64{l, l + (h-l)/2, h}
	}
	return []uint64{one(s)}
}
