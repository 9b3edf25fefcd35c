package alphaemu

import "sync/atomic"

// dinsn is one pre-decoded instruction. The second operand of an operate
// instruction is always R[rb] | imm: literal forms decode with rb = 31 and the
// literal in imm, register forms with imm = 0. Writes to R31 are decoded away
// (the op becomes opNOP or a no-link variant), so R[31] stays zero.
type dinsn struct {
	op  uint8
	ra  uint8 // register fields: byte offsets (register number * 8)
	rb  uint8
	rc  uint8
	aux uint8 // byte-manipulation width index (0 B, 1 W, 2 L, 3 Q)
	// rel is, for the local branches (opBEQl ... opJUMPl), the distance in
	// records from the next record to the target's.
	rel int16
	imm uint64 // displacement, literal, branch target, or raw word (FP)
}

// Decoded operations. The order is irrelevant, but the values must stay dense
// so that the dispatch switch compiles to a jump table.
const (
	opUndecoded uint8 = iota // not decoded yet: decode, then dispatch again
	opPageEnd                // sentinel after the last instruction of a page
	opNOP
	opIllegal // OPCDEC: SIGILL
	opLDA     // Ra = Rb + imm (LDA and LDAH)
	opMOV     // Rc = Rb | imm (BIS with Ra = R31)

	opLDBU
	opLDWU
	opLDL
	opLDQ
	opLDQU
	opLDLL
	opLDQL
	opLDF
	opLDG
	opLDS
	opLDT
	opSTB
	opSTW
	opSTL
	opSTQ
	opSTQU
	opSTLC
	opSTQC
	opSTF
	opSTG
	opSTS
	opSTT

	opBR    // Ra = PC+4; PC = imm
	opJUMP  // PC = imm (BR/BSR with Ra = R31)
	opJMP   // t = Rb &^ 3; Ra = PC+4; PC = t
	opJMPnl // PC = Rb &^ 3
	opBEQ
	opBNE
	opBLT
	opBLE
	opBGT
	opBGE
	opBLBC
	opBLBS
	opFBEQ
	opFBNE
	opFBLT
	opFBLE
	opFBGT
	opFBGE

	opADDL
	opS4ADDL
	opS8ADDL
	opSUBL
	opS4SUBL
	opS8SUBL
	opADDQ
	opS4ADDQ
	opS8ADDQ
	opSUBQ
	opS4SUBQ
	opS8SUBQ
	opCMPBGE
	opCMPULT
	opCMPULE
	opCMPEQ
	opCMPLT
	opCMPLE
	opADDLV
	opSUBLV
	opADDQV
	opSUBQV

	opAND
	opBIC
	opBIS
	opORNOT
	opXOR
	opEQV
	opCMOVLBS
	opCMOVLBC
	opCMOVEQ
	opCMOVNE
	opCMOVLT
	opCMOVGE
	opCMOVLE
	opCMOVGT
	opAMASK
	opIMPLVER

	opMSKL
	opMSKH
	opEXTL
	opEXTH
	opINSL
	opINSH
	opZAP
	opZAPNOT
	opSRL
	opSLL
	opSRA

	opMULL
	opMULQ
	opUMULH
	opMULLV
	opMULQV

	opSEXTB
	opSEXTW
	opCTPOP
	opPERR
	opCTLZ
	opCTTZ
	opUNPKBW
	opUNPKBL
	opPKWB
	opPKLB
	opMINSB8
	opMINSW4
	opMINUB8
	opMINUW4
	opMAXUB8
	opMAXUW4
	opMAXSB8
	opMAXSW4
	opFTOIT
	opFTOIS

	opRPCC
	opRC
	opRS

	opCallsys
	opRduniq
	opWruniq
	opIMB
	opPALStop // bpt, bugchk, gentrap: imm = PAL function
	opFP      // opcodes 0x14-0x17: imm = raw word

	// Compare fused with the BEQ (aux 0) or BNE (aux 1) after it that tests
	// its result; the branch's own record (next) holds the target.
	opCMPEQbr
	opCMPLTbr
	opCMPLEbr
	opCMPULTbr
	opCMPULEbr

	// LDAH Ra,hi(Rb) fused with the LDA Ra,lo(Ra) after it (the GP
	// computation of every function prologue and after every call).
	opLDA2

	// Specialized operate forms (see specialize).
	opADDLI // Rc = sext32(Ra + imm)
	opANDI  // Rc = Ra & imm
	opSRLI  // Rc = Ra >> imm
	opSLLI  // Rc = Ra << imm
	opSRAI  // Rc = int64(Ra) >> imm
	opMSKBL // MSKBL: Rc = Ra &^ (0xff << (Rb|imm)&7*8)
	opEXTBL // EXTBL: Rc = (Ra >> (Rb|imm)&7*8) & 0xff
	opINSBL // INSBL: Rc = (Ra & 0xff) << (Rb|imm)&7*8

	// A logical operation fused with the SEXTL (or, for ANDI, the NEGL)
	// after it that rewrites its result in place: what gcc emits for 32-bit
	// int arithmetic, e.g. the crc32 bit loop's "and; negl" and "and; sextl".
	opANDsx   // Rc = sext32(Ra & (Rb|imm))
	opXORsx   // Rc = sext32(Ra ^ (Rb|imm))
	opBISsx   // Rc = sext32(Ra | Rb | imm)
	opANDIsx  // Rc = sext32(Ra & imm)
	opANDIneg // Rc = sext32(-(Ra & imm))

	// Conditional branches and BR/BSR without link whose target is on the
	// same page (set by decodeAt): taken, they move by rel records without
	// looking the target up. imm still holds the target.
	opBEQl
	opBNEl
	opBLTl
	opBLEl
	opBGTl
	opBGEl
	opBLBCl
	opBLBSl
	opJUMPl

	numOps
)

