package bpfvm

import (
	"github.com/axpsec/axpsec/abi"
)

// maxCacheNrs bounds the syscall numbers a Cache covers (x32-style tables
// with numbers near 2^30 would otherwise make it huge).
const maxCacheNrs = 1 << 12

// notConst marks a Cache entry whose verdict depends on more than nr/arch.
const notConst = -2

// cacheEntry is one syscall number's verdict: the combined return value and
// the index of the matching filter (-1 for ALLOW), or filter == notConst.
type cacheEntry struct {
	ret    uint32
	filter int32
}

// Cache holds a chain's constant verdicts for one architecture: for every
// syscall number from 0 to the highest number in the arch's table, the
// verdict if the chain's result provably depends only on nr and arch (any
// action, not only ALLOW as in the kernel). It is only valid for
// seccomp_data whose Arch equals the cache's arch. A nil *Cache caches
// nothing.
type Cache struct {
	arch    uint32
	entries []cacheEntry
}

// Arch returns the AUDIT_ARCH value the cache is valid for (0 for nil).
func (c *Cache) Arch() uint32 {
	if c == nil {
		return 0
	}
	return c.arch
}

// Lookup returns the chain's verdict for nr if it is constant.
func (c *Cache) Lookup(nr int32) (ret uint32, ok bool) {
	if c == nil || uint32(nr) >= uint32(len(c.entries)) {
		return 0, false
	}
	e := &c.entries[nr]
	return e.ret, e.filter != notConst
}

// LookupMatch is Lookup that also returns the index of the filter whose
// result was taken (0 = newest, -1 for ALLOW), as Chain.Run does.
func (c *Cache) LookupMatch(nr int32) (ret uint32, filter int, ok bool) {
	if c == nil || uint32(nr) >= uint32(len(c.entries)) {
		return 0, 0, false
	}
	e := &c.entries[nr]
	return e.ret, int(e.filter), e.filter != notConst
}

// Size returns the number of syscall numbers covered (0..Size-1).
func (c *Cache) Size() int {
	if c == nil {
		return 0
	}
	return len(c.entries)
}

// Constant returns how many of the covered syscall numbers have a constant
// verdict.
func (c *Cache) Constant() int {
	if c == nil {
		return 0
	}
	n := 0
	for _, e := range c.entries {
		if e.filter != notConst {
			n++
		}
	}
	return n
}

// Cache returns the chain's constant-verdict cache for arch, computing it on
// first use (the per-filter analysis is shared by every chain containing the
// filter). The empty chain has a nil cache.
func (c *Chain) Cache(arch *abi.Arch) *Cache {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range c.caches {
		if k.arch == arch.AuditArch {
			return k
		}
	}
	own := c.prog.constTable(arch)
	prev := c.prev.Cache(arch)
	k := &Cache{arch: arch.AuditArch, entries: make([]cacheEntry, len(own))}
	for nr, e := range own {
		if e.filter == notConst {
			k.entries[nr] = e
			continue
		}
		// This filter runs first: it lowers ALLOW or leaves it.
		ret, match := abi.SeccompRetAllow, int32(-1)
		if lowerAction(e.ret, ret) {
			ret, match = e.ret, 0
		}
		if prev != nil {
			p := prev.entries[nr]
			if p.filter == notConst {
				k.entries[nr] = p
				continue
			}
			if lowerAction(p.ret, ret) {
				ret, match = p.ret, p.filter+1
			}
		}
		k.entries[nr] = cacheEntry{ret: ret, filter: match}
	}
	c.caches = append(c.caches, k)
	return k
}

// constTable returns, for each nr in 0..max nr of arch, the program's own
// result if it is constant (filter 0) or notConst.
func (p *Program) constTable(arch *abi.Arch) []cacheEntry {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.consts[arch.AuditArch]; ok {
		return t
	}
	n := 0
	if len(arch.Syscalls) > 0 {
		n = min(arch.Syscalls[len(arch.Syscalls)-1].Nr+1, maxCacheNrs)
	}
	t := make([]cacheEntry, n)
	z := newAnalyzer(p)
	readsNr := false
	for _, in := range p.insns {
		readsNr = readsNr || in.op == opLdNr
	}
	for nr := range t {
		if nr > 0 && !readsNr {
			t[nr] = t[0] // the analysis cannot depend on nr
			continue
		}
		if ret, ok := z.constResult(int32(nr), arch.AuditArch); ok {
			t[nr] = cacheEntry{ret: ret}
		} else {
			t[nr] = cacheEntry{filter: notConst}
		}
	}
	if p.consts == nil {
		p.consts = map[uint32][]cacheEntry{}
	}
	p.consts[arch.AuditArch] = t
	return t
}
