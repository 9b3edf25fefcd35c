package alphaemu

// Fork returns a copy of m for a child process (fork(2)): every mapped page
// is copied with its protection, except the pages for which shared returns
// true, which the two address spaces then share (MAP_SHARED). Decoded code
// is not copied; the child decodes again. Fork must not run concurrently
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
			if shared != nil && shared(addr) {
				nt[j] = p
			} else {
				c := &page{prot: p.prot & protMask}
				c.data = p.data
				nt[j] = c
			}
			n.pages++
		}
		n.l1[i] = nt
	}
	return n
}
