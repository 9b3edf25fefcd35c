package alphaemu

import "math/bits"

// The software IEEE 754 core for binary64 (T) and binary32 (S): every result
// is computed exactly (or with a sticky bit) and rounded once, in any
// rounding mode, with IEEE exception flags expressed as FPCR status bits.
// This file holds the formats, unpacking and NaN handling; fp_round.go the
// rounding and fp_ops.go the operations.

// fpFormat describes an IEEE binary interchange format.
type fpFormat struct {
	fracBits uint // stored fraction bits
	expBits  uint // exponent bits
	bias     int
}

var (
	fpFmtT = &fpFormat{fracBits: 52, expBits: 11, bias: 1023}
	fpFmtS = &fpFormat{fracBits: 23, expBits: 8, bias: 127}
)

func (f *fpFormat) expMax() uint64   { return 1<<f.expBits - 1 }
func (f *fpFormat) fracMask() uint64 { return 1<<f.fracBits - 1 }
func (f *fpFormat) signBit() uint64  { return 1 << (f.fracBits + f.expBits) }
func (f *fpFormat) emin() int        { return 1 - f.bias }

// Rounding modes, numbered as the FPCR DYN field and the instruction's
// rounding qualifier (except that qualifier 3 means "dynamic").
const (
	fpRoundChop    = 0 // toward zero
	fpRoundMinus   = 1 // toward -inf
	fpRoundNearest = 2 // nearest, ties to even
	fpRoundPlus    = 3 // toward +inf
)

// Underflow handling of a result that is tiny before rounding.
const (
	fpDenorm     = 0 // produce the IEEE denormal
	fpFlushQuiet = 1 // no /U: true zero, no flags
	fpFlushFlag  = 2 // /U with UNDZ or MAP_UMZ: zero, UNF and INE flagged
)

// fpExcDNO is an internal flag for a denormal operand (not an FPCR status bit
// of its own: Linux records it in the FPCR's IOV position).
const fpExcDNO = 1

// Operand classes.
const (
	fpZero = iota
	fpFinite
	fpInf
	fpNaN
)

// fpNum is an unpacked IEEE value. A finite value is mant × 2^exp with bit 63
// of mant set. A NaN keeps its fraction left-aligned at bit 63 of mant (so the
// quiet bit is bit 63).
type fpNum struct {
	cls  uint8
	neg  bool
	exp  int
	mant uint64
}

const fpQuietBit = 1 << 63

func (n *fpNum) isSNaN() bool { return n.cls == fpNaN && n.mant&fpQuietBit == 0 }

// fpUnpack decodes bits in format f. dnz flushes denormals to signed zero.
// denorm reports a denormal operand (flushed or not).
func fpUnpack(b uint64, f *fpFormat, dnz bool) (n fpNum, denorm bool) {
	n.neg = b&f.signBit() != 0
	e := b >> f.fracBits & f.expMax()
	frac := b & f.fracMask()
	switch {
	case e == f.expMax():
		if frac == 0 {
			n.cls = fpInf
		} else {
			n.cls = fpNaN
			n.mant = frac << (64 - f.fracBits)
		}
	case e == 0:
		if frac == 0 {
			n.cls = fpZero
			return n, false
		}
		if dnz {
			n.cls = fpZero
			return n, true
		}
		s := bits.LeadingZeros64(frac)
		n.cls = fpFinite
		n.mant = frac << s
		n.exp = f.emin() - int(f.fracBits) - s
		return n, true
	default:
		s := 63 - f.fracBits
		n.cls = fpFinite
		n.mant = (frac | 1<<f.fracBits) << s
		n.exp = int(e) - f.bias - int(f.fracBits) - int(s)
	}
	return n, false
}

// fpDefaultNaN is the quiet NaN produced by invalid operations (positive,
// quiet bit only, as qemu's Alpha target).
func fpDefaultNaN(f *fpFormat) uint64 {
	return f.expMax()<<f.fracBits | 1<<(f.fracBits-1)
}

// fpPackNaN encodes a NaN, quieted.
func fpPackNaN(n fpNum, f *fpFormat) uint64 {
	b := f.expMax()<<f.fracBits | (n.mant|fpQuietBit)>>(64-f.fracBits)
	if n.neg {
		b |= f.signBit()
	}
	return b
}

// fpPickNaN propagates NaN operands with x87 rules (as qemu does for Alpha):
// a quiet NaN beats a signaling one, otherwise the larger significand wins
// (the positive one on a tie). Any signaling NaN raises INV.
func fpPickNaN(a, b *fpNum, f *fpFormat) (uint64, uint64) {
	var exc uint64
	if a.isSNaN() || b.isSNaN() {
		exc = fpcrINV
	}
	if a.cls != fpNaN {
		return fpPackNaN(*b, f), exc
	}
	if b.cls != fpNaN {
		return fpPackNaN(*a, f), exc
	}
	aq, bq := !a.isSNaN(), !b.isSNaN()
	if aq != bq {
		if aq {
			return fpPackNaN(*a, f), exc
		}
		return fpPackNaN(*b, f), exc
	}
	am, bm := a.mant&^fpQuietBit, b.mant&^fpQuietBit
	if am > bm || (am == bm && !a.neg) {
		return fpPackNaN(*a, f), exc
	}
	return fpPackNaN(*b, f), exc
}

func fpPackZero(neg bool, f *fpFormat) uint64 {
	if neg {
		return f.signBit()
	}
	return 0
}

func fpPackInf(neg bool, f *fpFormat) uint64 {
	return fpPackZero(neg, f) | f.expMax()<<f.fracBits
}
