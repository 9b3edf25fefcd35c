package alphaemu

import "encoding/binary"

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
	if e.cp != nil && e.vpn == vpn && !e.cp.dead {
		return e.cp, nil
	}
	m := c.Mem
	p := m.lookup(pc)
	if p == nil || p.prot&ProtExec == 0 {
		return nil, &Fault{Addr: pc, Exec: true, Unmapped: p == nil}
	}
	p = m.own(pc, p)
	cp := p.code
	if cp == nil {
		cp = &codePage{pg: p, base: pc &^ pageMask}
		cp.insns[PageSize/4].op = opPageEnd
		p.code = cp
		p.prot |= protCode
		// Writes to the page must now take the slow path, which
		// invalidates the decoded code: drop it from the write TLBs.
		c.wtlb.drop(pc)
		m.gen++
		c.tlbGen = m.gen
		if !p.listed {
			p.listed = true
			m.codePages = append(m.codePages, p)
		}
	}
	e.vpn, e.cp = vpn, cp
	return cp, nil
}

// word returns the raw instruction word at index i of the page.
func (cp *codePage) word(i uint64) uint32 {
	return binary.LittleEndian.Uint32(cp.pg.data[(i*4)&pageMask:])
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
