package alphaemu

import (
	"math"

	"github.com/axpsec/axpsec/abi"
)

// VAX F/G floating point, the way qemu-alpha implements it: operands are
// converted to IEEE single/double (exponent bias 2 apart; exponents below 3
// read as zero), the operation is done in IEEE arithmetic with the /C or
// normal rounding qualifier, and the result is converted back. An operand
// with a zero exponent and a nonzero sign or fraction (reserved operand or
// dirty zero) is an illegal instruction; a result that is infinite, NaN or
// too large for VAX becomes the dirty zero 1. Qualifiers other than the
// rounding are ignored and no FP exception is raised, as in qemu; CVTDG and
// CVTGD (D_floating) are illegal instructions, as in qemu.
//
// Unlike qemu 7.2 (whose float32_to_f/float64_to_g drop the result's
// fraction and F results' exponent remap), results keep their full fraction
// in the architectural register format.

// fpVAXDirtyZero is what qemu returns for unrepresentable VAX results.
const fpVAXDirtyZero = 1

// fpGToIEEE converts a G_floating register value to IEEE double bits.
func fpGToIEEE(v uint64) (uint64, bool) {
	e := v >> 52 & 0x7ff
	if e == 0 && v != 0 {
		return 0, false
	}
	if e < 3 {
		return 0, true
	}
	return v&^(0x7ff<<52) | (e-2)<<52, true
}

// fpIEEEToG converts IEEE double bits to a G_floating register value.
func fpIEEEToG(v uint64) uint64 {
	sign := v & (1 << 63)
	e := v >> 52 & 0x7ff
	frac := v & (1<<52 - 1)
	switch {
	case e == 0x7ff || e >= 2045:
		return fpVAXDirtyZero
	case e == 0 && frac == 0:
		return 0
	case e == 0:
		return sign | 1<<52 | frac
	}
	return sign | (e+2)<<52 | frac
}

// fpFToIEEE converts an F_floating register value to IEEE single bits.
func fpFToIEEE(v uint64) (uint32, bool) {
	e := uint32(v>>55&0x80 | v>>52&0x7f)
	ms := uint32(v>>32&0x80000000 | v>>29&0x7fffff)
	if e == 0 && ms != 0 {
		return 0, false
	}
	if e < 3 {
		return 0, true
	}
	return (e-2)<<23 | ms, true
}

// fpIEEEToF converts IEEE single bits to an F_floating register value.
func fpIEEEToF(v uint32) uint64 {
	sign := v >> 31
	e := v >> 23 & 0xff
	frac := v & 0x7fffff
	switch {
	case e == 0xff || e >= 253:
		return fpVAXDirtyZero
	case e == 0 && frac == 0:
		return 0
	case e == 0:
		e = 1
	default:
		e += 2
	}
	// Memory format: word 0 = sign, exponent, fraction<22:16>; word 1 = fraction<15:0>.
	mem := frac&0xffff<<16 | sign<<15 | e<<7 | frac>>16
	return fpLoadF(mem)
}

// fpVAXMode is the IEEE rounding mode a VAX qualifier selects.
func fpVAXMode(fn uint32) uint8 {
	if fn&fpQualVAXRn != 0 {
		return fpRoundNearest
	}
	return fpRoundChop
}

// fpExecVAX executes opcode 0x15.
func (c *CPU) fpExecVAX(insn, fn uint32) (abi.Signal, int32, uint64) {
	op := fpTable15[fn]
	fa, fb, fc := insn>>21&31, insn>>16&31, insn&31
	switch op {
	case fpOpInvalid, fpOpCVTDG, fpOpCVTGD:
		return c.fpIllegal()
	case fpOpCVTGF, fpOpCVTGQ, fpOpCVTQF, fpOpCVTQG:
		if fa != 31 {
			return c.fpIllegal()
		}
	}
	return c.fpVAXArith(op, fn, c.F[fa], c.F[fb], fc)
}

// fpVAXArith executes a VAX operation on register values a and b.
func (c *CPU) fpVAXArith(op uint8, fn uint32, a, b uint64, fc uint32) (abi.Signal, int32, uint64) {
	mode := fpVAXMode(fn)
	var r uint64
	switch op {
	case fpOpADDF, fpOpSUBF, fpOpMULF, fpOpDIVF, fpOpSQRTF:
		ia, oka := fpFToIEEE(a)
		ib, okb := fpFToIEEE(b)
		if !oka || !okb {
			return c.fpIllegal()
		}
		r = fpIEEEToF(uint32(fpVAXIEEE(op, uint64(ia), uint64(ib), fpFmtS, mode)))
	case fpOpADDG, fpOpSUBG, fpOpMULG, fpOpDIVG, fpOpSQRTG:
		ia, oka := fpGToIEEE(a)
		ib, okb := fpGToIEEE(b)
		if !oka || !okb {
			return c.fpIllegal()
		}
		r = fpIEEEToG(fpVAXIEEE(op, ia, ib, fpFmtT, mode))
	case fpOpCMPGEQ, fpOpCMPGLT, fpOpCMPGLE:
		ia, oka := fpGToIEEE(a)
		ib, okb := fpGToIEEE(b)
		if !oka || !okb {
			return c.fpIllegal()
		}
		x, y := math.Float64frombits(ia), math.Float64frombits(ib)
		if op == fpOpCMPGEQ && x == y || op == fpOpCMPGLT && x < y || op == fpOpCMPGLE && x <= y {
			r = 0x4000000000000000
		}
	case fpOpCVTGF:
		ib, ok := fpGToIEEE(b)
		if !ok {
			return c.fpIllegal()
		}
		n, _ := fpUnpack(ib, fpFmtT, false)
		s, _ := fpCtx{f: fpFmtS, mode: mode}.convert(n)
		r = fpIEEEToF(uint32(s))
	case fpOpCVTGQ:
		ib, ok := fpGToIEEE(b)
		if !ok {
			return c.fpIllegal()
		}
		r = uint64(fpSaturatingTrunc(math.Float64frombits(ib)))
	case fpOpCVTQF:
		s, _ := fpCtx{f: fpFmtS, mode: mode}.fromInt(int64(b))
		r = fpIEEEToF(uint32(s))
	case fpOpCVTQG:
		d, _ := fpCtx{f: fpFmtT, mode: mode}.fromInt(int64(b))
		r = fpIEEEToG(d)
	}
	c.fpSet(fc, r)
	return 0, 0, 0
}

// fpVAXIEEE performs the VAX arithmetic operation op (on b alone for the
// square roots) in IEEE format f.
func fpVAXIEEE(op uint8, a, b uint64, f *fpFormat, mode uint8) uint64 {
	na, _ := fpUnpack(a, f, false)
	nb, _ := fpUnpack(b, f, false)
	x := fpCtx{f: f, mode: mode}
	var r uint64
	switch op {
	case fpOpADDF, fpOpADDG:
		r, _ = x.add(na, nb)
	case fpOpSUBF, fpOpSUBG:
		nb.neg = !nb.neg
		r, _ = x.add(na, nb)
	case fpOpMULF, fpOpMULG:
		r, _ = x.mul(na, nb)
	case fpOpDIVF, fpOpDIVG:
		r, _ = x.div(na, nb)
	default:
		r, _ = x.sqrt(nb)
	}
	return r
}

// fpSaturatingTrunc converts toward zero, saturating like softfloat's
// float64_to_int64_round_to_zero.
func fpSaturatingTrunc(x float64) int64 {
	switch {
	case x >= 0x1p63:
		return math.MaxInt64
	case x < -0x1p63:
		return math.MinInt64
	}
	return int64(x)
}
