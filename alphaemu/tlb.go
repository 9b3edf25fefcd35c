package alphaemu

// tlbSize is the number of entries of each software TLB.
const tlbSize = 256

// noPage is a TLB tag that matches no address (page numbers are below 2^29).
const noPage = ^uint64(0)

// tlb is a direct-mapped software TLB: page number -> page, for the fast
// paths of loads (readable pages) and stores (writable pages holding no
// decoded code). Entries are filled by the slow paths and flushed when the
// Memory's mappings change (Memory.gen).
type tlb [tlbSize]tlbEntry

// tlbEntry caches one page; page is non-nil whenever tag is not noPage.
type tlbEntry struct {
	tag  uint64
	page *page
}

// entry returns the entry a maps to; it caches a's page if its tag is a>>pageShift.
func (t *tlb) entry(a uint64) *tlbEntry { return &t[(a>>pageShift)&(tlbSize-1)] }

// fill caches p as the page holding a.
func (t *tlb) fill(a uint64, p *page) {
	e := &t[(a>>pageShift)&(tlbSize-1)]
	e.tag, e.page = a>>pageShift, p
}

// drop removes the page holding a.
func (t *tlb) drop(a uint64) {
	if e := &t[(a>>pageShift)&(tlbSize-1)]; e.tag == a>>pageShift {
		e.tag, e.page = noPage, nil
	}
}

// flushTLB empties both TLBs and marks them valid for the current mappings.
func (c *CPU) flushTLB() {
	for i := range c.rtlb {
		c.rtlb[i].tag, c.rtlb[i].page = noPage, nil
		c.wtlb[i].tag, c.wtlb[i].page = noPage, nil
	}
	c.tlbGen = c.Mem.gen.Load()
}

// rpage returns the page holding a if it is readable and may be read in
// place, filling the read TLB unless it is a demand-zero stand-in (never
// written: always read in place). A page shared copy-on-write is cached
// only by a CPU alone on its Memory: a write replaces it without stopping
// anyone, and that CPU fixes its own TLB (wpage, storeDone, makeCode) or,
// for a write by the kernel, flushes it (Memory.gen). With other CPUs
// running, such a page is not returned at all: one of them may replace it
// meanwhile and its other holder write it, so the load must go through
// Memory.access, which checks the page is still mapped after reading.
func (c *CPU) rpage(a uint64) *page {
	p := c.Mem.rpage(a)
	switch {
	case p == nil || p.lazy:
		return p
	case !c.Mem.multi.Load() || c.Mem.owned(a, p):
		c.rtlb.fill(a, p)
		return p
	}
	return nil
}

// wpage returns the page holding a if it is writable and holds no decoded
// code, filling the write TLB (and pointing the read TLB at it: it may
// replace a copy-on-write page).
func (c *CPU) wpage(a uint64) *page {
	p := c.Mem.wpage(a)
	if p != nil {
		c.wtlb.fill(a, p)
		if e := c.rtlb.entry(a); e.tag == a>>pageShift {
			e.page = p
		}
	}
	return p
}

// storeDone drops from the read TLB the pages a store of size bytes at a
// went through the slow path for: it may have replaced them.
func (c *CPU) storeDone(a, size uint64) {
	c.rtlb.drop(a)
	c.rtlb.drop(a + size - 1)
}
