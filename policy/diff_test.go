package policy

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// boundary values for arguments: around 0, the 32-bit sign bit, the 32-bit
// maximum and the 64-bit sign-extended forms Alpha produces.
var boundary = []uint64{
	0, 1, 2, 3, 5, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	0x100000000, 0x100000001, 0x1ffffffff, 0xffffffff00000000, 0xffffffff80000000,
	0xfffffffffffffffe, 0xffffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff,
	0xffffff9c, 0xffffffffffffff9c,
}

// fuzzNrs are syscall numbers the random policies use (Alpha numbers and
// neighbours, sparse holes, and the extremes of the 32-bit space).
var fuzzNrs = []int64{0, 1, 2, 3, 4, 5, 6, 17, 20, 45, 53, 71, 300, 404, 405, 406, 450, 514, 580, 581, 1000, 0x7fffffff, -1}

// byteReader hands out fuzz bytes, then zeros.
type byteReader struct {
	b     []byte
	i     int
	noIP  bool // never generate conditions on the instruction pointer
	valid bool // generate only valid constants (32-bit for .32, ordered ranges)
	w32   bool // the operand being generated is a .32 one
}

func (r *byteReader) next() int {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return int(r.b[r.i-1])
}

func (r *byteReader) pick(n int) int { return r.next() % n }

var fuzzActions = []string{"allow", "log", "errno(1)", "errno(EACCES)", "trap(7)", "trace(3)", "user_notif", "kill_thread", "kill_process"}

func (r *byteReader) value() string {
	v := boundary[r.pick(len(boundary))]
	if r.valid {
		if r.w32 {
			v &= 0xffffffff
		}
		return fmt.Sprintf("%#x", v)
	}
	switch r.pick(4) {
	case 0:
		return fmt.Sprintf("%d", int64(v))
	case 1:
		if v <= 0xffffffff {
			return fmt.Sprintf("%d", int64(int32(uint32(v))))
		}
	}
	return fmt.Sprintf("%#x", v)
}

func (r *byteReader) operand() string {
	f := fmt.Sprintf("a%d", r.pick(3))
	if r.pick(6) == 0 && !r.noIP {
		f = "ip"
	}
	r.w32 = r.pick(3) == 0
	if r.w32 {
		f += ".32"
	}
	if r.pick(4) == 0 {
		f = fmt.Sprintf("(%s & %s)", f, r.value())
	}
	return f
}

func (r *byteReader) expr(depth int) string {
	k := r.pick(9)
	if depth > 2 {
		k %= 5
	}
	switch k {
	case 0, 1, 2:
		ops := []string{"==", "!=", "<", "<=", ">", ">="}
		return fmt.Sprintf("%s %s %s", r.operand(), ops[r.pick(len(ops))], r.value())
	case 3:
		return fmt.Sprintf("%s & %s", r.operand(), r.value())
	case 4:
		not := ""
		if r.pick(2) == 0 {
			not = "not "
		}
		op := r.operand()
		lo, hi := r.value(), r.value()
		if r.valid {
			a, _ := strconv.ParseUint(lo, 0, 64)
			b, _ := strconv.ParseUint(hi, 0, 64)
			if a > b {
				lo, hi = hi, lo
			}
		}
		return fmt.Sprintf("%s %sin {%s, %s..%s}", op, not, r.value(), lo, hi)
	case 5:
		return "not (" + r.expr(depth+1) + ")"
	case 6, 7:
		return "(" + r.expr(depth+1) + ") and (" + r.expr(depth+1) + ")"
	}
	return "(" + r.expr(depth+1) + ") or (" + r.expr(depth+1) + ")"
}

// randomPolicy builds a policy text from fuzz bytes, naming syscalls from fuzzNrs.
func randomPolicy(b []byte) string { return randomPolicyNrs(b, fuzzNrs, true, 8) }

