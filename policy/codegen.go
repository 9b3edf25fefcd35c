package policy

import (
	"fmt"

	"golang.org/x/net/bpf"
)

// Classic BPF opcodes the compiler emits.
const (
	opLdAbs  = 0x20 // BPF_LD|BPF_W|BPF_ABS
	opAndK   = 0x54 // BPF_ALU|BPF_AND|BPF_K
	opJa     = 0x05
	opJeqK   = 0x15
	opJgtK   = 0x25
	opJgeK   = 0x35
	opJsetK  = 0x45
	opRetK   = 0x06
	offNr    = 0
	offArch  = 4
	offIP    = 8
	offArgs  = 16
	maxJumpK = 255
)

// node is an instruction in the program graph. Jumps have two successors
// (t, f); loads and ALU ops continue at t; returns have none. Nodes are
// hash-consed, so identical code is shared (the program is a DAG).
type node struct {
	op   uint16
	k    uint32
	t, f *node
	id   int
}

// nodeKey identifies a node by its instruction and successors' ids
// (op and k in a, t and f ids + 1 in b; 0 means none).
type nodeKey struct{ a, b uint64 }

type builder struct {
	nodes map[nodeKey]*node
	count int
	slab  []node // nodes are carved from here to save allocations
	conds condArena
}

// alloc returns a new node with the next id.
func (b *builder) alloc(op uint16, k uint32, t, f *node) *node {
	if len(b.slab) == 0 {
		b.slab = make([]node, 128)
	}
	n := &b.slab[0]
	b.slab = b.slab[1:]
	*n = node{op: op, k: k, t: t, f: f, id: b.count}
	b.count++
	return n
}

func (b *builder) get(op uint16, k uint32, t, f *node) *node {
	key := nodeKey{a: uint64(op)<<32 | uint64(k)}
	if t != nil {
		key.b = uint64(t.id + 1)
	}
	if f != nil {
		key.b |= uint64(f.id+1) << 32
	}
	if n, ok := b.nodes[key]; ok {
		return n
	}
	n := b.alloc(op, k, t, f)
	b.nodes[key] = n
	return n
}

func (b *builder) ret(v uint32) *node { return b.get(opRetK, v, nil, nil) }

// jump returns a conditional jump, or its target when both targets agree.
func (b *builder) jump(op uint16, k uint32, t, f *node) *node {
	if t == f {
		return t
	}
	return b.get(op, k, t, f)
}

func (b *builder) load(off uint32, next *node) *node {
	if next.op == opRetK {
		return next
	}
	return b.get(opLdAbs, off, next, nil)
}

// word loads the 32-bit word at off, masks it, and jumps with op/k to t or f.
func (b *builder) word(off, mask uint32, op uint16, k uint32, t, f *node) *node {
	j := b.jump(op, k, t, f)
	if j == t || j == f {
		return j
	}
	if mask != 0xffffffff {
		j = b.get(opAndK, mask, j, nil)
	}
	return b.load(off, j)
}

// cond compiles c so that control reaches t when it holds and f otherwise.
func (b *builder) cond(c *cond, t, f *node) *node {
	switch c.kind {
	case cTrue:
		return t
	case cFalse:
		return f
	case cNot:
		return b.cond(c.kids[0], f, t)
	case cAnd:
		next := t
		for i := len(c.kids) - 1; i >= 0; i-- {
			next = b.cond(c.kids[i], next, f)
		}
		return next
	case cOr:
		next := f
		if !groupable(c.kids) {
			for i := len(c.kids) - 1; i >= 0; i-- {
				next = b.cond(c.kids[i], t, next)
			}
			return next
		}
		items := groupEqualities(c.kids)
		for i := len(items) - 1; i >= 0; i-- {
			if g := items[i]; g.set != nil {
				next = b.eqSet(g.set, t, next)
			} else {
				next = b.cond(g.single, t, next)
			}
		}
		return next
	}
	return b.atom(c.a, t, f)
}

// orItem is one alternative of an or: a condition, or several 64-bit
// equalities on the same field whose high words agree.
type orItem struct {
	single *cond
	set    []atom
}

