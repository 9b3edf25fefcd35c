package bpfvm

import (
	"runtime"
	"sort"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// benchNrs returns the first n syscall numbers of the Alpha table.
func benchNrs(n int) []int {
	nrs := make([]int, 0, n)
	for _, s := range abi.Alpha.Syscalls[:n] {
		nrs = append(nrs, s.Nr)
	}
	return nrs
}

// bstFilter is "arch check; ld nr; binary search over sorted nrs", the
// layout libseccomp and gVisor use for large filters: JGE nodes over the
// middle number, leaves of at most 4 JEQs each followed by local returns
// ERRNO(1) and ALLOW.
func bstFilter(nrs []int) []bpf.RawInstruction {
	sorted := append([]int(nil), nrs...)
	sort.Ints(sorted)
	var emit func(lo, hi int) []bpf.RawInstruction
	emit = func(lo, hi int) []bpf.RawInstruction {
		if m := hi - lo; m <= 4 {
			var leaf []bpf.RawInstruction
			for i := 0; i < m; i++ {
				leaf = append(leaf, ri(0x15, uint8(m-i), 0, uint32(sorted[lo+i])))
			}
			return append(leaf, ri(opcRetK, 0, 0, abi.SeccompRetErrno|1), retAllow)
		}
		mid := (lo + hi) / 2
		left, right := emit(lo, mid), emit(mid, hi)
		if len(left) > 255 {
			panic("bstFilter: subtree too large for a conditional jump")
		}
		out := []bpf.RawInstruction{ri(0x35, uint8(len(left)), 0, uint32(sorted[mid]))}
		return append(append(out, left...), right...)
	}
	prog := []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 4), ri(0x15, 1, 0, abi.AuditArchAlpha), retKill, ri(opcLdAbsW, 0, 0, 0)}
	return append(prog, emit(0, len(sorted))...)
}

// argFilter checks arguments of several syscalls word by word, as policy
// compilers do for 64-bit argument conditions.
func argFilter() []bpf.RawInstruction {
	text := `# arch: alpha
	A = arch
	if (A != ARCH_ALPHA) goto kill
	A = sys_number
	if (A == read) goto allow
	if (A == write) goto allow
	if (A == ioctl) goto ioctl
	if (A == mmap) goto mmap
	if (A == socket) goto socket
	return ERRNO(1)
ioctl:	A = args[1] >> 32
	if (A != 0) goto deny
	A = args[1]
	if (A == 0x40087468) goto allow
	if (A == 0x5401) goto allow
	goto deny
mmap:	A = args[2] >> 32
	if (A != 0) goto deny
	A = args[2]
	if (A & 4) goto deny
	A = args[3] >> 32
	if (A != 0) goto deny
	A = args[3]
	A &= 0x100
	if (A != 0) goto deny
	A = args[4] >> 32
	if (A == 0xffffffff) goto allow
	if (A != 0) goto deny
	goto allow
socket:	A = args[0] >> 32
	if (A != 0) goto deny
	A = args[0]
	if (A == 1) goto allow
	if (A == 2) goto sockty
	goto deny
sockty:	A = args[1]
	if (A == 1) goto allow
deny:	return ERRNO(13)
allow:	return ALLOW
kill:	return KILL_PROCESS
`
	prog, err := Assemble(text, AsmOptions{})
	if err != nil {
		panic(err)
	}
	return prog
}

type benchCase struct {
	name string
	d    SeccompData
}

func alphaCall(name string, args ...uint64) SeccompData {
	nr, ok := abi.Alpha.SyscallNumber(name)
	if !ok {
		panic(name)
	}
	d := SeccompData{Nr: int32(nr), Arch: abi.AuditArchAlpha}
	copy(d.Args[:], args)
	return d
}

func nrCall(nr int) SeccompData { return SeccompData{Nr: int32(nr), Arch: abi.AuditArchAlpha} }

