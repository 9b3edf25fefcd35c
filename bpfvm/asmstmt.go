package bpfvm

import (
	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// Statement parsers of the assembler (the grammar is in disasm.go).

var aluOpsBySym = map[string]uint16{"+=": aluADD, "-=": aluSUB, "*=": aluMUL, "/=": aluDIV, "|=": aluOR, "&=": aluAND, "<<=": aluLSH, ">>=": aluRSH, "^=": aluXOR}

func (p *asmParser) statement() (asmInsn, error) {
	switch t := p.next(); t {
	case "A":
		op := p.next()
		if op == "=" {
			in, err := p.loadA()
			return asmInsn{in: in}, err
		}
		aop, ok := aluOpsBySym[op]
		if !ok {
			return asmInsn{}, p.errf("expected an assignment to A, found %q", op)
		}
		if p.peek() == "X" {
			p.pos++
			return asmInsn{in: bpf.RawInstruction{Op: classALU | aop | srcX}}, nil
		}
		k, err := p.konst()
		return asmInsn{in: bpf.RawInstruction{Op: classALU | aop | srcK, K: k}}, err
	case "X":
		if err := p.expect("="); err != nil {
			return asmInsn{}, err
		}
		switch p.peek() {
		case "len":
			p.pos++
			return asmInsn{in: bpf.RawInstruction{Op: opcLdxLen}}, nil
		case "A":
			p.pos++
			return asmInsn{in: bpf.RawInstruction{Op: opcTax}}, nil
		case "mem":
			p.pos++
			k, err := p.index(memWords)
			return asmInsn{in: bpf.RawInstruction{Op: opcLdxMem, K: k}}, err
		}
		k, err := p.konst()
		return asmInsn{in: bpf.RawInstruction{Op: opcLdxImm, K: k}}, err
	case "mem":
		k, err := p.index(memWords)
		if err != nil {
			return asmInsn{}, err
		}
		if err := p.expect("="); err != nil {
			return asmInsn{}, err
		}
		switch r := p.next(); r {
		case "A":
			return asmInsn{in: bpf.RawInstruction{Op: opcSt, K: k}}, nil
		case "X":
			return asmInsn{in: bpf.RawInstruction{Op: opcStx, K: k}}, nil
		default:
			return asmInsn{}, p.errf("expected A or X, found %q", r)
		}
	case "goto":
		l, err := p.label()
		return asmInsn{in: bpf.RawInstruction{Op: opcJa}, ja: l}, err
	case "if":
		return p.cond()
	case "return":
		return p.ret()
	case ".":
		if err := p.expect("insn"); err != nil {
			return asmInsn{}, err
		}
		var v [4]uint32
		for i := range v {
			if i > 0 {
				if err := p.expect(","); err != nil {
					return asmInsn{}, err
				}
			}
			n, err := p.number()
			if err != nil {
				return asmInsn{}, err
			}
			v[i] = n
		}
		if v[0] > 0xffff || v[1] > 0xff || v[2] > 0xff {
			return asmInsn{}, p.errf(".insn code must fit 16 bits and jt, jf 8 bits")
		}
		return asmInsn{in: bpf.RawInstruction{Op: uint16(v[0]), Jt: uint8(v[1]), Jf: uint8(v[2]), K: v[3]}, raw: true}, nil
	case "":
		return asmInsn{}, p.errf("empty statement")
	default:
		return asmInsn{}, p.errf("unknown statement starting with %q", t)
	}
}

// loadA parses the right-hand side of "A =".
func (p *asmParser) loadA() (bpf.RawInstruction, error) {
	ld := func(off uint32) (bpf.RawInstruction, error) {
		return bpf.RawInstruction{Op: opcLdAbsW, K: off}, nil
	}
	high := func() bool {
		if p.peek() == ">>" && p.pos+1 < len(p.toks) && p.toks[p.pos+1] == "32" {
			p.pos += 2
			return true
		}
		return false
	}
	switch t := p.peek(); t {
	case "sys_number":
		p.pos++
		return ld(0)
	case "arch":
		p.pos++
		return ld(4)
	case "instruction_pointer":
		p.pos++
		if high() {
			return ld(12)
		}
		return ld(8)
	case "args":
		p.pos++
		i, err := p.index(6)
		if err != nil {
			return bpf.RawInstruction{}, err
		}
		if high() {
			return ld(20 + 8*i)
		}
		return ld(16 + 8*i)
	case "data":
		p.pos++
		off, err := p.bracket()
		return bpf.RawInstruction{Op: opcLdAbsW, K: off}, err
	case "len":
		p.pos++
		return bpf.RawInstruction{Op: opcLdLen}, nil
	case "mem":
		p.pos++
		k, err := p.index(memWords)
		return bpf.RawInstruction{Op: opcLdMem, K: k}, err
	case "X":
		p.pos++
		return bpf.RawInstruction{Op: opcTxa}, nil
	case "-":
		p.pos++
		return bpf.RawInstruction{Op: opcNeg}, p.expect("A")
	}
	k, err := p.konst()
	return bpf.RawInstruction{Op: opcLdImm, K: k}, err
}

func (p *asmParser) label() (string, error) {
	t := p.next()
	if !isIdent(t) {
		return "", p.errf("expected a label, found %q", t)
	}
	return t, nil
}

var condsBySym = map[string]struct {
	op  uint16
	neg bool
}{
	"==": {jmpJEQ, false}, "!=": {jmpJEQ, true}, ">": {jmpJGT, false}, "<=": {jmpJGT, true},
	">=": {jmpJGE, false}, "<": {jmpJGE, true}, "&": {jmpJSET, false},
}

// cond parses "( cond ) goto L [else goto L]" after "if".
func (p *asmParser) cond() (asmInsn, error) {
	if err := p.expect("("); err != nil {
		return asmInsn{}, err
	}
	neg := false
	var op uint16
	if p.peek() == "!" {
		p.pos++
		if err := p.expect("(", "A", "&"); err != nil {
			return asmInsn{}, err
		}
		op, neg = jmpJSET, true
	} else {
		if err := p.expect("A"); err != nil {
			return asmInsn{}, err
		}
		c, ok := condsBySym[p.next()]
		if !ok {
			return asmInsn{}, p.errf("expected a comparison (== != > >= < <= &)")
		}
		op, neg = c.op, c.neg
	}
	in := bpf.RawInstruction{Op: classJMP | op}
	if p.peek() == "X" {
		p.pos++
		in.Op |= srcX
	} else {
		k, err := p.konst()
		if err != nil {
			return asmInsn{}, err
		}
		in.K = k
	}
	if neg && op == jmpJSET {
		if err := p.expect(")"); err != nil {
			return asmInsn{}, err
		}
	}
	if err := p.expect(")", "goto"); err != nil {
		return asmInsn{}, err
	}
	first, err := p.label()
	if err != nil {
		return asmInsn{}, err
	}
	second := ""
	if p.peek() == "else" {
		p.pos++
		if err := p.expect("goto"); err != nil {
			return asmInsn{}, err
		}
		if second, err = p.label(); err != nil {
			return asmInsn{}, err
		}
	}
	// first is where the written condition leads; second (or the next
	// instruction) is where its negation leads.
	if neg {
		return asmInsn{in: in, jt: second, jf: first}, nil
	}
	return asmInsn{in: in, jt: first, jf: second}, nil
}

var retNames = map[string]uint32{
	"ALLOW": abi.SeccompRetAllow, "LOG": abi.SeccompRetLog, "USER_NOTIF": abi.SeccompRetUserNotif,
	"KILL_THREAD": abi.SeccompRetKillThread, "KILL_PROCESS": abi.SeccompRetKillProcess, "KILL": abi.SeccompRetKillProcess,
}

var retDataNames = map[string]uint32{"ERRNO": abi.SeccompRetErrno, "TRAP": abi.SeccompRetTrap, "TRACE": abi.SeccompRetTrace}

func (p *asmParser) ret() (asmInsn, error) {
	t := p.peek()
	if t == "A" {
		p.pos++
		return asmInsn{in: bpf.RawInstruction{Op: opcRetA}}, nil
	}
	if v, ok := retNames[t]; ok {
		p.pos++
		return asmInsn{in: bpf.RawInstruction{Op: opcRetK, K: v}}, nil
	}
	if v, ok := retDataNames[t]; ok {
		p.pos++
		if err := p.expect("("); err != nil {
			return asmInsn{}, err
		}
		d, err := p.number()
		if err != nil {
			return asmInsn{}, err
		}
		if d > abi.SeccompRetData {
			return asmInsn{}, p.errf("%s data %d does not fit 16 bits", t, d)
		}
		return asmInsn{in: bpf.RawInstruction{Op: opcRetK, K: v | d}}, p.expect(")")
	}
	k, err := p.konst()
	return asmInsn{in: bpf.RawInstruction{Op: opcRetK, K: k}}, err
}