// groupable reports whether two kids are 64-bit equalities on the same
// field, mask and high word (so groupEqualities would merge something).
func groupable(kids []*cond) bool {
	for i, k := range kids {
		if k.kind != cAtom || k.a.op != OpEq || k.a.w32 {
			continue
		}
		for _, l := range kids[i+1:] {
			if l.kind == cAtom && l.a.op == OpEq && !l.a.w32 && l.a.field == k.a.field &&
				l.a.mask == k.a.mask && l.a.val>>32 == k.a.val>>32 {
				return true
			}
		}
	}
	return false
}

// groupEqualities gathers the 64-bit equality atoms of an or that test the
// same field, mask and high word, so their high word is checked once
// (`a1 in {A, B, C}` costs one test per value plus two, not four).
func groupEqualities(kids []*cond) []orItem {
	type key struct {
		field int
		mask  uint64
		hi    uint32
	}
	items := make([]orItem, 0, len(kids))
	var keys []key // keys[i] belongs to items[i] when items[i].set != nil
	for _, k := range kids {
		if k.kind != cAtom || k.a.op != OpEq || k.a.w32 {
			items = append(items, orItem{single: k})
			keys = append(keys, key{})
			continue
		}
		kk := key{k.a.field, k.a.mask, uint32(k.a.val >> 32)}
		found := false
		for i := range items {
			if items[i].set != nil && keys[i] == kk {
				items[i].set = append(items[i].set, k.a)
				found = true
				break
			}
		}
		if !found {
			items = append(items, orItem{set: []atom{k.a}})
			keys = append(keys, kk)
		}
	}
	for i := range items {
		if len(items[i].set) == 1 {
			items[i] = orItem{single: &cond{kind: cAtom, a: items[i].set[0]}}
		}
	}
	return items
}

// eqSet compiles (field & mask) in {values} for atoms sharing field, mask and
// high word: the high word once, then one jeq per low word.
func (b *builder) eqSet(set []atom, t, f *node) *node {
	a := set[0]
	lo := uint32(offArgs + 8*a.field)
	if a.field == FieldIP {
		lo = offIP
	}
	mlo, mhi, vhi := uint32(a.mask), uint32(a.mask>>32), uint32(a.val>>32)
	next := f
	for i := len(set) - 1; i >= 0; i-- {
		next = b.jump(opJeqK, uint32(set[i].val), t, next)
	}
	if mlo != 0xffffffff {
		next = b.get(opAndK, mlo, next, nil)
	}
	next = b.load(lo, next)
	if mhi == 0 {
		return next
	}
	return b.word(lo+4, mhi, opJeqK, vhi, next, f)
}

// atom compiles one comparison as 32-bit word tests (low word at off, high
// word at off+4 on a little-endian target).
func (b *builder) atom(a atom, t, f *node) *node {
	lo := uint32(offArgs + 8*a.field)
	if a.field == FieldIP {
		lo = offIP
	}
	hi := lo + 4
	mlo, mhi := uint32(a.mask), uint32(a.mask>>32)
	vlo, vhi := uint32(a.val), uint32(a.val>>32)
	if a.w32 {
		switch a.op {
		case OpEq:
			return b.word(lo, mlo, opJeqK, vlo, t, f)
		case OpNe:
			return b.word(lo, mlo, opJeqK, vlo, f, t)
		case OpAnySet:
			return b.word(lo, 0xffffffff, opJsetK, vlo&mlo, t, f)
		case OpGt:
			return b.word(lo, mlo, opJgtK, vlo, t, f)
		case OpGe:
			return b.word(lo, mlo, opJgeK, vlo, t, f)
		case OpLt:
			return b.word(lo, mlo, opJgeK, vlo, f, t)
		case OpLe:
			return b.word(lo, mlo, opJgtK, vlo, f, t)
		}
		return f
	}
	switch a.op {
	case OpEq, OpNe:
		if a.op == OpNe {
			t, f = f, t
		}
		// The low word is the more selective one for typical values.
		next := t
		if mhi != 0 {
			next = b.word(hi, mhi, opJeqK, vhi, t, f)
		}
		if mlo != 0 {
			next = b.word(lo, mlo, opJeqK, vlo, next, f)
		}
		return next
	case OpAnySet:
		bits := a.val & a.mask
		next := f
		if uint32(bits>>32) != 0 {
			next = b.word(hi, 0xffffffff, opJsetK, uint32(bits>>32), t, next)
		}
		if uint32(bits) != 0 {
			next = b.word(lo, 0xffffffff, opJsetK, uint32(bits), t, next)
		}
		return next
	}
	// Ordered comparisons: decide on the high word unless it equals vhi.
	var loOp uint16
	switch a.op {
	case OpGt:
		loOp = opJgtK
	case OpGe:
		loOp = opJgeK
	case OpLt:
		loOp, t, f = opJgeK, f, t
	case OpLe:
		loOp, t, f = opJgtK, f, t
	}
	loTest := b.word(lo, mlo, loOp, vlo, t, f)
	if mhi == 0 {
		// The high word is 0 after masking: vhi == 0 here (else folded).
		return loTest
	}
	// A holds the (masked) high word across both tests. After "not above
	// vhi", vhi == 0 means the high word is 0; vhi == max means jgt never holds.
	j := loTest
	if vhi != 0 {
		j = b.jump(opJeqK, vhi, loTest, f)
	}
	if vhi < mhi {
		j = b.jump(opJgtK, vhi, t, j)
	}
	if mhi != 0xffffffff {
		j = b.get(opAndK, mhi, j, nil)
	}
	return b.load(hi, j)
}

