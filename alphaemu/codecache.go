package alphaemu

import "sync"

// pageCacheSize is the number of entries in a CPU's direct-mapped cache of
// decoded pages, consulted on every jump that leaves the current page.
const pageCacheSize = 64

type pageCacheEntry struct {
	vpn uint64
	cp  *codePage
}

// maxTB is qemu's TCG_MAX_INSNS: the longest translation block.
const maxTB = 512

// codeFor returns the decoded page holding pc, checking execute permission.
func (c *CPU) codeFor(pc uint64) (*codePage, *Fault) {
	vpn := pc >> pageShift
	e := &c.pages[vpn&(pageCacheSize-1)]
	if e.cp != nil && e.vpn == vpn && !e.cp.dead.Load() {
		return e.cp, nil
	}
	p := c.Mem.lookup(pc)
	if p == nil || p.prot()&ProtExec == 0 {
		return nil, &Fault{Addr: pc, Exec: true, Unmapped: p == nil}
	}
	cp := p.code.Load()
	if cp == nil || cp.dead.Load() {
		var f *Fault
		if cp, f = c.newCode(pc); f != nil {
			return nil, f
		}
	}
	e.vpn, e.cp = vpn, cp
	return cp, nil
}

// newCode returns the decoded page holding pc, making it. A writable page
// becoming a code page must leave the write TLBs (its stores must
// invalidate the code): with other CPUs on the Memory that stops them.
func (c *CPU) newCode(pc uint64) (*codePage, *Fault) {
	m := c.Mem
	m.mu.Lock()
	if p := m.lookup(pc); !m.multi.Load() || p == nil || p.prot()&ProtWrite == 0 {
		cp, f := m.makeCode(c, pc)
		m.mu.Unlock()
		return cp, f
	}
	m.mu.Unlock()
	var cp *codePage
	var f *Fault
	m.exec.RUnlock()
	m.exclusive(c, func() { cp, f = m.makeCode(c, pc) })
	m.exec.RLock()
	c.syncTLB()
	return cp, f
}

// makeCode returns the decoded page holding pc, checking execute
// permission again, and makes it (with no instruction decoded yet) if there
// is none. m.mu must be held.
func (m *Memory) makeCode(c *CPU, pc uint64) (*codePage, *Fault) {
	p := m.ownLocked(pc)
	c.rtlb.drop(pc)
	if p == nil || p.prot()&ProtExec == 0 {
		return nil, &Fault{Addr: pc, Exec: true, Unmapped: p == nil}
	}
	shared := p.prot()&protShared != 0
	if shared {
		sharedCode.Lock()
		defer sharedCode.Unlock()
	}
	if cp := p.code.Load(); cp != nil && !cp.dead.Load() {
		return cp, nil
	}
	cp := &codePage{pg: p, base: pc &^ pageMask}
	cp.insns[PageSize/4].op = opPageEnd
	// Mark the page first: a store from now on takes the slow path, which
	// discards the code being made.
	p.perm.Or(uint32(protCode))
	c.wtlb.drop(pc)
	p.code.Store(cp)
	if p.listed.CompareAndSwap(false, true) {
		m.codePages = append(m.codePages, p)
	}
	return cp, nil
}

