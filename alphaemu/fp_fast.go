package alphaemu

import "math"

// Fast path for T-format arithmetic on normal operands with normal results:
// the host computes the round-to-nearest result, an error-free
// transformation (TwoSum, or FMA for products, quotients and square roots)
// gives the sign of the exact residual, and directed rounding moves the
// result by one ulp when needed. Everything else (zeros, denormals,
// infinities, NaNs, results near the overflow or underflow thresholds)
// falls back to the exact software core.

const (
	fpMinNormal = 0x1p-1022
	// fpResidualMin bounds results whose residual is exactly representable.
	fpResidualMin = 0x1p-960
)

// fpFastArith tries the fast path of an S or T arithmetic operation.
func fpFastArith(op uint8, a, b uint64, mode uint8) (uint64, uint64, bool) {
	if op >= fpOpADDT && op <= fpOpDIVT || op == fpOpSQRTT {
		return fpFastT(op, a, b, mode)
	}
	return fpFastS(op, a, b, mode)
}

// fpNormalBits reports whether b encodes a normal (nonzero, finite,
// non-denormal) T value.
func fpNormalBits(b uint64) bool {
	e := b >> 52 & 0x7ff
	return e != 0 && e != 0x7ff
}

// fpFastT computes a T operation; ok is false when the software core must.
func fpFastT(op uint8, a, b uint64, mode uint8) (r uint64, exc uint64, ok bool) {
	if !fpNormalBits(b) || op != fpOpSQRTT && !fpNormalBits(a) {
		return 0, 0, false
	}
	x, y := math.Float64frombits(a), math.Float64frombits(b)
	var z, res float64 // result and the sign carrier of exact - z
	switch op {
	case fpOpADDT, fpOpSUBT:
		if op == fpOpSUBT {
			y = -y
		}
		z = x + y
		bb := z - x
		res = (x - (z - bb)) + (y - bb)
	case fpOpMULT:
		z = x * y
		if math.Abs(z) < fpResidualMin {
			return 0, 0, false
		}
		res = math.FMA(x, y, -z)
	case fpOpDIVT:
		z = x / y
		if math.Abs(z) < fpResidualMin || math.Abs(x) < fpResidualMin {
			return 0, 0, false
		}
		res = math.FMA(-z, y, x)
		if y < 0 {
			res = -res
		}
	default: // SQRTT
		if y < fpResidualMin {
			return 0, 0, false
		}
		z = math.Sqrt(y)
		res = math.FMA(-z, z, y)
	}
	az := math.Abs(z)
	if !(az >= fpMinNormal && az < math.MaxFloat64) {
		return 0, 0, false
	}
	if res == 0 {
		return math.Float64bits(z), 0, true
	}
	zb := math.Float64bits(z)
	// Move one ulp toward the exact value's side when the mode demands it.
	var toward int // +1 away from zero in magnitude, -1 toward zero
	up := res > 0
	switch mode {
	case fpRoundChop:
		if up != (z > 0) {
			toward = -1
		}
	case fpRoundMinus:
		if !up {
			toward = fpMagStep(z, false)
		}
	case fpRoundPlus:
		if up {
			toward = fpMagStep(z, true)
		}
	}
	zb = uint64(int64(zb) + int64(toward))
	if !fpNormalBits(zb) {
		return 0, 0, false
	}
	return zb, fpcrINE, true
}

// fpMagStep is the change in magnitude (±1 ulp in the encoding) that moves z
// up (toward +inf) or down.
func fpMagStep(z float64, up bool) int {
	if (z > 0) == up {
		return 1
	}
	return -1
}

// fpFastS computes an S operation (or CVTTS, with the T operand in b) on
// normal operands through float64: products of singles are exact there, and
// sums, quotients and roots carry an exact residual, so rounding the double
// to single (nearest is innocuous after a nearest double rounding, directed
// modes use the residual's sign) gives the correctly rounded single.
func fpFastS(op uint8, a, b uint64, mode uint8) (r uint64, exc uint64, ok bool) {
	var x, y float64
	if op == fpOpCVTTS {
		if !fpNormalBits(b) {
			return 0, 0, false
		}
		y = math.Float64frombits(b)
	} else {
		sb := fpStoreS(b)
		if !fpNormalS(sb) {
			return 0, 0, false
		}
		y = float64(math.Float32frombits(sb))
		if op != fpOpSQRTS {
			sa := fpStoreS(a)
			if !fpNormalS(sa) {
				return 0, 0, false
			}
			x = float64(math.Float32frombits(sa))
		}
	}
	var z, res float64
	switch op {
	case fpOpADDS, fpOpSUBS:
		if op == fpOpSUBS {
			y = -y
		}
		z = x + y
		bb := z - x
		res = (x - (z - bb)) + (y - bb)
	case fpOpMULS:
		z = x * y
	case fpOpDIVS:
		z = x / y
		res = math.FMA(-z, y, x)
		if y < 0 {
			res = -res
		}
	case fpOpSQRTS:
		if y < 0 {
			return 0, 0, false
		}
		z = math.Sqrt(y)
		res = math.FMA(-z, z, y)
	default: // CVTTS
		z = y
	}
	// Tiny values (before rounding: without /U they flush) and overflows
	// take the exact path.
	f := float32(z)
	if af := math.Abs(float64(f)); !(math.Abs(z) >= 0x1p-126 && af <= math.MaxFloat32) {
		return 0, 0, false
	}
	dir := z - float64(f) // exact: z and f are within half a single ulp
	if dir == 0 {
		dir = res
	}
	if dir == 0 {
		return fpLoadS(math.Float32bits(f)), 0, true
	}
	fb := math.Float32bits(f)
	var step int32
	switch mode {
	case fpRoundChop:
		if (dir > 0) != (f > 0) {
			step = -1
		}
	case fpRoundMinus:
		if dir < 0 {
			step = int32(fpMagStep(float64(f), false))
		}
	case fpRoundPlus:
		if dir > 0 {
			step = int32(fpMagStep(float64(f), true))
		}
	}
	fb = uint32(int32(fb) + step)
	if !fpNormalS(fb) {
		return 0, 0, false
	}
	return fpLoadS(fb), fpcrINE, true
}

// fpNormalS reports whether a single's bits encode a normal value.
func fpNormalS(b uint32) bool {
	e := b >> 23 & 0xff
	return e != 0 && e != 0xff
}

// fpOrdinary reports whether b encodes a normal T value or a zero.
func fpOrdinary(b uint64) bool {
	e := b >> 52 & 0x7ff
	return e != 0x7ff && (e != 0 || b<<12 == 0)
}

// fpFastToInt is CVTTQ for normal operands of magnitude below 2^62, where
// the host's conversions are exact after rounding to an integral value.
func fpFastToInt(b uint64, mode uint8) (uint64, uint64, bool) {
	if !fpNormalBits(b) {
		return 0, 0, false
	}
	x := math.Float64frombits(b)
	if !(math.Abs(x) < 0x1p62) {
		return 0, 0, false
	}
	var i float64
	switch mode {
	case fpRoundChop:
		i = math.Trunc(x)
	case fpRoundMinus:
		i = math.Floor(x)
	case fpRoundNearest:
		i = math.RoundToEven(x)
	default:
		i = math.Ceil(x)
	}
	var exc uint64
	if i != x {
		exc = fpcrINE
	}
	return uint64(int64(i)), exc, true
}
