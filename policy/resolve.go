package policy

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/axpsec/axpsec/abi"
)

// Data is the input of a seccomp filter (struct seccomp_data). Its fields
// match bpfvm.SeccompData, so either converts to the other.
type Data struct {
	Nr                 int32
	Arch               uint32
	InstructionPointer uint64
	Args               [6]uint64
}

// rrule is a rule resolved for one architecture.
type rrule struct {
	rule   *Rule
	nrs    []uint32 // sorted
	cond   *cond    // condTrue when unconditional
	action uint32
}

// resolved is a policy resolved for one architecture: names, groups and
// constants replaced by numbers.
type resolved struct {
	arch      *abi.Arch
	def       uint32
	badArch   uint32
	rules     []rrule
	badRanges [][2]uint32 // syscall numbers treated as a foreign ABI (bad_arch)
}

// foreignRanges are syscall number ranges of another ABI sharing an arch
// value: x86_64's x32 ABI (numbers with bit 30 set) must not pass as x86_64.
func foreignRanges(arch *abi.Arch) [][2]uint32 {
	if arch == abi.X86_64 {
		return [][2]uint32{{0x40000000, 0x7fffffff}}
	}
	return nil
}

type resolver struct {
	pol    *Policy
	arch   *abi.Arch
	errs   ErrorList
	warns  ErrorList
	cache  map[string]uint64
	busy   map[string]bool
	groups map[string][]uint32 // resolved user groups (read-only)
	conds  condArena
}

func newResolver(pol *Policy, arch *abi.Arch) *resolver {
	return &resolver{pol: pol, arch: arch, cache: map[string]uint64{}, busy: map[string]bool{}, groups: map[string][]uint32{}}
}

// resolve resolves pol for arch, returning errors and warnings.
func (pol *Policy) resolve(arch *abi.Arch) (*resolved, ErrorList, ErrorList) {
	return pol.resolveWith(arch, true)
}

// resolveWith resolves pol for arch; shadow checks (warnings only) run when
// shadows is set.
func (pol *Policy) resolveWith(arch *abi.Arch, shadows bool) (*resolved, ErrorList, ErrorList) {
	r := newResolver(pol, arch)
	res := &resolved{arch: arch, badRanges: foreignRanges(arch)}
	if pol.Default.Text == "" {
		r.errs.add(Pos{File: pol.File, Line: 1, Col: 1}, "no default action: add [policy] default = \"errno(EPERM)\" (or another action)")
	} else {
		res.def = r.actionValue(pol.Default)
	}
	res.badArch = abi.SeccompRetKillProcess
	if pol.BadArch.Text != "" {
		res.badArch = r.actionValue(pol.BadArch)
	}
	var decided map[uint32]*Rule // syscall numbers decided unconditionally, by which rule
	if shadows {
		decided = make(map[uint32]*Rule, 256)
	}
	res.rules = make([]rrule, 0, len(pol.Rules))
	for _, rule := range pol.Rules {
		rr := rrule{rule: rule, action: r.actionValue(rule.Action), cond: condTrue}
		var direct []uint32
		rr.nrs, direct = r.syscalls(rule.Syscalls)
		if rule.When != nil {
			rr.cond = r.expr(rule, rule.When)
		}
		if shadows {
			r.checkShadow(rule, rr, direct, decided)
		}
		res.rules = append(res.rules, rr)
	}
	return res, r.errs, r.warns
}

func (r *resolver) actionValue(a Action) uint32 {
	v, err := a.Value(r.arch)
	if err != nil {
		r.errs.add(a.Pos, "%v", err)
	}
	return v
}