// codePage holds the decoded instructions of one executable page, plus a
// sentinel that moves execution to the next page.
type codePage struct {
	insns [PageSize/4 + 1]dinsn
	pg    *page
	base  uint64
	dead  atomic.Bool // the page was written, unmapped or re-protected, or IMB ran
}

func sext16(v uint32) uint64 { return uint64(int64(int16(v))) }

// decode decodes the instruction word w at address pc. Register fields hold
// byte offsets into a register file (number*8), so that the interpreter
// indexes registers without masking or bounds checks.
func decode(w uint32, pc uint64) dinsn {
	d := decodeFields(w, pc)
	d.ra <<= 3
	d.rb <<= 3
	d.rc <<= 3
	return d
}

// decodeFields decodes w with register numbers in the register fields.
func decodeFields(w uint32, pc uint64) dinsn {
	opc := w >> 26
	ra := uint8(w>>21) & 31
	rb := uint8(w>>16) & 31
	switch {
	case opc == 0x00:
		return decodePAL(w & 0x3ffffff)
	case opc >= 0x08 && opc <= 0x0f, opc >= 0x20 && opc <= 0x2f:
		return decodeMem(opc, ra, rb, sext16(w))
	case opc >= 0x10 && opc <= 0x13, opc == 0x1c:
		return decodeOperate(opc, w)
	case opc >= 0x14 && opc <= 0x17:
		return dinsn{op: opFP, imm: uint64(w)}
	case opc == 0x18:
		return decodeMisc(ra, w&0xffff)
	case opc == 0x1a:
		if ra == 31 {
			return dinsn{op: opJMPnl, rb: rb}
		}
		return dinsn{op: opJMP, ra: ra, rb: rb}
	case opc >= 0x30:
		target := pc + 4 + uint64(int64(int32(w<<11))>>9)
		op := branchOps[opc-0x30]
		if (opc == 0x30 || opc == 0x34) && ra == 31 {
			op = opJUMP
		}
		return dinsn{op: op, ra: ra, imm: target}
	}
	return dinsn{op: opIllegal}
}

var branchOps = [16]uint8{
	opBR, opFBEQ, opFBLT, opFBLE, opBR, opFBNE, opFBGE, opFBGT,
	opBLBC, opBEQ, opBLT, opBLE, opBLBS, opBNE, opBGE, opBGT,
}

