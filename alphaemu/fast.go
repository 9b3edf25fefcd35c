package alphaemu

import (
	"encoding/binary"
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
type fastState struct {
	cp      *codePage      // the page being executed
	bp      unsafe.Pointer // start of the current block in cp
	retired uint64         // instructions retired before the current block
	limit   uint64         // Run's limit, checked when a block ends
}

// runFast executes the common instructions from dp in c.fs.cp: integer
// operations, the fast paths of loads and stores, and branches whose target
// page is in the CPU's page cache. It makes no calls, so the Go compiler keeps
// the interpreter state in registers. It returns the position of an
// instruction that needs the full executor (exitSlow), or target when a block
// ended and execution continues on a page it cannot reach itself or the limit
// is reached (exitBranch, with the block already counted in c.fs.retired).
func (c *CPU) runFast(dp unsafe.Pointer) (_ unsafe.Pointer, target uint64, _ fastExit) {
	r := &c.R
	mem := c.Mem
	fs := &c.fs
	// dp walks the decoded instructions; the sentinel at the end of every
	// page keeps it inside fs.cp.
	for {
		d := (*dinsn)(dp)
		switch d.op {
		case opNOP:
		case opLDA:
			r[d.ra&31] = r[d.rb&31] + d.imm
		case opMOV:
			r[d.rc&31] = r[d.rb&31] | d.imm
		case opPageEnd:
			dp = unsafe.Add(dp, -dinsnSize) // the sentinel is not an instruction
			target = fs.cp.base + PageSize
			goto br

		case opLDQ:
			a := r[d.rb&31] + d.imm
			p := mem.rpage(a)
			if p == nil || a&7 != 0 {
				goto slow
			}
			r[d.ra&31] = binary.LittleEndian.Uint64(p.data[a&pageMask:])
		case opLDL:
			a := r[d.rb&31] + d.imm
			p := mem.rpage(a)
			if p == nil || a&3 != 0 {
				goto slow
			}
			r[d.ra&31] = uint64(int64(int32(binary.LittleEndian.Uint32(p.data[a&pageMask:]))))
		case opLDQU:
			a := (r[d.rb&31] + d.imm) &^ 7
			p := mem.rpage(a)
			if p == nil {
				goto slow
			}
			r[d.ra&31] = binary.LittleEndian.Uint64(p.data[a&pageMask:])
		case opLDBU:
			a := r[d.rb&31] + d.imm
			p := mem.rpage(a)
			if p == nil {
				goto slow
			}
			r[d.ra&31] = uint64(p.data[a&pageMask])
		case opLDWU:
			a := r[d.rb&31] + d.imm
			p := mem.rpage(a)
			if p == nil || a&1 != 0 {
				goto slow
			}
			r[d.ra&31] = uint64(binary.LittleEndian.Uint16(p.data[a&pageMask:]))
		case opLDT:
			a := r[d.rb&31] + d.imm
			p := mem.rpage(a)
			if p == nil || a&7 != 0 {
				goto slow
			}
			c.F[d.ra&31] = binary.LittleEndian.Uint64(p.data[a&pageMask:])
		case opSTQ:
			a := r[d.rb&31] + d.imm
			p := mem.wpage(a)
			if p == nil || a&7 != 0 {
				goto slow
			}
			binary.LittleEndian.PutUint64(p.data[a&pageMask:], r[d.ra&31])
		case opSTL:
			a := r[d.rb&31] + d.imm
			p := mem.wpage(a)
			if p == nil || a&3 != 0 {
				goto slow
			}
			binary.LittleEndian.PutUint32(p.data[a&pageMask:], uint32(r[d.ra&31]))
		case opSTQU:
			a := (r[d.rb&31] + d.imm) &^ 7
			p := mem.wpage(a)
			if p == nil {
				goto slow
			}
			binary.LittleEndian.PutUint64(p.data[a&pageMask:], r[d.ra&31])
		case opSTB:
			a := r[d.rb&31] + d.imm
			p := mem.wpage(a)
			if p == nil {
				goto slow
			}
			p.data[a&pageMask] = byte(r[d.ra&31])
		case opSTW:
			a := r[d.rb&31] + d.imm
			p := mem.wpage(a)
			if p == nil || a&1 != 0 {
				goto slow
			}
			binary.LittleEndian.PutUint16(p.data[a&pageMask:], uint16(r[d.ra&31]))
		case opSTT:
			a := r[d.rb&31] + d.imm
			p := mem.wpage(a)
			if p == nil || a&7 != 0 {
				goto slow
			}
			binary.LittleEndian.PutUint64(p.data[a&pageMask:], c.F[d.ra&31])

		case opBR:
			r[d.ra&31] = pcAfter(fs.cp, dp)
			target = d.imm
			goto br
		case opJUMP:
			target = d.imm
			goto br
		case opJMP:
			target = r[d.rb&31] &^ 3
			r[d.ra&31] = pcAfter(fs.cp, dp)
			goto br
		case opJMPnl:
			target = r[d.rb&31] &^ 3
			goto br
		case opBEQ:
			target = pcAfter(fs.cp, dp)
			if r[d.ra&31] == 0 {
				target = d.imm
			}
			goto br
		case opBNE:
			target = pcAfter(fs.cp, dp)
			if r[d.ra&31] != 0 {
				target = d.imm
			}
			goto br
		case opBLT:
			target = pcAfter(fs.cp, dp)
			if int64(r[d.ra&31]) < 0 {
				target = d.imm
			}
			goto br
		case opBLE:
			target = pcAfter(fs.cp, dp)
			if int64(r[d.ra&31]) <= 0 {
				target = d.imm
			}
			goto br
		case opBGT:
			target = pcAfter(fs.cp, dp)
			if int64(r[d.ra&31]) > 0 {
				target = d.imm
			}
			goto br
		case opBGE:
			target = pcAfter(fs.cp, dp)
			if int64(r[d.ra&31]) >= 0 {
				target = d.imm
			}
			goto br
		case opBLBC:
			target = pcAfter(fs.cp, dp)
			if r[d.ra&31]&1 == 0 {
				target = d.imm
			}
			goto br
		case opBLBS:
			target = pcAfter(fs.cp, dp)
			if r[d.ra&31]&1 != 0 {
				target = d.imm
			}
			goto br
		case opFBEQ, opFBNE, opFBLT, opFBLE, opFBGT, opFBGE:
			target = pcAfter(fs.cp, dp)
			if fpBranchTaken(d.op, c.F[d.ra&31]) {
				target = d.imm
			}
			goto br

		case opADDL:
			r[d.rc&31] = sext32(r[d.ra&31] + (r[d.rb&31] | d.imm))
		case opS4ADDL:
			r[d.rc&31] = sext32(r[d.ra&31]<<2 + (r[d.rb&31] | d.imm))
		case opS8ADDL:
			r[d.rc&31] = sext32(r[d.ra&31]<<3 + (r[d.rb&31] | d.imm))
		case opSUBL:
			r[d.rc&31] = sext32(r[d.ra&31] - (r[d.rb&31] | d.imm))
		case opS4SUBL:
			r[d.rc&31] = sext32(r[d.ra&31]<<2 - (r[d.rb&31] | d.imm))
		case opS8SUBL:
			r[d.rc&31] = sext32(r[d.ra&31]<<3 - (r[d.rb&31] | d.imm))
		case opADDQ:
			r[d.rc&31] = r[d.ra&31] + (r[d.rb&31] | d.imm)
		case opS4ADDQ:
			r[d.rc&31] = r[d.ra&31]<<2 + (r[d.rb&31] | d.imm)
		case opS8ADDQ:
			r[d.rc&31] = r[d.ra&31]<<3 + (r[d.rb&31] | d.imm)
		case opSUBQ:
			r[d.rc&31] = r[d.ra&31] - (r[d.rb&31] | d.imm)
		case opS4SUBQ:
			r[d.rc&31] = r[d.ra&31]<<2 - (r[d.rb&31] | d.imm)
		case opS8SUBQ:
			r[d.rc&31] = r[d.ra&31]<<3 - (r[d.rb&31] | d.imm)
		case opCMPBGE:
			r[d.rc&31] = cmpbge(r[d.ra&31], r[d.rb&31]|d.imm)
		case opCMPULT:
			r[d.rc&31] = b2u(r[d.ra&31] < r[d.rb&31]|d.imm)
		case opCMPULE:
			r[d.rc&31] = b2u(r[d.ra&31] <= r[d.rb&31]|d.imm)
		case opCMPEQ:
			r[d.rc&31] = b2u(r[d.ra&31] == r[d.rb&31]|d.imm)
		case opCMPLT:
			r[d.rc&31] = b2u(int64(r[d.ra&31]) < int64(r[d.rb&31]|d.imm))
		case opCMPLE:
			r[d.rc&31] = b2u(int64(r[d.ra&31]) <= int64(r[d.rb&31]|d.imm))
		case opAND:
			r[d.rc&31] = r[d.ra&31] & (r[d.rb&31] | d.imm)
		case opBIC:
			r[d.rc&31] = r[d.ra&31] &^ (r[d.rb&31] | d.imm)
		case opBIS:
			r[d.rc&31] = r[d.ra&31] | r[d.rb&31] | d.imm
		case opORNOT:
			r[d.rc&31] = r[d.ra&31] | ^(r[d.rb&31] | d.imm)
		case opXOR:
			r[d.rc&31] = r[d.ra&31] ^ (r[d.rb&31] | d.imm)
		case opEQV:
			r[d.rc&31] = r[d.ra&31] ^ ^(r[d.rb&31] | d.imm)
		case opCMOVLBS:
			if r[d.ra&31]&1 != 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opCMOVLBC:
			if r[d.ra&31]&1 == 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opCMOVEQ:
			if r[d.ra&31] == 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opCMOVNE:
			if r[d.ra&31] != 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opCMOVLT:
			if int64(r[d.ra&31]) < 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opCMOVGE:
			if int64(r[d.ra&31]) >= 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opCMOVLE:
			if int64(r[d.ra&31]) <= 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opCMOVGT:
			if int64(r[d.ra&31]) > 0 {
				r[d.rc&31] = r[d.rb&31] | d.imm
			}
		case opAMASK:
			r[d.rc&31] = (r[d.rb&31] | d.imm) &^ AmaskFeatures
		case opIMPLVER:
			r[d.rc&31] = Implver

		case opMSKL:
			r[d.rc&31] = r[d.ra&31] &^ (byteMasks[d.aux&3] << (((r[d.rb&31] | d.imm) & 7) * 8))
		case opMSKH:
			r[d.rc&31] = r[d.ra&31] &^ (byteMasks[d.aux&3] >> (64 - ((r[d.rb&31]|d.imm)&7)*8))
		case opEXTL:
			r[d.rc&31] = (r[d.ra&31] >> (((r[d.rb&31] | d.imm) & 7) * 8)) & byteMasks[d.aux&3]
		case opEXTH:
			r[d.rc&31] = (r[d.ra&31] << ((64 - ((r[d.rb&31]|d.imm)&7)*8) & 63)) & byteMasks[d.aux&3]
		case opINSL:
			r[d.rc&31] = (r[d.ra&31] & byteMasks[d.aux&3]) << (((r[d.rb&31] | d.imm) & 7) * 8)
		case opINSH:
			r[d.rc&31] = (r[d.ra&31] & byteMasks[d.aux&3]) >> (64 - ((r[d.rb&31]|d.imm)&7)*8)
		case opZAP:
			r[d.rc&31] = r[d.ra&31] &^ zapMasks[(r[d.rb&31]|d.imm)&0xff]
		case opZAPNOT:
			r[d.rc&31] = r[d.ra&31] & zapMasks[(r[d.rb&31]|d.imm)&0xff]
		case opSRL:
			r[d.rc&31] = r[d.ra&31] >> ((r[d.rb&31] | d.imm) & 63)
		case opSLL:
			r[d.rc&31] = r[d.ra&31] << ((r[d.rb&31] | d.imm) & 63)
		case opSRA:
			r[d.rc&31] = uint64(int64(r[d.ra&31]) >> ((r[d.rb&31] | d.imm) & 63))

		case opMULL:
			r[d.rc&31] = sext32(r[d.ra&31] * (r[d.rb&31] | d.imm))
		case opMULQ:
			r[d.rc&31] = r[d.ra&31] * (r[d.rb&31] | d.imm)
		case opUMULH:
			r[d.rc&31], _ = bits.Mul64(r[d.ra&31], r[d.rb&31]|d.imm)

		case opFTOIT:
			r[d.rc&31] = c.F[d.ra&31]
		case opRduniq:
			r[0] = c.Unique
		case opWruniq:
			c.Unique = r[16]
		default:
			goto slow
		}
		dp = unsafe.Add(dp, dinsnSize)
		continue

	br:
		// The instruction at dp ended a block; continue at target.
		dp = unsafe.Add(dp, dinsnSize)
		fs.retired += uint64(uintptr(dp)-uintptr(fs.bp)) / dinsnSize
		if fs.retired < fs.limit {
			if target-fs.cp.base < PageSize {
				dp = unsafe.Pointer(&fs.cp.insns[(target&pageMask)>>2])
				fs.bp = dp
				continue
			}
			if e := &c.pages[(target>>pageShift)&(pageCacheSize-1)]; e.vpn == target>>pageShift && e.cp != nil && !e.cp.dead {
				fs.cp = e.cp
				dp = unsafe.Pointer(&e.cp.insns[(target&pageMask)>>2])
				fs.bp = dp
				continue
			}
		}
		return dp, target, exitBranch
	slow:
		return dp, 0, exitSlow
	}
}

// dinsnSize is the size of a decoded instruction record.
const dinsnSize = 16

var _ [dinsnSize - unsafe.Sizeof(dinsn{})]byte // dinsnSize is not smaller than a record
var _ [unsafe.Sizeof(dinsn{}) - dinsnSize]byte // nor larger

// pcAfter returns the address of the instruction after the one at dp in cp.
func pcAfter(cp *codePage, dp unsafe.Pointer) uint64 {
	return cp.base + uint64(uintptr(dp)-uintptr(unsafe.Pointer(cp)))/(dinsnSize/4) + 4
}

// index returns the instruction index of position p in cp.
func (cp *codePage) index(p unsafe.Pointer) uint64 {
	return uint64(uintptr(p)-uintptr(unsafe.Pointer(cp))) / dinsnSize
}
