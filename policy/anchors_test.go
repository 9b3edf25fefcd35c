package policy

// Comparison with the anchors the issue names: go-seccomp-bpf (compiled in
// process) and libseccomp 2.5 (through a small C helper built at test time).
// Both get the same rules, converted from our resolved policy.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
	"github.com/axpsec/axpsec/internal/testtool"
)

// anchorCmp is one argument comparison in libseccomp's vocabulary.
type anchorCmp struct {
	arg  int
	op   int // enum scmp_compare: NE 1, LT 2, LE 3, EQ 4, GE 5, GT 6, MASKED_EQ 7
	a, b uint64
}

// anchorRule is one (syscall, conjunction of comparisons) → action rule.
type anchorRule struct {
	nr     int
	name   string
	action uint32
	conj   []anchorCmp
	group  int // index of our rule it came from
}

// anchorRules converts a resolved policy to first-match-free anchor rules:
// every condition must be a disjunction of conjunctions of plain 64-bit
// comparisons, and rules after an unconditional one for the same syscall are
// dropped (both anchors reject or mishandle such conflicts).
func anchorRules(res *resolved) ([]anchorRule, error) {
	var out []anchorRule
	decided := map[uint32]bool{}
	for gi, rr := range res.rules {
		var conjs [][]anchorCmp
		for _, atoms := range dnf(rr.cond) {
			var conj []anchorCmp
			for _, a := range atoms {
				c, err := anchorAtom(a)
				if err != nil {
					return nil, err
				}
				conj = append(conj, c)
			}
			conjs = append(conjs, conj)
		}
		for _, nr := range rr.nrs {
			if decided[nr] {
				continue
			}
			name, _ := res.arch.SyscallName(int(nr))
			for _, conj := range conjs {
				out = append(out, anchorRule{nr: int(nr), name: name, action: rr.action, conj: conj, group: gi})
			}
			if rr.cond.kind == cTrue {
				decided[nr] = true
			}
		}
	}
	return out, nil
}

// dnf returns c as a disjunction of conjunctions of atoms (negations pushed
// into the comparisons where possible).
func dnf(c *cond) [][]*cond {
	switch c.kind {
	case cTrue:
		return [][]*cond{nil}
	case cFalse:
		return nil
	case cOr:
		var out [][]*cond
		for _, k := range c.kids {
			out = append(out, dnf(k)...)
		}
		return out
	case cAnd:
		out := [][]*cond{nil}
		for _, k := range c.kids {
			var next [][]*cond
			for _, left := range out {
				for _, right := range dnf(k) {
					next = append(next, append(append([]*cond{}, left...), right...))
				}
			}
			out = next
		}
		return out
	case cNot:
		k := c.kids[0]
		if k.kind == cAtom {
			neg := map[CmpOp]CmpOp{OpEq: OpNe, OpNe: OpEq, OpLt: OpGe, OpGe: OpLt, OpLe: OpGt, OpGt: OpLe}
			if op, ok := neg[k.a.op]; ok && k.a.mask == k.a.fieldMax() {
				a := k.a
				a.op = op
				return [][]*cond{{{kind: cAtom, a: a}}}
			}
		}
	}
	return [][]*cond{{c}}
}

func anchorAtom(c *cond) (anchorCmp, error) {
	if c.kind != cAtom || c.a.w32 || c.a.field == FieldIP || c.a.op == OpAnySet {
		return anchorCmp{}, fmt.Errorf("condition %s has no libseccomp equivalent", c)
	}
	a := c.a
	if a.mask != ^uint64(0) {
		if a.op != OpEq {
			return anchorCmp{}, fmt.Errorf("masked %s has no libseccomp equivalent", a.op)
		}
		return anchorCmp{arg: a.field, op: 7, a: a.mask, b: a.val}, nil
	}
	ops := map[CmpOp]int{OpNe: 1, OpLt: 2, OpLe: 3, OpEq: 4, OpGe: 5, OpGt: 6}
	return anchorCmp{arg: a.field, op: ops[a.op], a: a.val}, nil
}

