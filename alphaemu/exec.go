package alphaemu

import (
	"math/bits"
	"unsafe"

	"github.com/axpsec/axpsec/abi"
)

// byteMasks are the bit masks of the B, W, L and Q byte-manipulation widths.
var byteMasks = [4]uint64{0xff, 0xffff, 0xffffffff, ^uint64(0)}

// zapMasks[m] keeps byte i when bit i of m is set (ZAPNOT).
var zapMasks = func() (t [256]uint64) {
	for m := range t {
		for i := 0; i < 8; i++ {
			if m&(1<<i) != 0 {
				t[m] |= 0xff << (8 * i)
			}
		}
	}
	return
}()

func sext32(v uint64) uint64 { return uint64(int64(int32(uint32(v)))) }

// cmpbge returns CMPBGE: bit i set when byte i of a >= byte i of b (unsigned).
func cmpbge(a, b uint64) uint64 {
	const h = 0x8080808080808080
	low := (a | h) - (b &^ h) // bit 7 of each byte: a's low 7 bits >= b's
	ge := ((a &^ b) | (^(a ^ b) & low)) & h
	return ((ge >> 7) * 0x0102040810204080) >> 56
}

// pollInterval bounds the instructions a CPU executes between two polls of
// its interrupt request (and so the latency of Interrupt and of a TLB
// shoot-down), give or take one block.
const pollInterval = 4096

