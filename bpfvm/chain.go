package bpfvm

import (
	"fmt"
	"sync"

	"github.com/axpsec/axpsec/abi"
)

// Chain is an immutable stack of seccomp filters, as attached to a task: the
// newest filter first, each linking to the filters attached before it. A nil
// *Chain is the empty chain. Chains are shared freely (fork shares the
// parent's chain; later attaches grow a private leaf).
type Chain struct {
	prog    *Program
	prev    *Chain
	depth   int // number of filters
	pathLen int // Σ (ConvertedLen + 4) over the filters, for the kernel's path limit

	mu     sync.Mutex
	caches []*Cache // per architecture, built on demand
}

// Attach returns a new chain with p as its newest filter. Like the kernel it
// refuses (with a *ValidationError carrying ENOMEM) when the total path
// length, p's length plus (length + 4) for every filter already attached,
// exceeds 32768 instructions. The lengths are those of the kernel's eBPF
// translation (Program.ConvertedLen), as in seccomp_attach_filter.
func (c *Chain) Attach(p *Program) (*Chain, error) {
	total := p.convLen + c.PathLen()
	if total > maxPathLen {
		return nil, &ValidationError{Index: -1, Rule: fmt.Sprintf("filter path length %d exceeds %d instructions", total, maxPathLen), Errno: abi.ENOMEM}
	}
	return &Chain{prog: p, prev: c, depth: c.Len() + 1, pathLen: c.PathLen() + p.convLen + 4}, nil
}

// Len returns the number of filters in the chain.
func (c *Chain) Len() int {
	if c == nil {
		return 0
	}
	return c.depth
}

// PathLen returns the kernel's path-length count for the chain: the sum of
// (ConvertedLen + 4) over its filters.
func (c *Chain) PathLen() int {
	if c == nil {
		return 0
	}
	return c.pathLen
}

// Filter returns the i-th filter, 0 being the newest.
func (c *Chain) Filter(i int) *Program {
	for ; i > 0 && c != nil; i-- {
		c = c.prev
	}
	if c == nil {
		return nil
	}
	return c.prog
}

// Run evaluates every filter, newest first, and combines the results as
// seccomp_run_filters does: starting from ALLOW, a result replaces the
// current one only if its action (the top 16 bits, compared as a signed
// 32-bit value) is strictly lower, so on equal actions the newest filter's
// data wins. match is the index (0 = newest) of the filter whose result was
// taken, or -1 when the verdict is ALLOW. The empty chain returns
// KILL_PROCESS with match -1, as the kernel does when no filter is present.
func (c *Chain) Run(d *SeccompData) (ret uint32, match int) {
	if c == nil {
		return abi.SeccompRetKillProcess, -1
	}
	ret, match = abi.SeccompRetAllow, -1
	for i, f := 0, c; f != nil; i, f = i+1, f.prev {
		if r := f.prog.Run(d); lowerAction(r, ret) {
			ret, match = r, i
		}
	}
	return ret, match
}

// lowerAction reports whether r's action takes precedence over cur's.
func lowerAction(r, cur uint32) bool {
	return int32(r&abi.SeccompRetActionFull) < int32(cur&abi.SeccompRetActionFull)
}