// randomPolicyNrs builds a policy text from fuzz bytes with syscall numbers
// from nrs, optionally with conditions on the instruction pointer.
func randomPolicyNrs(b []byte, nrs []int64, useIP bool, maxRules int) string {
	r := &byteReader{b: b, valid: maxRules > 8}
	var sb strings.Builder
	fmt.Fprintf(&sb, "[policy]\ndefault = %q\nbad_arch = %q\n", fuzzActions[r.pick(len(fuzzActions))], fuzzActions[r.pick(len(fuzzActions))])
	n := 1 + r.pick(maxRules)
	for i := 0; i < n; i++ {
		var names []string
		for j := 0; j <= r.pick(3); j++ {
			names = append(names, fmt.Sprint(nrs[r.pick(len(nrs))]))
		}
		fmt.Fprintf(&sb, "[[rule]]\nsyscalls = [%s]\naction = %q\n", strings.Join(names, ", "), fuzzActions[r.pick(len(fuzzActions))])
		if r.pick(3) != 0 {
			r.noIP = !useIP
			fmt.Fprintf(&sb, "when = %q\n", r.expr(0))
		}
	}
	return sb.String()
}

// inputs returns the data to check a compiled policy with: every fuzz syscall
// number and its neighbours, each with boundary values in each argument.
func inputs(arch *abi.Arch, extra []byte) []Data {
	var out []Data
	for _, nr := range fuzzNrs {
		for _, n := range []int64{nr - 1, nr, nr + 1} {
			base := Data{Nr: int32(n), Arch: arch.AuditArch}
			out = append(out, base)
			for f := 0; f < 7; f++ {
				for _, v := range boundary {
					d := base
					if f == FieldIP {
						d.InstructionPointer = v
					} else {
						d.Args[f] = v
					}
					out = append(out, d)
				}
			}
		}
	}
	r := &byteReader{b: extra}
	for i := 0; i < 64; i++ {
		d := Data{Nr: int32(fuzzNrs[r.pick(len(fuzzNrs))]), Arch: arch.AuditArch}
		for f := range d.Args {
			d.Args[f] = boundary[r.pick(len(boundary))]
		}
		d.InstructionPointer = boundary[r.pick(len(boundary))]
		out = append(out, d)
	}
	out = append(out, Data{Nr: 3, Arch: abi.AuditArchX86_64}, Data{Nr: 3, Arch: 0})
	return out
}

// checkAgreement compiles src and checks the program in bpfvm, the reference
// evaluator and RuleFor agree on every input.
func checkAgreement(t *testing.T, src string, extra []byte) {
	t.Helper()
	pol, err := Parse("fuzz.toml", []byte(src))
	if err != nil {
		return // invalid random policies are fine; Parse must just not panic
	}
	for _, arch := range []*abi.Arch{abi.Alpha, abi.X86_64} {
		c, err := pol.Compile(arch)
		if err != nil {
			if strings.Contains(err.Error(), "another ABI") {
				continue
			}
			t.Fatalf("compile for %s: %v\n%s", arch.Name, err, src)
		}
		prog, err := bpfvm.Load(c.Program)
		if err != nil {
			t.Fatalf("bpfvm rejects the program for %s: %v\n%s", arch.Name, err, src)
		}
		for _, d := range inputs(arch, extra) {
			sd := bpfvm.SeccompData(d)
			got := prog.Run(&sd)
			want, wantRule := c.Evaluate(d)
			if got != want {
				t.Fatalf("%s: data %+v: program says %s, reference says %s\npolicy:\n%s", arch.Name, d, bpfvm.ActionString(got), bpfvm.ActionString(want), src)
			}
			rret, rrule := c.RuleFor(d)
			if rret != want || rrule != wantRule {
				t.Fatalf("%s: data %+v: RuleFor gives %s (%v), reference %s (%v)", arch.Name, d, bpfvm.ActionString(rret), rrule, bpfvm.ActionString(want), wantRule)
			}
		}
	}
}

func FuzzCompile(f *testing.F) {
	f.Add([]byte{}, []byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, []byte{9, 8, 7})
	f.Add([]byte("\x07\x03\x05\x01\x02\x06\x07\x08\x04\x03\x02\x01\x00\xff\xfe\x10\x20\x30\x40\x50\x60\x70"), []byte("xyz"))
	f.Fuzz(func(t *testing.T, policyBytes, inputBytes []byte) {
		checkAgreement(t, randomPolicy(policyBytes), inputBytes)
	})
}

