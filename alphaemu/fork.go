package alphaemu

// Fork returns a copy of m for a child process (fork(2)). Private pages are
// shared copy-on-write: both spaces hold the same page, read-only for
// writes, until the first write (or decode, or change of protection) by
// either gives the writer its own copy. The pages for which shared returns
// true are shared for good (MAP_SHARED). Demand-zero pages not yet touched
// stay demand-zero in both. Pages holding decoded code (or that held it
// since the last IMB) are copied at once for the child, which decodes
// again: decoded code belongs to one space. Fork must not run concurrently
// with a Run on m.
//
// A shared page is one page for both spaces: its contents and its
// protection are common, so an mprotect of a shared page in one process is
// seen by the other.
func (m *Memory) Fork(shared func(addr uint64) bool) *Memory {
	n := NewMemory()
	for i, t := range m.l1 {
		if t == nil {
			continue
		}
		nt := new(l2Table)
		for j, p := range t {
			if p == nil {
				continue
			}
			addr := uint64(i)<<(pageShift+l2Bits) | uint64(j)<<pageShift
			switch {
			case shared != nil && shared(addr):
				// A shared page must be one real page for both.
				nt[j] = m.own(addr, p)
			case p.lazy:
				nt[j] = n.zeroPage(p.prot)
			case p.listed:
				nt[j] = &page{prot: p.prot & protMask, data: p.data}
				n.copied++
			default:
				if p.refs.Load() == 0 {
					p.refs.Store(2) // m's only: no one else can see it
				} else {
					p.refs.Add(1)
				}
				nt[j] = p
			}
			n.pages++
		}
		n.l1[i] = nt
	}
	// The TLBs of m's CPUs may hold pages that are now copy-on-write.
	m.gen++
	return n
}
