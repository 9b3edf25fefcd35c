package policy

import (
	"fmt"
	"github.com/axpsec/axpsec/bpfvm"
	"strconv"
	"strings"

	"github.com/axpsec/axpsec/abi"
)

// Explanation describes what the policy does with one syscall number.
type Explanation struct {
	Nr       int    `json:"nr"`
	Name     string `json:"name"`
	Constant bool   `json:"constant"`          // the verdict does not depend on arguments
	Verdict  string `json:"verdict,omitempty"` // when Constant
	Rule     string `json:"rule,omitempty"`    // position of the deciding rule when Constant (empty: default)
	Cases    []Case `json:"cases,omitempty"`   // when not Constant, checked in order
	Else     string `json:"otherwise,omitempty"`
}

// Case is one conditional outcome of a syscall's rules.
type Case struct {
	When    string `json:"when"`
	Verdict string `json:"verdict"`
	Rule    string `json:"rule"`
}

// Explain lists, for every syscall of the architecture, the constant verdict
// or the conditions under which each verdict applies.
func (c *Compiled) Explain() []Explanation {
	out := make([]Explanation, 0, len(c.Arch.Syscalls))
	for _, s := range c.Arch.Syscalls {
		out = append(out, c.explainNr(uint32(s.Nr), s.Name))
	}
	// Numbers the rules name that the table does not.
	var extra []uint32
	for _, rr := range c.res.rules {
		for _, nr := range rr.nrs {
			if _, ok := c.Arch.SyscallName(int(int32(nr))); !ok {
				extra = append(extra, nr)
			}
		}
	}
	for _, nr := range sortUnique(extra) {
		out = append(out, c.explainNr(nr, fmt.Sprintf("#%d", int32(nr))))
	}
	return out
}

func (c *Compiled) explainNr(nr uint32, name string) Explanation {
	e := Explanation{Nr: int(int32(nr)), Name: name}
	spans, chains := c.rulePartition()
	ch := &chains[spanFor(spans, nr).chain]
	if ch.badArch {
		e.Constant, e.Verdict = true, bpfvm.ActionString(c.res.badArch)
		return e
	}
	for _, i := range ch.rules {
		rr := &c.res.rules[i]
		if rr.cond.kind == cTrue {
			if len(e.Cases) == 0 {
				e.Constant, e.Verdict, e.Rule = true, bpfvm.ActionString(rr.action), rr.rule.Pos.String()
				return e
			}
			e.Else = bpfvm.ActionString(rr.action) + " (rule " + rr.rule.Pos.String() + ")"
			return e
		}
		e.Cases = append(e.Cases, Case{When: rr.cond.String(), Verdict: bpfvm.ActionString(rr.action), Rule: rr.rule.Pos.String()})
	}
	if len(e.Cases) == 0 {
		e.Constant, e.Verdict = true, bpfvm.ActionString(ch.def)
		return e
	}
	e.Else = bpfvm.ActionString(ch.def) + " (default)"
	return e
}

// String formats the explanation on one line.
func (e Explanation) String() string {
	head := fmt.Sprintf("%s (%d): ", e.Name, e.Nr)
	if e.Constant {
		s := head + e.Verdict
		if e.Rule != "" {
			s += "  [" + e.Rule + "]"
		}
		return s
	}
	parts := make([]string, 0, len(e.Cases)+1)
	for _, cs := range e.Cases {
		parts = append(parts, fmt.Sprintf("%s if %s [%s]", cs.Verdict, cs.When, cs.Rule))
	}
	parts = append(parts, "else "+e.Else)
	return head + strings.Join(parts, "; ")
}

// DefaultVerdict returns the verdict for syscall numbers no rule names and for
// a foreign architecture.
func (c *Compiled) DefaultVerdict() (def, badArch uint32) { return c.res.def, c.res.badArch }

// ConstValue evaluates a constant expression (a number, a name such as
// O_RDWR or a combination like "O_RDWR|O_CLOEXEC") with the policy's
// constants and arch's values.
func (pol *Policy) ConstValue(arch *abi.Arch, s string) (uint64, error) {
	e, err := ParseConst(s)
	if err != nil {
		return 0, fmt.Errorf("value %q: %s", s, syntaxMsg(err))
	}
	r := newResolver(pol, arch)
	v, serr := r.evalConst(e, 0)
	if serr != nil {
		return 0, fmt.Errorf("value %q: %s", s, serr.Msg)
	}
	return v, nil
}

// LookupSyscall returns the number of a syscall given by name or number on
// arch, with suggestions when the name is unknown.
func LookupSyscall(arch *abi.Arch, s string) (int32, error) {
	if n, err := strconv.ParseInt(s, 0, 64); err == nil {
		if n < -1<<31 || n > 1<<32-1 {
			return 0, fmt.Errorf("syscall number %d out of range", n)
		}
		return int32(n), nil
	}
	if nr, ok := arch.SyscallNumber(s); ok {
		return int32(nr), nil
	}
	return 0, fmt.Errorf("unknown syscall %q on %s%s", s, arch.Name, suggest(arch, s))
}
