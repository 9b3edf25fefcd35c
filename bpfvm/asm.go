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