// checkShadow warns about a rule that never applies, or that applies to
// fewer of the syscalls it names directly (not through a group) than written.
func (r *resolver) checkShadow(rule *Rule, rr rrule, direct []uint32, decided map[uint32]*Rule) {
	var shadowed []string
	var by *Rule
	all := true
	for _, nr := range rr.nrs {
		if d, ok := decided[nr]; ok {
			if _, found := slices.BinarySearch(direct, nr); found {
				shadowed = append(shadowed, r.nrName(nr))
				by = d
			}
			if by == nil {
				by = d
			}
			continue
		}
		all = false
		if rr.cond.kind == cTrue {
			decided[nr] = rule
		}
	}
	if len(rr.nrs) > 0 && all {
		r.warns.add(rule.Pos, "rule never applies: every syscall it names is already decided by an earlier rule (e.g. at %s); remove it or move it up", by.Pos)
	} else if rr.cond.kind == cFalse {
		r.warns.add(rule.Pos, "rule never applies: its condition is always false")
	} else if len(shadowed) > 0 && len(shadowed) <= 8 {
		r.warns.add(rule.Pos, "rule is shadowed for %s by an earlier rule (e.g. at %s)", strings.Join(shadowed, ", "), by.Pos)
	} else if len(shadowed) > 8 {
		r.warns.add(rule.Pos, "rule is shadowed for %d of its syscalls by earlier rules (e.g. at %s)", len(shadowed), by.Pos)
	}
}

func (r *resolver) nrName(nr uint32) string {
	if n, ok := r.arch.SyscallName(int(nr)); ok {
		return n
	}
	return fmt.Sprint(int32(nr))
}

// syscalls resolves a rule's syscall list to sorted numbers, and (sorted)
// those named directly rather than through a group.
func (r *resolver) syscalls(refs []SyscallRef) (nrs, direct []uint32) {
	var one [1]uint32
	for _, ref := range refs {
		var got []uint32
		if nr, ok := r.arch.SyscallNumber(ref.Name); ok && !ref.IsNr {
			one[0] = uint32(nr) // the common case, without allocating
			got = one[:]
		} else {
			got = r.ref(ref, nil, true)
		}
		if ref.Exclude {
			nrs = removeNrs(nrs, got)
			direct = removeNrs(direct, got)
			continue
		}
		nrs = append(nrs, got...)
		if !strings.HasPrefix(ref.Name, "@") {
			direct = append(direct, got...)
		}
	}
	return sortUnique(nrs), sortUnique(direct)
}

// removeNrs removes the numbers in remove from set, in place.
func removeNrs(set, remove []uint32) []uint32 {
	if len(remove) == 0 || len(set) == 0 {
		return set
	}
	var drop map[uint32]bool
	if len(remove) > 8 {
		drop = make(map[uint32]bool, len(remove))
		for _, nr := range remove {
			drop[nr] = true
		}
	}
	out := set[:0]
	for _, nr := range set {
		if drop != nil {
			if drop[nr] {
				continue
			}
		} else if slices.Contains(remove, nr) {
			continue
		}
		out = append(out, nr)
	}
	return out
}

func sortUnique(nrs []uint32) []uint32 {
	slices.Sort(nrs)
	out := nrs[:0]
	for i, nr := range nrs {
		if i == 0 || nr != nrs[i-1] {
			out = append(out, nr)
		}
	}
	return out
}

// ref resolves one reference. Unknown names are errors when strict (named
// directly by the user) and skipped inside built-in groups.
func (r *resolver) ref(ref SyscallRef, stack []string, strict bool) []uint32 {
	if ref.IsNr {
		nr := uint32(ref.Nr)
		for _, br := range foreignRanges(r.arch) {
			if nr >= br[0] && nr <= br[1] {
				r.errs.add(ref.Pos, "syscall number %d belongs to another ABI on %s (bad_arch applies to it)", ref.Nr, r.arch.Name)
				return nil
			}
		}
		return []uint32{nr}
	}
	if !strings.HasPrefix(ref.Name, "@") {
		if nr, ok := r.arch.SyscallNumber(ref.Name); ok {
			return []uint32{uint32(nr)}
		}
		if strict && !ref.Optional {
			r.errs.add(ref.Pos, "unknown syscall %q on %s%s (append ? to skip it on architectures without it)", ref.Name, r.arch.Name, suggest(r.arch, ref.Name))
		}
		return nil
	}
	name := ref.Name[1:]
	if slices.Contains(stack, name) {
		r.errs.add(ref.Pos, "group cycle: @%s includes itself (via %s)", name, strings.Join(stack, " -> "))
		return nil
	}
	var out []uint32
	members := func(refs []SyscallRef, strict bool) {
		for _, m := range refs {
			got := r.ref(m, append(stack, name), strict)
			if m.Exclude {
				out = removeNrs(out, got)
			} else {
				out = append(out, got...)
			}
		}
	}
	switch {
	case name == "known":
		for _, s := range r.arch.Syscalls {
			out = append(out, uint32(s.Nr))
		}
	case r.pol.Groups[name] != nil:
		if cached, ok := r.groups[name]; ok {
			return cached
		}
		members(r.pol.Groups[name].Members, strict)
		out = sortUnique(out)
		r.groups[name] = out
	case builtinGroups[name] != nil:
		out = append(out, builtinGroup(r.arch, name)...)
	default:
		r.errs.add(ref.Pos, "unknown group @%s (built in: @%s; define your own under [groups])", name, strings.Join(BuiltinGroups(), ", @"))
		return nil
	}
	return out
}