// decodePAL decodes call_pal with function fn.
func decodePAL(fn uint32) dinsn {
	switch fn {
	case PALCallsys:
		return dinsn{op: opCallsys}
	case PALRduniq:
		return dinsn{op: opRduniq}
	case PALWruniq:
		return dinsn{op: opWruniq}
	case PALImb:
		return dinsn{op: opIMB}
	case PALBpt, PALBugchk, PALGentrap:
		return dinsn{op: opPALStop, imm: uint64(fn)}
	case PALClrfen:
		// Linux re-enables the FPU on the next FP instruction (do_entIF, FEN
		// fault), so clrfen is invisible to user code.
		return dinsn{op: opNOP}
	}
	return dinsn{op: opIllegal}
}

var memOps = [0x30]uint8{
	0x08: opLDA, 0x09: opLDA, 0x0a: opLDBU, 0x0b: opLDQU, 0x0c: opLDWU, 0x0d: opSTW, 0x0e: opSTB, 0x0f: opSTQU,
	0x20: opLDF, 0x21: opLDG, 0x22: opLDS, 0x23: opLDT, 0x24: opSTF, 0x25: opSTG, 0x26: opSTS, 0x27: opSTT,
	0x28: opLDL, 0x29: opLDQ, 0x2a: opLDLL, 0x2b: opLDQL, 0x2c: opSTL, 0x2d: opSTQ, 0x2e: opSTLC, 0x2f: opSTQC,
}

// decodeMem decodes the memory-format opcodes 0x08-0x0F and 0x20-0x2F.
func decodeMem(opc uint32, ra, rb uint8, disp uint64) dinsn {
	op := memOps[opc]
	if opc == 0x09 {
		disp <<= 16
	}
	switch op {
	case opLDA, opLDBU, opLDQU, opLDWU, opLDF, opLDG, opLDS, opLDT, opLDL, opLDQ, opLDLL, opLDQL:
		// Loads into R31/F31 are prefetches (never fault); LDA R31 is a nop.
		if ra == 31 {
			return dinsn{op: opNOP}
		}
	}
	return dinsn{op: op, ra: ra, rb: rb, imm: disp}
}

// operate maps (opcode-0x10, function) to an op for opcodes 0x10-0x13; zero
// means invalid.
var operate = [4][128]uint8{
	{
		0x00: opADDL, 0x02: opS4ADDL, 0x09: opSUBL, 0x0b: opS4SUBL, 0x0f: opCMPBGE, 0x12: opS8ADDL,
		0x1b: opS8SUBL, 0x1d: opCMPULT, 0x20: opADDQ, 0x22: opS4ADDQ, 0x29: opSUBQ, 0x2b: opS4SUBQ,
		0x2d: opCMPEQ, 0x32: opS8ADDQ, 0x3b: opS8SUBQ, 0x3d: opCMPULE, 0x40: opADDLV, 0x49: opSUBLV,
		0x4d: opCMPLT, 0x60: opADDQV, 0x69: opSUBQV, 0x6d: opCMPLE,
	},
	{
		0x00: opAND, 0x08: opBIC, 0x14: opCMOVLBS, 0x16: opCMOVLBC, 0x20: opBIS, 0x24: opCMOVEQ,
		0x26: opCMOVNE, 0x28: opORNOT, 0x40: opXOR, 0x44: opCMOVLT, 0x46: opCMOVGE, 0x48: opEQV,
		0x61: opAMASK, 0x64: opCMOVLE, 0x66: opCMOVGT, 0x6c: opIMPLVER,
	},
	{
		0x02: opMSKL, 0x06: opEXTL, 0x0b: opINSL, 0x12: opMSKL, 0x16: opEXTL, 0x1b: opINSL,
		0x22: opMSKL, 0x26: opEXTL, 0x2b: opINSL, 0x30: opZAP, 0x31: opZAPNOT, 0x32: opMSKL,
		0x34: opSRL, 0x36: opEXTL, 0x39: opSLL, 0x3b: opINSL, 0x3c: opSRA,
		0x52: opMSKH, 0x57: opINSH, 0x5a: opEXTH, 0x62: opMSKH, 0x67: opINSH, 0x6a: opEXTH,
		0x72: opMSKH, 0x77: opINSH, 0x7a: opEXTH,
	},
	{0x00: opMULL, 0x20: opMULQ, 0x30: opUMULH, 0x40: opMULLV, 0x60: opMULQV},
}

