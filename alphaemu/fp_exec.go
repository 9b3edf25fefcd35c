package alphaemu

import "github.com/axpsec/axpsec/abi"

// execFP executes an instruction with primary opcode 0x14, 0x15, 0x16 or 0x17.
// c.PC already points past it. sig == 0: no trap. Otherwise the CPU stops
// with StopFault{sig, code, addr}; addr is the Linux trap pc (after the
// instruction), as do_entArith and do_entIF report it.
func (c *CPU) execFP(insn uint32) (sig abi.Signal, code int32, addr uint64) {
	fn := insn >> 5 & 0x7ff
	switch insn >> 26 {
	case 0x14:
		return c.fpExecITFP(insn, fn)
	case 0x15:
		return c.fpExecVAX(insn, fn)
	case 0x16:
		return c.fpExecIEEE(insn, fn)
	case 0x17:
		return c.fpExecFLTL(insn, fn)
	}
	return c.fpIllegal()
}

func (c *CPU) fpIllegal() (abi.Signal, int32, uint64) {
	return abi.SIGILL, codeIllOpc, c.PC
}

// fpSet writes an FP register; writes to F31 are discarded.
func (c *CPU) fpSet(r uint32, v uint64) {
	if r != 31 {
		c.F[r] = v
	}
}

// fpMode is the rounding mode an IEEE instruction's qualifier selects.
func (c *CPU) fpMode(fn uint32) uint8 {
	m := uint8(fn >> 6 & 3)
	if m == 3 {
		m = uint8(c.FPCR >> fpcrDynShift & 3)
	}
	return m
}

// fpUnder is how an instruction treats results that are tiny before
// rounding: without /U they are flushed to a true zero (as the hardware
// and qemu do); with /U, FPCR UNDZ+UNFD or the SWCR's MAP_UMZ flush them,
// otherwise the IEEE denormal is produced.
func (c *CPU) fpUnder(fn uint32) uint8 {
	switch {
	case fn&fpQualU == 0:
		return fpFlushQuiet
	case c.FPCR&(fpcrUNDZ|fpcrUNFD) == fpcrUNDZ|fpcrUNFD, c.SWCR&swcrMapUMZ != 0:
		return fpFlushFlag
	}
	return fpDenorm
}

// fpDNZ reports whether denormal operands are read as zero.
func (c *CPU) fpDNZ() bool {
	return c.FPCR&fpcrDNZ != 0 || c.SWCR&swcrMapDMZ != 0
}

// fpCheckInput applies the hardware's operand check for an instruction
// without /S: a denormal, infinite or NaN operand traps (SIGFPE,
// FPE_FLTINV); infinities and NaNs also set INV. Comparisons accept
// infinities.
func (c *CPU) fpCheckInput(v uint64, cmp bool) bool {
	e := v >> 52 & 0x7ff
	frac := v & (1<<52 - 1)
	switch {
	case e == 0:
		return frac == 0
	case e == 0x7ff:
		if cmp && frac == 0 {
			return true
		}
		c.fpSetStatus(fpcrINV)
		return false
	}
	return true
}

// fpSetStatus ORs status bits into the FPCR, maintaining SUM.
func (c *CPU) fpSetStatus(st uint64) {
	if st != 0 {
		c.FPCR |= st | fpcrSUM
	}
}

// fpFinish records the exceptions exc raised by an instruction with
// function fn and decides whether it traps.
//
// Without /S every raised exception is recorded and any one the qualifiers
// enable traps (FPE_FLTINV, as Linux reports traps it cannot complete).
// With /S the exceptions the qualifiers enable are recorded; Linux's
// software completion then signals when the hardware would have trapped
// (the FPCR does not disable the exception, or the result needs software
// help) and the SWCR enables it, with the precise si_code.
func (c *CPU) fpFinish(fn uint32, exc uint64) (abi.Signal, int32, uint64) {
	if exc == 0 {
		return 0, 0, 0
	}
	var ignore uint64
	if fn&fpQualU == 0 {
		ignore |= fpcrUNF | fpcrIOV
	}
	if fn&fpQualI == 0 {
		ignore |= fpcrINE
	}
	if fn&fpQualS == 0 {
		c.fpSetStatus(exc &^ fpExcDNO)
		if exc&^ignore != 0 {
			return abi.SIGFPE, codeFltInv, c.PC
		}
		return 0, 0, 0
	}
	exc &^= ignore
	if exc == 0 {
		return 0, 0, 0
	}
	st := exc &^ fpExcDNO
	if exc&fpExcDNO != 0 {
		st |= fpcrIOV // Linux keeps the DNO status in the FPCR's IOV bit
	}
	c.fpSetStatus(st)
	if !c.fpHardwareTraps(exc) {
		return 0, 0, 0
	}
	fex := fpExcToSWCR(exc) & c.SWCR
	if fex == 0 {
		return 0, 0, 0
	}
	return abi.SIGFPE, fpSWCRCode(fex, codeFltInv), c.PC
}