// chain compiles a decision chain: its rules in order, then its default.
func (b *builder) chain(c *Compiled, ch *chain) *node {
	next := b.ret(ch.def)
	if ch.badArch {
		return next
	}
	conds := make([]*cond, len(ch.rules))
	acts := make([]*node, len(ch.rules))
	for i, r := range ch.rules {
		conds[i], acts[i] = c.res.rules[r].cond, b.ret(c.res.rules[r].action)
	}
	return b.splitChain(conds, acts, next)
}

// splitChain compiles "if conds[0] then acts[0] else if ... else def",
// splitting first on the high word of a field the conditions together test
// often enough (see splitField).
func (b *builder) splitChain(conds []*cond, acts []*node, def *node) *node {
	field, ok := splitField(conds...)
	if !ok {
		next := def
		for i := len(conds) - 1; i >= 0; i-- {
			next = b.cond(conds[i], acts[i], next)
		}
		return next
	}
	low := make([]*cond, len(conds))
	high := make([]*cond, len(conds))
	for i, c := range conds {
		low[i], high[i] = b.substHi(c, field, true), b.substHi(c, field, false)
	}
	lo := uint32(offArgs + 8*field)
	if field == FieldIP {
		lo = offIP
	}
	return b.word(lo+4, 0xffffffff, opJeqK, 0, b.splitChain(low, acts, def), b.splitChain(high, acts, def))
}

// splittable reports whether a is a full 64-bit comparison whose constant
// (and mask) have a zero high word, i.e. decided by the high word being
// non-zero or by the low word alone.
func splittable(a atom) bool {
	if a.w32 || a.mask != ^uint64(0) {
		return false
	}
	return a.val>>32 == 0
}

// splitField returns a field tested by at least two splittable atoms and by
// no other atom of conds. Splitting on its high word (a Shannon expansion):
// with the high word 0 each of those atoms is one 32-bit test of the low
// word, and with it non-zero each has a fixed outcome, so `a0 == 0 or
// a0 >= 3` costs one high-word test plus two low-word tests instead of two
// full 64-bit comparisons.
func splitField(conds ...*cond) (int, bool) {
	var count, other [FieldIP + 1]int
	var walk func(c *cond)
	walk = func(c *cond) {
		if c.kind == cAtom {
			if splittable(c.a) {
				count[c.a.field]++
			} else {
				other[c.a.field]++
			}
			return
		}
		for _, k := range c.kids {
			walk(k)
		}
	}
	for _, c := range conds {
		walk(c)
	}
	for f := range count {
		if count[f] >= 2 && other[f] == 0 {
			return f, true
		}
	}
	return 0, false
}

