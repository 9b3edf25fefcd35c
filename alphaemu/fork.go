package alphaemu

// Fork returns a copy of m for a child process (fork(2)): every mapped page
// is copied with its protection, except the pages for which shared returns
// true, which the two address spaces then share (MAP_SHARED). Demand-zero
// pages not yet touched stay demand-zero in both. Decoded code is not
// copied; the child decodes again. Fork must not run concurrently with a
// Run on m.
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
			default:
				c := &page{prot: p.prot & protMask}
				c.data = p.data
				nt[j] = c
			}
			n.pages++
		}
		n.l1[i] = nt
	}
	m.gen++
	return n
}
