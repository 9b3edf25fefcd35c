package alphaemu

// Rounding of exact intermediate results to the S and T formats.

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
