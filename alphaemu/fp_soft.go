package alphaemu

import (
	"math"
	"math/bits"
)

// This file is an exact software IEEE 754 core for binary64 (T) and binary32
// (S): every result is computed exactly (or with a sticky bit) and rounded
// once, in any rounding mode, with IEEE exception flags expressed as FPCR
// status bits.

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

// fpRoundBits reports how the bits below position drop of mant (plus a
// sticky fraction) compare with half a unit of the kept part: -1, 0 or +1,
// and whether anything nonzero is dropped.
func fpRoundBits(mant uint64, drop uint, sticky bool) (q uint64, cmp int, inexact bool) {
	switch {
	case drop == 0:
		return mant, -1, sticky
	case drop < 64:
		q = mant >> drop
		rem := mant & (1<<drop - 1)
		half := uint64(1) << (drop - 1)
		inexact = rem != 0 || sticky
		switch {
		case rem > half || (rem == half && sticky):
			cmp = 1
		case rem == half:
			cmp = 0
		default:
			cmp = -1
		}
		return q, cmp, inexact
	case drop == 64:
		inexact = mant != 0 || sticky
		switch {
		case mant > fpQuietBit || (mant == fpQuietBit && sticky):
			cmp = 1
		case mant == fpQuietBit:
			cmp = 0
		default:
			cmp = -1
		}
		return 0, cmp, inexact
	}
	return 0, -1, mant != 0 || sticky
}

// fpRoundUp reports whether a result with kept part q must be incremented.
func fpRoundUp(mode uint8, neg bool, q uint64, cmp int, inexact bool) bool {
	switch mode {
	case fpRoundNearest:
		return cmp > 0 || (cmp == 0 && q&1 == 1)
	case fpRoundMinus:
		return inexact && neg
	case fpRoundPlus:
		return inexact && !neg
	}
	return false
}

// fpRound rounds the exact value ±(mant + sticky·ε) × 2^exp (bit 63 of mant
// set) to format f and returns its encoding and FPCR status bits. Tininess is
// detected after rounding; underflow is flagged when tiny and inexact.
func fpRound(neg bool, exp int, mant uint64, sticky bool, f *fpFormat, mode, under uint8) (uint64, uint64) {
	e := exp + 63 // value is 1.xxx × 2^e
	emin := f.emin()
	if e < emin && under != fpDenorm {
		if under == fpFlushFlag {
			return fpPackZero(neg, f), fpcrUNF | fpcrINE
		}
		return fpPackZero(neg, f), 0
	}
	lsb := e - int(f.fracBits)
	if lsb < emin-int(f.fracBits) {
		lsb = emin - int(f.fracBits)
	}
	q, cmp, inexact := fpRoundBits(mant, uint(lsb-exp), sticky)
	var exc uint64
	if inexact {
		exc = fpcrINE
		if e < emin {
			tiny := true
			if e == emin-1 {
				// Would rounding to full precision reach 2^emin?
				q0, c0, i0 := fpRoundBits(mant, 63-f.fracBits, sticky)
				if q0 == 1<<(f.fracBits+1)-1 && fpRoundUp(mode, neg, q0, c0, i0) {
					tiny = false
				}
			}
			if tiny {
				exc |= fpcrUNF
			}
		}
	}
	if fpRoundUp(mode, neg, q, cmp, inexact) {
		q++
	}
	if q >= 1<<(f.fracBits+1) {
		q >>= 1
		lsb++
	}
	if q < 1<<f.fracBits {
		return fpPackZero(neg, f) | q, exc
	}
	be := lsb + int(f.fracBits) + f.bias
	if be >= int(f.expMax()) {
		return fpOverflow(neg, f, mode), fpcrOVF | fpcrINE
	}
	return fpPackZero(neg, f) | uint64(be)<<f.fracBits | q&f.fracMask(), exc
}

// fpOverflow is the result of an overflow in the given rounding mode.
func fpOverflow(neg bool, f *fpFormat, mode uint8) uint64 {
	toInf := mode == fpRoundNearest || (mode == fpRoundMinus && neg) || (mode == fpRoundPlus && !neg)
	if toInf {
		return fpPackInf(neg, f)
	}
	return fpPackZero(neg, f) | (f.expMax()-1)<<f.fracBits | f.fracMask()
}

// fpCtx is the rounding context of one instruction.
type fpCtx struct {
	f     *fpFormat
	mode  uint8
	under uint8
}

