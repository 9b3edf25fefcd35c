package alphaemu

import (
	"math/bits"
	"unsafe"
)

// fastExit says why runFast returned.
type fastExit uint8

const (
	exitSlow   fastExit = iota // the instruction at idx needs the full executor
	exitBranch                 // a block ended (retired counted) and target needs a page lookup or the limit stops
)

// fastState is the interpreter state runFast keeps in memory rather than in
// registers: it changes only when a block ends, and keeping it out of the
// loop's registers leaves dp as the only value carried around the dispatch
// loop (Go's register allocator otherwise shuffles registers on every
// instruction).
//
// It holds no pointers: runFast changes page on calls and returns, and
// storing a pointer into the heap there would take the GC write barrier
// while a collection is marking (that was ~40% of qsort's host instructions
// under callgrind). The page is identified by its address and position
// instead; Run finds it again in the page cache.
type fastState struct {
	base    uint64  // guest address of the page being executed
	start   uintptr // position of that page's codePage (kept alive by dp and the page cache)
	bp      uintptr // start of the current block in that page
	retired uint64  // instructions retired before the current block
	limit   uint64  // Run's limit, checked when a block ends
}

// runFast executes the common instructions from dp in the page at c.fs.base: integer
// operations, the fast paths of loads and stores, and branches whose target
// page is in the CPU's page cache. It makes no calls, so the Go compiler keeps
// the interpreter state in registers. It returns the position of an
// instruction that needs the full executor (exitSlow), or target when a block
// ended and execution continues on a page it cannot reach itself or the limit
// is reached (exitBranch, with the block already counted in c.fs.retired).
func (c *CPU) runFast(dp unsafe.Pointer) (_ unsafe.Pointer, target uint64, _ fastExit) {
	rp := unsafe.Pointer(&c.R)
	fp := unsafe.Pointer(&c.F)
	fs := &c.fs
	// dp walks the decoded instructions; the sentinel at the end of every
	// page keeps it inside its page.
	for {
		// dp moves to the next record before dispatch, so that the common
		// case ends with a bare jump back here.
		d := (*dinsn)(dp)
		dp = unsafe.Add(dp, dinsnSize)
		switch d.op {
		case opUndecoded:
			// Listed so that the jump table starts at 0 (one instruction
			// less per dispatch); the full executor decodes.
			goto slow
		// Every byte value has a case (numOps..255 are never decoded), so
		// the jump table needs no range check: two instructions less per
		// dispatch. Adding an op makes the last constant overflow uint8
		// (a compile error): then drop one entry.
		case numOps + 0, numOps + 1, numOps + 2, numOps + 3, numOps + 4, numOps + 5, numOps + 6,
			numOps + 7, numOps + 8, numOps + 9, numOps + 10, numOps + 11, numOps + 12, numOps + 13,
			numOps + 14, numOps + 15, numOps + 16, numOps + 17, numOps + 18, numOps + 19, numOps + 20,
			numOps + 21, numOps + 22, numOps + 23, numOps + 24, numOps + 25, numOps + 26, numOps + 27,
			numOps + 28, numOps + 29, numOps + 30, numOps + 31, numOps + 32, numOps + 33, numOps + 34,
			numOps + 35, numOps + 36, numOps + 37, numOps + 38, numOps + 39, numOps + 40, numOps + 41,
			numOps + 42, numOps + 43, numOps + 44, numOps + 45, numOps + 46, numOps + 47, numOps + 48,
			numOps + 49, numOps + 50, numOps + 51, numOps + 52, numOps + 53, numOps + 54, numOps + 55,
			numOps + 56, numOps + 57, numOps + 58, numOps + 59, numOps + 60, numOps + 61, numOps + 62,
			numOps + 63, numOps + 64, numOps + 65, numOps + 66, numOps + 67, numOps + 68, numOps + 69,
			numOps + 70, numOps + 71, numOps + 72, numOps + 73, numOps + 74, numOps + 75, numOps + 76,
			numOps + 77, numOps + 78, numOps + 79, numOps + 80, numOps + 81, numOps + 82, numOps + 83,
			numOps + 84, numOps + 85, numOps + 86, numOps + 87, numOps + 88, numOps + 89, numOps + 90,
			numOps + 91, numOps + 92, numOps + 93, numOps + 94, numOps + 95, numOps + 96, numOps + 97,
			numOps + 98:
			goto slow
		case opNOP:
		case opLDA:
			*regAt(rp, d.ra) = *regAt(rp, d.rb) + d.imm
		case opMOV:
			*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
		case opPageEnd:
			dp = unsafe.Add(dp, -dinsnSize) // the sentinel is not an instruction: the block ends before it
			target = fs.base + PageSize
			goto br

		case opLDQ:
			a := *regAt(rp, d.rb) + d.imm
			e := c.rtlb.entry(a)
			if e.tag != a>>pageShift || a&7 != 0 {
				goto slow
			}
			*regAt(rp, d.ra) = load64(e.page, a)
		case opLDL:
			a := *regAt(rp, d.rb) + d.imm
			e := c.rtlb.entry(a)
			if e.tag != a>>pageShift || a&3 != 0 {
				goto slow
			}
			*regAt(rp, d.ra) = uint64(int64(int32(load32(e.page, a))))
		case opLDQU:
			a := (*regAt(rp, d.rb) + d.imm) &^ 7
			e := c.rtlb.entry(a)
			if e.tag != a>>pageShift {
				goto slow
			}
			*regAt(rp, d.ra) = load64(e.page, a)
		case opLDBU:
			a := *regAt(rp, d.rb) + d.imm
			e := c.rtlb.entry(a)
			if e.tag != a>>pageShift {
				goto slow
			}
			*regAt(rp, d.ra) = uint64(load8(e.page, a))
		case opLDWU:
			a := *regAt(rp, d.rb) + d.imm
			e := c.rtlb.entry(a)
			if e.tag != a>>pageShift || a&1 != 0 {
				goto slow
			}
			*regAt(rp, d.ra) = uint64(load16(e.page, a))
		case opLDT:
			a := *regAt(rp, d.rb) + d.imm
			e := c.rtlb.entry(a)
			if e.tag != a>>pageShift || a&7 != 0 {
				goto slow
			}
			*regAt(fp, d.ra) = load64(e.page, a)
		case opSTQ:
			a := *regAt(rp, d.rb) + d.imm
			e := c.wtlb.entry(a)
			if e.tag != a>>pageShift || a&7 != 0 {
				goto slow
			}
			store64(e.page, a, *regAt(rp, d.ra))
		case opSTL:
			a := *regAt(rp, d.rb) + d.imm
			e := c.wtlb.entry(a)
			if e.tag != a>>pageShift || a&3 != 0 {
				goto slow
			}
			store32(e.page, a, uint32(*regAt(rp, d.ra)))
		case opSTQU:
			a := (*regAt(rp, d.rb) + d.imm) &^ 7
			e := c.wtlb.entry(a)
			if e.tag != a>>pageShift {
				goto slow
			}
			store64(e.page, a, *regAt(rp, d.ra))
		case opSTB:
			a := *regAt(rp, d.rb) + d.imm
			e := c.wtlb.entry(a)
			if e.tag != a>>pageShift {
				goto slow
			}
			store8(e.page, a, byte(*regAt(rp, d.ra)))
		case opSTW:
			a := *regAt(rp, d.rb) + d.imm
			e := c.wtlb.entry(a)
			if e.tag != a>>pageShift || a&1 != 0 {
				goto slow
			}
			store16(e.page, a, uint16(*regAt(rp, d.ra)))
		case opSTT:
			a := *regAt(rp, d.rb) + d.imm
			e := c.wtlb.entry(a)
			if e.tag != a>>pageShift || a&7 != 0 {
				goto slow
			}
			store64(e.page, a, *regAt(fp, d.ra))

		case opBR:
			*regAt(rp, d.ra) = fs.pcAt(dp)
			target = d.imm
			goto br
		case opJUMP:
			target = d.imm
			goto br
		case opJMP:
			target = *regAt(rp, d.rb) &^ 3
			*regAt(rp, d.ra) = fs.pcAt(dp)
			goto br
		case opJMPnl:
			target = *regAt(rp, d.rb) &^ 3
			goto br
		// A conditional branch not taken simply continues: qemu ends its
		// block there, but the count is the same and qemuTail finds the
		// block start itself.
		case opBEQl:
			if *regAt(rp, d.ra) == 0 {
				goto local
			}
		case opBNEl:
			if *regAt(rp, d.ra) != 0 {
				goto local
			}
		case opBLTl:
			if int64(*regAt(rp, d.ra)) < 0 {
				goto local
			}
		case opBLEl:
			if int64(*regAt(rp, d.ra)) <= 0 {
				goto local
			}
		case opBGTl:
			if int64(*regAt(rp, d.ra)) > 0 {
				goto local
			}
		case opBGEl:
			if int64(*regAt(rp, d.ra)) >= 0 {
				goto local
			}
		case opBLBCl:
			if *regAt(rp, d.ra)&1 == 0 {
				goto local
			}
		case opBLBSl:
			if *regAt(rp, d.ra)&1 != 0 {
				goto local
			}
		case opJUMPl:
			goto local
		case opBEQ:
			if *regAt(rp, d.ra) == 0 {
				target = d.imm
				goto br
			}
		case opBNE:
			if *regAt(rp, d.ra) != 0 {
				target = d.imm
				goto br
			}
		case opBLT:
			if int64(*regAt(rp, d.ra)) < 0 {
				target = d.imm
				goto br
			}
		case opBLE:
			if int64(*regAt(rp, d.ra)) <= 0 {
				target = d.imm
				goto br
			}
		case opBGT:
			if int64(*regAt(rp, d.ra)) > 0 {
				target = d.imm
				goto br
			}
		case opBGE:
			if int64(*regAt(rp, d.ra)) >= 0 {
				target = d.imm
				goto br
			}
		case opBLBC:
			if *regAt(rp, d.ra)&1 == 0 {
				target = d.imm
				goto br
			}
		case opBLBS:
			if *regAt(rp, d.ra)&1 != 0 {
				target = d.imm
				goto br
			}
		case opFBEQ, opFBNE, opFBLT, opFBLE, opFBGT, opFBGE:
			if fpBranchTaken(d.op, *regAt(fp, d.ra)) {
				target = d.imm
				goto br
			}

		case opADDL:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) + (*regAt(rp, d.rb) | d.imm))
		case opS4ADDL:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra)<<2 + (*regAt(rp, d.rb) | d.imm))
		case opS8ADDL:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra)<<3 + (*regAt(rp, d.rb) | d.imm))
		case opSUBL:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) - (*regAt(rp, d.rb) | d.imm))
		case opS4SUBL:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra)<<2 - (*regAt(rp, d.rb) | d.imm))
		case opS8SUBL:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra)<<3 - (*regAt(rp, d.rb) | d.imm))
		case opADDQ:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) + (*regAt(rp, d.rb) | d.imm)
		case opS4ADDQ:
			*regAt(rp, d.rc) = *regAt(rp, d.ra)<<2 + (*regAt(rp, d.rb) | d.imm)
		case opS8ADDQ:
			*regAt(rp, d.rc) = *regAt(rp, d.ra)<<3 + (*regAt(rp, d.rb) | d.imm)
		case opSUBQ:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) - (*regAt(rp, d.rb) | d.imm)
		case opS4SUBQ:
			*regAt(rp, d.rc) = *regAt(rp, d.ra)<<2 - (*regAt(rp, d.rb) | d.imm)
		case opS8SUBQ:
			*regAt(rp, d.rc) = *regAt(rp, d.ra)<<3 - (*regAt(rp, d.rb) | d.imm)
		case opCMPBGE:
			*regAt(rp, d.rc) = cmpbge(*regAt(rp, d.ra), *regAt(rp, d.rb)|d.imm)
		case opCMPULT:
			*regAt(rp, d.rc) = b2u(*regAt(rp, d.ra) < *regAt(rp, d.rb)|d.imm)
		case opCMPULE:
			*regAt(rp, d.rc) = b2u(*regAt(rp, d.ra) <= *regAt(rp, d.rb)|d.imm)
		case opCMPEQ:
			*regAt(rp, d.rc) = b2u(*regAt(rp, d.ra) == *regAt(rp, d.rb)|d.imm)
		case opCMPLT:
			*regAt(rp, d.rc) = b2u(int64(*regAt(rp, d.ra)) < int64(*regAt(rp, d.rb)|d.imm))
		case opCMPLE:
			*regAt(rp, d.rc) = b2u(int64(*regAt(rp, d.ra)) <= int64(*regAt(rp, d.rb)|d.imm))
		case opAND:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) & (*regAt(rp, d.rb) | d.imm)
		case opBIC:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) &^ (*regAt(rp, d.rb) | d.imm)
		case opBIS:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) | *regAt(rp, d.rb) | d.imm
		case opORNOT:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) | ^(*regAt(rp, d.rb) | d.imm)
		case opXOR:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) ^ (*regAt(rp, d.rb) | d.imm)
		case opEQV:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) ^ ^(*regAt(rp, d.rb) | d.imm)
		case opCMOVLBS:
			if *regAt(rp, d.ra)&1 != 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opCMOVLBC:
			if *regAt(rp, d.ra)&1 == 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opCMOVEQ:
			if *regAt(rp, d.ra) == 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opCMOVNE:
			if *regAt(rp, d.ra) != 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opCMOVLT:
			if int64(*regAt(rp, d.ra)) < 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opCMOVGE:
			if int64(*regAt(rp, d.ra)) >= 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opCMOVLE:
			if int64(*regAt(rp, d.ra)) <= 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opCMOVGT:
			if int64(*regAt(rp, d.ra)) > 0 {
				*regAt(rp, d.rc) = *regAt(rp, d.rb) | d.imm
			}
		case opAMASK:
			*regAt(rp, d.rc) = (*regAt(rp, d.rb) | d.imm) &^ AmaskFeatures
		case opIMPLVER:
			*regAt(rp, d.rc) = Implver

		case opMSKBL:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) &^ (0xff << (((*regAt(rp, d.rb) | d.imm) & 7) * 8))
		case opEXTBL:
			*regAt(rp, d.rc) = (*regAt(rp, d.ra) >> (((*regAt(rp, d.rb) | d.imm) & 7) * 8)) & 0xff
		case opINSBL:
			*regAt(rp, d.rc) = (*regAt(rp, d.ra) & 0xff) << (((*regAt(rp, d.rb) | d.imm) & 7) * 8)
		case opMSKL:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) &^ (byteMasks[d.aux&3] << (((*regAt(rp, d.rb) | d.imm) & 7) * 8))
		case opMSKH:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) &^ (byteMasks[d.aux&3] >> (64 - ((*regAt(rp, d.rb)|d.imm)&7)*8))
		case opEXTL:
			*regAt(rp, d.rc) = (*regAt(rp, d.ra) >> (((*regAt(rp, d.rb) | d.imm) & 7) * 8)) & byteMasks[d.aux&3]
		case opEXTH:
			*regAt(rp, d.rc) = (*regAt(rp, d.ra) << ((64 - ((*regAt(rp, d.rb)|d.imm)&7)*8) & 63)) & byteMasks[d.aux&3]
		case opINSL:
			*regAt(rp, d.rc) = (*regAt(rp, d.ra) & byteMasks[d.aux&3]) << (((*regAt(rp, d.rb) | d.imm) & 7) * 8)
		case opINSH:
			*regAt(rp, d.rc) = (*regAt(rp, d.ra) & byteMasks[d.aux&3]) >> (64 - ((*regAt(rp, d.rb)|d.imm)&7)*8)
		case opZAP:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) &^ zapMasks[(*regAt(rp, d.rb)|d.imm)&0xff]
		case opZAPNOT:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) & zapMasks[(*regAt(rp, d.rb)|d.imm)&0xff]
		case opSRL:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) >> ((*regAt(rp, d.rb) | d.imm) & 63)
		case opSLL:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) << ((*regAt(rp, d.rb) | d.imm) & 63)
		case opSRA:
			*regAt(rp, d.rc) = uint64(int64(*regAt(rp, d.ra)) >> ((*regAt(rp, d.rb) | d.imm) & 63))

		case opMULL:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) * (*regAt(rp, d.rb) | d.imm))
		case opMULQ:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) * (*regAt(rp, d.rb) | d.imm)
		case opUMULH:
			*regAt(rp, d.rc), _ = bits.Mul64(*regAt(rp, d.ra), *regAt(rp, d.rb)|d.imm)

		case opLDA2:
			*regAt(rp, d.ra) = *regAt(rp, d.rb) + d.imm
			dp = unsafe.Add(dp, dinsnSize) // the LDA fused in
		case opADDLI:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) + d.imm)
		case opANDI:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) & d.imm
		case opSRLI:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) >> (d.imm & 63)
		case opSLLI:
			*regAt(rp, d.rc) = *regAt(rp, d.ra) << (d.imm & 63)
		case opSRAI:
			*regAt(rp, d.rc) = uint64(int64(*regAt(rp, d.ra)) >> (d.imm & 63))
		case opCMPEQbr:
			v := *regAt(rp, d.ra) == *regAt(rp, d.rb)|d.imm
			*regAt(rp, d.rc) = b2u(v)
			if v == (d.aux != 0) {
				target = (*dinsn)(dp).imm
				dp = unsafe.Add(dp, dinsnSize)
				goto br
			}
			dp = unsafe.Add(dp, dinsnSize)
		case opCMPLTbr:
			v := int64(*regAt(rp, d.ra)) < int64(*regAt(rp, d.rb)|d.imm)
			*regAt(rp, d.rc) = b2u(v)
			if v == (d.aux != 0) {
				target = (*dinsn)(dp).imm
				dp = unsafe.Add(dp, dinsnSize)
				goto br
			}
			dp = unsafe.Add(dp, dinsnSize)
		case opCMPLEbr:
			v := int64(*regAt(rp, d.ra)) <= int64(*regAt(rp, d.rb)|d.imm)
			*regAt(rp, d.rc) = b2u(v)
			if v == (d.aux != 0) {
				target = (*dinsn)(dp).imm
				dp = unsafe.Add(dp, dinsnSize)
				goto br
			}
			dp = unsafe.Add(dp, dinsnSize)
		case opCMPULTbr:
			v := *regAt(rp, d.ra) < *regAt(rp, d.rb)|d.imm
			*regAt(rp, d.rc) = b2u(v)
			if v == (d.aux != 0) {
				target = (*dinsn)(dp).imm
				dp = unsafe.Add(dp, dinsnSize)
				goto br
			}
			dp = unsafe.Add(dp, dinsnSize)
		case opCMPULEbr:
			v := *regAt(rp, d.ra) <= *regAt(rp, d.rb)|d.imm
			*regAt(rp, d.rc) = b2u(v)
			if v == (d.aux != 0) {
				target = (*dinsn)(dp).imm
				dp = unsafe.Add(dp, dinsnSize)
				goto br
			}
			dp = unsafe.Add(dp, dinsnSize)
		case opANDsx:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) & (*regAt(rp, d.rb) | d.imm))
			dp = unsafe.Add(dp, dinsnSize) // the SEXTL fused in
		case opXORsx:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) ^ (*regAt(rp, d.rb) | d.imm))
			dp = unsafe.Add(dp, dinsnSize)
		case opBISsx:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) | *regAt(rp, d.rb) | d.imm)
			dp = unsafe.Add(dp, dinsnSize)
		case opANDIsx:
			*regAt(rp, d.rc) = sext32(*regAt(rp, d.ra) & d.imm)
			dp = unsafe.Add(dp, dinsnSize)
		case opANDIneg:
			*regAt(rp, d.rc) = sext32(-(*regAt(rp, d.ra) & d.imm))
			dp = unsafe.Add(dp, dinsnSize) // the NEGL fused in
		case opFTOIT:
			*regAt(rp, d.rc) = *regAt(fp, d.ra)
		case opRduniq:
			c.R[0] = c.Unique
		case opWruniq:
			c.Unique = c.R[16]
		default:
			goto slow
		}
		continue

	br:
		// The instruction before dp ended a block; continue at target.
		fs.retired += uint64(uintptr(dp)-fs.bp) / dinsnSize
		if fs.retired < fs.limit {
			if target-fs.base < PageSize {
				dp = unsafe.Add(dp, uintptr(target&pageMask)*(dinsnSize/4)-(uintptr(dp)-fs.start))
				fs.bp = uintptr(dp)
				continue
			}
			if e := &c.pages[(target>>pageShift)&(pageCacheSize-1)]; e.vpn == target>>pageShift && e.cp != nil && !e.cp.dead.Load() {
				fs.base, fs.start = e.cp.base, uintptr(unsafe.Pointer(e.cp))
				dp = unsafe.Pointer(&e.cp.insns[(target&pageMask)>>2])
				fs.bp = uintptr(dp)
				continue
			}
		}
		return dp, target, exitBranch
	local:
		// A taken branch to its own page: the block ends as at br, and the
		// target is rel records on.
		fs.retired += uint64(uintptr(dp)-fs.bp) / dinsnSize
		if fs.retired < fs.limit {
			dp = unsafe.Add(dp, int(d.rel)*dinsnSize)
			fs.bp = uintptr(dp)
			continue
		}
		return dp, d.imm, exitBranch
	slow:
		return unsafe.Pointer(d), 0, exitSlow
	}
}

// dinsnSize is the size of a decoded instruction record.
const dinsnSize = 16

var _ [dinsnSize - unsafe.Sizeof(dinsn{})]byte // dinsnSize is not smaller than a record
var _ [unsafe.Sizeof(dinsn{}) - dinsnSize]byte // nor larger

// pcAt returns the guest address of the instruction record at dp.
func (fs *fastState) pcAt(dp unsafe.Pointer) uint64 {
	return fs.base + uint64(uintptr(dp)-fs.start)/(dinsnSize/4)
}

// index returns the instruction index of position p in cp.
func (cp *codePage) index(p uintptr) uint64 {
	return uint64(p-uintptr(unsafe.Pointer(cp))) / dinsnSize
}

// regAt returns the register at byte offset off (a decoded register field) of
// the register file at rp. Decoded offsets are multiples of 8 below 256, so
// the access stays inside the 32-entry file.
func regAt(rp unsafe.Pointer, off uint8) *uint64 { return (*uint64)(unsafe.Add(rp, off)) }
