package policy

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// atom is one resolved comparison: (field & mask) op val, on the low 32 bits
// of the field when w32. For OpAnySet, val holds the bits tested.
type atom struct {
	field int
	w32   bool
	mask  uint64
	op    CmpOp // OpEq..OpGe or OpAnySet
	val   uint64
}

type condKind int

const (
	cTrue condKind = iota
	cFalse
	cAtom
	cAnd
	cOr
	cNot
)

// cond is a resolved, architecture-specific condition tree.
type cond struct {
	kind condKind
	kids []*cond
	a    atom
}

var (
	condTrue  = &cond{kind: cTrue}
	condFalse = &cond{kind: cFalse}
)

func (a atom) fieldMax() uint64 {
	if a.w32 {
		return 0xffffffff
	}
	return ^uint64(0)
}

// load returns the value the atom compares, taken from d.
func (a atom) load(d *Data) uint64 {
	var v uint64
	if a.field == FieldIP {
		v = d.InstructionPointer
	} else {
		v = d.Args[a.field]
	}
	if a.w32 {
		v &= 0xffffffff
	}
	return v & a.mask
}

func (a atom) eval(d *Data) bool {
	v := a.load(d)
	switch a.op {
	case OpEq:
		return v == a.val
	case OpNe:
		return v != a.val
	case OpLt:
		return v < a.val
	case OpLe:
		return v <= a.val
	case OpGt:
		return v > a.val
	case OpGe:
		return v >= a.val
	case OpAnySet:
		return v&a.val != 0
	}
	return false
}

func (c *cond) eval(d *Data) bool {
	switch c.kind {
	case cTrue:
		return true
	case cAtom:
		return c.a.eval(d)
	case cAnd:
		for _, k := range c.kids {
			if !k.eval(d) {
				return false
			}
		}
		return true
	case cOr:
		for _, k := range c.kids {
			if k.eval(d) {
				return true
			}
		}
		return false
	case cNot:
		return !c.kids[0].eval(d)
	}
	return false
}

// condArena allocates conditions in blocks (a nil arena uses the heap).
type condArena struct{ slab []cond }

func (ar *condArena) new(c cond) *cond {
	if ar == nil {
		n := new(cond)
		*n = c
		return n
	}
	if len(ar.slab) == 0 {
		ar.slab = make([]cond, 64)
	}
	n := &ar.slab[0]
	ar.slab = ar.slab[1:]
	*n = c
	return n
}

// mkAtom builds an atom condition, folding comparisons whose outcome does not
// depend on the argument.
func (ar *condArena) mkAtom(a atom) *cond {
	max := a.fieldMax() & a.mask
	switch a.op {
	case OpEq:
		if a.val&^max != 0 {
			return condFalse
		}
	case OpNe:
		if a.val&^max != 0 {
			return condTrue
		}
	case OpLt:
		if a.val == 0 {
			return condFalse
		}
		if a.val > max {
			return condTrue
		}
	case OpLe:
		if a.val >= max {
			return condTrue
		}
	case OpGt:
		if a.val >= max {
			return condFalse
		}
	case OpGe:
		if a.val == 0 {
			return condTrue
		}
		if a.val > max {
			return condFalse
		}
	case OpAnySet:
		if a.val&max == 0 {
			return condFalse
		}
	}
	return ar.new(cond{kind: cAtom, a: a})
}

func (ar *condArena) mkNot(c *cond) *cond {
	switch c.kind {
	case cTrue:
		return condFalse
	case cFalse:
		return condTrue
	case cNot:
		return c.kids[0]
	}
	return ar.new(cond{kind: cNot, kids: []*cond{c}})
}

// mkJunction builds an and (or=false) or an or of kids, flattening and folding constants.
func (ar *condArena) mkJunction(or bool, kids ...*cond) *cond {
	kind, unit, zero := cAnd, cTrue, cFalse
	if or {
		kind, unit, zero = cOr, cFalse, cTrue
	}
	out := make([]*cond, 0, len(kids))
	for _, k := range kids {
		switch {
		case k.kind == zero:
			return k
		case k.kind == unit:
		case k.kind == kind:
			out = append(out, k.kids...)
		default:
			out = append(out, k)
		}
	}
	switch len(out) {
	case 0:
		if or {
			return condFalse
		}
		return condTrue
	case 1:
		return out[0]
	}
	return ar.new(cond{kind: kind, kids: out})
}

func fieldName(f int) string {
	if f == FieldIP {
		return "ip"
	}
	return fmt.Sprintf("a%d", f)
}

// String formats the comparison in the policy language.
func (a atom) String() string {
	f := fieldName(a.field)
	if a.w32 {
		f += ".32"
	}
	if a.mask != a.fieldMax() {
		f = fmt.Sprintf("(%s & %#x)", f, a.mask)
	}
	if a.op == OpAnySet {
		return fmt.Sprintf("%s & %#x", f, a.val)
	}
	return fmt.Sprintf("%s %s %s", f, a.op, fmtValue(a.val))
}

func fmtValue(v uint64) string {
	switch {
	case v < 10:
		return fmt.Sprint(v)
	case v >= 0xffffffffffff0000:
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%#x", v)
}

// String formats the condition in the policy language (canonical form).
func (c *cond) String() string {
	switch c.kind {
	case cTrue:
		return "true"
	case cFalse:
		return "false"
	case cAtom:
		return c.a.String()
	case cNot:
		return "not (" + c.kids[0].String() + ")"
	}
	sep := " and "
	if c.kind == cOr {
		sep = " or "
	}
	parts := make([]string, len(c.kids))
	for i, k := range c.kids {
		parts[i] = k.String()
		if k.kind == cAnd || k.kind == cOr {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, sep)
}

// appendKey appends a compact binary encoding of c to buf: equal keys mean
// structurally equal conditions (used to share code for identical rules).
func (c *cond) appendKey(buf []byte) []byte {
	buf = append(buf, byte(c.kind))
	switch c.kind {
	case cAtom:
		a := c.a
		w := byte(0)
		if a.w32 {
			w = 1
		}
		buf = append(buf, byte(a.field), w, byte(a.op))
		buf = binary.LittleEndian.AppendUint64(buf, a.mask)
		buf = binary.LittleEndian.AppendUint64(buf, a.val)
	case cAnd, cOr, cNot:
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(c.kids)))
		for _, k := range c.kids {
			buf = k.appendKey(buf)
		}
	}
	return buf
}