// goSeccompPolicy builds the go-seccomp-bpf policy for the anchor rules
// (one syscall group per rule of ours, in order).
func goSeccompPolicy(res *resolved, rules []anchorRule) (*seccomp.Policy, error) {
	// go-seccomp-bpf only accepts its named actions as the default; its bare
	// ActionErrno means EPERM.
	act := func(v uint32) seccomp.Action {
		if v == abi.SeccompRetErrno|uint32(abi.EPERM) {
			return seccomp.ActionErrno
		}
		return seccomp.Action(v)
	}
	p := &seccomp.Policy{DefaultAction: act(res.def)}
	ops := map[int]seccomp.Operation{1: seccomp.NotEqual, 2: seccomp.LessThan, 3: seccomp.LessOrEqual,
		4: seccomp.Equal, 5: seccomp.GreaterOrEqual, 6: seccomp.GreaterThan}
	last := -1
	for _, r := range rules {
		if r.name == "" {
			return nil, fmt.Errorf("syscall %d has no name", r.nr)
		}
		if r.group != last {
			p.Syscalls = append(p.Syscalls, seccomp.SyscallGroup{Action: act(r.action)})
			last = r.group
		}
		g := &p.Syscalls[len(p.Syscalls)-1]
		if len(r.conj) == 0 {
			g.Names = append(g.Names, r.name)
			continue
		}
		var conds seccomp.ArgumentConditions
		for _, c := range r.conj {
			switch {
			case c.op == 7:
				// (x & mask) == v: the bits of mask outside v clear, and
				// every bit of v set (BitsSet tests "any", so one per bit).
				if c.b&^c.a != 0 {
					return nil, fmt.Errorf("masked equality with bits outside the mask")
				}
				if clear := c.a &^ c.b; clear != 0 {
					conds = append(conds, seccomp.Condition{Argument: uint32(c.arg), Operation: seccomp.BitsNotSet, Value: clear})
				}
				for bit := uint64(1); bit != 0; bit <<= 1 {
					if c.b&bit != 0 {
						conds = append(conds, seccomp.Condition{Argument: uint32(c.arg), Operation: seccomp.BitsSet, Value: bit})
					}
				}
			default:
				conds = append(conds, seccomp.Condition{Argument: uint32(c.arg), Operation: ops[c.op], Value: c.a})
			}
		}
		g.NamesWithCondtions = append(g.NamesWithCondtions, seccomp.NameWithConditions{Name: r.name, Conditions: conds})
	}
	return p, nil
}

func assembleGoSeccomp(p *seccomp.Policy) ([]bpf.RawInstruction, error) {
	insns, err := p.Assemble()
	if err != nil {
		return nil, err
	}
	return bpf.Assemble(insns)
}

var (
	helperOnce sync.Once
	helperPath string
	helperErr  error
)

// libseccompHelper builds testdata/libseccomp_export.c with the host gcc.
func libseccompHelper(t testing.TB) string {
	t.Helper()
	gcc := testtool.Look(t, "gcc")
	helperOnce.Do(func() {
		dir, err := os.MkdirTemp("", "axpsec-libseccomp-")
		if err != nil {
			helperErr = err
			return
		}
		helperPath = filepath.Join(dir, "libseccomp_export")
		out, err := exec.Command(gcc, "-O2", "-o", helperPath, filepath.Join("testdata", "libseccomp_export.c"), "-lseccomp").CombinedOutput()
		if err != nil {
			helperErr = fmt.Errorf("%v: %s", err, out)
		}
	})
	if helperErr != nil {
		testtool.Unavailable(t, "cannot build the libseccomp helper (apt-get install libseccomp-dev): %v", helperErr)
	}
	return helperPath
}

