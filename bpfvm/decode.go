package bpfvm

import "golang.org/x/net/bpf"

// op is the dense internal opcode of a pre-decoded instruction.
type op uint8

// Internal opcodes. Loads from seccomp_data are split by field so Run never
// decodes an offset; conditional jumps come in three shapes: both targets
// explicit, true-only (false falls through) and false-only (true falls
// through), so the common fall-through path is a plain pc++.
const (
	opRetK op = iota
	opRetA
	opLdNr
	opLdArch
	opLdIPLo
	opLdIPHi
	opLdArgLo // k = argument index
	opLdArgHi // k = argument index
	opLdImm
	opLdxImm
	opLdMem
	opLdxMem
	opSt
	opStx
	opAddK
	opSubK
	opMulK
	opDivK
	opOrK
	opAndK
	opLshK
	opRshK
	opXorK
	opAddX
	opSubX
	opMulX
	opDivX
	opOrX
	opAndX
	opLshX
	opRshX
	opXorX
	opNeg
	opTax
	opTxa
	opJa // jt = target
	opJeqK
	opJgtK
	opJgeK
	opJsetK
	opJeqX
	opJgtX
	opJgeX
	opJsetX
	opJeqKT
	opJgtKT
	opJgeKT
	opJsetKT
	opJeqXT
	opJgtXT
	opJgeXT
	opJsetXT
	opJeqKF
	opJgtKF
	opJgeKF
	opJsetKF
	opJeqXF
	opJgtXF
	opJgeXF
	opJsetXF
	// Ops below exist only in Run's fused form (see fuse).

	// opJeqRunT heads a run of jf consecutive opJeqKT instructions (a linear
	// allow-list): Run compares A with each k in a tight loop.
	opJeqRunT
	// opLdRunT loads seccomp_data word w and runs the opJeqRunT run of jf
	// instructions that follows it.
	opLdRunT
	// opLdJ* load seccomp_data word w, then jump like the K-form
	// conditional jump that follows (k, jt, jf are that jump's), in its
	// three shapes; the fall-through is pc+2.
	opLdJeqK
	opLdJgtK
	opLdJgeK
	opLdJsetK
	opLdJeqKT
	opLdJgtKT
	opLdJgeKT
	opLdJsetKT
	opLdJeqKF
	opLdJgtKF
	opLdJgeKF
	opLdJsetKF
)

// insn is a pre-decoded instruction; jt and jf are absolute targets.
type insn struct {
	op     op
	w      uint8 // fused loads: the seccomp_data word index (offset / 4)
	jt, jf uint16
	k      uint32
}

// aluDecode maps an ALU operation to its K-form internal opcode; the X form
// is at a fixed distance.
var aluDecode = map[uint16]op{
	aluADD: opAddK, aluSUB: opSubK, aluMUL: opMulK, aluDIV: opDivK, aluOR: opOrK,
	aluAND: opAndK, aluLSH: opLshK, aluRSH: opRshK, aluXOR: opXorK,
}

const aluXDelta = opAddX - opAddK

// jmpDecode maps a condition to its K-form, both-targets internal opcode.
var jmpDecode = map[uint16]op{jmpJEQ: opJeqK, jmpJGT: opJgtK, jmpJGE: opJgeK, jmpJSET: opJsetK}

const (
	jmpXDelta = opJeqX - opJeqK
	jmpTDelta = opJeqKT - opJeqK
	jmpFDelta = opJeqKF - opJeqK
)

// decode translates a validated program into the internal form, applying
// seccomp_check_filter's rewrites (LEN → 64).
func decode(prog []bpf.RawInstruction) []insn {
	out := make([]insn, len(prog))
	for pc, in := range prog {
		d := insn{k: in.K}
		switch in.Op {
		case opcRetK:
			d.op = opRetK
		case opcRetA:
			d.op = opRetA
		case opcLdAbsW:
			switch {
			case in.K == 0:
				d.op = opLdNr
			case in.K == 4:
				d.op = opLdArch
			case in.K == 8:
				d.op = opLdIPLo
			case in.K == 12:
				d.op = opLdIPHi
			case in.K&4 == 0:
				d.op, d.k = opLdArgLo, (in.K-16)/8
			default:
				d.op, d.k = opLdArgHi, (in.K-16)/8
			}
		case opcLdLen:
			d.op, d.k = opLdImm, dataSize
		case opcLdxLen:
			d.op, d.k = opLdxImm, dataSize
		case opcLdImm:
			d.op = opLdImm
		case opcLdxImm:
			d.op = opLdxImm
		case opcLdMem:
			d.op = opLdMem
		case opcLdxMem:
			d.op = opLdxMem
		case opcSt:
			d.op = opSt
		case opcStx:
			d.op = opStx
		case opcNeg:
			d.op = opNeg
		case opcTax:
			d.op = opTax
		case opcTxa:
			d.op = opTxa
		case opcJa:
			d.op, d.jt = opJa, uint16(pc+1+int(in.K))
		default:
			switch in.Op & 0x07 {
			case classALU:
				d.op = aluDecode[in.Op&0xf0]
				if in.Op&srcX != 0 {
					d.op += aluXDelta
				}
			case classJMP:
				d = decodeCond(pc, in)
			}
		}
		out[pc] = d
	}
	return out
}

func decodeCond(pc int, in bpf.RawInstruction) insn {
	base := jmpDecode[in.Op&0xf0]
	if in.Op&srcX != 0 {
		base += jmpXDelta
	}
	d := insn{k: in.K, jt: uint16(pc + 1 + int(in.Jt)), jf: uint16(pc + 1 + int(in.Jf))}
	switch {
	case in.Jt == in.Jf:
		d.op = opJa
	case in.Jf == 0:
		d.op = base + jmpTDelta
	case in.Jt == 0:
		d.op = base + jmpFDelta
	default:
		d.op = base
	}
	return d
}

// fuse returns a copy of prog for Run with superinstructions:
//
//   - runs of two or more consecutive "if (A == k) goto t" (false falls
//     through) are headed by opJeqRunT;
//   - on little-endian hosts, a load from seccomp_data followed by a K-form
//     conditional jump (or a run) becomes one opLdJ* (or opLdRunT).
//
// Only the head of each pattern changes, so a jump into the middle still
// finds the plain instructions there.
func fuse(prog []insn, orig []bpf.RawInstruction) []insn {
	out := append([]insn(nil), prog...)
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && out[j].op == opJeqKT {
			j++
		}
		if j-i >= 2 {
			out[i].op, out[i].jf = opJeqRunT, uint16(j-i)
		}
		i = max(j, i+1)
	}
	if !wordsLE {
		return out
	}
	for pc := 0; pc+1 < len(out); pc++ {
		if orig[pc].Op != opcLdAbsW {
			continue
		}
		next := out[pc+1]
		w := uint8(orig[pc].K / 4)
		next.w = w
		switch {
		case next.op == opJeqRunT:
			out[pc] = insn{op: opLdRunT, w: w, jf: next.jf}
		case next.op >= opJeqK && next.op <= opJsetK:
			next.op = next.op - opJeqK + opLdJeqK
			out[pc] = next
		case next.op >= opJeqKT && next.op <= opJsetKT:
			next.op = next.op - opJeqKT + opLdJeqKT
			out[pc] = next
		case next.op >= opJeqKF && next.op <= opJsetKF:
			next.op = next.op - opJeqKF + opLdJeqKF
			out[pc] = next
		}
	}
	return out
}
