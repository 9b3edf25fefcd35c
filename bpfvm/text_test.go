package bpfvm

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

const sampleText = `# arch: alpha
        A = arch
        if (A != ARCH_ALPHA) goto L0009
        A = sys_number
        if (A == read) goto L0008
        if (A >= 0x1f4) goto L0009 else goto L0006
        return ERRNO(13)
L0006:  if (!(A & 1)) goto L0008
        return TRAP(5)
L0008:  return ALLOW
L0009:  return KILL_PROCESS
`

func sampleProg() []bpf.RawInstruction {
	return []bpf.RawInstruction{
		ri(opcLdAbsW, 0, 0, 4),
		ri(0x15, 0, 7, abi.AuditArchAlpha),
		ri(opcLdAbsW, 0, 0, 0),
		ri(0x15, 4, 0, 3),
		ri(0x35, 4, 1, 500),
		ri(opcRetK, 0, 0, abi.SeccompRetErrno|13),
		ri(0x45, 0, 1, 1),
		ri(opcRetK, 0, 0, abi.SeccompRetTrap|5),
		retAllow,
		retKill,
	}
}

func TestDisassembleGolden(t *testing.T) {
	if got := Disassemble(sampleProg(), DisasmOptions{}); got != sampleText {
		t.Errorf("Disassemble:\n%s\nwant:\n%s", got, sampleText)
	}
	got, err := Assemble(sampleText, AsmOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, sampleProg()) {
		t.Errorf("Assemble = %v\nwant %v", got, sampleProg())
	}
}

func TestAssembleForms(t *testing.T) {
	src := `# a comment line
start:	A = instruction_pointer >> 32
	A = args[5] >> 32
	A = args[0]
	A = data[0x3c]
	A = len
	X = len
	A = mem[3]
	X = mem[15]
	mem[0] = A
	mem[1] = X
	X = A
	A = X
	A = -A
	A <<= 3
	A ^= X
	A = 0x7fff0000
	X = 42
	if (A > X) goto a else goto next
a:	if (A <= 7) goto b
b:	if (A < ARCH_X86_64) goto c
c:	if (A & X) goto d
d:	goto e
e:	return 0x1234
	return A
	return TRACE(65535)
	return KILL
	return USER_NOTIF
	return LOG
	return KILL_THREAD
	.insn 0x28, 1, 2, 0x3
`
	want := []bpf.RawInstruction{
		ri(opcLdAbsW, 0, 0, 12), ri(opcLdAbsW, 0, 0, 60), ri(opcLdAbsW, 0, 0, 16), ri(opcLdAbsW, 0, 0, 60),
		ri(opcLdLen, 0, 0, 0), ri(opcLdxLen, 0, 0, 0), ri(opcLdMem, 0, 0, 3), ri(opcLdxMem, 0, 0, 15),
		ri(opcSt, 0, 0, 0), ri(opcStx, 0, 0, 1), ri(opcTax, 0, 0, 0), ri(opcTxa, 0, 0, 0), ri(opcNeg, 0, 0, 0),
		ri(opcLshK, 0, 0, 3), ri(0xac, 0, 0, 0), ri(opcLdImm, 0, 0, 0x7fff0000), ri(opcLdxImm, 0, 0, 42),
		ri(0x2d, 0, 0, 0), ri(0x25, 0, 0, 7), ri(0x35, 0, 0, abi.AuditArchX86_64), ri(0x4d, 0, 0, 0), ri(opcJa, 0, 0, 0),
		ri(opcRetK, 0, 0, 0x1234), ri(opcRetA, 0, 0, 0), ri(opcRetK, 0, 0, abi.SeccompRetTrace|0xffff),
		retKill, ri(opcRetK, 0, 0, abi.SeccompRetUserNotif), ri(opcRetK, 0, 0, abi.SeccompRetLog),
		ri(opcRetK, 0, 0, 0), ri(0x28, 1, 2, 3),
	}
	got, err := Assemble(src, AsmOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("insn %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("got %d instructions, want %d", len(got), len(want))
	}
	// Syscall names follow the arch given by the caller.
	got, err = Assemble("A = sys_number\nif (A == openat) goto x\nx: return ALLOW", AsmOptions{Arch: abi.X86_64})
	if err != nil || got[1].K != 257 {
		t.Errorf("x86_64 openat = %v, %v", got, err)
	}
}

func TestAssembleErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"A = bogus", "line 1: unknown name \"bogus\" (no arch"},
		{"# arch: alpha\nA = sys_number\nif (A == nosuchcall) goto x\nx: return ALLOW", "line 3: unknown name \"nosuchcall\" (not a alpha syscall)"},
		{"# arch: vax", "line 1: unknown architecture"},
		{"goto nowhere\nreturn ALLOW", "line 1: undefined label \"nowhere\""},
		{"x: return ALLOW\ngoto x", "line 2: jump to \"x\" goes backwards"},
		{"goto x\nx:", "line 1: label \"x\" is past the last instruction"},
		{"x: A = 1\nx: A = 2", "line 2: label \"x\" defined twice"},
		{"A = mem[16]", "line 1: index 16 out of range"},
		{"A = args[6]", "line 1: index 6 out of range"},
		{"A = 0x100000000", "line 1: expected a 32-bit number"},
		{"return ERRNO(65536)", "line 1: ERRNO data 65536 does not fit"},
		{"if (A ~ 1) goto x", "line 1: unexpected character"},
		{"if (A = 1) goto x", "line 1: expected a comparison"},
		{"mem[1] = 5", "line 1: expected A or X"},
		{"return ALLOW extra", "line 1: unexpected \"extra\""},
		{"jump x", "line 1: unknown statement"},
		{".insn 0x10000, 0, 0, 0", "line 1: .insn code must fit"},
		{"A = 1\n" + strings.Repeat("A = 2\n", 256) + "x: return A\n", ""},
	}
	long := "if (A == 1) goto x\n" + strings.Repeat("A = 2\n", 256) + "x: return A\n"
	tests = append(tests[:len(tests)-1], struct{ src, want string }{long, "line 1: conditional jump of 256 instructions is too far"})
	for _, tc := range tests {
		_, err := Assemble(tc.src, AsmOptions{})
		var ae *AsmError
		if !errors.As(err, &ae) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Assemble(%q) = %v, want error starting %q", tc.src, err, tc.want)
		}
	}
}

// TestTextRoundTrip checks that Assemble(Disassemble(p)) == p for generated
// valid programs and mutated (often invalid) ones, for every arch option.
func TestTextRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	g := &progGen{r: r, memOK: true}
	for i := 0; i < 2000; i++ {
		var prog []bpf.RawInstruction
		switch i % 3 {
		case 0:
			prog = g.gen(1 + r.IntN(60))
		case 1:
			prog = policyGen(r, 2+r.IntN(60))
		default:
			prog = mutate(r, g.gen(1+r.IntN(30)))
		}
		opt := DisasmOptions{Raw: i%2 == 0}
		if i%5 == 0 {
			opt.Arch = abi.Arches[i%len(abi.Arches)]
		}
		text := Disassemble(prog, opt)
		got, err := Assemble(text, AsmOptions{Arch: opt.Arch})
		if err != nil {
			t.Fatalf("Assemble: %v\n%s", err, text)
		}
		if !slices.Equal(got, prog) {
			t.Fatalf("round trip changed the program:\n%v\n%v\n%s", prog, got, text)
		}
	}
}