// fpti maps opcode 0x1C functions to ops; zero means invalid.
var fpti = [128]uint8{
	0x00: opSEXTB, 0x01: opSEXTW, 0x30: opCTPOP, 0x31: opPERR, 0x32: opCTLZ, 0x33: opCTTZ,
	0x34: opUNPKBW, 0x35: opUNPKBL, 0x36: opPKWB, 0x37: opPKLB, 0x38: opMINSB8, 0x39: opMINSW4,
	0x3a: opMINUB8, 0x3b: opMINUW4, 0x3c: opMAXUB8, 0x3d: opMAXUW4, 0x3e: opMAXSB8, 0x3f: opMAXSW4,
	0x70: opFTOIT, 0x78: opFTOIS,
}

// decodeOperate decodes the operate-format opcodes 0x10-0x13 and 0x1C.
func decodeOperate(opc uint32, w uint32) dinsn {
	ra := uint8(w>>21) & 31
	rb := uint8(w>>16) & 31
	rc := uint8(w) & 31
	fn := (w >> 5) & 0x7f
	lit := w&(1<<12) != 0
	d := dinsn{ra: ra, rb: rb, rc: rc}
	if lit {
		d.rb = 31
		d.imm = uint64((w >> 13) & 0xff)
	}
	if opc == 0x1c {
		d.op = fpti[fn]
		if !validFPTI(d.op, ra, rb) {
			return dinsn{op: opIllegal}
		}
	} else {
		d.op = operate[opc-0x10][fn]
		if opc == 0x12 {
			d.aux = uint8(fn>>4) & 3
		}
		if (d.op == opAMASK || d.op == opIMPLVER) && ra != 31 {
			return dinsn{op: opIllegal}
		}
		if d.op == opBIS && ra == 31 {
			d.op = opMOV
		}
	}
	switch d.op {
	case opIllegal, opUndecoded:
		return dinsn{op: opIllegal}
	case opADDLV, opSUBLV, opADDQV, opSUBQV, opMULLV, opMULQV:
		// These trap even when the result is discarded.
	default:
		if rc == 31 {
			return dinsn{op: opNOP}
		}
	}
	return specialize(d, lit)
}

// specialize rewrites common operate forms into cheaper equivalent ops:
// additions of a literal become LDA, literal masks and shifts get the
// operand folded in, SEXTL (ADDL R31,Rb,Rc) needs no second operand, and
// the byte-wide MSKBL/EXTBL/INSBL need no width table.
func specialize(d dinsn, lit bool) dinsn {
	if d.aux == 0 {
		// The byte forms: the byte stores and loads of code without BWX.
		switch d.op {
		case opMSKL:
			d.op = opMSKBL
		case opEXTL:
			d.op = opEXTBL
		case opINSL:
			d.op = opINSBL
		}
	}
	if !lit {
		if d.op == opADDL && d.ra == 31 {
			return dinsn{op: opADDLI, rc: d.rc, ra: d.rb}
		}
		return d
	}
	n := d.imm
	switch d.op {
	case opADDQ:
		return dinsn{op: opLDA, ra: d.rc, rb: d.ra, imm: n}
	case opSUBQ:
		return dinsn{op: opLDA, ra: d.rc, rb: d.ra, imm: -n}
	case opADDL:
		return dinsn{op: opADDLI, rc: d.rc, ra: d.ra, imm: n}
	case opSUBL:
		return dinsn{op: opADDLI, rc: d.rc, ra: d.ra, imm: -n}
	case opAND:
		return dinsn{op: opANDI, rc: d.rc, ra: d.ra, imm: n}
	case opBIC:
		return dinsn{op: opANDI, rc: d.rc, ra: d.ra, imm: ^n}
	case opZAPNOT:
		return dinsn{op: opANDI, rc: d.rc, ra: d.ra, imm: zapMasks[n]}
	case opZAP:
		return dinsn{op: opANDI, rc: d.rc, ra: d.ra, imm: ^zapMasks[n]}
	case opSRL:
		return dinsn{op: opSRLI, rc: d.rc, ra: d.ra, imm: n & 63}
	case opSLL:
		return dinsn{op: opSLLI, rc: d.rc, ra: d.ra, imm: n & 63}
	case opSRA:
		return dinsn{op: opSRAI, rc: d.rc, ra: d.ra, imm: n & 63}
	}
	return d
}

