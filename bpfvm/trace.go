package bpfvm

// Trace evaluates the program like Run and also returns the indexes of the
// instructions executed, in order. It is meant for tools (axpsec emu), not
// for the hot path: it allocates and reuses the analyser's operators.
func (p *Program) Trace(d *SeccompData) (ret uint32, path []int) {
	var a, x uint32
	var m [memWords]uint32
	known := func(v uint32) absVal { return absVal{v, true} }
	for pc := 0; ; {
		path = append(path, pc)
		in := &p.insns[pc]
		next := pc + 1
		switch in.op {
		case opRetK:
			return in.k, path
		case opRetA:
			return a, path
		case opLdNr, opLdArch, opLdIPLo, opLdIPHi, opLdArgLo, opLdArgHi:
			a = d.Word(p.orig[pc].K)
		case opLdImm:
			a = in.k
		case opLdxImm:
			x = in.k
		case opLdMem:
			a = m[in.k&(memWords-1)]
		case opLdxMem:
			x = m[in.k&(memWords-1)]
		case opSt:
			m[in.k&(memWords-1)] = a
		case opStx:
			m[in.k&(memWords-1)] = x
		case opTax:
			x = a
		case opTxa:
			a = x
		case opNeg:
			a = -a
		case opJa:
			next = int(in.jt)
		default:
			if in.op >= opAddK && in.op <= opXorX {
				b := in.k
				if in.op >= opAddX {
					b = x
				}
				if in.op == opDivX && x == 0 {
					return 0, path
				}
				a = aluAbs(in.op, known(a), known(b)).v
				break
			}
			t, f := jumpTargets(pc, in)
			if taken, _ := condAbs(in.op, known(a), known(x), in.k); taken {
				next = t
			} else {
				next = f
			}
		}
		pc = next
	}
}
