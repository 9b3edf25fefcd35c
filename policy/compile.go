package policy

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// MaxInstructions is the kernel's limit on a filter's length (BPF_MAXINSNS).
const MaxInstructions = 4096

// Compiled is a policy compiled for one architecture.
type Compiled struct {
	Arch    *abi.Arch
	Program []bpf.RawInstruction
	// Warnings found while resolving the policy for Arch that Parse did not
	// already report in Policy.Warnings (Parse checks the policy's targets).
	Warnings ErrorList

	policy *Policy
	res    *resolved
	spans  []span  // partition of the 32-bit syscall number space by verdict logic, sorted
	chains []chain // decision chains, indexed by span.chain
	// The same partition, but telling apart chains that differ only in
	// which rules they come from, for RuleFor (computed on first use).
	ruleOnce   sync.Once
	ruleSpans  []span
	ruleChains []chain
}

// rulePartition returns the partition that tells rules apart.
func (c *Compiled) rulePartition() ([]span, []chain) {
	c.ruleOnce.Do(func() { _, _, c.ruleSpans, c.ruleChains = partition(c.res, true) })
	return c.ruleSpans, c.ruleChains
}

// span maps the syscall numbers lo..hi (inclusive, unsigned) to a chain.
type span struct {
	lo, hi uint32
	chain  int
}

// chain is the decision list the policy applies to a syscall number: the
// applicable rules in order (the last may be unconditional), then the default.
type chain struct {
	rules   []int // indexes into resolved.rules
	def     uint32
	badArch bool // the numbers belong to a foreign ABI: always bad_arch
}

// Compile resolves the policy for arch and compiles it to classic BPF.
// The error, if any, is an ErrorList.
func (pol *Policy) Compile(arch *abi.Arch) (*Compiled, error) {
	// Parse has already checked the policy's own targets for shadowed rules
	// (Policy.Warnings); other architectures get the check here.
	res, errs, warns := pol.resolveWith(arch, !pol.isTarget(arch))
	if err := errs.Err(); err != nil {
		return nil, err
	}
	c := &Compiled{Arch: arch, Warnings: warns, policy: pol, res: res}
	c.spans, c.chains, _, _ = partition(res, false)
	prog, err := c.generate()
	if err != nil {
		return nil, ErrorList{{Pos: Pos{File: pol.File}, Msg: err.Error()}}
	}
	if len(prog) > MaxInstructions {
		return nil, ErrorList{{Pos: Pos{File: pol.File}, Msg: fmt.Sprintf("compiled program for %s has %d instructions, over the kernel limit of %d; merge rules or simplify conditions", arch.Name, len(prog), MaxInstructions)}}
	}
	c.Program = prog
	return c, nil
}

func (pol *Policy) isTarget(arch *abi.Arch) bool {
	arches, err := pol.TargetArches()
	return err == nil && slices.Contains(arches, arch)
}

// Policy returns the policy c was compiled from.
func (c *Compiled) Policy() *Policy { return c.policy }

