package bpfvm

// absVal is an abstract 32-bit value: a known constant or unknown.
type absVal struct {
	v     uint32
	known bool
}

func (a absVal) join(b absVal) absVal {
	if a.known && b.known && a.v == b.v {
		return a
	}
	return absVal{}
}

// absState is the abstract machine state at one instruction.
type absState struct {
	gen  uint32 // the state is live for the current analysis iff gen matches
	a, x absVal
	m    [memWords]absVal
}

// analyzer proves, for a given syscall number and arch, whether a program's
// result is the same constant for every instruction pointer and argument
// values. It interprets the program over absVal, merging states where paths
// meet (programs only jump forward, so one pass in program order visits every
// state after all its predecessors). Merging loses precision but never
// soundness: a verdict is reported constant only if every return reachable
// in the over-approximation yields the same value.
type analyzer struct {
	prog    []insn
	states  []absState
	gen     uint32
	usesMem bool // the program has scratch-memory instructions (else m is never merged)
}

func newAnalyzer(p *Program) *analyzer {
	z := &analyzer{prog: p.insns, states: make([]absState, len(p.insns))}
	for _, in := range p.insns {
		switch in.op {
		case opLdMem, opLdxMem, opSt, opStx:
			z.usesMem = true
		}
	}
	return z
}

// constResult returns the program's result for (nr, arch) if it does not
// depend on the instruction pointer or the arguments.
func (z *analyzer) constResult(nr int32, arch uint32) (ret uint32, ok bool) {
	z.gen++
	var out outcome
	st := &z.states[0]
	*st = absState{gen: z.gen, a: absVal{0, true}, x: absVal{0, true}} // A and X start at 0
	for pc := range z.prog {
		s := &z.states[pc]
		if s.gen != z.gen {
			continue
		}
		a, x := s.a, s.x
		in := &z.prog[pc]
		switch in.op {
		case opRetK:
			if !out.add(in.k) {
				return 0, false
			}
			continue
		case opRetA:
			if !a.known || !out.add(a.v) {
				return 0, false
			}
			continue
		case opLdNr:
			a = absVal{uint32(nr), true}
		case opLdArch:
			a = absVal{arch, true}
		case opLdIPLo, opLdIPHi, opLdArgLo, opLdArgHi:
			a = absVal{}
		case opLdImm:
			a = absVal{in.k, true}
		case opLdxImm:
			x = absVal{in.k, true}
		case opLdMem:
			a = s.m[in.k&(memWords-1)]
		case opLdxMem:
			x = s.m[in.k&(memWords-1)]
		case opSt:
			s.m[in.k&(memWords-1)] = a
		case opStx:
			s.m[in.k&(memWords-1)] = x
		case opTax:
			x = a
		case opTxa:
			a = x
		case opNeg:
			if a.known {
				a.v = -a.v
			}
		case opDivX:
			if !x.known || x.v == 0 {
				// Division by zero ends the program with 0.
				if !out.add(0) {
					return 0, false
				}
				if x.known {
					continue
				}
			}
			a = aluAbs(in.op, a, x)
		case opJa:
			z.merge(int(in.jt), s, a, x)
			continue
		default:
			if in.op >= opAddK && in.op <= opXorX {
				k := absVal{in.k, true}
				if in.op >= opAddX {
					k = x
				}
				a = aluAbs(in.op, a, k)
				break
			}
			// Conditional jump.
			t, f := jumpTargets(pc, in)
			switch taken, known := condAbs(in.op, a, x, in.k); {
			case !known:
				z.merge(t, s, a, x)
				z.merge(f, s, a, x)
			case taken:
				z.merge(t, s, a, x)
			default:
				z.merge(f, s, a, x)
			}
			continue
		}
		z.merge(pc+1, s, a, x)
	}
	return out.v, out.set
}

// merge joins the state (s.m, a, x) into the state at target.
func (z *analyzer) merge(target int, s *absState, a, x absVal) {
	t := &z.states[target]
	if t.gen != z.gen {
		t.gen, t.a, t.x = z.gen, a, x
		if z.usesMem {
			t.m = s.m
		}
		return
	}
	t.a, t.x = t.a.join(a), t.x.join(x)
	if !z.usesMem {
		return
	}
	for i := range t.m {
		t.m[i] = t.m[i].join(s.m[i])
	}
}

// outcome collects the results of the reachable returns.
type outcome struct {
	v   uint32
	set bool
}

// add records a possible result and reports whether all results so far agree.
func (o *outcome) add(v uint32) bool {
	if !o.set {
		o.v, o.set = v, true
		return true
	}
	return o.v == v
}

// aluAbs applies an ALU operation (K or X form) abstractly; b is the operand.
func aluAbs(o op, a, b absVal) absVal {
	if o >= opAddX {
		o -= aluXDelta
	}
	// Results that do not depend on an unknown A.
	if b.known && b.v == 0 && (o == opAndK || o == opMulK) {
		return absVal{0, true}
	}
	if b.known && b.v == 0xffffffff && o == opOrK {
		return absVal{0xffffffff, true}
	}
	if !a.known || !b.known {
		return absVal{}
	}
	v, w := a.v, b.v
	switch o {
	case opAddK:
		v += w
	case opSubK:
		v -= w
	case opMulK:
		v *= w
	case opDivK:
		v /= w // w != 0: constant divisors are validated, X == 0 is handled by the caller
	case opOrK:
		v |= w
	case opAndK:
		v &= w
	case opLshK:
		v <<= w & 31
	case opRshK:
		v >>= w & 31
	case opXorK:
		v ^= w
	}
	return absVal{v, true}
}

// jumpTargets returns the true and false targets of a conditional jump in
// any of its three decoded shapes.
func jumpTargets(pc int, in *insn) (t, f int) {
	switch {
	case in.op >= opJeqKF:
		return pc + 1, int(in.jf)
	case in.op >= opJeqKT:
		return int(in.jt), pc + 1
	}
	return int(in.jt), int(in.jf)
}

// condAbs evaluates a conditional jump's condition abstractly.
func condAbs(o op, a, x absVal, k uint32) (taken, known bool) {
	switch {
	case o >= opJeqKF:
		o -= jmpFDelta
	case o >= opJeqKT:
		o -= jmpTDelta
	}
	b := absVal{k, true}
	if o >= opJeqX {
		o -= jmpXDelta
		b = x
	}
	if o == opJsetK && b.known && b.v == 0 {
		return false, true
	}
	if !a.known || !b.known {
		return false, false
	}
	switch o {
	case opJeqK:
		return a.v == b.v, true
	case opJgtK:
		return a.v > b.v, true
	case opJgeK:
		return a.v >= b.v, true
	}
	return a.v&b.v != 0, true
}