// fpHardwareTraps reports whether an EV6 traps to software completion for
// the exceptions exc of a /S instruction.
func (c *CPU) fpHardwareTraps(exc uint64) bool {
	f := c.FPCR
	return exc&(fpcrIOV|fpExcDNO) != 0 ||
		exc&fpcrINV != 0 && f&fpcrINVD == 0 ||
		exc&fpcrDZE != 0 && f&fpcrDZED == 0 ||
		exc&fpcrOVF != 0 && f&fpcrOVFD == 0 ||
		exc&fpcrUNF != 0 && f&(fpcrUNFD|fpcrUNDZ) != fpcrUNFD|fpcrUNDZ ||
		exc&fpcrINE != 0 && f&fpcrINED == 0
}

// fpExcToSWCR maps raised exceptions to the SWCR trap-enable bits that
// govern them (integer overflow is reported as invalid operation).
func fpExcToSWCR(exc uint64) uint64 {
	var sw uint64
	if exc&(fpcrINV|fpcrIOV) != 0 {
		sw |= swcrEnaINV
	}
	if exc&fpcrDZE != 0 {
		sw |= swcrEnaDZE
	}
	if exc&fpcrOVF != 0 {
		sw |= swcrEnaOVF
	}
	if exc&fpcrUNF != 0 {
		sw |= swcrEnaUNF
	}
	if exc&fpcrINE != 0 {
		sw |= swcrEnaINE
	}
	if exc&fpExcDNO != 0 {
		sw |= swcrEnaDNO
	}
	return sw
}

// fpExecIEEE executes opcode 0x16.
func (c *CPU) fpExecIEEE(insn, fn uint32) (abi.Signal, int32, uint64) {
	op := fpTable16[fn]
	fa, fb, fc := insn>>21&31, insn>>16&31, insn&31
	switch op {
	case fpOpInvalid:
		return c.fpIllegal()
	case fpOpCVTTS, fpOpCVTST, fpOpCVTTQ, fpOpCVTQS, fpOpCVTQT:
		if fa != 31 {
			return c.fpIllegal()
		}
		return c.fpConvert(op, fn, c.F[fb], fc)
	case fpOpCMPTUN, fpOpCMPTEQ, fpOpCMPTLT, fpOpCMPTLE:
		return c.fpCompareT(op, fn, c.F[fa], c.F[fb], fc)
	}
	return c.fpArith(op, fn, c.F[fa], c.F[fb], fc)
}

// fpExecITFP executes opcode 0x14: ITOFx and the square roots.
func (c *CPU) fpExecITFP(insn, fn uint32) (abi.Signal, int32, uint64) {
	op := fpTable14[fn]
	ra, rb, rc := insn>>21&31, insn>>16&31, insn&31
	switch op {
	case fpOpITOFS, fpOpITOFF, fpOpITOFT:
		if rb != 31 {
			return c.fpIllegal()
		}
		v := c.R[ra]
		if ra == 31 {
			v = 0
		}
		switch op {
		case fpOpITOFS:
			v = fpLoadS(uint32(v))
		case fpOpITOFF:
			v = fpLoadF(uint32(v))
		}
		c.fpSet(rc, v)
		return 0, 0, 0
	case fpOpSQRTS, fpOpSQRTT:
		if ra != 31 {
			return c.fpIllegal()
		}
		return c.fpArith(op, fn, 0, c.F[rb], rc)
	case fpOpSQRTF, fpOpSQRTG:
		if ra != 31 {
			return c.fpIllegal()
		}
		return c.fpVAXArith(op, fn, 0, c.F[rb], rc)
	}
	return c.fpIllegal()
}

