package policy

import (
	"fmt"
	"strconv"
	"strings"
)

// Expr is a parsed argument condition (the `when` of a rule).
type Expr interface {
	exprPos() int // byte offset in the condition text
}

// FieldIP is the field number of the instruction pointer in conditions;
// fields 0..5 are the arguments a0..a5.
const FieldIP = 6

// CmpOp is a comparison operator.
type CmpOp int

// Comparison operators. OpAnySet is the bare `x & MASK` test (any bit set);
// OpIn and OpNotIn test membership in a set of values and ranges.
const (
	OpEq CmpOp = iota
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAnySet
	OpIn
	OpNotIn
)

var opNames = [...]string{"==", "!=", "<", "<=", ">", ">=", "&", "in", "not in"}

// String returns the operator as written.
func (o CmpOp) String() string { return opNames[o] }

// BinExpr is `L and R` or `L or R`.
type BinExpr struct {
	Off  int
	Or   bool
	L, R Expr
}

// NotExpr is `not X`.
type NotExpr struct {
	Off int
	X   Expr
}

// BoolExpr is the literal true or false.
type BoolExpr struct {
	Off   int
	Value bool
}

// CmpExpr compares one field (optionally masked, optionally only its low 32
// bits) with a constant, a set or ranges.
type CmpExpr struct {
	Off    int
	Field  int       // 0..5 = a0..a5, FieldIP = ip
	Bits32 bool      // `a0.32`: compare only the low 32 bits
	Mask   ConstExpr // nil: no mask
	Op     CmpOp
	Value  ConstExpr   // for all ops but OpIn/OpNotIn (for OpAnySet: the mask)
	Set    []SetMember // for OpIn/OpNotIn
}

// SetMember is one value or inclusive range of a set.
type SetMember struct {
	Lo, Hi ConstExpr // Hi is nil for a single value
}

func (e *BinExpr) exprPos() int  { return e.Off }
func (e *NotExpr) exprPos() int  { return e.Off }
func (e *BoolExpr) exprPos() int { return e.Off }
func (e *CmpExpr) exprPos() int  { return e.Off }

// ConstExpr is a constant expression: numbers and names combined with | & ~ unary -.
type ConstExpr interface {
	constPos() int
}

// NumConst is a number literal.
type NumConst struct {
	Off   int
	Value uint64
	Neg   bool // written with a leading minus sign (Value is then the magnitude)
}

// NameConst is a symbolic constant such as O_RDONLY.
type NameConst struct {
	Off  int
	Name string
}

// UnaryConst is ~X or -X.
type UnaryConst struct {
	Off int
	Op  byte // '~' or '-'
	X   ConstExpr
}

// BinConst is X|Y or X&Y.
type BinConst struct {
	Off  int
	Op   byte // '|' or '&'
	X, Y ConstExpr
}

func (c *NumConst) constPos() int   { return c.Off }
func (c *NameConst) constPos() int  { return c.Off }
func (c *UnaryConst) constPos() int { return c.Off }
func (c *BinConst) constPos() int   { return c.Off }

// token kinds
const (
	tEOF = iota
	tIdent
	tNum
	tPunct
)

type token struct {
	kind int
	off  int
	text string
}

// SyntaxError is an error at a byte offset of a condition or constant text.
type SyntaxError struct {
	Off int
	Msg string
}

// Error formats the error with its offset.
func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Off, e.Msg) }

func lex(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			toks = append(toks, token{tIdent, i, s[i:j]})
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && (isIdentChar(s[j])) {
				j++
			}
			toks = append(toks, token{tNum, i, s[i:j]})
			i = j
		default:
			two := ""
			if i+1 < len(s) {
				two = s[i : i+2]
			}
			switch two {
			case "==", "!=", "<=", ">=", "&&", "||", "..":
				toks = append(toks, token{tPunct, i, two})
				i += 2
				continue
			}
			if strings.IndexByte("()<>{},&|~-!.", c) < 0 {
				return nil, &SyntaxError{i, fmt.Sprintf("unexpected character %q", c)}
			}
			toks = append(toks, token{tPunct, i, string(c)})
			i++
		}
	}
	return append(toks, token{tEOF, len(s), ""}), nil
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

type exprParser struct {
	toks []token
	i    int
}

func (p *exprParser) peek() token { return p.toks[p.i] }
func (p *exprParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}
func (p *exprParser) is(text string) bool {
	t := p.peek()
	return (t.kind == tPunct || t.kind == tIdent) && t.text == text
}
func (p *exprParser) errf(t token, format string, args ...any) error {
	return &SyntaxError{t.off, fmt.Sprintf(format, args...)}
}
func (p *exprParser) expect(text string) error {
	if !p.is(text) {
		t := p.peek()
		return p.errf(t, "expected %q, found %s", text, describe(t))
	}
	p.next()
	return nil
}