// validFPTI applies qemu's operand checks for opcode 0x1C: these forms are
// OPCDEC when Ra (for FTOIx: Rb) is not R31.
func validFPTI(op, ra, rb uint8) bool {
	switch op {
	case opUndecoded:
		return false
	case opSEXTB, opSEXTW, opUNPKBW, opUNPKBL, opPKWB, opPKLB:
		return ra == 31
	case opCTPOP, opCTLZ, opCTTZ:
		return ra == 31
	case opFTOIT, opFTOIS:
		return rb == 31
	}
	return true
}

// decodeMisc decodes opcode 0x18 (function in the displacement field).
func decodeMisc(ra uint8, fn uint32) dinsn {
	switch fn {
	case 0x0000, 0x0400, 0x4000, 0x4400, 0x8000, 0xa000, 0xe800, 0xf800, 0xfc00:
		// TRAPB, EXCB, MB, WMB, FETCH, FETCH_M, ECB, WH64, WH64EN: no
		// architectural effect in a precise, single-issue interpreter.
		return dinsn{op: opNOP}
	case 0xc000:
		if ra == 31 {
			return dinsn{op: opNOP}
		}
		return dinsn{op: opRPCC, ra: ra}
	case 0xe000:
		return dinsn{op: opRC, ra: ra}
	case 0xf000:
		return dinsn{op: opRS, ra: ra}
	}
	return dinsn{op: opIllegal}
}

// endsBlock reports whether qemu ends a translation block after op (control
// transfers, PAL calls that leave the TB, and illegal instructions).
func endsBlock(op uint8) bool {
	switch op {
	case opIllegal, opBR, opJUMP, opJMP, opJMPnl, opBEQ, opBNE, opBLT, opBLE, opBGT, opBGE,
		opBLBC, opBLBS, opFBEQ, opFBNE, opFBLT, opFBLE, opFBGT, opFBGE, opCallsys, opPALStop:
		return true
	}
	return false
}

// fusedCompare maps a compare to its fused compare-and-branch op, and every
// other op to opUndecoded (an array: fuse runs for every decoded instruction).
var fusedCompare = [256]uint8{
	opCMPEQ: opCMPEQbr, opCMPLT: opCMPLTbr, opCMPLE: opCMPLEbr, opCMPULT: opCMPULTbr, opCMPULE: opCMPULEbr,
}

// fusedSext maps a logical operation to its form fused with a SEXTL of its
// result, and every other op to opUndecoded.
var fusedSext = [256]uint8{opAND: opANDsx, opXOR: opXORsx, opBIS: opBISsx, opANDI: opANDIsx}

// fuse returns d fused with the instruction word next that follows it, when
// d is a compare and next is a BEQ or BNE testing the compare's result, d
// is an LDA/LDAH and next an LDA adding to the same register, or d is an
// AND/XOR/BIS and next a SEXTL (for AND with a literal also a NEGL) of d's
// result in place.
func fuse(d dinsn, next uint32) (dinsn, bool) {
	if d.op == opLDA {
		r := d.ra >> 3
		if next>>26 != 0x08 || uint8(next>>21)&31 != r || uint8(next>>16)&31 != r {
			return d, false
		}
		d.op = opLDA2
		d.imm += sext16(next)
		return d, true
	}
	if f := fusedSext[d.op]; f != opUndecoded {
		n := decode(next, 0)
		switch {
		case n.op == opADDLI && n.imm == 0 && n.ra == d.rc && n.rc == d.rc: // sextl rc,rc
			d.op = f
			return d, true
		case d.op == opANDI && n.op == opSUBL && n.ra == 31<<3 && n.rb == d.rc && n.imm == 0 && n.rc == d.rc: // negl rc,rc
			d.op = opANDIneg
			return d, true
		}
		return d, false
	}
	f := fusedCompare[d.op]
	if f == opUndecoded || uint8(next>>21)&31 != d.rc>>3 {
		return d, false
	}
	switch next >> 26 {
	case 0x39: // BEQ
		d.aux = 0
	case 0x3d: // BNE
		d.aux = 1
	default:
		return d, false
	}
	d.op = f
	return d, true
}
