package asm

import (
	"fmt"
	"strings"
)

// Error is an assembly error at a source position.
type Error struct {
	Line int // 1-based
	Col  int // 1-based byte column
	Msg  string
}

// Error formats the error as "line:col: msg".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// colError is an error at a column of the line being processed; the caller adds the line.
type colError struct {
	col int
	msg string
}

// Error returns the message without a position.
func (e *colError) Error() string { return e.msg }

func errAt(col int, format string, args ...any) error {
	return &colError{col: col, msg: fmt.Sprintf(format, args...)}
}

// statement is one instruction or directive of the source.
type statement struct {
	line, col int // position of the mnemonic
	mnemonic  string
	ops       []operand
	addr      uint64
	index     int // position among the statements, for numeric local labels
}

// symbols holds the labels of a source.
type symbols struct {
	named map[string]uint64
	local map[string][]localDef // numeric local labels ("1:"), in definition order
}

// localDef is one definition of a numeric local label.
type localDef struct {
	stmt int // index of the statement that follows the definition
	addr uint64
}

// resolve returns the address of label operand o used by statement stmt.
func (st *symbols) resolve(o *operand, stmt int) (uint64, error) {
	if o.kind == opLabel {
		t, ok := st.named[o.label]
		if !ok {
			return 0, errAt(o.col, "undefined label %q", o.label)
		}
		return t, nil
	}
	defs := st.local[o.label]
	if o.forward {
		for _, d := range defs {
			if d.stmt > stmt {
				return d.addr, nil
			}
		}
	} else {
		for i := len(defs) - 1; i >= 0; i-- {
			if defs[i].stmt <= stmt {
				return defs[i].addr, nil
			}
		}
	}
	where := "before"
	if o.forward {
		where = "after"
	}
	return 0, errAt(o.col, "no local label %s: %s this statement", o.label, where)
}

// Assemble assembles src, one instruction per line in objdump syntax (the
// output of Disassemble), into instruction words placed from address base.
//
// Accepted: every mnemonic Disassemble prints (including pseudo-ops and FP
// qualifiers such as addt/sud), the gas spellings bis, bic, xornot and
// jsr_coroutine, jmp/jsr/ret/jcr without the hint; registers by name
// (v0, t0..t12, s0..s6, fp, a0..a5, ra, pv, at, gp, sp, zero), as r0..r31
// or $0..$31, and $f0..$f31 or f0..f31; labels "name:" and numeric local
// labels "1:" (referenced as 1b, the closest before, or 1f, the closest
// after); branch and jump-hint targets as labels or absolute addresses; ".long N[,N...]" (32-bit words) and
// ".word N[,N...]" (16-bit halves, which must fill whole words); comments
// starting with '#' or ';'. Errors are *Error values carrying line:column.
func Assemble(src string, base uint64) ([]uint32, error) {
	stmts, syms, err := parseSource(src, base)
	if err != nil {
		return nil, err
	}
	out := make([]uint32, 0, len(stmts))
	var half []uint16
	for _, s := range stmts {
		switch s.mnemonic {
		case ".word":
			for _, o := range s.ops {
				v, err := dataValue(o, 16)
				if err != nil {
					return nil, lineErr(s.line, err)
				}
				half = append(half, uint16(v))
				if len(half) == 2 {
					out = append(out, uint32(half[0])|uint32(half[1])<<16)
					half = half[:0]
				}
			}
			continue
		case ".long":
			if len(half) != 0 {
				return nil, &Error{s.line, s.col, ".long after an odd number of .word halves"}
			}
			for _, o := range s.ops {
				v, err := dataValue(o, 32)
				if err != nil {
					return nil, lineErr(s.line, err)
				}
				out = append(out, uint32(v))
			}
			continue
		}
		if len(half) != 0 {
			return nil, &Error{s.line, s.col, "instruction after an odd number of .word halves"}
		}
		w, err := encode(s, syms)
		if err != nil {
			return nil, lineErr(s.line, err)
		}
		out = append(out, w)
	}
	if len(half) != 0 {
		last := stmts[len(stmts)-1]
		return nil, &Error{last.line, last.col, "odd number of .word halves at end of source"}
	}
	return out, nil
}