func describe(t token) string {
	if t.kind == tEOF {
		return "end of condition"
	}
	return strconv.Quote(t.text)
}

// ParseExpr parses an argument condition such as
// `a0 == 1 and (a2 & O_ACCMODE) == O_RDONLY`.
func ParseExpr(s string) (Expr, error) {
	return parseWhole(s, "condition", func(p *exprParser) (Expr, error) { return p.parseOr(0) })
}

// ParseConst parses a constant expression such as `O_RDWR|O_CLOEXEC` or `-1`.
func ParseConst(s string) (ConstExpr, error) {
	return parseWhole(s, "constant", func(p *exprParser) (ConstExpr, error) { return p.parseConst(0) })
}

// parseWhole lexes s and parses it with parse, which must consume every
// token; what names the construct in the error for trailing text.
func parseWhole[T any](s, what string, parse func(*exprParser) (T, error)) (T, error) {
	var zero T
	toks, err := lex(s)
	if err != nil {
		return zero, err
	}
	p := &exprParser{toks: toks}
	v, err := parse(p)
	if err != nil {
		return zero, err
	}
	if t := p.peek(); t.kind != tEOF {
		return zero, p.errf(t, "unexpected %s after %s", describe(t), what)
	}
	return v, nil
}

const maxDepth = 100

func (p *exprParser) parseOr(depth int) (Expr, error) {
	if depth > maxDepth {
		return nil, p.errf(p.peek(), "condition nested too deeply")
	}
	l, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	for p.is("or") || p.is("||") {
		t := p.next()
		r, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		l = &BinExpr{Off: t.off, Or: true, L: l, R: r}
	}
	return l, nil
}

func (p *exprParser) parseAnd(depth int) (Expr, error) {
	l, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	for p.is("and") || p.is("&&") {
		t := p.next()
		r, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		l = &BinExpr{Off: t.off, L: l, R: r}
	}
	return l, nil
}

func (p *exprParser) parseUnary(depth int) (Expr, error) {
	if depth > maxDepth {
		return nil, p.errf(p.peek(), "condition nested too deeply")
	}
	t := p.peek()
	switch {
	case p.is("not") || p.is("!"):
		p.next()
		x, err := p.parseUnary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &NotExpr{Off: t.off, X: x}, nil
	case p.is("true") || p.is("false"):
		p.next()
		return &BoolExpr{Off: t.off, Value: t.text == "true"}, nil
	case p.is("("):
		// "(a2 & MASK) op V" starts with a parenthesised operand; anything else
		// is a parenthesised condition.
		if n := p.toks[p.i+1]; n.kind == tIdent && isField(n.text) && p.isOperandEnd(p.i+2) {
			return p.parseCmp()
		}
		p.next()
		e, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return e, nil
	}
	return p.parseCmp()
}

// isOperandEnd reports whether the tokens at i continue a parenthesised
// operand (".32" and/or "& MASK") rather than a comparison inside parentheses.
func (p *exprParser) isOperandEnd(i int) bool {
	if p.toks[i].text == "." {
		i += 2
	}
	return p.toks[i].kind == tPunct && (p.toks[i].text == "&" || p.toks[i].text == ")")
}

func isField(s string) bool {
	_, _, ok := fieldOf(s)
	return ok
}

func fieldOf(s string) (field int, bits32, ok bool) {
	switch {
	case s == "ip":
		return FieldIP, false, true
	case len(s) == 2 && s[0] == 'a' && s[1] >= '0' && s[1] <= '5':
		return int(s[1] - '0'), false, true
	}
	return 0, false, false
}

// parseOperand parses `field[.32] [& MASK]`, optionally parenthesised.
func (p *exprParser) parseOperand() (*CmpExpr, error) {
	paren := false
	if p.is("(") {
		p.next()
		paren = true
	}
	t := p.next()
	field, _, ok := fieldOf(t.text)
	if t.kind != tIdent || !ok {
		return nil, p.errf(t, "expected an argument (a0..a5 or ip), found %s", describe(t))
	}
	c := &CmpExpr{Off: t.off, Field: field}
	if p.is(".") {
		p.next()
		w := p.next()
		if w.text != "32" {
			return nil, p.errf(w, "expected 32 after %s. (write %s.32 for a 32-bit comparison)", t.text, t.text)
		}
		c.Bits32 = true
	}
	if p.is("&") {
		p.next()
		m, err := p.parseConstAtom(0)
		if err != nil {
			return nil, err
		}
		c.Mask = m
	}
	if paren {
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		// "(a0 & M1) & M2" masks with both.
		if p.is("&") {
			t := p.next()
			m, err := p.parseConstAtom(0)
			if err != nil {
				return nil, err
			}
			if c.Mask == nil {
				c.Mask = m
			} else {
				c.Mask = &BinConst{Off: t.off, Op: '&', X: c.Mask, Y: m}
			}
		}
	}
	return c, nil
}

