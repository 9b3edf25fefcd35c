package asm

import (
	"strconv"
	"strings"
)

// opKind classifies a parsed operand.
type opKind uint8

const (
	opIntReg opKind = iota + 1 // t0, r1, $1
	opFPReg                    // $f1, f1
	opNum                      // 8, -8, 0x10
	opLabel                    // name
	opMem                      // disp(reg)
	opParen                    // (reg)
	opLocal                    // 1b, 1f: numeric local label reference
)

// operand is one comma-separated operand of a source line.
type operand struct {
	text    string
	col     int // 1-based column of text in its line
	kind    opKind
	reg     uint32
	num     int64
	label   string
	forward bool // opLocal: 1f rather than 1b
}

// intRegByName maps every accepted integer register spelling to its number.
var intRegByName = map[string]uint32{"pv": 27, "s6": 15}

func init() {
	for i, n := range intRegNames {
		intRegByName[n] = uint32(i)
	}
}

// parseIntReg parses t0, r1 or $1.
func parseIntReg(s string) (uint32, bool) {
	if r, ok := intRegByName[s]; ok {
		return r, true
	}
	switch {
	case strings.HasPrefix(s, "$"):
		return regNumber(s[1:])
	case strings.HasPrefix(s, "r"):
		return regNumber(s[1:])
	}
	return 0, false
}

// parseFPReg parses $f1 or f1.
func parseFPReg(s string) (uint32, bool) {
	s = strings.TrimPrefix(s, "$")
	if !strings.HasPrefix(s, "f") {
		return 0, false
	}
	return regNumber(s[1:])
}

// regNumber parses a register number 0..31 without leading zeros.
func regNumber(s string) (uint32, bool) {
	if s == "" || len(s) > 2 || (len(s) == 2 && s[0] == '0') {
		return 0, false
	}
	n := uint32(0)
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + uint32(s[i]-'0')
	}
	return n, n <= 31
}

// parseNumber parses a signed decimal, 0x-hex or 0-octal integer. Values up to
// 2^64-1 are accepted and wrap, so that 64-bit addresses round-trip.
func parseNumber(s string) (int64, bool) {
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' || strings.ContainsRune(s, '_') {
		return 0, false
	}
	u, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '.', c == '$':
		case c >= '0' && c <= '9':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// parseOperand classifies the text of one operand.
func parseOperand(text string, col int) (operand, error) {
	o := operand{text: text, col: col}
	// Tolerate objdump's symbolic annotation of a target: "0x1200 <main+0x10>".
	if i := strings.IndexByte(text, '<'); i > 0 && strings.HasSuffix(text, ">") {
		text = strings.TrimSpace(text[:i])
	}
	lower := strings.ToLower(text)
	if open := strings.IndexByte(lower, '('); open >= 0 {
		if !strings.HasSuffix(lower, ")") {
			return o, errAt(col, "missing ')' in %q", o.text)
		}
		regText := strings.TrimSpace(lower[open+1 : len(lower)-1])
		r, ok := parseIntReg(regText)
		if !ok {
			return o, errAt(col+open+1, "%q is not an integer register", regText)
		}
		o.reg = r
		disp := strings.TrimSpace(lower[:open])
		if disp == "" {
			o.kind = opParen
			return o, nil
		}
		n, ok := parseNumber(disp)
		if !ok {
			return o, errAt(col, "bad displacement %q", disp)
		}
		o.kind, o.num = opMem, n
		return o, nil
	}
	if r, ok := parseIntReg(lower); ok {
		o.kind, o.reg = opIntReg, r
		return o, nil
	}
	if r, ok := parseFPReg(lower); ok {
		o.kind, o.reg = opFPReg, r
		return o, nil
	}
	if n, ok := parseNumber(lower); ok {
		o.kind, o.num = opNum, n
		return o, nil
	}
	if isIdent(text) {
		o.kind, o.label = opLabel, text
		return o, nil
	}
	if n := len(lower); n >= 2 && isDigits(lower[:n-1]) && (lower[n-1] == 'b' || lower[n-1] == 'f') {
		o.kind, o.label, o.forward = opLocal, lower[:n-1], lower[n-1] == 'f'
		return o, nil
	}
	return o, errAt(col, "cannot parse operand %q", o.text)
}

// fits reports whether operand o can fill an argument of kind a.
func (o *operand) fits(a argKind) bool {
	switch a {
	case argRA, argRB, argRC:
		return o.kind == opIntReg
	case argFA, argFB, argFC:
		return o.kind == opFPReg
	case argLit, argHint, argPal, argDisp:
		return o.kind == opNum
	case argMem:
		return o.kind == opMem || o.kind == opParen
	case argParenRB:
		return o.kind == opParen
	case argBranch, argJmpHint:
		return o.kind == opNum || o.kind == opLabel || o.kind == opLocal
	}
	return false
}
