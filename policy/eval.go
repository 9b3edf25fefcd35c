package policy

import (
	"fmt"
	"slices"

	"github.com/axpsec/axpsec/abi"
)

// TargetArches returns the policy's target architectures (Alpha when unset).
func (pol *Policy) TargetArches() ([]*abi.Arch, error) {
	if len(pol.Arches) == 0 {
		return []*abi.Arch{abi.Alpha}, nil
	}
	out := make([]*abi.Arch, 0, len(pol.Arches))
	for _, n := range pol.Arches {
		a, err := abi.LookupArch(n)
		if err != nil {
			return nil, fmt.Errorf("policy.arch: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}

// validate resolves the policy and its tests for every target architecture,
// recording errors and (deduplicated) warnings.
func (p *parser) validate(pol *Policy) {
	arches, err := pol.TargetArches()
	if err != nil {
		p.errs.add(Pos{File: pol.File}, "%v", err)
		return
	}
	seen := map[string]bool{}
	for _, arch := range arches {
		_, errs, warns := pol.resolve(arch)
		for _, t := range pol.Tests {
			if _, err := pol.testData(arch, t); err != nil {
				errs.add(t.Pos, "%v", err)
			}
			if _, err := t.Expect.Value(arch); err != nil {
				errs.add(t.Expect.Pos, "%v", err)
			}
		}
		for _, list := range []struct {
			src ErrorList
			dst *ErrorList
		}{{errs, &p.errs}, {warns, &p.warns}} {
			for _, e := range list.src {
				k := e.Error()
				if len(arches) > 1 {
					e = &Error{Pos: e.Pos, Msg: e.Msg + " [" + arch.Name + "]"}
				}
				if !seen[k] {
					seen[k] = true
					*list.dst = append(*list.dst, e)
				}
			}
		}
	}
}

// Evaluate applies the policy to d directly, without BPF (the reference
// semantics): bad_arch for a foreign arch, then the first rule whose syscall
// list contains d.Nr and whose condition holds, else the default. The rule is
// nil when the default or bad_arch action applied.
func (pol *Policy) Evaluate(arch *abi.Arch, d Data) (uint32, *Rule, error) {
	res, errs, _ := pol.resolve(arch)
	if err := errs.Err(); err != nil {
		return 0, nil, err
	}
	ret, rule := res.evaluate(&d)
	return ret, rule, nil
}

func (res *resolved) evaluate(d *Data) (uint32, *Rule) {
	if d.Arch != res.arch.AuditArch {
		return res.badArch, nil
	}
	nr := uint32(d.Nr)
	for _, br := range res.badRanges {
		if nr >= br[0] && nr <= br[1] {
			return res.badArch, nil
		}
	}
	for i := range res.rules {
		rr := &res.rules[i]
		if _, found := slices.BinarySearch(rr.nrs, nr); found && rr.cond.eval(d) {
			return rr.action, rr.rule
		}
	}
	return res.def, nil
}

// testData builds the seccomp_data of an inline test for the target arch.
func (pol *Policy) testData(target *abi.Arch, t *Test) (Data, error) {
	arch := target
	if t.Arch != "" {
		a, err := abi.LookupArch(t.Arch)
		if err != nil {
			return Data{}, fmt.Errorf("test arch: %w", err)
		}
		arch = a
	}
	d := Data{Arch: arch.AuditArch}
	if t.Syscall.IsNr {
		d.Nr = int32(t.Syscall.Nr)
	} else {
		nr, ok := arch.SyscallNumber(t.Syscall.Name)
		if !ok {
			return d, fmt.Errorf("test syscall: unknown syscall %q on %s%s", t.Syscall.Name, arch.Name, suggest(arch, t.Syscall.Name))
		}
		d.Nr = int32(nr)
	}
	r := newResolver(pol, arch)
	for i, a := range t.Args {
		if a == nil {
			continue
		}
		v, err := r.evalConst(a, 0)
		if err != nil {
			return d, fmt.Errorf("test arg %d (%s): %s", i, t.ArgText[i], err.Msg)
		}
		d.Args[i] = v
	}
	if t.IP != nil {
		v, err := r.evalConst(t.IP, 0)
		if err != nil {
			return d, fmt.Errorf("test ip: %s", err.Msg)
		}
		d.InstructionPointer = v
	}
	return d, nil
}

// TestResult is the outcome of one inline test.
type TestResult struct {
	Test *Test
	Data Data
	Want uint32
	Got  uint32 // from the compiled program
	Ref  uint32 // from the reference evaluator
	Rule *Rule  // the rule the reference evaluator matched (nil: default)
	Err  error  // the test could not be run
}

// OK reports whether both the program and the reference evaluator gave the expected verdict.
func (r TestResult) OK() bool { return r.Err == nil && r.Got == r.Want && r.Ref == r.Want }

// RunTests runs the policy's inline tests against c: each through run (the
// compiled program in a BPF VM, e.g. bpfvm) and the reference evaluator.
func (c *Compiled) RunTests(run func(Data) uint32) []TestResult {
	var out []TestResult
	for _, t := range c.policy.Tests {
		r := TestResult{Test: t}
		d, err := c.policy.testData(c.Arch, t)
		if err != nil {
			r.Err = err
			out = append(out, r)
			continue
		}
		want, err := t.Expect.Value(c.Arch)
		if err != nil {
			r.Err = err
			out = append(out, r)
			continue
		}
		r.Data, r.Want = d, want
		r.Got = run(d)
		r.Ref, r.Rule = c.res.evaluate(&d)
		out = append(out, r)
	}
	return out
}
