package bpfvm

import (
	"fmt"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// Text form of a filter (written by Disassemble, read by Assemble).
//
// One statement per line; `#` starts a comment; `name:` defines a label that
// jumps refer to. Statements:
//
//	A = sys_number | arch | instruction_pointer | instruction_pointer >> 32
//	A = args[i] | args[i] >> 32 | data[off] | len | mem[i] | X | K
//	X = len | mem[i] | A | K
//	mem[i] = A | X
//	A op= K | X            (op: + - * / | & ^ << >>)
//	A = -A
//	goto L
//	if (A cmp K|X) goto L [else goto L]   (cmp: == != > >= < <=)
//	if (A & K|X) goto L [else goto L]     and if (!(A & K|X)) ...
//	return ALLOW | LOG | USER_NOTIF | KILL_THREAD | KILL_PROCESS | ERRNO(n) | TRAP(n) | TRACE(n) | A | K
//	.insn CODE, JT, JF, K   (any raw instruction, jumps as raw offsets)
//
// K is a number (decimal or 0x hex), a syscall name of the filter's arch, or
// ARCH_ALPHA / ARCH_X86_64 / ARCH_AARCH64. The arch for syscall names is given
// by an `# arch: NAME` comment line, by the caller, or by the first ARCH_*
// constant the filter compares with.

// DisasmOptions tunes Disassemble.
type DisasmOptions struct {
	Arch *abi.Arch // syscall names; nil: inferred from the filter's arch check
	Raw  bool      // append each instruction's index and raw encoding as a comment
}

// Disassemble renders insns (validated or not) in the text form Assemble reads.
func Disassemble(insns []bpf.RawInstruction, opt DisasmOptions) string {
	arch := opt.Arch
	if arch == nil {
		arch = inferArch(insns)
	}
	srcs := aSources(insns)
	labels := labelTargets(insns)
	var b strings.Builder
	if arch != nil {
		fmt.Fprintf(&b, "# arch: %s\n", arch.Name)
	}
	for pc, in := range insns {
		stmt := statement(insns, pc, srcs[pc], arch)
		label := ""
		if labels[pc] {
			label = labelName(pc) + ":"
		}
		line := fmt.Sprintf("%-7s %s", label, stmt)
		if opt.Raw {
			line = fmt.Sprintf("%-52s # %04d: %#04x %02x %02x %08x", line, pc, in.Op, in.Jt, in.Jf, in.K)
		}
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

func labelName(pc int) string { return fmt.Sprintf("L%04d", pc) }

// labelTargets marks the instructions some in-range jump lands on.
func labelTargets(insns []bpf.RawInstruction) []bool {
	t := make([]bool, len(insns))
	for pc, in := range insns {
		switch {
		case in.Op == opcJa:
			if tgt := uint64(pc) + 1 + uint64(in.K); tgt < uint64(len(insns)) {
				t[tgt] = true
			}
		case isCondJump(in.Op) && condEncodable(insns, pc):
			// Only the targets condString prints.
			if in.Jt != 0 || in.Jf == 0 {
				t[pc+1+int(in.Jt)] = true
			}
			if in.Jf != 0 || in.Jt == 0 {
				t[pc+1+int(in.Jf)] = true
			}
		}
	}
	return t
}

// condEncodable reports whether the conditional jump at pc can be written as
// an if statement: a known condition with both targets inside the program.
func condEncodable(insns []bpf.RawInstruction, pc int) bool {
	in := insns[pc]
	return classicAllowed(in.Op) && (in.Op&srcX == 0 || in.K == 0) &&
		pc+1+int(in.Jt) < len(insns) && pc+1+int(in.Jf) < len(insns)
}

// Sources of the value in A, for naming comparison constants.
const (
	srcOther = iota
	srcNr
	srcArch
)

// aSources computes, for each instruction, where A's value came from on
// every path reaching it (nr, arch or anything else).
func aSources(insns []bpf.RawInstruction) []int {
	const unset = -1
	src := make([]int, len(insns))
	for i := range src {
		src[i] = unset
	}
	merge := func(at, s int) {
		if at >= len(src) {
			return
		}
		if src[at] == unset {
			src[at] = s
		} else if src[at] != s {
			src[at] = srcOther
		}
	}
	if len(src) > 0 {
		src[0] = srcOther
	}
	for pc, in := range insns {
		s := src[pc]
		if s == unset { // unreachable
			s = srcOther
			src[pc] = s
		}
		switch {
		case in.Op == opcLdAbsW && in.K == 0:
			s = srcNr
		case in.Op == opcLdAbsW && in.K == 4:
			s = srcArch
		case in.Op == opcJa:
			merge(pc+1+int(in.K), s)
			continue
		case isCondJump(in.Op):
			merge(pc+1+int(in.Jt), s)
			merge(pc+1+int(in.Jf), s)
			continue
		case in.Op&0x07 == classRET:
			continue
		case in.Op&0x07 == classLD || in.Op&0x07 == classALU || in.Op == opcTxa:
			s = srcOther
		}
		merge(pc+1, s)
	}
	return src
}

// inferArch returns the arch of the first AUDIT_ARCH constant the filter
// compares with.
func inferArch(insns []bpf.RawInstruction) *abi.Arch {
	for _, in := range insns {
		if isCondJump(in.Op) && in.Op&srcX == 0 {
			if a, ok := abi.ArchByAudit(in.K); ok {
				return a
			}
		}
	}
	return nil
}

var archConstNames = map[uint32]string{
	abi.AuditArchAlpha:   "ARCH_ALPHA",
	abi.AuditArchX86_64:  "ARCH_X86_64",
	abi.AuditArchAArch64: "ARCH_AARCH64",
}

// constant renders K for a comparison with A from source src.
func constant(k uint32, src int, arch *abi.Arch) string {
	switch src {
	case srcArch:
		if n, ok := archConstNames[k]; ok {
			return n
		}
	case srcNr:
		if arch != nil {
			if n, ok := arch.SyscallName(int(k)); ok {
				return n
			}
		}
	}
	return number(k)
}

func number(k uint32) string {
	if k < 10 {
		return fmt.Sprint(k)
	}
	return fmt.Sprintf("%#x", k)
}

var aluSyms = map[uint16]string{aluADD: "+", aluSUB: "-", aluMUL: "*", aluDIV: "/", aluOR: "|", aluAND: "&", aluLSH: "<<", aluRSH: ">>", aluXOR: "^"}

// statement renders the instruction at pc.
func statement(insns []bpf.RawInstruction, pc int, src int, arch *abi.Arch) string {
	in := insns[pc]
	k := in.K
	rawForm := fmt.Sprintf(".insn %#04x, %d, %d, %#x", in.Op, in.Jt, in.Jf, in.K)
	if !classicAllowed(in.Op) {
		return rawForm
	}
	// Fields the instruction ignores must be zero to be omitted.
	if !isCondJump(in.Op) && (in.Jt != 0 || in.Jf != 0) {
		return rawForm
	}
	switch in.Op {
	case opcLdMem, opcLdxMem, opcSt, opcStx:
		if k >= memWords {
			return rawForm
		}
	}
	switch in.Op {
	case opcLdAbsW:
		switch {
		case k == 0:
			return "A = sys_number"
		case k == 4:
			return "A = arch"
		case k == 8:
			return "A = instruction_pointer"
		case k == 12:
			return "A = instruction_pointer >> 32"
		case k >= 16 && k < dataSize && k&3 == 0:
			if k&4 != 0 {
				return fmt.Sprintf("A = args[%d] >> 32", (k-16)/8)
			}
			return fmt.Sprintf("A = args[%d]", (k-16)/8)
		}
		return fmt.Sprintf("A = data[%s]", number(k))
	case opcLdLen, opcLdxLen, opcNeg, opcTax, opcTxa, opcRetA:
		if k != 0 {
			return rawForm
		}
		return map[uint16]string{opcLdLen: "A = len", opcLdxLen: "X = len", opcNeg: "A = -A", opcTax: "X = A", opcTxa: "A = X", opcRetA: "return A"}[in.Op]
	case opcLdImm:
		return "A = " + number(k)
	case opcLdxImm:
		return "X = " + number(k)
	case opcLdMem:
		return fmt.Sprintf("A = mem[%d]", k)
	case opcLdxMem:
		return fmt.Sprintf("X = mem[%d]", k)
	case opcSt:
		return fmt.Sprintf("mem[%d] = A", k)
	case opcStx:
		return fmt.Sprintf("mem[%d] = X", k)
	case opcRetK:
		return "return " + retString(k)
	case opcJa:
		if uint64(pc)+1+uint64(k) >= uint64(len(insns)) {
			return rawForm
		}
		return "goto " + labelName(pc+1+int(k))
	}
	switch in.Op & 0x07 {
	case classALU:
		if in.Op&0xf0 == aluMOD || (in.Op&srcX != 0 && k != 0) {
			return rawForm
		}
		if in.Op&srcX != 0 {
			return fmt.Sprintf("A %s= X", aluSyms[in.Op&0xf0])
		}
		return fmt.Sprintf("A %s= %s", aluSyms[in.Op&0xf0], number(k))
	case classJMP:
		if !condEncodable(insns, pc) {
			return rawForm
		}
		if in.Op&0xf0 != jmpJEQ {
			src = srcOther // names only for equality tests
		}
		return condString(in, pc, constant(k, src, arch))
	}
	return rawForm // LD|H|ABS and the other classic-only loads
}

// condForms holds each condition's positive and negated form.
var condForms = map[uint16][2]string{
	jmpJEQ: {"A == %s", "A != %s"}, jmpJGT: {"A > %s", "A <= %s"},
	jmpJGE: {"A >= %s", "A < %s"}, jmpJSET: {"A & %s", "!(A & %s)"},
}

// condString renders a conditional jump; the shape depends on which of jt/jf
// is the fall-through so that Assemble reproduces them exactly.
func condString(in bpf.RawInstruction, pc int, kstr string) string {
	opnd := kstr
	if in.Op&srcX != 0 {
		opnd = "X"
	}
	forms := condForms[in.Op&0xf0]
	pos, neg := forms[0], forms[1]
	t, f := labelName(pc+1+int(in.Jt)), labelName(pc+1+int(in.Jf))
	switch {
	case in.Jt != 0 && in.Jf == 0:
		return fmt.Sprintf("if ("+pos+") goto %s", opnd, t)
	case in.Jt == 0 && in.Jf != 0:
		return fmt.Sprintf("if ("+neg+") goto %s", opnd, f)
	}
	return fmt.Sprintf("if ("+pos+") goto %s else goto %s", opnd, t, f)
}

// retString renders a RET|K value.
func retString(k uint32) string {
	switch k & abi.SeccompRetActionFull {
	case abi.SeccompRetErrno, abi.SeccompRetTrap, abi.SeccompRetTrace:
		return ActionString(k)
	case abi.SeccompRetAllow, abi.SeccompRetLog, abi.SeccompRetUserNotif, abi.SeccompRetKillThread, abi.SeccompRetKillProcess:
		if k&abi.SeccompRetData == 0 {
			return ActionString(k)
		}
	}
	return fmt.Sprintf("%#x", k)
}