// xorshiftBytes returns n bytes of a xorshift32 sequence started at x, a
// cheap deterministic stand-in for fuzzer input.
func xorshiftBytes(n int, x uint32) []byte {
	b := make([]byte, n)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// TestRandomLargePolicies checks big random policies over many syscall
// numbers, whose programs need long-jump trampolines.
func TestRandomLargePolicies(t *testing.T) {
	var nrs []int64
	for i := int64(0); i < 300; i += 3 {
		nrs = append(nrs, i)
	}
	long := 0
	for seed := 0; seed < 20; seed++ {
		b := xorshiftBytes(4000, uint32(seed*40503+7))
		b[0] = 255 // many rules
		src := randomPolicyNrs(b, nrs, true, 256)
		pol, err := Parse("large.toml", []byte(src))
		if err != nil {
			t.Fatalf("random large policy does not parse: %v", err)
			continue
		}
		c, err := pol.Compile(abi.Alpha)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Program) > 300 {
			long++
		}
		prog, err := bpfvm.Load(c.Program)
		if err != nil {
			t.Fatalf("bpfvm rejects the program: %v", err)
		}
		r := &byteReader{b: b[2000:]}
		for nr := int32(-1); nr < 302; nr++ {
			for i := 0; i < 12; i++ {
				d := Data{Nr: nr, Arch: abi.AuditArchAlpha, InstructionPointer: boundary[r.pick(len(boundary))]}
				for f := 0; f < 3; f++ {
					d.Args[f] = boundary[r.pick(len(boundary))]
				}
				sd := bpfvm.SeccompData(d)
				if got, want := prog.Run(&sd), mustEval(c, d); got != want {
					t.Fatalf("seed %d, %+v: program %s, reference %s", seed, d, bpfvm.ActionString(got), bpfvm.ActionString(want))
				}
			}
		}
	}
	if long == 0 {
		t.Fatal("no large program was generated")
	}
}

// TestRandomPolicies runs a deterministic sample of random policies.
func TestRandomPolicies(t *testing.T) {
	for seed := 0; seed < 300; seed++ {
		b := xorshiftBytes(96, uint32(seed*2654435761+1))
		checkAgreement(t, randomPolicy(b), b[48:])
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("[policy]\ndefault = \"allow\"\n[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a0 == 1\"\naction = \"kill_process\"\n"))
	f.Add([]byte("[policy]\ndefault = \"errno(EPERM)\"\ninclude = [\"x.toml\"]\n[groups]\ng = [\"@g\"]\n[[rule]]\nsyscalls = [\"@g\", 5, \"~x\"]\naction = \"allow\"\n"))
	f.Add([]byte("[constants]\nA = \"B\"\nB = \"A|1\"\n[[test]]\nsyscall = \"read\"\nargs = [\"A\", -1]\nexpect = \"allow\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		noFiles := func(string) ([]byte, error) { return nil, fmt.Errorf("no includes while fuzzing") }
		pol, err := parseWith("fuzz.toml", src, noFiles)
		if err != nil {
			if _, ok := err.(ErrorList); !ok {
				t.Fatalf("Parse returned %T, want ErrorList", err)
			}
			return
		}
		if c, err := pol.Compile(abi.Alpha); err == nil {
			if _, err := bpfvm.Load(c.Program); err != nil {
				t.Fatalf("bpfvm rejects a compiled program: %v", err)
			}
		}
	})
}

func FuzzExpr(f *testing.F) {
	for _, s := range []string{"a0 == 1", "(a2 & O_ACCMODE) == O_RDONLY", "a0.32 in {1, 2..5} and not ip > 0x10", "a1 & 3 or false"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpr(s)
		if err == nil && e == nil {
			t.Fatal("nil expression without error")
		}
		src := fmt.Sprintf("[policy]\ndefault = \"allow\"\n[[rule]]\nsyscalls = [3]\nwhen = %q\naction = \"errno(1)\"\n", s)
		checkAgreement(t, src, []byte(s))
	})
}