// add computes a + b (b already negated for a subtraction).
func (x fpCtx) add(a, b fpNum) (uint64, uint64) {
	f := x.f
	if a.cls == fpNaN || b.cls == fpNaN {
		return fpPickNaN(&a, &b, f)
	}
	if a.cls == fpInf || b.cls == fpInf {
		if a.cls == fpInf && b.cls == fpInf && a.neg != b.neg {
			return fpDefaultNaN(f), fpcrINV
		}
		if a.cls == fpInf {
			return fpPackInf(a.neg, f), 0
		}
		return fpPackInf(b.neg, f), 0
	}
	if a.cls == fpZero && b.cls == fpZero {
		if a.neg == b.neg {
			return fpPackZero(a.neg, f), 0
		}
		return fpPackZero(x.mode == fpRoundMinus, f), 0
	}
	if b.cls == fpZero {
		return fpRound(a.neg, a.exp, a.mant, false, f, x.mode, x.under)
	}
	if a.cls == fpZero {
		return fpRound(b.neg, b.exp, b.mant, false, f, x.mode, x.under)
	}
	// Order by magnitude: a is the larger.
	if b.exp > a.exp || (b.exp == a.exp && b.mant > a.mant) {
		a, b = b, a
	}
	// Work with one spare bit at the top for the carry.
	am, bm := a.mant>>1, b.mant>>1
	d := uint(a.exp - b.exp)
	sticky := false
	if d >= 64 {
		sticky = bm != 0
		bm = 0
	} else if d > 0 {
		sticky = bm&(1<<d-1) != 0
		bm >>= d
	}
	exp := a.exp + 1
	var m uint64
	if a.neg == b.neg {
		m = am + bm
	} else {
		m = am - bm
		if sticky {
			// The exact value is m - ε: borrow one unit, keep the sticky fraction.
			m--
		}
		if m == 0 && !sticky {
			return fpPackZero(x.mode == fpRoundMinus, f), 0
		}
	}
	s := bits.LeadingZeros64(m)
	return fpRound(a.neg, exp-s, m<<s, sticky, f, x.mode, x.under)
}

// mul computes a × b.
func (x fpCtx) mul(a, b fpNum) (uint64, uint64) {
	f := x.f
	neg := a.neg != b.neg
	if a.cls == fpNaN || b.cls == fpNaN {
		return fpPickNaN(&a, &b, f)
	}
	if a.cls == fpInf || b.cls == fpInf {
		if a.cls == fpZero || b.cls == fpZero {
			return fpDefaultNaN(f), fpcrINV
		}
		return fpPackInf(neg, f), 0
	}
	if a.cls == fpZero || b.cls == fpZero {
		return fpPackZero(neg, f), 0
	}
	hi, lo := bits.Mul64(a.mant, b.mant)
	exp := a.exp + b.exp + 64
	if hi < 1<<63 {
		hi = hi<<1 | lo>>63
		lo <<= 1
		exp--
	}
	return fpRound(neg, exp, hi, lo != 0, f, x.mode, x.under)
}

// div computes a / b.
func (x fpCtx) div(a, b fpNum) (uint64, uint64) {
	f := x.f
	neg := a.neg != b.neg
	if a.cls == fpNaN || b.cls == fpNaN {
		return fpPickNaN(&a, &b, f)
	}
	switch {
	case a.cls == fpInf && b.cls == fpInf, a.cls == fpZero && b.cls == fpZero:
		return fpDefaultNaN(f), fpcrINV
	case a.cls == fpInf:
		return fpPackInf(neg, f), 0
	case b.cls == fpInf, a.cls == fpZero:
		return fpPackZero(neg, f), 0
	case b.cls == fpZero:
		return fpPackInf(neg, f), fpcrDZE
	}
	// a.mant·2^63 / b.mant: the high word a.mant>>1 is below b.mant.
	q, r := bits.Div64(a.mant>>1, a.mant<<63, b.mant)
	exp := a.exp - b.exp - 63
	if q < 1<<63 {
		// q has 63 significant bits; take one more from the remainder.
		qq, rr := bits.Div64(r>>63, r<<1, b.mant)
		q = q<<1 | qq
		r = rr
		exp--
	}
	return fpRound(neg, exp, q, r != 0, f, x.mode, x.under)
}

