package bpfvm

import "golang.org/x/net/bpf"

// convertedLen returns the length of the eBPF program the kernel's
// bpf_convert_filter makes of a validated seccomp filter. The kernel's
// path limit (MAX_INSNS_PER_PATH) counts these lengths, not the classic
// ones. The translation emits a 3-instruction prologue (zero A, zero X, save
// the context pointer) and per classic instruction:
//
//   - RET K: 2 (mov r0, k; exit); RET A: 1 (A is r0);
//   - ALU DIV/MOD by X: 5 (a zero check that returns 0, then the division);
//   - conditional jump: 1, plus 1 to materialise a K with bit 31 set, plus 1
//     (a JA) unless jf == 0, or jt == 0 with JEQ/JGT/JGE (which invert);
//   - everything else: 1.
func convertedLen(prog []bpf.RawInstruction) int {
	n := 3
	for _, in := range prog {
		switch {
		case in.Op == opcRetK:
			n += 2
		case in.Op == classALU|aluDIV|srcX:
			n += 5
		case isCondJump(in.Op):
			n++
			if in.Op&srcX == 0 && int32(in.K) < 0 {
				n++
			}
			if in.Jf != 0 && (in.Jt != 0 || in.Op&0xf0 == jmpJSET) {
				n++
			}
		default:
			n++
		}
	}
	return n
}