// partition splits the syscall number space into spans with one decision
// chain each, twice: sharing chains whose conditions and actions agree (for
// code generation) and keeping chains from different rules apart (for
// RuleFor).
func partition(res *resolved, byRules bool) (logic []span, logicChains []chain, byRule []span, ruleChains []chain) {
	// Rules with the same condition and action share a logic id.
	logicID := make([]int, len(res.rules))
	ids := map[string]int{}
	var key []byte
	for i := range res.rules {
		rr := &res.rules[i]
		key = binary.LittleEndian.AppendUint32(rr.cond.appendKey(key[:0]), rr.action)
		id, ok := ids[string(key)]
		if !ok {
			id = len(ids)
			ids[string(key)] = id
		}
		logicID[i] = id
	}
	// (nr, rule) pairs, sorted by number then rule order.
	total := 0
	for i := range res.rules {
		total += len(res.rules[i].nrs)
	}
	pairs := make([]uint64, 0, total)
	for i := range res.rules {
		if res.rules[i].cond.kind == cFalse {
			continue
		}
		for _, nr := range res.rules[i].nrs {
			pairs = append(pairs, uint64(nr)<<32|uint64(i))
		}
	}
	slices.Sort(pairs)
	type table struct {
		keys   map[string]int
		chains []chain
		pts    []span
	}
	newTable := func() *table {
		return &table{keys: map[string]int{}, pts: make([]span, 0, len(pairs)+len(res.badRanges))}
	}
	lt, rt := newTable(), newTable()
	var buf []byte
	intern := func(t *table, key []byte, rules []int) int {
		if id, ok := t.keys[string(key)]; ok {
			return id
		}
		t.keys[string(key)] = len(t.chains)
		t.chains = append(t.chains, chain{rules: slices.Clone(rules), def: res.def})
		return len(t.chains) - 1
	}
	for _, t := range []*table{lt, rt} {
		intern(t, nil, nil)
	}
	var rules []int         // reused; interned chains keep a copy
	single := map[int]int{} // logic id of a lone rule -> chain in lt
	for i := 0; i < len(pairs); {
		nr := uint32(pairs[i] >> 32)
		rules = rules[:0]
		for ; i < len(pairs) && uint32(pairs[i]>>32) == nr; i++ {
			if n := len(rules); n > 0 && res.rules[rules[n-1]].cond.kind == cTrue {
				continue // decided already
			}
			rules = append(rules, int(uint32(pairs[i])))
		}
		if len(rules) == 1 {
			// The common case: one rule decides; its logic id is the key.
			id, ok := single[logicID[rules[0]]]
			if !ok {
				id = len(lt.chains)
				single[logicID[rules[0]]] = id
				lt.chains = append(lt.chains, chain{rules: slices.Clone(rules), def: res.def})
			}
			lt.pts = append(lt.pts, span{nr, nr, id})
		} else {
			buf = buf[:0]
			for _, r := range rules {
				buf = strconv.AppendInt(append(buf, ','), int64(logicID[r]), 10)
			}
			lt.pts = append(lt.pts, span{nr, nr, intern(lt, buf, rules)})
		}
		if byRules {
			buf = buf[:0]
			for _, r := range rules {
				buf = strconv.AppendInt(append(buf, ','), int64(r), 10)
			}
			rt.pts = append(rt.pts, span{nr, nr, intern(rt, buf, rules)})
		}
	}
	for _, t := range []*table{lt, rt} {
		for _, br := range res.badRanges {
			id := intern(t, []byte("bad"), nil)
			t.chains[id].badArch, t.chains[id].def = true, res.badArch
			t.pts = append(t.pts, span{br[0], br[1], id})
		}
	}
	merge := func(t *table) []span {
		pts := t.pts
		slices.SortFunc(pts, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
		out := make([]span, 0, 2*len(pts)+1)
		add := func(s span) {
			if n := len(out); n > 0 && out[n-1].chain == s.chain && out[n-1].hi+1 == s.lo {
				out[n-1].hi = s.hi
				return
			}
			out = append(out, s)
		}
		next := uint64(0)
		for _, p := range pts {
			if uint64(p.lo) > next {
				add(span{uint32(next), p.lo - 1, 0})
			}
			add(p)
			next = uint64(p.hi) + 1
		}
		if next <= 0xffffffff {
			add(span{uint32(next), 0xffffffff, 0})
		}
		return out
	}
	if !byRules {
		return merge(lt), lt.chains, nil, nil
	}
	return merge(lt), lt.chains, merge(rt), rt.chains
}

// spanFor returns the span of spans containing nr.
func spanFor(spans []span, nr uint32) *span {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].hi >= nr })
	return &spans[i]
}

// RuleFor returns the rule that decides d (nil when the default or bad_arch
// action applies) and the verdict. It costs a binary search over syscall
// number spans plus the conditions of that syscall's rules, so a runtime can
// attribute every verdict of the compiled program to its rule.
func (c *Compiled) RuleFor(d Data) (uint32, *Rule) {
	if d.Arch != c.Arch.AuditArch {
		return c.res.badArch, nil
	}
	spans, chains := c.rulePartition()
	ch := &chains[spanFor(spans, uint32(d.Nr)).chain]
	if ch.badArch {
		return c.res.badArch, nil
	}
	for _, i := range ch.rules {
		rr := &c.res.rules[i]
		if rr.cond.eval(&d) {
			return rr.action, rr.rule
		}
	}
	return ch.def, nil
}

// Evaluate is the reference evaluator for the architecture c was compiled
// for (see Policy.Evaluate), without re-resolving the policy.
func (c *Compiled) Evaluate(d Data) (uint32, *Rule) { return c.res.evaluate(&d) }