// libseccompCompile returns libseccomp's program at optimisation level opt
// and its mean compile time in ns over iters builds.
func libseccompCompile(t testing.TB, res *resolved, rules []anchorRule, opt, iters int) ([]bpf.RawInstruction, float64) {
	t.Helper()
	helper := libseccompHelper(t)
	var in strings.Builder
	fmt.Fprintf(&in, "%d %d %d %d %d\n", opt, res.def, res.badArch, len(rules), iters)
	for _, r := range rules {
		fmt.Fprintf(&in, "%d %d %d", r.action, r.nr, len(r.conj))
		for _, c := range r.conj {
			fmt.Fprintf(&in, " %d %d %d %d", c.arg, c.op, c.a, c.b)
		}
		in.WriteString("\n")
	}
	cmd := exec.Command(helper)
	cmd.Stdin = strings.NewReader(in.String())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("libseccomp helper: %v\n%s", err, stderr.String())
	}
	prog, err := bpfvm.DecodeRaw(stdout.Bytes())
	if err != nil {
		t.Fatalf("libseccomp output: %v", err)
	}
	ns := 0.0
	if f := strings.Fields(stderr.String()); len(f) >= 2 && f[0] == "ns_per_compile" {
		ns, _ = strconv.ParseFloat(f[1], 64)
	}
	return prog, ns
}

// run executes prog on d with a small counting interpreter (the subset of
// classic BPF the three compilers emit) and returns the result and the
// number of instructions executed.
func run(prog []bpf.RawInstruction, d *Data) (ret uint32, steps int) {
	sd := bpfvm.SeccompData(*d)
	var a uint32
	for pc := 0; pc < len(prog); pc++ {
		ins := prog[pc]
		steps++
		switch ins.Op {
		case opLdAbs:
			a = sd.Word(ins.K)
		case opAndK:
			a &= ins.K
		case opJa:
			pc += int(ins.K)
		case opRetK:
			return ins.K, steps
		case 0x16: // ret A
			return a, steps
		case opJeqK, opJgtK, opJgeK, opJsetK:
			var ok bool
			switch ins.Op {
			case opJeqK:
				ok = a == ins.K
			case opJgtK:
				ok = a > ins.K
			case opJgeK:
				ok = a >= ins.K
			default:
				ok = a&ins.K != 0
			}
			if ok {
				pc += int(ins.Jt)
			} else {
				pc += int(ins.Jf)
			}
		case 0x44: // or K
			a |= ins.K
		default:
			panic(fmt.Sprintf("counting interpreter: opcode %#x", ins.Op))
		}
	}
	panic("program ran off its end")
}

// stats returns max and mean executed instructions over every syscall number
// of arch (arguments zero).
func stats(prog []bpf.RawInstruction, arch *abi.Arch) (max int, mean float64) {
	total := 0
	for _, s := range arch.Syscalls {
		d := Data{Nr: int32(s.Nr), Arch: arch.AuditArch}
		_, n := run(prog, &d)
		total += n
		if n > max {
			max = n
		}
	}
	return max, float64(total) / float64(len(arch.Syscalls))
}

// wrongVerdicts counts inputs (syscall numbers of native ABI range, boundary
// arguments) on which prog disagrees with the reference evaluator.
func wrongVerdicts(prog []bpf.RawInstruction, res *resolved) (wrong, total int) {
	for nr := int32(0); nr < 600; nr++ {
		for f := 0; f < 6; f++ {
			for _, v := range boundary {
				d := Data{Nr: nr, Arch: res.arch.AuditArch}
				d.Args[f] = v
				got, _ := run(prog, &d)
				want, _ := res.evaluate(&d)
				total++
				if got != want {
					wrong++
				}
			}
		}
	}
	return wrong, total
}

// corpus are the x86_64 policies compared with the anchors: a Docker-sized
// allow-list, a ~150-syscall deny-list and an argument-heavy policy.
var corpus = []string{"docker-x86_64.toml", "denylist.toml", "args-x86_64.toml"}