// expr resolves a parsed condition for the architecture.
func (r *resolver) expr(rule *Rule, e Expr) *cond {
	switch x := e.(type) {
	case *BoolExpr:
		if x.Value {
			return condTrue
		}
		return condFalse
	case *NotExpr:
		return r.conds.mkNot(r.expr(rule, x.X))
	case *BinExpr:
		return r.conds.mkJunction(x.Or, r.expr(rule, x.L), r.expr(rule, x.R))
	case *CmpExpr:
		return r.cmp(rule, x)
	}
	return condFalse
}

func (r *resolver) cmp(rule *Rule, x *CmpExpr) *cond {
	base := atom{field: x.Field, w32: x.Bits32, mask: ^uint64(0)}
	base.mask = base.fieldMax()
	if x.Mask != nil {
		m, ok := r.value(rule, x.Mask, x.Bits32)
		if !ok {
			return condFalse
		}
		base.mask = m
	}
	switch x.Op {
	case OpIn, OpNotIn:
		var alts []*cond
		for _, m := range x.Set {
			lo, ok1 := r.value(rule, m.Lo, x.Bits32)
			if m.Hi == nil {
				if ok1 {
					r.checkSignExt(rule, x, m.Lo, lo, base)
					a := base
					a.op, a.val = OpEq, lo
					alts = append(alts, r.conds.mkAtom(a))
				}
				continue
			}
			hi, ok2 := r.value(rule, m.Hi, x.Bits32)
			if !ok1 || !ok2 {
				continue
			}
			if lo > hi {
				r.errs.add(rule.exprPos(m.Lo.constPos()), "empty range %s..%s (low end above high end)", fmtValue(lo), fmtValue(hi))
				continue
			}
			a, b := base, base
			a.op, a.val = OpGe, lo
			b.op, b.val = OpLe, hi
			if lo == hi {
				a.op = OpEq
				alts = append(alts, r.conds.mkAtom(a))
			} else {
				alts = append(alts, r.conds.mkJunction(false, r.conds.mkAtom(a), r.conds.mkAtom(b)))
			}
		}
		c := r.conds.mkJunction(true, alts...)
		if x.Op == OpNotIn {
			return r.conds.mkNot(c)
		}
		return c
	}
	v, ok := r.value(rule, x.Value, x.Bits32)
	if !ok {
		return condFalse
	}
	if x.Op != OpAnySet {
		r.checkSignExt(rule, x, x.Value, v, base)
	}
	a := base
	a.op, a.val = x.Op, v
	return r.conds.mkAtom(a)
}

// checkSignExt warns about 64-bit comparisons with a value that only a
// zero-extended 32-bit int could have: Alpha sign-extends ints in registers.
func (r *resolver) checkSignExt(rule *Rule, x *CmpExpr, c ConstExpr, v uint64, a atom) {
	if r.arch != abi.Alpha || a.w32 || v>>32 != 0 || v&0x80000000 == 0 || a.mask>>32 == 0 {
		return
	}
	r.warns.add(rule.exprPos(c.constPos()), "64-bit comparison of %s with %#x: Alpha sign-extends 32-bit ints, so an int %d arrives as %#x and will not match; write %s.32 to compare the low 32 bits, or use the negative value",
		fieldName(x.Field), v, int32(uint32(v)), uint64(int64(int32(uint32(v)))), fieldName(x.Field))
}