func benchFilters() []struct {
	name  string
	prog  []bpf.RawInstruction
	cases []benchCase
} {
	nrs16, nrs195 := benchNrs(16), benchNrs(195)
	return []struct {
		name  string
		prog  []bpf.RawInstruction
		cases []benchCase
	}{
		{"allow22", allowList(abi.AuditArchAlpha, nrs16, abi.SeccompRetErrno|1), []benchCase{
			{"first", nrCall(nrs16[0])}, {"last", nrCall(nrs16[15])}, {"miss", nrCall(500)}}},
		{"allow201", allowList(abi.AuditArchAlpha, nrs195, abi.SeccompRetErrno|1), []benchCase{
			{"first", nrCall(nrs195[0])}, {"middle", nrCall(nrs195[97])}, {"miss", nrCall(560)}}},
		{"bst195", bstFilter(nrs195), []benchCase{
			{"hit", nrCall(nrs195[150])}, {"miss", nrCall(560)}}},
		{"args", argFilter(), []benchCase{
			{"ioctl", alphaCall("ioctl", 1, 0x5401)}, {"mmap", alphaCall("mmap", 0, 4096, 3, 0x22, 0xffffffffffffffff)},
			{"socket", alphaCall("socket", 2, 1)}, {"deny", alphaCall("open")}}},
	}
}

// measure runs loop (which must run a b.Loop) and reports, besides ns/op,
// the thread's CPU time per op (cpu-ns/op, robust when the machine is
// shared) and both per executed filter instruction (ns/insn, cpu-ns/insn)
// when executed > 0.
func measure(b *testing.B, executed float64, loop func()) {
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, ok := threadCPU()
	loop()
	c1, _ := threadCPU()
	n := float64(b.N)
	if ok {
		b.ReportMetric(float64(c1-c0)/n, "cpu-ns/op")
	}
	if executed > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n/executed, "ns/insn")
		if ok {
			b.ReportMetric(float64(c1-c0)/n/executed, "cpu-ns/insn")
		}
	}
}

// BenchmarkFilter runs the same filters and inputs on bpfvm and on
// golang.org/x/net/bpf's VM. ns/insn is the time per executed instruction.
func BenchmarkFilter(b *testing.B) {
	for _, f := range benchFilters() {
		p := mustLoad(b, f.prog)
		vm := xnetVM(b, f.prog)
		for _, c := range f.cases {
			d := c.d
			want, path := p.Trace(&d)
			executed := float64(len(path))
			in := xnetData(&d)
			if got, err := vm.Run(in); err != nil || uint32(got) != want {
				b.Fatalf("%s/%s: x/net/bpf = %#x, %v; bpfvm = %#x", f.name, c.name, got, err, want)
			}
			b.Run(f.name+"/"+c.name+"/bpfvm", func(b *testing.B) {
				measure(b, executed, func() {
					for b.Loop() {
						p.Run(&d)
					}
				})
			})
			b.Run(f.name+"/"+c.name+"/xnet", func(b *testing.B) {
				measure(b, executed, func() {
					for b.Loop() {
						vm.Run(in)
					}
				})
			})
		}
	}
}

// BenchmarkCache measures a cached-verdict lookup against a full run of the
// same chain for the same syscall.
func BenchmarkCache(b *testing.B) {
	nrs := benchNrs(195)
	c := mustAttach(b, nil, mustLoad(b, bstFilter(nrs)))
	c = mustAttach(b, c, mustLoad(b, allowList(abi.AuditArchAlpha, benchNrs(16), abi.SeccompRetAllow)))
	k := c.Cache(abi.Alpha)
	d := nrCall(nrs[150])
	if ret, ok := k.Lookup(d.Nr); !ok || ret != abi.SeccompRetAllow {
		b.Fatalf("Lookup = %#x, %v", ret, ok)
	}
	b.Run("lookup", func(b *testing.B) {
		measure(b, 0, func() {
			for b.Loop() {
				k.Lookup(d.Nr)
			}
		})
	})
	b.Run("run", func(b *testing.B) {
		measure(b, 0, func() {
			for b.Loop() {
				c.Run(&d)
			}
		})
	})
}

// BenchmarkCacheBuild measures proving the constant verdicts of one filter
// for every Alpha syscall number, as done once when a filter is attached.
func BenchmarkCacheBuild(b *testing.B) {
	big := make([]bpf.RawInstruction, 0, 4096)
	for len(big) < 4094 {
		big = append(big, ri(opcLdAbsW, 0, 0, 16), ri(0x15, 0, 0, 7))
	}
	big = append(big, retAllow)
	for _, f := range []struct {
		name string
		prog []bpf.RawInstruction
	}{
		{"allow201", allowList(abi.AuditArchAlpha, benchNrs(195), abi.SeccompRetErrno|1)},
		{"args", argFilter()},
		{"argloads4096", big},
	} {
		b.Run(f.name, func(b *testing.B) {
			measure(b, 0, func() {
				for b.Loop() {
					c := mustAttach(b, nil, mustLoad(b, f.prog))
					c.Cache(abi.Alpha)
				}
			})
		})
	}
}