func loadCorpus(t testing.TB, name string) (*Policy, *resolved) {
	t.Helper()
	pol, err := ParseFile(filepath.Join("..", "examples", "policies", name))
	if err != nil {
		t.Fatal(err)
	}
	res, errs, _ := pol.resolve(abi.X86_64)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return pol, res
}

// TestAgainstAnchors compares size, executed instructions and correctness
// with go-seccomp-bpf and libseccomp O1 (linear) and O2 (binary tree) on
// the corpus, and requires ours to be no larger than O1, no slower (max and
// mean executed) than O2, and never wrong.
func TestAgainstAnchors(t *testing.T) {
	var table strings.Builder
	fmt.Fprintf(&table, "%-20s %-14s %6s %5s %7s %s\n", "policy", "compiler", "insns", "max", "mean", "wrong verdicts")
	for _, name := range corpus {
		pol, res := loadCorpus(t, name)
		c, err := pol.Compile(abi.X86_64)
		if err != nil {
			t.Fatal(err)
		}
		ours := c.Program
		oMax, oMean := stats(ours, abi.X86_64)
		oWrong, total := wrongVerdicts(ours, res)
		if oWrong != 0 {
			t.Errorf("%s: axpsec gives %d wrong verdicts of %d", name, oWrong, total)
		}
		fmt.Fprintf(&table, "%-20s %-14s %6d %5d %7.2f %d/%d\n", name, "axpsec", len(ours), oMax, oMean, oWrong, total)
		rules, err := anchorRules(res)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if gp, err := goSeccompPolicy(res, rules); err == nil {
			prog, err := assembleGoSeccomp(gp)
			if err != nil {
				t.Fatalf("%s: go-seccomp-bpf: %v", name, err)
			}
			mx, mean := stats(prog, abi.X86_64)
			w, _ := wrongVerdicts(prog, res)
			fmt.Fprintf(&table, "%-20s %-14s %6d %5d %7.2f %d/%d\n", name, "go-seccomp-bpf", len(prog), mx, mean, w, total)
		}
		for _, opt := range []int{1, 2} {
			prog, _ := libseccompCompile(t, res, rules, opt, 1)
			mx, mean := stats(prog, abi.X86_64)
			w, _ := wrongVerdicts(prog, res)
			fmt.Fprintf(&table, "%-20s %-14s %6d %5d %7.2f %d/%d\n", name, fmt.Sprintf("libseccomp-O%d", opt), len(prog), mx, mean, w, total)
			if opt == 1 && len(ours) > len(prog) {
				t.Errorf("%s: %d instructions, libseccomp O1 has %d", name, len(ours), len(prog))
			}
			if opt == 2 && (oMax > mx || oMean > mean) {
				t.Errorf("%s: executes max %d mean %.2f, libseccomp O2 max %d mean %.2f", name, oMax, oMean, mx, mean)
			}
		}
	}
	t.Logf("size and executed instructions over all x86_64 syscall numbers (args 0):\n%s", table.String())
}

// cpuTime returns the CPU time the process has used: on a shared, loaded
// machine it tracks a benchmark's own work better than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCompile compiles each corpus policy with axpsec, go-seccomp-bpf
// and libseccomp (O1/O2, timed inside the C helper and reported as
// ns/compile) in one run.
func BenchmarkCompile(b *testing.B) {
	for _, name := range corpus {
		pol, res := loadCorpus(b, name)
		rules, err := anchorRules(res)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/axpsec", func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := pol.Compile(abi.X86_64); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
		if gp, err := goSeccompPolicy(res, rules); err == nil {
			b.Run(name+"/go-seccomp-bpf", func(b *testing.B) {
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					if _, err := assembleGoSeccomp(gp); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
		for _, opt := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/libseccomp-O%d", name, opt), func(b *testing.B) {
				// The helper builds the filter b.N times and times itself
				// (without process start-up): reported as ns/compile.
				_, ns := libseccompCompile(b, res, rules, opt, b.N)
				b.ReportMetric(ns, "ns/compile")
			})
		}
	}
}