var cmpOps = map[string]CmpOp{"==": OpEq, "!=": OpNe, "<": OpLt, "<=": OpLe, ">": OpGt, ">=": OpGe}

func (p *exprParser) parseCmp() (Expr, error) {
	c, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if op, ok := cmpOps[t.text]; ok && t.kind == tPunct {
		p.next()
		v, err := p.parseConst(0)
		if err != nil {
			return nil, err
		}
		c.Op, c.Value = op, v
		return c, nil
	}
	if p.is("in") || p.is("not") {
		c.Op = OpIn
		if p.next().text == "not" {
			if err := p.expect("in"); err != nil {
				return nil, err
			}
			c.Op = OpNotIn
		}
		set, err := p.parseSet()
		if err != nil {
			return nil, err
		}
		c.Set = set
		return c, nil
	}
	if c.Mask != nil {
		// bare "a0 & MASK": true when any bit of MASK is set.
		c.Op, c.Value, c.Mask = OpAnySet, c.Mask, nil
		return c, nil
	}
	return nil, p.errf(t, "expected a comparison (== != < <= > >= in, or & MASK) after the argument, found %s", describe(t))
}

func (p *exprParser) parseSet() ([]SetMember, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	var set []SetMember
	for {
		lo, err := p.parseConst(0)
		if err != nil {
			return nil, err
		}
		m := SetMember{Lo: lo}
		if p.is("..") {
			p.next()
			if m.Hi, err = p.parseConst(0); err != nil {
				return nil, err
			}
		}
		set = append(set, m)
		if p.is("}") {
			p.next()
			return set, nil
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
	}
}

// parseConst parses X { ('|'|'&') X } left to right.
func (p *exprParser) parseConst(depth int) (ConstExpr, error) {
	x, err := p.parseConstAtom(depth)
	if err != nil {
		return nil, err
	}
	for p.is("|") || (p.is("&") && p.toks[p.i+1].text != "&") {
		t := p.next()
		y, err := p.parseConstAtom(depth)
		if err != nil {
			return nil, err
		}
		x = &BinConst{Off: t.off, Op: t.text[0], X: x, Y: y}
	}
	return x, nil
}

func (p *exprParser) parseConstAtom(depth int) (ConstExpr, error) {
	if depth > maxDepth {
		return nil, p.errf(p.peek(), "constant nested too deeply")
	}
	t := p.next()
	switch {
	case t.kind == tNum:
		v, err := parseNumber(t.text)
		if err != nil {
			return nil, p.errf(t, "%v", err)
		}
		return &NumConst{Off: t.off, Value: v}, nil
	case t.kind == tIdent && !isField(t.text) && !isKeyword(t.text):
		return &NameConst{Off: t.off, Name: t.text}, nil
	case t.text == "-" || t.text == "~":
		x, err := p.parseConstAtom(depth + 1)
		if err != nil {
			return nil, err
		}
		if n, ok := x.(*NumConst); ok && t.text == "-" && !n.Neg {
			return &NumConst{Off: t.off, Value: n.Value, Neg: true}, nil
		}
		return &UnaryConst{Off: t.off, Op: t.text[0], X: x}, nil
	case t.text == "(":
		x, err := p.parseConst(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return x, nil
	}
	return nil, p.errf(t, "expected a number or constant name, found %s", describe(t))
}

func isKeyword(s string) bool {
	switch s {
	case "and", "or", "not", "in", "true", "false":
		return true
	}
	return false
}

func parseNumber(s string) (uint64, error) {
	clean := strings.ReplaceAll(s, "_", "")
	base := 10
	switch {
	case strings.HasPrefix(clean, "0x") || strings.HasPrefix(clean, "0X"):
		base, clean = 16, clean[2:]
	case strings.HasPrefix(clean, "0b") || strings.HasPrefix(clean, "0B"):
		base, clean = 2, clean[2:]
	case strings.HasPrefix(clean, "0o") || strings.HasPrefix(clean, "0O"):
		base, clean = 8, clean[2:]
	case len(clean) > 1 && clean[0] == '0':
		base, clean = 8, clean[1:]
	}
	v, err := strconv.ParseUint(clean, base, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("number %s does not fit in 64 bits", s)
		}
		return 0, fmt.Errorf("malformed number %q", s)
	}
	return v, nil
}