// substHi rewrites the atoms on field for a known high word: zero (each
// becomes a 32-bit test of the low word) or non-zero (each is decided,
// except bit tests, which only look at the low word).
func (b *builder) substHi(c *cond, field int, zero bool) *cond {
	switch c.kind {
	case cAtom:
		a := c.a
		if a.field != field {
			return c
		}
		if zero || a.op == OpAnySet {
			a.w32, a.mask = true, 0xffffffff
			return b.conds.mkAtom(a)
		}
		switch a.op {
		case OpNe, OpGt, OpGe: // the value is at least 2^32, above any constant here
			return condTrue
		}
		return condFalse
	case cAnd, cOr:
		kids := make([]*cond, len(c.kids))
		for i, k := range c.kids {
			kids[i] = b.substHi(k, field, zero)
		}
		return b.conds.mkJunction(c.kind == cOr, kids...)
	case cNot:
		return b.conds.mkNot(b.substHi(c.kids[0], field, zero))
	}
	return c
}

// tree builds a search over spans[lo:hi] (which together cover the numbers
// the caller has narrowed A to), with A holding the syscall number.
func (b *builder) tree(spans []span, leaves []*node) *node {
	if len(spans) == 1 {
		return leaves[spans[0].chain]
	}
	// A background chain with at most two single-number exceptions: a short
	// chain of jeq beats two range boundaries per exception.
	if bg, exs, n, ok := exceptions(spans); ok {
		ex := exs[:n]
		next := leaves[bg]
		for i := len(ex) - 1; i >= 0; i-- {
			next = b.jump(opJeqK, ex[i].lo, leaves[ex[i].chain], next)
		}
		return next
	}
	mid := len(spans) / 2
	right := b.tree(spans[mid:], leaves)
	left := b.tree(spans[:mid], leaves)
	if right == left {
		return left
	}
	// Split points are unique within a tree: no need to hash-cons them.
	return b.alloc(opJgeK, spans[mid].lo, right, left)
}

// exceptions reports whether spans consist of one background chain plus at
// most two single-number spans of other chains.
func exceptions(spans []span) (bg int, ex [2]span, n int, ok bool) {
	if len(spans) > 2*len(ex)+1 {
		return 0, ex, 0, false
	}
	for _, cand := range [2]int{spans[0].chain, spans[len(spans)-1].chain} {
		n = 0
		ok = true
		for _, s := range spans {
			if s.chain == cand {
				continue
			}
			if s.lo != s.hi || n == len(ex) {
				ok = false
				break
			}
			ex[n] = s
			n++
		}
		if ok {
			return cand, ex, n, true
		}
	}
	return 0, ex, 0, false
}

// generate builds the program graph and lays it out.
func (c *Compiled) generate() ([]bpf.RawInstruction, error) {
	b := &builder{nodes: make(map[nodeKey]*node, len(c.spans)+4*len(c.chains))}
	leaves := make([]*node, len(c.chains))
	for i := range c.chains {
		leaves[i] = b.chain(c, &c.chains[i])
	}
	dispatch := b.tree(c.spans, leaves)
	body := dispatch
	if body.op != opRetK {
		body = b.get(opLdAbs, offNr, dispatch, nil)
	}
	root := b.load(offArch, b.jump(opJeqK, c.Arch.AuditArch, body, b.ret(c.res.badArch)))
	return layout(root, b.count)
}

// slot is an instruction in the linear program being laid out.
type slot struct {
	op   uint16
	k    uint32
	t, f *slot // jump targets (t only for ja); nil for fall-through ops
	pos  int
}