// decodeMore decodes the instruction at index i of cp, a page of c's code,
// and returns the page to go on with, or nil if the page's code was
// discarded meanwhile (execution must look it up again).
//
// A CPU alone on its Memory decodes in place. Where other CPUs may be
// executing the same page (several CPUs on the Memory, or a page shared
// with other address spaces), records are never written while visible:
// the page is copied, the copy decoded whole and published, and the old
// version marked dead so that CPUs still on it move to the new one at
// their next page lookup (its decoded records stay valid meanwhile).
func (c *CPU) decodeMore(cp *codePage, i uint64) *codePage {
	m := c.Mem
	p := cp.pg
	shared := p.prot()&protShared != 0
	if !shared && !m.multi.Load() {
		cp.decodeAt(i)
		return cp
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if shared {
		sharedCode.Lock()
		defer sharedCode.Unlock()
	}
	cur := p.code.Load()
	if cur == nil {
		return nil
	}
	if cur.insns[i].op == opUndecoded {
		n := &codePage{insns: cur.insns, pg: p, base: cur.base}
		for j := range uint64(PageSize / 4) {
			if n.insns[j].op == opUndecoded {
				n.decodeAt(j)
			}
		}
		p.code.Store(n)
		cur.dead.Store(true)
		cur = n
	}
	vpn := cur.base >> pageShift
	c.pages[vpn&(pageCacheSize-1)] = pageCacheEntry{vpn: vpn, cp: cur}
	return cur
}

// sharedCode guards the decoded code of pages several address spaces share
// (protShared), which no one Memory's mu covers.
var sharedCode sync.Mutex

// dropCode discards the decoded instructions of p, if any. The Memory's mu
// must be held.
func (m *Memory) dropCode(p *page) {
	if p.prot()&protShared != 0 {
		sharedCode.Lock()
		defer sharedCode.Unlock()
	}
	if cp := p.code.Load(); cp != nil {
		cp.dead.Store(true)
		p.code.Store(nil)
	}
	if p.prot()&protCode != 0 {
		p.perm.And(^uint32(protCode))
	}
}

// flushCode discards every decoded instruction (IMB).
func (m *Memory) flushCode() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.codePages {
		m.dropCode(p)
		p.listed.Store(false)
	}
	clear(m.codePages)
	m.codePages = m.codePages[:0]
}

// word returns the raw instruction word at index i of the page.
func (cp *codePage) word(i uint64) uint32 {
	return load32(cp.pg, i*4)
}

// decodeAt decodes the instruction at index i into the cache, fused with the
// next one when they form a compare-and-branch or an LDAH/LDA pair (the next
// instruction keeps its own record, for jumps to it and for the fused
// compare's branch target).
func (cp *codePage) decodeAt(i uint64) {
	d := decode(cp.word(i), cp.base+i*4)
	if i+1 < PageSize/4 {
		if f, ok := fuse(d, cp.word(i+1)); ok {
			if cp.insns[i+1].op == opUndecoded {
				cp.insns[i+1] = decode(cp.word(i+1), cp.base+(i+1)*4)
			}
			d = f
		}
	}
	if local := localBranch[d.op]; local != opUndecoded && d.imm-cp.base < PageSize {
		d.op = local
		d.rel = int16((d.imm-cp.base)/4 - (i + 1))
	}
	cp.insns[i] = d
}

// localBranch maps the branches that have a same-page form to it, and every
// other op to opUndecoded.
var localBranch = [256]uint8{
	opBEQ: opBEQl, opBNE: opBNEl, opBLT: opBLTl, opBLE: opBLEl, opBGT: opBGTl, opBGE: opBGEl,
	opBLBC: opBLBCl, opBLBS: opBLBSl, opJUMP: opJUMPl,
}

// qemuTail returns how many instructions after index fault qemu's plugin
// counted too: qemu adds a whole translation block when it enters it, so an
// instruction that faults part-way also counts the instructions up to the end
// of its block. Blocks start where control arrived (at or after blk; control
// ran straight from blk to fault, so a block ending in between was a
// conditional branch not taken), hold at most maxTB instructions, stop at the
// page end, and end after a control transfer, a PAL call leaving the block,
// or an illegal instruction.
func (cp *codePage) qemuTail(fault, blk uint64) uint64 {
	for i := fault; i > blk; i-- {
		if endsBlock(decode(cp.word(i-1), cp.base+(i-1)*4).op) {
			blk = i
			break
		}
	}
	start := blk + (fault-blk)/maxTB*maxTB
	end := min(start+maxTB, PageSize/4)
	var n uint64
	for i := fault + 1; i < end; i++ {
		n++
		if endsBlock(decode(cp.word(i), cp.base+i*4).op) {
			break
		}
	}
	return n
}
