package alphaemu

import (
	"math"

	"github.com/axpsec/axpsec/abi"
)

// fpCompareT executes CMPTUN/EQ/LT/LE: 2.0 for true, +0 for false.
func (c *CPU) fpCompareT(op uint8, fn uint32, a, b uint64, fc uint32) (abi.Signal, int32, uint64) {
	if fn&fpQualS == 0 && (!c.fpCheckInput(a, true) || !c.fpCheckInput(b, true)) {
		return abi.SIGFPE, codeFltInv, c.PC
	}
	if fpOrdinary(a) && fpOrdinary(b) {
		x, y := math.Float64frombits(a), math.Float64frombits(b)
		var v uint64
		if op == fpOpCMPTEQ && x == y || op == fpOpCMPTLT && x < y || op == fpOpCMPTLE && x <= y {
			v = 0x4000000000000000
		}
		c.fpSet(fc, v)
		return 0, 0, 0
	}
	dnz := c.fpDNZ()
	na, da := fpUnpack(a, fpFmtT, dnz)
	nb, db := fpUnpack(b, fpFmtT, dnz)
	var exc uint64
	if (da || db) && !dnz {
		exc |= fpExcDNO
	}
	var t bool
	if na.cls == fpNaN || nb.cls == fpNaN {
		if op == fpOpCMPTLT || op == fpOpCMPTLE || na.isSNaN() || nb.isSNaN() {
			exc |= fpcrINV
		}
		t = op == fpOpCMPTUN
	} else {
		r := fpCompare(na, nb)
		switch op {
		case fpOpCMPTEQ:
			t = r == 0
		case fpOpCMPTLT:
			t = r < 0
		case fpOpCMPTLE:
			t = r <= 0
		}
	}
	var v uint64
	if t {
		v = 0x4000000000000000
	}
	c.fpSet(fc, v)
	return c.fpFinish(fn, exc)
}

// fpConvert executes CVTTS, CVTST, CVTTQ, CVTQS and CVTQT.
func (c *CPU) fpConvert(op uint8, fn uint32, b uint64, fc uint32) (abi.Signal, int32, uint64) {
	if fn&fpQualS == 0 && op != fpOpCVTQS && op != fpOpCVTQT && !c.fpCheckInput(b, false) {
		return abi.SIGFPE, codeFltInv, c.PC
	}
	mode := c.fpMode(fn)
	dnz := c.fpDNZ()
	var r, exc uint64
	var denorm bool
	switch op {
	case fpOpCVTQT:
		if v := int64(b); v > -1<<53 && v < 1<<53 {
			r = math.Float64bits(float64(v))
		} else {
			r, exc = fpCtx{f: fpFmtT, mode: mode}.fromInt(v)
		}
	case fpOpCVTQS:
		r, exc = fpCtx{f: fpFmtS, mode: mode}.fromInt(int64(b))
		r = fpLoadS(uint32(r))
	case fpOpCVTTQ:
		if v, e, ok := fpFastToInt(b, mode); ok {
			r, exc = v, e
			break
		}
		var n fpNum
		n, denorm = fpUnpack(b, fpFmtT, dnz)
		r, exc = fpToInt(n, mode)
	case fpOpCVTTS:
		if v, e, ok := fpFastS(op, 0, b, mode); ok {
			r, exc = v, e
			break
		}
		var n fpNum
		n, denorm = fpUnpack(b, fpFmtT, dnz)
		r, exc = fpCtx{f: fpFmtS, mode: mode, under: c.fpUnder(fn)}.convert(n)
		r = fpLoadS(uint32(r))
	default: // CVTST
		var n fpNum
		n, denorm = fpUnpack(uint64(fpStoreS(b)), fpFmtS, dnz)
		r, exc = fpCtx{f: fpFmtT, mode: mode}.convert(n)
	}
	if denorm && !dnz {
		exc |= fpExcDNO
	}
	c.fpSet(fc, r)
	return c.fpFinish(fn, exc)
}