// layout linearises the graph: topological order with the false branch (or
// the successor) placed next where possible, redundant loads dropped, jump
// and return trampolines inserted where a target is not adjacent or is too
// far for an 8-bit conditional offset.
func layout(root *node, count int) ([]bpf.RawInstruction, error) {
	order := topoOrder(root, count)
	skip := redundantLoads(root, order, count)
	resolve := func(n *node) *node {
		for skip[n.id] {
			n = n.t
		}
		return n
	}
	slots := make([]*slot, count)
	slab := make([]slot, len(order))
	for i, n := range order {
		if !skip[n.id] {
			slab[i] = slot{op: n.op, k: n.k}
			slots[n.id] = &slab[i]
		}
	}
	// Wire targets; fall-through ops whose successor is not next get a
	// trampoline (a copy of the return, or a ja).
	list := make([]*slot, 0, len(order)+len(order)/8+4)
	for i, n := range order {
		if skip[n.id] {
			continue
		}
		s := slots[n.id]
		list = append(list, s)
		switch n.op {
		case opRetK:
		case opLdAbs, opAndK:
			succ := resolve(n.t)
			var nextNode *node
			for _, m := range order[i+1:] {
				if !skip[m.id] {
					nextNode = m
					break
				}
			}
			if succ != nextNode {
				list = append(list, trampoline(slots[succ.id]))
			}
		default:
			s.t, s.f = slots[resolve(n.t).id], slots[resolve(n.f).id]
		}
	}
	for iter := 0; ; iter++ {
		if iter > 4*MaxInstructions {
			return nil, fmt.Errorf("jump layout did not converge")
		}
		for i, s := range list {
			s.pos = i
		}
		fixed := false
		for i := 0; i < len(list); i++ {
			s := list[i]
			if s.f == nil || s.op == opJa {
				continue
			}
			for _, tgt := range []**slot{&s.t, &s.f} {
				if (*tgt).pos-s.pos-1 > maxJumpK {
					tr := trampoline(*tgt)
					list = append(list[:i+1], append([]*slot{tr}, list[i+1:]...)...)
					*tgt = tr
					fixed = true
					break
				}
			}
			if fixed {
				break
			}
		}
		if !fixed {
			break
		}
	}
	prog := make([]bpf.RawInstruction, len(list))
	for i, s := range list {
		ins := bpf.RawInstruction{Op: s.op, K: s.k}
		switch {
		case s.op == opJa:
			ins.K = uint32(s.t.pos - i - 1)
		case s.f != nil:
			ins.Jt, ins.Jf = uint8(s.t.pos-i-1), uint8(s.f.pos-i-1)
		}
		prog[i] = ins
	}
	return prog, nil
}

func trampoline(target *slot) *slot {
	if target.op == opRetK {
		return &slot{op: opRetK, k: target.k}
	}
	return &slot{op: opJa, t: target}
}

// topoOrder returns the nodes reachable from root in reverse post-order of a
// depth-first walk that visits t before f, so f (or a load's successor)
// tends to follow its predecessor directly.
func topoOrder(root *node, count int) []*node {
	seen := make([]bool, count)
	post := make([]*node, 0, count)
	type frame struct {
		n     *node
		stage int
	}
	stack := make([]frame, 1, 64)
	stack[0] = frame{root, 0}
	seen[root.id] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		var next *node
		switch top.stage {
		case 0:
			next = top.n.t
		case 1:
			next = top.n.f
		default:
			post = append(post, top.n)
			stack = stack[:len(stack)-1]
			continue
		}
		top.stage++
		if next != nil && !seen[next.id] {
			seen[next.id] = true
			stack = append(stack, frame{next, 0})
		}
	}
	for i, j := 0, len(post)-1; i < j; i, j = i+1, j-1 {
		post[i], post[j] = post[j], post[i]
	}
	return post
}

// redundantLoads finds loads of a word the accumulator already holds on
// every path into them.
func redundantLoads(root *node, order []*node, count int) []bool {
	const unset, unknown = -1, -2
	in := make([]int, count)
	for i := range in {
		in[i] = unset
	}
	in[root.id] = unknown
	skip := make([]bool, count)
	meet := func(n *node, v int) {
		switch old := in[n.id]; {
		case old == unset:
			in[n.id] = v
		case old != v:
			in[n.id] = unknown
		}
	}
	for _, n := range order {
		st := in[n.id]
		out := st
		switch n.op {
		case opLdAbs:
			if st == int(n.k) {
				skip[n.id] = true
			}
			out = int(n.k)
		case opAndK:
			out = unknown
		}
		if n.t != nil {
			meet(n.t, out)
		}
		if n.f != nil {
			meet(n.f, out)
		}
	}
	return skip
}
