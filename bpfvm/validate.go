package bpfvm

import (
	"fmt"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// ValidationError is the reason Load rejects a program, as the kernel would
// reject it in seccomp(SECCOMP_SET_MODE_FILTER).
//
// Errno uses Alpha numbering (abi.Errno); the values the loader produces
// (EINVAL 22, ENOMEM 12) are the same on every Linux architecture, so they can
// be compared directly with a host kernel's errno.
type ValidationError struct {
	Index int       // instruction index, or -1 when the program as a whole is at fault
	Rule  string    // the rule that was broken
	Errno abi.Errno // what the kernel returns
}

// Error implements error.
func (e *ValidationError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("invalid seccomp filter: %s (%s)", e.Rule, e.Errno)
	}
	return fmt.Sprintf("invalid seccomp filter: instruction %d: %s (%s)", e.Index, e.Rule, e.Errno)
}

func invalid(index int, format string, args ...any) *ValidationError {
	return &ValidationError{Index: index, Rule: fmt.Sprintf(format, args...), Errno: abi.EINVAL}
}

// classicAllowed reports whether code is an opcode bpf_check_classic knows
// (chk_code_allowed in net/core/filter.c).
func classicAllowed(code uint16) bool {
	switch code {
	case opcLdAbsW, opcLdAbsH, opcLdAbsB, opcLdLen, opcLdIndW, opcLdIndH, opcLdIndB,
		opcLdImm, opcLdMem, opcLdxLen, opcLdxMsh, opcLdxImm, opcLdxMem,
		opcSt, opcStx, opcTax, opcTxa, opcRetK, opcRetA, opcJa, opcNeg,
		classALU | aluMOD | srcK, classALU | aluMOD | srcX:
		return true
	}
	return isALUOrCondJump(code)
}

// seccompAllowed reports whether code survives seccomp_check_filter's
// allow-list (LD|W|ABS and the LEN forms are checked separately).
func seccompAllowed(code uint16) bool {
	switch code {
	case opcLdAbsW, opcLdLen, opcLdxLen, opcRetK, opcRetA, opcNeg, opcLdImm, opcLdxImm,
		opcTax, opcTxa, opcLdMem, opcLdxMem, opcSt, opcStx, opcJa:
		return true
	}
	return isALUOrCondJump(code)
}

// isALUOrCondJump reports whether code is one of the ALU operations (other
// than MOD) or conditional jumps, with a K or X operand: both allow-lists
// accept all of them.
func isALUOrCondJump(code uint16) bool {
	for _, op := range aluOps {
		if code == classALU|op|srcK || code == classALU|op|srcX {
			return true
		}
	}
	for _, c := range jmpConds {
		if code == classJMP|c|srcK || code == classJMP|c|srcX {
			return true
		}
	}
	return false
}

func isCondJump(code uint16) bool {
	return code&0x07 == classJMP && code != opcJa
}

// validate applies the kernel's checks in the kernel's order: the length
// check, bpf_check_classic (per-instruction checks, last instruction RET,
// scratch-memory read-before-write), then seccomp_check_filter.
func validate(insns []bpf.RawInstruction) *ValidationError {
	n := len(insns)
	if n == 0 || n > maxInsns {
		return &ValidationError{Index: -1, Rule: fmt.Sprintf("program length %d is not in 1..%d", n, maxInsns), Errno: abi.EINVAL}
	}
	for pc, in := range insns {
		if !classicAllowed(in.Op) {
			return invalid(pc, "unknown classic BPF opcode %#x", in.Op)
		}
		switch in.Op {
		case opcDivK, opcModK:
			if in.K == 0 {
				return invalid(pc, "constant division by zero")
			}
		case opcLshK, opcRshK:
			if in.K >= 32 {
				return invalid(pc, "constant shift by %d (must be < 32)", in.K)
			}
		case opcLdMem, opcLdxMem, opcSt, opcStx:
			if in.K >= memWords {
				return invalid(pc, "scratch memory index %d (must be < %d)", in.K, memWords)
			}
		case opcJa:
			if in.K >= uint32(n-pc-1) {
				return invalid(pc, "jump offset %d leaves the program", in.K)
			}
		case opcLdAbsW, opcLdAbsH, opcLdAbsB:
			if in.K >= skfAdOff && (in.K-skfAdOff >= skfAdMax || in.K&3 != 0) {
				return invalid(pc, "unknown ancillary load offset %#x", in.K)
			}
		default:
			if isCondJump(in.Op) && (pc+int(in.Jt)+1 >= n || pc+int(in.Jf)+1 >= n) {
				return invalid(pc, "conditional jump (jt %d, jf %d) leaves the program", in.Jt, in.Jf)
			}
		}
	}
	if last := insns[n-1].Op; last != opcRetK && last != opcRetA {
		return invalid(n-1, "last instruction is not a return")
	}
	if err := checkLoadAndStores(insns); err != nil {
		return err
	}
	for pc, in := range insns {
		if in.Op == opcLdAbsW {
			if in.K >= dataSize || in.K&3 != 0 {
				return invalid(pc, "load offset %d is not a 4-aligned offset inside seccomp_data", in.K)
			}
			continue
		}
		if !seccompAllowed(in.Op) {
			return invalid(pc, "opcode %#x (%s) is not allowed in seccomp filters", in.Op, opcodeName(in.Op))
		}
	}
	return nil
}

// checkLoadAndStores rejects a program that may read a scratch cell before
// writing it, with the kernel's single forward pass: validity flows through
// straight-line code (including past RET) and is intersected at jump targets;
// after a jump the fall-through is considered fully valid.
func checkLoadAndStores(insns []bpf.RawInstruction) *ValidationError {
	masks := make([]uint16, len(insns))
	for i := range masks {
		masks[i] = 0xffff
	}
	var valid uint16
	for pc, in := range insns {
		valid &= masks[pc]
		switch {
		case in.Op == opcSt || in.Op == opcStx:
			valid |= 1 << in.K
		case in.Op == opcLdMem || in.Op == opcLdxMem:
			if valid&(1<<in.K) == 0 {
				return invalid(pc, "scratch memory M[%d] may be read before it is written", in.K)
			}
		case in.Op == opcJa:
			masks[pc+1+int(in.K)] &= valid
			valid = 0xffff
		case isCondJump(in.Op):
			masks[pc+1+int(in.Jt)] &= valid
			masks[pc+1+int(in.Jf)] &= valid
			valid = 0xffff
		}
	}
	return nil
}

// opcodeName names an opcode the way the kernel's headers spell it.
func opcodeName(code uint16) string {
	switch code {
	case opcLdAbsH:
		return "LD|H|ABS"
	case opcLdAbsB:
		return "LD|B|ABS"
	case opcLdIndW:
		return "LD|W|IND"
	case opcLdIndH:
		return "LD|H|IND"
	case opcLdIndB:
		return "LD|B|IND"
	case opcLdxMsh:
		return "LDX|B|MSH"
	case classALU | aluMOD | srcK:
		return "ALU|MOD|K"
	case classALU | aluMOD | srcX:
		return "ALU|MOD|X"
	}
	return "classic BPF"
}