// Run executes instructions until a stop: a callsys, another PAL call the
// kernel must handle, a fault, or Retired >= limit. The limit is checked when
// control leaves a straight-line block, so Run may retire up to one block
// (at most a page of instructions) past it, and for Interrupt requests
// (StopInterrupt). Several CPUs on one Memory may Run in parallel.
func (c *CPU) Run(limit uint64) Stop {
	if c.Retired >= limit {
		return Stop{Reason: StopLimit}
	}
	c.Mem.exec.RLock()
	defer c.leave()
	c.syncTLB()
	pc := c.PC &^ 3
	cp, f := c.codeFor(pc)
	if f != nil {
		c.PC = pc
		return faultStop(f)
	}
	r := &c.R
	mem := c.Mem
	idx := (pc & pageMask) >> 2
	blk := idx
	retired := c.Retired
	var target uint64
	var st Stop
	var d *dinsn
	var exit fastExit
	var dp unsafe.Pointer
	poll := retired + pollInterval
	for {
		// runFast returns at least every pollInterval instructions (poll is
		// fixed between two polls, whatever slow paths run meanwhile), so
		// that the interrupt request is polled without a load in its loop.
		c.fs = fastState{base: cp.base, start: uintptr(unsafe.Pointer(cp)), bp: uintptr(unsafe.Pointer(&cp.insns[blk])), retired: retired, limit: min(limit, poll)}
		dp, target, exit = c.runFast(unsafe.Pointer(&cp.insns[idx]))
		if c.fs.base != cp.base {
			// runFast moved to a page from the page cache.
			cp = c.pages[(c.fs.base>>pageShift)&(pageCacheSize-1)].cp
		}
		retired = c.fs.retired
		idx, blk = cp.index(uintptr(dp)), cp.index(c.fs.bp)
		if exit == exitBranch {
			goto newTarget
		}
		// The full executor: slow paths of loads and stores, and everything
		// that may stop, fault or call out.
		d = &cp.insns[idx]
		idx++
		switch d.op {
		case opUndecoded:
			idx--
			if ncp := c.decodeMore(cp, idx); ncp != nil {
				cp = ncp
				continue
			}
			goto reenter
		case opIllegal:
			st = Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: cp.base + idx*4}
			goto stop
		case opLDQ:
			a := r[d.rb>>3] + d.imm
			if p := c.rpage(a); p != nil && a&7 == 0 {
				r[d.ra>>3] = load64(p, a)
			} else {
				v, f := c.loadSlow(a, 8)
				if f != nil {
					st = faultStop(f)
					goto fault
				}
				r[d.ra>>3] = v
			}
		case opLDL:
			a := r[d.rb>>3] + d.imm
			if p := c.rpage(a); p != nil && a&3 == 0 {
				r[d.ra>>3] = uint64(int64(int32(load32(p, a))))
			} else {
				v, f := c.loadSlow(a, 4)
				if f != nil {
					st = faultStop(f)
					goto fault
				}
				r[d.ra>>3] = sext32(v)
			}
		case opLDQU:
			a := (r[d.rb>>3] + d.imm) &^ 7
			if p := c.rpage(a); p != nil {
				r[d.ra>>3] = load64(p, a)
			} else {
				v, f := c.loadSlow(a, 8)
				if f != nil {
					st = faultStop(f)
					goto fault
				}
				r[d.ra>>3] = v
			}
		case opLDBU:
			a := r[d.rb>>3] + d.imm
			if p := c.rpage(a); p != nil {
				r[d.ra>>3] = uint64(load8(p, a))
			} else {
				v, f := c.loadSlow(a, 1)
				if f != nil {
					st = faultStop(f)
					goto fault
				}
				r[d.ra>>3] = v
			}
		case opLDWU:
			a := r[d.rb>>3] + d.imm
			if p := c.rpage(a); p != nil && a&1 == 0 {
				r[d.ra>>3] = uint64(load16(p, a))
			} else {
				v, f := c.loadSlow(a, 2)
				if f != nil {
					st = faultStop(f)
					goto fault
				}
				r[d.ra>>3] = v
			}
		case opLDLL, opLDQL:
			a := r[d.rb>>3] + d.imm
			size := uint64(8)
			if d.op == opLDLL {
				size = 4
			}
			if a&(size-1) != 0 {
				st = alignStop(a)
				goto fault
			}
			v, f := c.loadLocked(a, size)
			if f != nil {
				st = faultStop(f)
				goto fault
			}
			r[d.ra>>3] = v
			c.lockAddr, c.lockValue = a, v
		case opLDS, opLDF:
			a := r[d.rb>>3] + d.imm
			if d.op == opLDF && a&3 != 0 {
				st = alignStop(a)
				goto fault
			}
			v, f := c.loadSlow(a, 4)
			if f != nil {
				st = faultStop(f)
				goto fault
			}
			if d.op == opLDS {
				c.F[d.ra>>3] = fpLoadS(uint32(v))
			} else {
				c.F[d.ra>>3] = fpLoadF(uint32(v))
			}
		case opLDT, opLDG:
			a := r[d.rb>>3] + d.imm
			if p := c.rpage(a); p != nil && a&7 == 0 {
				v := load64(p, a)
				if d.op == opLDG {
					v = fpLoadG(v)
				}
				c.F[d.ra>>3] = v
				break
			}
			if d.op == opLDG && a&7 != 0 {
				st = alignStop(a)
				goto fault
			}
			v, f := c.loadSlow(a, 8)
			if f != nil {
				st = faultStop(f)
				goto fault
			}
			if d.op == opLDG {
				v = fpLoadG(v)
			}
			c.F[d.ra>>3] = v

		case opSTQ:
			a := r[d.rb>>3] + d.imm
			if p := c.wpage(a); p != nil && a&7 == 0 {
				store64(p, a, r[d.ra>>3])
			} else if f := c.storeSlow(a, 8, r[d.ra>>3]); f != nil {
				st = faultStop(f)
				goto fault
			} else if cp.dead.Load() {
				goto reenter
			}
		case opSTL:
			a := r[d.rb>>3] + d.imm
			if p := c.wpage(a); p != nil && a&3 == 0 {
				store32(p, a, uint32(r[d.ra>>3]))
			} else if f := c.storeSlow(a, 4, r[d.ra>>3]); f != nil {
				st = faultStop(f)
				goto fault
			} else if cp.dead.Load() {
				goto reenter
			}
		case opSTQU:
			a := (r[d.rb>>3] + d.imm) &^ 7
			if p := c.wpage(a); p != nil {
				store64(p, a, r[d.ra>>3])
			} else if f := c.storeSlow(a, 8, r[d.ra>>3]); f != nil {
				st = faultStop(f)
				goto fault
			} else if cp.dead.Load() {
				goto reenter
			}
		case opSTB:
			a := r[d.rb>>3] + d.imm
			if p := c.wpage(a); p != nil {
				store8(p, a, byte(r[d.ra>>3]))
			} else if f := c.storeSlow(a, 1, r[d.ra>>3]); f != nil {
				st = faultStop(f)
				goto fault
			} else if cp.dead.Load() {
				goto reenter
			}
		case opSTW:
			a := r[d.rb>>3] + d.imm
			if p := c.wpage(a); p != nil && a&1 == 0 {
				store16(p, a, uint16(r[d.ra>>3]))
			} else if f := c.storeSlow(a, 2, r[d.ra>>3]); f != nil {
				st = faultStop(f)
				goto fault
			} else if cp.dead.Load() {
				goto reenter
			}
		case opSTLC, opSTQC:
			a := r[d.rb>>3] + d.imm
			size := uint64(8)
			if d.op == opSTLC {
				size = 4
			}
			if a&(size-1) != 0 {
				st = alignStop(a)
				goto fault
			}
			ok := uint64(0)
			if c.lockAddr == a {
				var f *Fault
				if ok, f = c.storeConditional(a, size, r[d.ra>>3]); f != nil {
					st = faultStop(f)
					goto fault
				}
			}
			c.lockAddr = noLock
			if d.ra != 31<<3 {
				r[d.ra>>3] = ok
			}
			if cp.dead.Load() {
				goto reenter
			}
		case opSTS, opSTF, opSTT, opSTG:
			a := r[d.rb>>3] + d.imm
			v := c.F[d.ra>>3]
			size := uint64(8)
			switch d.op {
			case opSTS:
				v, size = uint64(fpStoreS(v)), 4
			case opSTF:
				v, size = uint64(fpStoreF(v)), 4
			case opSTG:
				v = fpStoreG(v)
			}
			if (d.op == opSTF || d.op == opSTG) && a&(size-1) != 0 {
				st = alignStop(a)
				goto fault
			}
			if f := c.storeSlow(a, size, v); f != nil {
				st = faultStop(f)
				goto fault
			}
			if cp.dead.Load() {
				goto reenter
			}

		case opADDLV, opSUBLV, opADDQV, opSUBQV, opMULLV, opMULQV:
			v, ovf := overflowOp(d.op, r[d.ra>>3], r[d.rb>>3]|d.imm)
			if d.rc != 31<<3 {
				r[d.rc>>3] = v
			}
			if ovf {
				st = Stop{Reason: StopFault, Signal: abi.SIGFPE, Code: codeFltInv, Addr: cp.base + idx*4}
				goto trap
			}

		case opSEXTB, opSEXTW, opCTPOP, opPERR, opCTLZ, opCTTZ, opUNPKBW, opUNPKBL, opPKWB, opPKLB,
			opMINSB8, opMINSW4, opMINUB8, opMINUW4, opMAXUB8, opMAXUW4, opMAXSB8, opMAXSW4:
			r[d.rc>>3] = fptiOp(d.op, r[d.ra>>3], r[d.rb>>3]|d.imm)
		case opFTOIS:
			r[d.rc>>3] = sext32(uint64(fpStoreS(c.F[d.ra>>3])))

		case opRPCC:
			r[d.ra>>3] = uint32Of(retired + idx - blk)
		case opRC, opRS:
			v := c.intrFlag
			c.intrFlag = 0
			if d.op == opRS {
				c.intrFlag = 1
			}
			if d.ra != 31<<3 {
				r[d.ra>>3] = v
			}

		case opCallsys:
			st = Stop{Reason: StopCallsys}
			goto stop
		case opIMB:
			mem.flushCode()
			goto reenter
		case opPALStop:
			st = Stop{Reason: StopPAL, PAL: uint32(d.imm)}
			goto stop
		case opFP:
			c.PC = cp.base + idx*4
			if sig, code, addr := c.execFP(uint32(d.imm)); sig != 0 {
				st = Stop{Reason: StopFault, Signal: sig, Code: code, Addr: addr}
				goto trap
			}
		default:
			st = Stop{Reason: StopFault, Signal: abi.SIGILL, Code: codeIllOpc, Addr: cp.base + idx*4}
			goto stop
		}
		continue

	reenter:
		// The current page's decoded code was discarded (IMB or a store into
		// it): decode it again, staying in the same block.
		pc = cp.base + idx*4
		if cp, f = c.codeFor(pc); f != nil {
			c.PC, c.Retired = pc, retired+idx-blk
			return faultStop(f)
		}
		continue

	newTarget:
		// runFast ended a block (already counted) at a target it cannot reach.
		if retired >= limit {
			c.PC, c.Retired = target, retired
			return Stop{Reason: StopLimit}
		}
		if retired >= poll {
			poll = retired + pollInterval
		}
		if c.irq.Load() != 0 && c.service() {
			c.PC, c.Retired = target, retired
			return Stop{Reason: StopInterrupt}
		}
		if cp, f = c.codeFor(target); f != nil {
			c.PC, c.Retired = target, retired
			return faultStop(f)
		}
		idx = (target & pageMask) >> 2
		blk = idx
	}

