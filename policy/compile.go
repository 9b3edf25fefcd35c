package policy

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// MaxInstructions is the kernel's limit on a filter's length (BPF_MAXINSNS).
const MaxInstructions = 4096

// Compiled is a policy compiled for one architecture.
type Compiled struct {
	Arch     *abi.Arch
	Program  []bpf.RawInstruction
	Warnings ErrorList

	policy *Policy
	res    *resolved
	spans  []span  // partition of the 32-bit syscall number space by verdict logic, sorted
	chains []chain // decision chains, indexed by span.chain
	// The same partition, but telling apart chains that differ only in
	// which rules they come from, for RuleFor.
	ruleSpans  []span
	ruleChains []chain
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
	res, errs, warns := pol.resolve(arch)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	c := &Compiled{Arch: arch, Warnings: warns, policy: pol, res: res}
	c.spans, c.chains = partition(res, false)
	c.ruleSpans, c.ruleChains = partition(res, true)
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

// Policy returns the policy c was compiled from.
func (c *Compiled) Policy() *Policy { return c.policy }

// partition splits the syscall number space into spans with one decision
// chain each. Chains with the same conditions and actions are shared unless
// byRule is set.
func partition(res *resolved, byRule bool) ([]span, []chain) {
	var chains []chain
	perNr := map[uint32][]int{}
	for i, rr := range res.rules {
		if rr.cond.kind == cFalse {
			continue
		}
		for _, nr := range rr.nrs {
			l := perNr[nr]
			if n := len(l); n > 0 && res.rules[l[n-1]].cond.kind == cTrue {
				continue // decided already
			}
			perNr[nr] = append(l, i)
		}
	}
	keys := map[string]int{}
	intern := func(ch chain) int {
		var sb strings.Builder
		if ch.badArch {
			sb.WriteString("badarch")
		}
		for _, i := range ch.rules {
			rr := &res.rules[i]
			if byRule {
				fmt.Fprintf(&sb, "#%d", i)
			}
			fmt.Fprintf(&sb, "%s->%#x;", rr.cond, rr.action)
		}
		k := sb.String()
		if id, ok := keys[k]; ok {
			return id
		}
		keys[k] = len(chains)
		chains = append(chains, ch)
		return len(chains) - 1
	}
	defChain := intern(chain{def: res.def})
	var pts []span
	for nr, l := range perNr {
		pts = append(pts, span{nr, nr, intern(chain{rules: l, def: res.def})})
	}
	for _, br := range res.badRanges {
		pts = append(pts, span{br[0], br[1], intern(chain{badArch: true, def: res.badArch})})
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].lo < pts[j].lo })
	var out []span
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
			add(span{uint32(next), p.lo - 1, defChain})
		}
		add(p)
		next = uint64(p.hi) + 1
	}
	if next <= 0xffffffff {
		add(span{uint32(next), 0xffffffff, defChain})
	}
	return out, chains
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
	ch := &c.ruleChains[spanFor(c.ruleSpans, uint32(d.Nr)).chain]
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
