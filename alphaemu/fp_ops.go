package alphaemu

import (
	"math"
	"math/bits"
)

// The exact operations of the software core: each computes an exact (or
// exact-plus-sticky) result and rounds it once with fpRound.

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