// value evaluates a constant for a comparison; 32-bit comparisons need a
// value that fits in 32 bits (signed or unsigned).
func (r *resolver) value(rule *Rule, c ConstExpr, w32 bool) (uint64, bool) {
	v, err := r.evalConst(c, 0)
	if err != nil {
		r.errs.add(rule.exprPos(err.Off), "%s", err.Msg)
		return 0, false
	}
	if w32 {
		hi := v >> 32
		if hi != 0 && !(hi == 0xffffffff && v&0x80000000 != 0) {
			r.errs.add(rule.exprPos(c.constPos()), "constant %s out of range for a 32-bit comparison", fmtValue(v))
			return 0, false
		}
		v &= 0xffffffff
	}
	return v, true
}

// evalConst evaluates a constant expression to its 64-bit two's complement value.
func (r *resolver) evalConst(c ConstExpr, depth int) (uint64, *SyntaxError) {
	if depth > 32 {
		return 0, &SyntaxError{c.constPos(), "constants nested too deeply (cycle?)"}
	}
	switch x := c.(type) {
	case *NumConst:
		if x.Neg {
			if x.Value > 1<<63 {
				return 0, &SyntaxError{x.Off, fmt.Sprintf("constant -%d out of range", x.Value)}
			}
			return -x.Value, nil
		}
		return x.Value, nil
	case *UnaryConst:
		v, err := r.evalConst(x.X, depth+1)
		if err != nil {
			return 0, err
		}
		if x.Op == '~' {
			return ^v, nil
		}
		return -v, nil
	case *BinConst:
		a, err := r.evalConst(x.X, depth+1)
		if err != nil {
			return 0, err
		}
		b, err := r.evalConst(x.Y, depth+1)
		if err != nil {
			return 0, err
		}
		if x.Op == '&' {
			return a & b, nil
		}
		return a | b, nil
	case *NameConst:
		return r.named(x, depth)
	}
	return 0, &SyntaxError{0, "bad constant"}
}

func (r *resolver) named(x *NameConst, depth int) (uint64, *SyntaxError) {
	if v, ok := r.cache[x.Name]; ok {
		return v, nil
	}
	if uc := r.pol.Constants[x.Name]; uc != nil {
		if r.busy[x.Name] {
			return 0, &SyntaxError{x.Off, fmt.Sprintf("constant %s is defined in terms of itself", x.Name)}
		}
		r.busy[x.Name] = true
		v, err := r.evalConst(uc.Expr, depth+1)
		r.busy[x.Name] = false
		if err != nil {
			return 0, &SyntaxError{x.Off, fmt.Sprintf("constant %s (%s): %s", x.Name, uc.Pos, err.Msg)}
		}
		r.cache[x.Name] = v
		return v, nil
	}
	if v, ok := lookupConstant(r.arch, x.Name); ok {
		return uint64(v), nil
	}
	return 0, &SyntaxError{x.Off, fmt.Sprintf("unknown constant %s on %s (define it under [constants])", x.Name, r.arch.Name)}
}

// builtinCache holds built-in groups resolved per architecture (read-only slices).
var builtinCache sync.Map // builtinKey -> []uint32

type builtinKey struct {
	arch *abi.Arch
	name string
}

// builtinGroup resolves a built-in group (which may nest others) for arch,
// skipping names arch lacks.
func builtinGroup(arch *abi.Arch, name string) []uint32 {
	k := builtinKey{arch, name}
	if v, ok := builtinCache.Load(k); ok {
		return v.([]uint32)
	}
	var out []uint32
	for _, m := range builtinGroups[name] {
		if strings.HasPrefix(m, "@") {
			out = append(out, builtinGroup(arch, m[1:])...)
		} else if nr, ok := arch.SyscallNumber(m); ok {
			out = append(out, uint32(nr))
		}
	}
	out = sortUnique(out)
	builtinCache.Store(k, out)
	return out
}