// sqrt computes √a.
func (x fpCtx) sqrt(a fpNum) (uint64, uint64) {
	f := x.f
	switch {
	case a.cls == fpNaN:
		return fpPickNaN(&a, &a, f)
	case a.cls == fpZero:
		return fpPackZero(a.neg, f), 0
	case a.neg:
		return fpDefaultNaN(f), fpcrINV
	case a.cls == fpInf:
		return fpPackInf(false, f), 0
	}
	m, e := a.mant, a.exp
	if e&1 != 0 {
		m >>= 1 // the low bits of an unpacked operand are zero
		e++
	}
	// N = m·2^62 has √N in [2^62, 2^63); the result is √N × 2^((e-62)/2).
	r := fpISqrt(m)
	hi, lo := bits.Mul64(r, r)
	exact := hi == m>>2 && lo == m<<62
	exp := (e - 62) / 2
	return fpRound(false, exp-1, r<<1, !exact, f, x.mode, x.under)
}

// fpISqrt returns ⌊√(m·2^62)⌋ for m in [2^62, 2^64).
func fpISqrt(m uint64) uint64 {
	nhi, nlo := m>>2, m<<62
	r := uint64(math.Sqrt(float64(m)) * (1 << 31))
	// One Newton step brings the 53-bit estimate to within a unit or two.
	q, _ := bits.Div64(nhi, nlo, r)
	r = r/2 + q/2 + (r & q & 1)
	for {
		hi, lo := bits.Mul64(r, r)
		if hi > nhi || (hi == nhi && lo > nlo) {
			r--
			continue
		}
		hi, lo = bits.Mul64(r+1, r+1)
		if hi < nhi || (hi == nhi && lo <= nlo) {
			r++
			continue
		}
		return r
	}
}

// fromInt converts a signed 64-bit integer.
func (x fpCtx) fromInt(v int64) (uint64, uint64) {
	if v == 0 {
		return 0, 0
	}
	neg := v < 0
	m := uint64(v)
	if neg {
		m = -m
	}
	s := bits.LeadingZeros64(m)
	return fpRound(neg, -s, m<<s, false, x.f, x.mode, x.under)
}

// convert rounds an unpacked value of another format into x's format.
func (x fpCtx) convert(a fpNum) (uint64, uint64) {
	switch a.cls {
	case fpNaN:
		return fpPickNaN(&a, &a, x.f)
	case fpInf:
		return fpPackInf(a.neg, x.f), 0
	case fpZero:
		return fpPackZero(a.neg, x.f), 0
	}
	return fpRound(a.neg, a.exp, a.mant, false, x.f, x.mode, x.under)
}

// fpToInt converts to a 64-bit integer with the given rounding, returning
// the low 64 bits of the exact rounded value (CVTTQ is modular) and the
// status bits: INV for infinities and signaling NaNs (a quiet NaN gives 0
// silently, AAHB table B-2), IOV|INE on overflow, INE when inexact.
func fpToInt(a fpNum, mode uint8) (uint64, uint64) {
	switch a.cls {
	case fpZero:
		return 0, 0
	case fpInf:
		return 0, fpcrINV
	case fpNaN:
		if a.isSNaN() {
			return 0, fpcrINV
		}
		return 0, 0
	}
	var r, exc uint64
	if a.exp >= 0 {
		if a.exp < 64 {
			r = a.mant << uint(a.exp)
		}
		if !(a.neg && a.exp == 0 && a.mant == 1<<63) {
			exc = fpcrIOV | fpcrINE
		}
	} else {
		q, cmp, inexact := fpRoundBits(a.mant, uint(-a.exp), false)
		if fpRoundUp(mode, a.neg, q, cmp, inexact) {
			q++
		}
		r = q
		// |value| < 2^63 here, and a 53-bit significand cannot round up to 2^63.
		if inexact {
			exc = fpcrINE
		}
	}
	if a.neg {
		r = -r
	}
	return r, exc
}

// fpCompare orders two non-NaN values: -1, 0 or +1.
func fpCompare(a, b fpNum) int {
	if a.cls == fpZero && b.cls == fpZero {
		return 0
	}
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := fpCompareMag(a, b)
	if a.neg {
		return -c
	}
	return c
}

func fpCompareMag(a, b fpNum) int {
	rank := func(n fpNum) int {
		switch n.cls {
		case fpZero:
			return 0
		case fpFinite:
			return 1
		}
		return 2
	}
	ra, rb := rank(a), rank(b)
	switch {
	case ra != rb:
		if ra < rb {
			return -1
		}
		return 1
	case ra != 1:
		return 0
	case a.exp != b.exp:
		if a.exp < b.exp {
			return -1
		}
		return 1
	case a.mant != b.mant:
		if a.mant < b.mant {
			return -1
		}
		return 1
	}
	return 0
}