// fpExecFLTL executes opcode 0x17: sign copies, FPCR moves, FCMOVxx and the
// longword conversions.
func (c *CPU) fpExecFLTL(insn, fn uint32) (abi.Signal, int32, uint64) {
	fa, fb, fc := insn>>21&31, insn>>16&31, insn&31
	a, b := c.F[fa], c.F[fb]
	const sign = 1 << 63
	if (fn == 0x010 || fn&0xff == 0x030) && fa != 31 {
		return c.fpIllegal() // the conversions need Fa = F31 (as qemu checks)
	}
	switch fn {
	case 0x010: // CVTLQ
		c.fpSet(fc, uint64(int64(int32(uint32(b>>32&0xc0000000|b>>29&0x3fffffff)))))
	case 0x020: // CPYS
		c.fpSet(fc, a&sign|b&^sign)
	case 0x021: // CPYSN
		c.fpSet(fc, ^a&sign|b&^sign)
	case 0x022: // CPYSE
		c.fpSet(fc, a&0xfff0000000000000|b&0x000fffffffffffff)
	case 0x024: // MT_FPCR
		c.fpWriteFPCR(a)
	case 0x025: // MF_FPCR
		c.fpSet(fa, c.FPCR&fpcrMask)
	case 0x02A, 0x02B, 0x02C, 0x02D, 0x02E, 0x02F: // FCMOVxx
		if fpBranchCond(fn&7, a) {
			c.fpSet(fc, b)
		}
	case 0x030, 0x130, 0x530: // CVTQL, CVTQL/V, CVTQL/SV
		var exc uint64
		if b != uint64(int64(int32(b))) {
			exc = fpcrIOV | fpcrINE
		}
		c.fpSet(fc, b&0xc0000000<<32|b&0x3fffffff<<29)
		return c.fpFinish(fn, exc)
	default:
		return c.fpIllegal()
	}
	return 0, 0, 0
}

// fpBranchCond evaluates an FP condition on a register's bit pattern, as
// FBxx and FCMOVxx do (-0.0 counts as zero; no NaN logic). cond is the low
// 3 bits of the FCMOV function: 2 EQ, 3 NE, 4 LT, 5 GE, 6 LE, 7 GT.
func fpBranchCond(cond uint32, v uint64) bool {
	folded := int64(v)
	if v == 1<<63 {
		folded = 0
	}
	switch cond {
	case 2:
		return v<<1 == 0
	case 3:
		return v<<1 != 0
	case 4:
		return folded < 0
	case 5:
		return folded >= 0
	case 6:
		return int64(v) <= 0
	}
	return int64(v) > 0
}

// fpArith executes the IEEE add/sub/mul/div/sqrt forms (S and T).
func (c *CPU) fpArith(op uint8, fn uint32, a, b uint64, fc uint32) (abi.Signal, int32, uint64) {
	unary := op == fpOpSQRTS || op == fpOpSQRTT
	if fn&fpQualS == 0 {
		if !unary && !c.fpCheckInput(a, false) || !c.fpCheckInput(b, false) {
			return abi.SIGFPE, codeFltInv, c.PC
		}
	}
	mode := c.fpMode(fn)
	r, exc, ok := fpFastArith(op, a, b, mode)
	if !ok {
		r, exc = fpExactArith(op, a, b, mode, c.fpUnder(fn), c.fpDNZ())
	}
	c.fpSet(fc, r)
	return c.fpFinish(fn, exc)
}

// fpExactArith computes an IEEE arithmetic operation with the software core:
// register values in, register value and raised exceptions out.
func fpExactArith(op uint8, a, b uint64, mode, under uint8, dnz bool) (uint64, uint64) {
	f := fpFmtT
	single := op <= fpOpDIVS || op == fpOpSQRTS
	if single {
		f = fpFmtS
		a, b = uint64(fpStoreS(a)), uint64(fpStoreS(b))
	}
	na, da := fpUnpack(a, f, dnz)
	nb, db := fpUnpack(b, f, dnz)
	x := fpCtx{f: f, mode: mode, under: under}
	var r, exc uint64
	switch op {
	case fpOpADDS, fpOpADDT:
		r, exc = x.add(na, nb)
	case fpOpSUBS, fpOpSUBT:
		if nb.cls != fpNaN {
			nb.neg = !nb.neg
		}
		r, exc = x.add(na, nb)
	case fpOpMULS, fpOpMULT:
		r, exc = x.mul(na, nb)
	case fpOpDIVS, fpOpDIVT:
		r, exc = x.div(na, nb)
	default:
		da = false
		r, exc = x.sqrt(nb)
	}
	if (da || db) && !dnz {
		exc |= fpExcDNO
	}
	if single {
		r = fpLoadS(uint32(r))
	}
	return r, exc
}
