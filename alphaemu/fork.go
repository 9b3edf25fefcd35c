package alphaemu

// Fork returns a copy of m for a child process (fork(2)). Private pages are
// shared copy-on-write: both spaces hold the same page, read-only for
// writes, until the first write (or decode, or change of protection) by
// either gives the writer its own copy. The pages for which shared returns
// true are shared for good (MAP_SHARED). Demand-zero pages not yet touched
// stay demand-zero in both. Pages holding decoded code (or that held it
// since the last IMB) are copied at once for the child, which decodes
// again: decoded code belongs to one space, except on shared pages. m's
// CPUs are stopped while Fork runs.
//
// A shared page is one page for both spaces: its contents and its
// protection are common, so an mprotect of a shared page in one process is
// seen by the other.
func (m *Memory) Fork(shared func(addr uint64) bool) *Memory {
	n := NewMemory()
	m.exclusive(nil, func() {
		m.each(func(addr uint64, p *page) {
			var np *page
			switch {
			case shared != nil && shared(addr):
				// A shared page must be one real page for both.
				np = m.ownLocked(addr)
				np.perm.Or(uint32(protShared))
			case p.lazy:
				np = n.zeroPage(p.prot())
			case p.listed.Load():
				np = newPage(p.prot() & protMask)
				np.data = p.data
				n.copied.Add(1)
			default:
				if p.refs.Load() == 0 {
					p.refs.Store(2) // m's only: no one else can see it
				} else {
					p.refs.Add(1)
				}
				np = p
			}
			n.table(addr>>(pageShift+l2Bits)).put((addr>>pageShift)&l2Mask, np)
			n.pages.Add(1)
		})
	})
	return n
}