stop: // the instruction at idx-1 completed (or traps reporting the next PC) and ends its block
	c.PC = cp.base + idx*4
	c.Retired = retired + idx - blk
	return st

fault: // the instruction at idx-1 faulted: PC is the instruction, the block's tail counts
	c.PC = cp.base + (idx-1)*4
	c.Retired = retired + idx - blk + cp.qemuTail(idx-1, blk)
	return st

trap: // arithmetic trap at idx-1: PC is the next instruction, the block's tail counts
	c.PC = cp.base + idx*4
	c.Retired = retired + idx - blk + cp.qemuTail(idx-1, blk)
	return st
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func uint32Of(v uint64) uint64 { return v & 0xffffffff }

// fpBranchTaken evaluates an FP branch condition on Fa's bit pattern, with
// -0.0 treated as zero.
func fpBranchTaken(op uint8, f uint64) bool {
	switch op {
	case opFBEQ:
		return f<<1 == 0
	case opFBNE:
		return f<<1 != 0
	case opFBLE:
		return int64(f) <= 0
	case opFBGT:
		return int64(f) > 0
	}
	if f == 1<<63 {
		f = 0
	}
	if op == opFBLT {
		return int64(f) < 0
	}
	return int64(f) >= 0 // FBGE
}

// overflowOp computes a /V integer operation and whether it overflows (qemu's
// check_overflow semantics: 32-bit forms use the low 32 bits of the operands).
func overflowOp(op uint8, a, b uint64) (uint64, bool) {
	switch op {
	case opADDLV, opSUBLV, opMULLV:
		x, y := int64(int32(a)), int64(int32(b))
		var v int64
		switch op {
		case opADDLV:
			v = x + y
		case opSUBLV:
			v = x - y
		default:
			v = x * y
		}
		return uint64(int64(int32(v))), v != int64(int32(v))
	case opADDQV:
		v := a + b
		return v, (^(a^b)&(a^v))>>63 != 0
	case opSUBQV:
		v := a - b
		return v, ((a^b)&(a^v))>>63 != 0
	}
	hi, lo := bits.Mul64(a, b) // MULQ/V: signed 128-bit product
	if int64(a) < 0 {
		hi -= b
	}
	if int64(b) < 0 {
		hi -= a
	}
	return lo, hi != uint64(int64(lo)>>63)
}

// leave ends a Run: the LL/SC lock is lost (as on any exception or
// interrupt) and the Memory may change again.
func (c *CPU) leave() {
	c.lockAddr = noLock
	c.Mem.exec.RUnlock()
}
