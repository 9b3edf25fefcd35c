package bpfvm

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// AsmError is a syntax or resolution error in assembler input.
type AsmError struct {
	Line int // 1-based line number
	Msg  string
}

// Error implements error.
func (e *AsmError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// AsmOptions tunes Assemble.
type AsmOptions struct {
	Arch *abi.Arch // syscall names; nil: from an `# arch:` line or the first ARCH_* constant
}

// Assemble translates the text form (see Disassemble) into instructions. It
// does not validate the program; pass the result to Load for that.
func Assemble(src string, opt AsmOptions) ([]bpf.RawInstruction, error) {
	lines := strings.Split(src, "\n")
	arch := opt.Arch
	if arch == nil {
		a, err := asmArch(lines)
		if err != nil {
			return nil, err
		}
		arch = a
	}
	p := &asmParser{arch: arch, labels: map[string]int{}}
	for i, line := range lines {
		if err := p.line(i+1, line); err != nil {
			return nil, err
		}
	}
	return p.resolve()
}

// asmArch finds the arch named by an `# arch: NAME` comment or, failing
// that, by the first ARCH_* constant.
func asmArch(lines []string) (*abi.Arch, error) {
	for i, line := range lines {
		c := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(c, "#"); ok {
			if name, ok := strings.CutPrefix(strings.TrimSpace(rest), "arch:"); ok {
				a, err := abi.LookupArch(strings.TrimSpace(name))
				if err != nil {
					return nil, &AsmError{i + 1, err.Error()}
				}
				return a, nil
			}
		}
	}
	for _, line := range lines {
		code, _, _ := strings.Cut(line, "#")
		for _, a := range abi.Arches {
			if name := archConstNames[a.AuditArch]; strings.Contains(code, name) && !strings.Contains(code, name+"_") {
				return a, nil
			}
		}
	}
	return nil, nil
}

// asmInsn is an instruction whose jump targets may still be labels.
type asmInsn struct {
	in     bpf.RawInstruction
	line   int
	ja     string // label of a JA target
	jt, jf string // labels of conditional targets ("" = fall through)
	raw    bool   // .insn: offsets are taken as written
}

type asmParser struct {
	arch   *abi.Arch
	labels map[string]int
	out    []asmInsn
	toks   []string
	pos    int
	lineNo int
}

func (p *asmParser) errf(format string, args ...any) error {
	return &AsmError{p.lineNo, fmt.Sprintf(format, args...)}
}

func (p *asmParser) line(n int, text string) error {
	code, _, _ := strings.Cut(text, "#")
	toks, err := tokenize(code)
	if err != nil {
		return &AsmError{n, err.Error()}
	}
	p.toks, p.pos, p.lineNo = toks, 0, n
	if len(toks) >= 2 && toks[1] == ":" && isIdent(toks[0]) {
		if _, dup := p.labels[toks[0]]; dup {
			return p.errf("label %q defined twice", toks[0])
		}
		if toks[0] == "next" {
			return p.errf("label name %q is reserved", toks[0])
		}
		p.labels[toks[0]] = len(p.out)
		p.pos = 2
	}
	if p.pos == len(toks) {
		return nil
	}
	ins, err := p.statement()
	if err != nil {
		return err
	}
	if p.pos != len(p.toks) {
		return p.errf("unexpected %q", p.toks[p.pos])
	}
	ins.line = n
	p.out = append(p.out, ins)
	return nil
}

func (p *asmParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *asmParser) next() string {
	t := p.peek()
	if p.pos < len(p.toks) {
		p.pos++
	}
	return t
}

func (p *asmParser) expect(want ...string) error {
	for _, w := range want {
		if got := p.next(); got != w {
			if got == "" {
				got = "end of line"
			}
			return p.errf("expected %q, found %q", w, got)
		}
	}
	return nil
}

// index parses "[ n ]" with n < limit.
func (p *asmParser) index(limit uint32) (uint32, error) {
	v, err := p.bracket()
	if err == nil && v >= limit {
		return 0, p.errf("index %d out of range (must be < %d)", v, limit)
	}
	return v, err
}

// bracket parses "[ n ]".
func (p *asmParser) bracket() (uint32, error) {
	if err := p.expect("["); err != nil {
		return 0, err
	}
	v, err := p.number()
	if err != nil {
		return 0, err
	}
	return v, p.expect("]")
}

func (p *asmParser) number() (uint32, error) {
	t := p.next()
	v, err := strconv.ParseUint(t, 0, 32)
	if err != nil {
		return 0, p.errf("expected a 32-bit number, found %q", t)
	}
	return uint32(v), nil
}

// konst parses a constant: a number, ARCH_*, or a syscall name.
func (p *asmParser) konst() (uint32, error) {
	t := p.peek()
	if t == "" || !isIdent(t) {
		return p.number()
	}
	p.pos++
	for audit, name := range archConstNames {
		if t == name {
			return audit, nil
		}
	}
	if p.arch == nil {
		return 0, p.errf("unknown name %q (no arch for syscall names: add a line `# arch: alpha`)", t)
	}
	nr, ok := p.arch.SyscallNumber(t)
	if !ok {
		return 0, p.errf("unknown name %q (not a %s syscall)", t, p.arch.Name)
	}
	return uint32(nr), nil
}

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

// resolve turns label references into jump offsets.
func (p *asmParser) resolve() ([]bpf.RawInstruction, error) {
	out := make([]bpf.RawInstruction, len(p.out))
	for pc, a := range p.out {
		in := a.in
		off := func(l string) (int, error) {
			if l == "" || l == "next" {
				return 0, nil
			}
			tgt, ok := p.labels[l]
			if !ok {
				return 0, &AsmError{a.line, fmt.Sprintf("undefined label %q", l)}
			}
			if tgt >= len(p.out) {
				return 0, &AsmError{a.line, fmt.Sprintf("label %q is past the last instruction", l)}
			}
			if tgt <= pc {
				return 0, &AsmError{a.line, fmt.Sprintf("jump to %q goes backwards (BPF jumps only forward)", l)}
			}
			return tgt - pc - 1, nil
		}
		switch {
		case a.raw:
		case a.ja != "":
			o, err := off(a.ja)
			if err != nil {
				return nil, err
			}
			in.K = uint32(o)
		case in.Op&0x07 == classJMP && in.Op != opcJa:
			t, err := off(a.jt)
			if err != nil {
				return nil, err
			}
			f, err := off(a.jf)
			if err != nil {
				return nil, err
			}
			if t > 255 || f > 255 {
				return nil, &AsmError{a.line, fmt.Sprintf("conditional jump of %d instructions is too far (max 255; use goto)", max(t, f))}
			}
			in.Jt, in.Jf = uint8(t), uint8(f)
		}
		out[pc] = in
	}
	return out, nil
}