// MustAssemble is Assemble for tests and fixed sources: it panics on error.
func MustAssemble(src string, base uint64) []uint32 {
	w, err := Assemble(src, base)
	if err != nil {
		panic("asm.MustAssemble: " + err.Error())
	}
	return w
}

func lineErr(line int, err error) error {
	if ce, ok := err.(*colError); ok {
		return &Error{line, ce.col, ce.msg}
	}
	return &Error{line, 1, err.Error()}
}

// parseSource splits src into statements and assigns addresses and labels.
func parseSource(src string, base uint64) ([]statement, *symbols, error) {
	syms := &symbols{named: map[string]uint64{}, local: map[string][]localDef{}}
	lines := strings.Count(src, "\n") + 1
	stmts := make([]statement, 0, lines)
	// One backing array for all operands: a line has at most one more
	// operand than commas, so appends never reallocate it.
	opBuf := make([]operand, 0, strings.Count(src, ",")+lines)
	addr := base // advances by 2 per .word half, 4 per word
	n := 0
	for line := range strings.SplitSeq(src, "\n") {
		n++
		if j := strings.IndexAny(line, "#;"); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimRight(line, " \t\r")
		pos := 0
		for {
			pos = skipSpace(line, pos)
			end := pos
			for end < len(line) && isIdentByte(line[end]) {
				end++
			}
			k := skipSpace(line, end)
			if end == pos || k >= len(line) || line[k] != ':' {
				break
			}
			name := line[pos:end]
			switch {
			case isDigits(name):
				syms.local[name] = append(syms.local[name], localDef{stmt: len(stmts), addr: addr})
			case !isIdent(name):
				return nil, nil, &Error{n, pos + 1, fmt.Sprintf("bad label name %q", name)}
			default:
				if _, dup := syms.named[name]; dup {
					return nil, nil, &Error{n, pos + 1, fmt.Sprintf("label %q defined twice", name)}
				}
				syms.named[name] = addr
			}
			pos = k + 1
		}
		if pos >= len(line) {
			continue
		}
		end := pos
		for end < len(line) && line[end] != ' ' && line[end] != '\t' {
			end++
		}
		s := statement{line: n, col: pos + 1, mnemonic: strings.ToLower(line[pos:end]), addr: addr, index: len(stmts)}
		lo := len(opBuf)
		var err error
		if opBuf, err = splitOperands(line, end, opBuf); err != nil {
			return nil, nil, lineErr(n, err)
		}
		s.ops = opBuf[lo:len(opBuf):len(opBuf)]
		ops := s.ops
		switch s.mnemonic {
		case ".word":
			addr += uint64(len(ops)) * 2
		case ".long":
			addr += uint64(len(ops)) * 4
		default:
			if strings.HasPrefix(s.mnemonic, ".") {
				return nil, nil, &Error{n, s.col, fmt.Sprintf("unknown directive %q", s.mnemonic)}
			}
			addr += 4
		}
		stmts = append(stmts, s)
	}
	return stmts, syms, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '$'
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// splitOperands appends the comma-separated operands of line, starting at
// byte i, to ops.
func splitOperands(line string, i int, ops []operand) ([]operand, error) {
	i = skipSpace(line, i)
	if i >= len(line) {
		return ops, nil
	}
	for {
		start := i
		depth := 0
		for i < len(line) && (line[i] != ',' || depth > 0) {
			switch line[i] {
			case '(':
				depth++
			case ')':
				depth--
			}
			i++
		}
		raw := line[start:i]
		lead := len(raw) - len(strings.TrimLeft(raw, " \t"))
		text := strings.TrimSpace(raw)
		if text == "" {
			return nil, errAt(start+1, "empty operand")
		}
		o, err := parseOperand(text, start+lead+1)
		if err != nil {
			return nil, err
		}
		ops = append(ops, o)
		if i >= len(line) {
			return ops, nil
		}
		i++ // skip ','
	}
}

// dataValue checks a .long/.word operand against a bits-wide field (signed or unsigned).
func dataValue(o operand, bits uint) (uint64, error) {
	if o.kind != opNum {
		return 0, errAt(o.col, "%q is not a number", o.text)
	}
	lo, hi := -int64(1)<<(bits-1), int64(1)<<bits-1
	if o.num < lo || o.num > hi {
		return 0, errAt(o.col, "value %s does not fit in %d bits", o.text, bits)
	}
	return uint64(o.num) & (1<<bits - 1), nil
}

// encode assembles one instruction statement.
func encode(s statement, syms *symbols) (uint32, error) {
	loadTable()
	name := s.mnemonic
	if a, ok := aliases[name]; ok {
		name = a
	}
	cands := byName[name]
	if len(cands) == 0 {
		return 0, errAt(s.col, "unknown instruction %q", s.mnemonic)
	}
	var f *form
	for _, c := range cands {
		if len(c.args) != len(s.ops) {
			continue
		}
		ok := true
		for i, a := range c.args {
			if !s.ops[i].fits(a) {
				ok = false
				break
			}
		}
		if ok {
			f = c
			break
		}
	}
	if f == nil {
		return 0, errAt(s.col, "operands do not match %s (expected %s)", s.mnemonic, expected(cands))
	}
	w := f.bits | f.extra
	for i, a := range f.args {
		v, err := argValue(a, &s.ops[i], s, syms)
		if err != nil {
			return 0, err
		}
		w |= v
	}
	ra := w >> 21 & 31
	if f.same&sameAB != 0 {
		w |= ra << 16
	}
	if f.same&sameABC != 0 {
		w |= ra<<16 | ra
	}
	return w, nil
}

// expected describes the operand lists an instruction accepts.
func expected(cands []*form) string {
	var alts []string
	for _, c := range cands {
		var parts []string
		for _, a := range c.args {
			parts = append(parts, argDesc[a])
		}
		alts = append(alts, "\""+strings.Join(parts, ",")+"\"")
	}
	return strings.Join(alts, " or ")
}

var argDesc = map[argKind]string{
	argRA: "ra", argRB: "rb", argRC: "rc", argFA: "fa", argFB: "fb", argFC: "fc",
	argLit: "lit", argDisp: "disp", argMem: "disp(rb)", argParenRB: "(rb)", argBranch: "target",
	argJmpHint: "target", argHint: "hint", argPal: "func",
}

// argValue returns the bits operand o contributes as argument kind a of an instruction at pc.
func argValue(a argKind, o *operand, s statement, syms *symbols) (uint32, error) {
	pc := s.addr
	switch a {
	case argRA, argFA:
		return o.reg << 21, nil
	case argRB, argFB, argParenRB:
		return o.reg << 16, nil
	case argRC, argFC:
		return o.reg, nil
	case argLit:
		if o.num < 0 || o.num > 255 {
			return 0, errAt(o.col, "literal %s out of range 0..255", o.text)
		}
		return uint32(o.num) << 13, nil
	case argMem, argDisp:
		if o.num < -32768 || o.num > 32767 {
			return 0, errAt(o.col, "displacement in %s out of range -32768..32767", o.text)
		}
		return o.reg<<16 | uint32(uint16(o.num)), nil
	case argHint:
		if o.num < 0 || o.num > 0x3fff {
			return 0, errAt(o.col, "hint %s out of range 0..0x3fff", o.text)
		}
		return uint32(o.num), nil
	case argPal:
		if o.num < 0 || o.num > 0x3ffffff {
			return 0, errAt(o.col, "PALcode function %s out of range 0..0x3ffffff", o.text)
		}
		return uint32(o.num), nil
	case argBranch, argJmpHint:
		target := uint64(o.num)
		if o.kind != opNum {
			t, err := syms.resolve(o, s.index)
			if err != nil {
				return 0, err
			}
			target = t
		}
		diff := int64(target - (pc + 4))
		if diff%4 != 0 {
			return 0, errAt(o.col, "target %s is not 4-byte aligned relative to the instruction", o.text)
		}
		bits := 21
		if a == argJmpHint {
			bits = 14
		}
		d := diff / 4
		if d < -(1<<(bits-1)) || d >= 1<<(bits-1) {
			return 0, errAt(o.col, "target %s out of range of a %d-bit displacement", o.text, bits)
		}
		return uint32(d) & (1<<bits - 1), nil
	}
	return 0, errAt(o.col, "internal: unknown argument kind %d", a)
}
