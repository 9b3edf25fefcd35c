package bpfvm

// Run evaluates the program on d with the kernel's runtime semantics and
// returns the filter's 32-bit result. It does not allocate.
//
// A and X start at 0; arithmetic is 32-bit and wrapping; division by X == 0
// ends the program with 0 (SECCOMP_RET_KILL_THREAD); shifts by X use X & 31
// as the kernel's interpreter does.
func (p *Program) Run(d *SeccompData) uint32 {
	var a, x uint32
	var m [memWords]uint32
	prog := p.fast
	pc := 0
loop:
	for {
		in := &prog[pc]
		switch in.op {
		case opLdJeqKT:
			a = words(d)[in.w&15]
			if a == in.k {
				pc = int(in.jt)
				continue
			}
			pc += 2
			continue
		case opLdJeqKF:
			a = words(d)[in.w&15]
			if a != in.k {
				pc = int(in.jf)
				continue
			}
			pc += 2
			continue
		case opJeqRunT:
			end := pc + int(in.jf)
			for i := pc; i < end; i++ {
				if a == prog[i].k {
					pc = int(prog[i].jt)
					if t := &prog[pc]; t.op == opRetK {
						return t.k // the usual allow-list hit: skip a dispatch
					}
					continue loop
				}
			}
			if t := &prog[end]; t.op == opRetK {
				return t.k // no match, and the default follows
			}
			pc = end
			continue
		case opLdRunT:
			a = words(d)[in.w&15]
			start := pc + 1
			end := start + int(in.jf)
			for i := start; i < end; i++ {
				if a == prog[i].k {
					pc = int(prog[i].jt)
					if t := &prog[pc]; t.op == opRetK {
						return t.k
					}
					continue loop
				}
			}
			if t := &prog[end]; t.op == opRetK {
				return t.k
			}
			pc = end
			continue
		case opLdJgeKT:
			a = words(d)[in.w&15]
			if a >= in.k {
				pc = int(in.jt)
				continue
			}
			pc += 2
			continue
		case opLdJgtKT:
			a = words(d)[in.w&15]
			if a > in.k {
				pc = int(in.jt)
				continue
			}
			pc += 2
			continue
		case opLdJgtKF:
			a = words(d)[in.w&15]
			if a > in.k {
				pc += 2
				continue
			}
			pc = int(in.jf)
			continue
		case opLdJsetKT:
			a = words(d)[in.w&15]
			if a&in.k != 0 {
				pc = int(in.jt)
				continue
			}
			pc += 2
			continue
		case opLdJsetKF:
			a = words(d)[in.w&15]
			if a&in.k != 0 {
				pc += 2
				continue
			}
			pc = int(in.jf)
			continue
		case opLdJgeKF:
			a = words(d)[in.w&15]
			if a >= in.k {
				pc += 2
				continue
			}
			pc = int(in.jf)
			continue
		case opLdJeqK:
			a = words(d)[in.w&15]
			pc = pick(a == in.k, in)
			continue
		case opLdJgtK:
			a = words(d)[in.w&15]
			pc = pick(a > in.k, in)
			continue
		case opLdJgeK:
			a = words(d)[in.w&15]
			pc = pick(a >= in.k, in)
			continue
		case opLdJsetK:
			a = words(d)[in.w&15]
			pc = pick(a&in.k != 0, in)
			continue
		case opRetK:
			return in.k
		case opRetA:
			return a
		case opLdNr:
			a = uint32(d.Nr)
		case opLdArch:
			a = d.Arch
		case opLdIPLo:
			a = uint32(d.InstructionPointer)
		case opLdIPHi:
			a = uint32(d.InstructionPointer >> 32)
		case opLdArgLo:
			a = uint32(d.Args[in.k])
		case opLdArgHi:
			a = uint32(d.Args[in.k] >> 32)
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
		case opAddK:
			a += in.k
		case opSubK:
			a -= in.k
		case opMulK:
			a *= in.k
		case opDivK:
			a /= in.k
		case opOrK:
			a |= in.k
		case opAndK:
			a &= in.k
		case opLshK:
			a <<= in.k & 31
		case opRshK:
			a >>= in.k & 31
		case opXorK:
			a ^= in.k
		case opAddX:
			a += x
		case opSubX:
			a -= x
		case opMulX:
			a *= x
		case opDivX:
			if x == 0 {
				return 0
			}
			a /= x
		case opOrX:
			a |= x
		case opAndX:
			a &= x
		case opLshX:
			a <<= x & 31
		case opRshX:
			a >>= x & 31
		case opXorX:
			a ^= x
		case opNeg:
			a = -a
		case opTax:
			x = a
		case opTxa:
			a = x
		case opJa:
			pc = int(in.jt)
			continue
		case opJeqKT:
			if a == in.k {
				pc = int(in.jt)
				continue
			}
		case opJeqKF:
			if a != in.k {
				pc = int(in.jf)
				continue
			}
		case opJgtKT:
			if a > in.k {
				pc = int(in.jt)
				continue
			}
		case opJgtKF:
			if a <= in.k {
				pc = int(in.jf)
				continue
			}
		case opJgeKT:
			// Binary-search trees chain these: follow the chain here
			// instead of dispatching each node.
			for {
				if a >= in.k {
					pc = int(in.jt)
				} else {
					pc++
				}
				if in = &prog[pc]; in.op != opJgeKT {
					continue loop
				}
			}
		case opJgeKF:
			if a < in.k {
				pc = int(in.jf)
				continue
			}
		case opJsetKT:
			if a&in.k != 0 {
				pc = int(in.jt)
				continue
			}
		case opJsetKF:
			if a&in.k == 0 {
				pc = int(in.jf)
				continue
			}
		case opJeqXT:
			if a == x {
				pc = int(in.jt)
				continue
			}
		case opJeqXF:
			if a != x {
				pc = int(in.jf)
				continue
			}
		case opJgtXT:
			if a > x {
				pc = int(in.jt)
				continue
			}
		case opJgtXF:
			if a <= x {
				pc = int(in.jf)
				continue
			}
		case opJgeXT:
			if a >= x {
				pc = int(in.jt)
				continue
			}
		case opJgeXF:
			if a < x {
				pc = int(in.jf)
				continue
			}
		case opJsetXT:
			if a&x != 0 {
				pc = int(in.jt)
				continue
			}
		case opJsetXF:
			if a&x == 0 {
				pc = int(in.jf)
				continue
			}
		case opJeqK:
			pc = pick(a == in.k, in)
			continue
		case opJgtK:
			pc = pick(a > in.k, in)
			continue
		case opJgeK:
			pc = pick(a >= in.k, in)
			continue
		case opJsetK:
			pc = pick(a&in.k != 0, in)
			continue
		case opJeqX:
			pc = pick(a == x, in)
			continue
		case opJgtX:
			pc = pick(a > x, in)
			continue
		case opJgeX:
			pc = pick(a >= x, in)
			continue
		case opJsetX:
			pc = pick(a&x != 0, in)
			continue
		}
		pc++
	}
}

func pick(cond bool, in *insn) int {
	if cond {
		return int(in.jt)
	}
	return int(in.jf)
}
