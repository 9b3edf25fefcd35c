package alphaemu

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// Differential tests of the IEEE arithmetic against math/big, which rounds
// exactly in every mode (its exponent range is unbounded, so results are
// compared in the normal range, and in the denormal range for the exact
// operations add, sub and mul, by rounding to the precision left there).

var fpBigModes = [4]big.RoundingMode{
	fpRoundChop:    big.ToZero,
	fpRoundMinus:   big.ToNegativeInf,
	fpRoundNearest: big.ToNearestEven,
	fpRoundPlus:    big.ToPositiveInf,
}

// fpRefOps are the operations compared: op6 of the T form (S is op6-0x20),
// and whether it is the square root (opcode 0x14).
var fpRefOps = []struct {
	name string
	op6  uint32
	sqrt bool
}{{"add", 0x20, false}, {"sub", 0x21, false}, {"mul", 0x22, false}, {"div", 0x23, false}, {"sqrt", 0x2B, true}}

// fpRefResult computes the reference result of operation k on x and y in
// format f (single when f == fpFmtS); ok is false when math/big cannot
// stand in for the hardware (zero or non-normal operands or results, or a
// denormal result of div/sqrt).
func fpRefResult(k int, x, y float64, f *fpFormat, mode uint8) (bits uint64, exact, ok bool) {
	if x == 0 || y == 0 || math.IsInf(x, 0) || math.IsInf(y, 0) || math.IsNaN(x) || math.IsNaN(y) {
		return 0, false, false
	}
	bx, by := new(big.Float).SetFloat64(x), new(big.Float).SetFloat64(y)
	prec := f.fracBits + 1
	z := new(big.Float).SetMode(fpBigModes[mode])
	exactOp := false
	switch fpRefOps[k].name {
	case "add", "sub", "mul":
		// Exact first, rounded below (the denormal range needs less precision).
		z.SetPrec(4000)
		switch fpRefOps[k].name {
		case "add":
			z.Add(bx, by)
		case "sub":
			z.Sub(bx, by)
		default:
			z.Mul(bx, by)
		}
		exactOp = true
	case "div":
		z.SetPrec(prec).Quo(bx, by)
		if z.MantExp(nil)-1 < f.emin() {
			return 0, false, false
		}
	default:
		if y < 0 {
			return 0, false, false
		}
		// big's Sqrt does not round directed modes exactly: take a 200-bit
		// truncation and, if inexact, a sticky bit far below the result.
		z.SetPrec(200).SetMode(big.ToZero).Sqrt(by)
		sq := new(big.Float).SetPrec(500).Mul(z, z)
		exactOp = true
		if sq.Cmp(by) != 0 {
			z.SetPrec(300).Add(z, new(big.Float).SetMantExp(big.NewFloat(1), z.MantExp(nil)-280))
		}
	}
	if z.Sign() == 0 {
		return 0, false, false
	}
	e := z.MantExp(nil) - 1 // z = 1.xxx × 2^e
	emin := f.emin()
	if e > f.bias {
		return 0, false, false
	}
	p := int(prec)
	if e < emin {
		if !exactOp {
			return 0, false, false
		}
		p -= emin - e
		if p < 1 {
			return 0, false, false
		}
	}
	var acc big.Accuracy
	if exactOp {
		r := new(big.Float).SetMode(fpBigModes[mode]).SetPrec(uint(p))
		r.Set(z)
		acc = r.Acc()
		z = r
	} else {
		acc = z.Acc()
	}
	if z.MantExp(nil)-1 > f.bias {
		return 0, false, false // rounded up to overflow
	}
	if f == fpFmtS {
		v, _ := z.Float32()
		return fpLoadS(math.Float32bits(v)), acc == big.Exact, true
	}
	v, _ := z.Float64()
	return math.Float64bits(v), acc == big.Exact, true
}

// fpRefCheck executes operation k with /SUI (or /SUID for +inf) and compares
// with the reference. x and y are exact values of the operand format.
func fpRefCheck(t *testing.T, k int, single bool, x, y float64, mode uint8) {
	f := fpFmtT
	var a, b uint64
	if single {
		f = fpFmtS
		x, y = float64(float32(x)), float64(float32(y))
		a, b = fpS(float32(x)), fpS(float32(y))
	} else {
		a, b = fpT(x), fpT(y)
	}
	want, exact, ok := fpRefResult(k, x, y, f, mode)
	if !ok {
		return
	}
	rnd := uint32(mode)
	c := &CPU{FPCR: InitialFPCR}
	if mode == fpRoundPlus {
		rnd = 3
		c.FPCR = c.FPCR&^fpcrDYN | fpRoundPlus<<fpcrDynShift
	}
	op6 := fpRefOps[k].op6
	if single {
		op6 -= 0x20
	}
	fn := 0x700 | rnd<<6 | op6
	opc, fa := uint32(0x16), uint32(1)
	if fpRefOps[k].sqrt {
		opc, fa = 0x14, 31
	}
	c.F[1], c.F[2] = a, b
	if sig, _, _ := c.execFP(fpWord(opc, fa, 2, fn, 3)); sig != 0 {
		t.Fatalf("%s single=%v mode %d %g %g: signal %v", fpRefOps[k].name, single, mode, x, y, sig)
	}
	if c.F[3] != want {
		t.Fatalf("%s single=%v mode %d (%x, %x): got %#016x, want %#016x", fpRefOps[k].name, single, mode, a, b, c.F[3], want)
	}
	if inexact := c.FPCR&fpcrINE != 0; inexact == exact {
		t.Fatalf("%s single=%v mode %d (%x, %x): INE %v, exact %v", fpRefOps[k].name, single, mode, a, b, inexact, exact)
	}
}

// fpRandOperand returns a random value of the format with an exponent in
// [-span, span] and a mantissa that is random or one of the patterns that
// produce ties and carries.
func fpRandOperand(r *rand.Rand, single bool, span int) float64 {
	bitsN := 53
	if single {
		bitsN = 24
	}
	var m uint64
	switch r.Intn(5) {
	case 0:
		m = 1<<bitsN - 1
	case 1:
		m = 1<<(bitsN-1) | 1
	case 2:
		m = 1 << (bitsN - 1)
	default:
		m = 1<<(bitsN-1) | r.Uint64()&(1<<(bitsN-1)-1)
	}
	v := math.Ldexp(float64(m), r.Intn(2*span+1)-span-bitsN+1)
	if r.Intn(2) == 0 {
		v = -v
	}
	return v
}

func TestFPAgainstBig(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, single := range []bool{false, true} {
		spans := []int{4, 60, 1000}
		if single {
			spans = []int{4, 30, 120}
		}
		for k := range fpRefOps {
			for mode := uint8(0); mode < 4; mode++ {
				for _, span := range spans {
					for i := 0; i < 300; i++ {
						x := fpRandOperand(r, single, span)
						y := fpRandOperand(r, single, span)
						if fpRefOps[k].sqrt {
							y = math.Abs(y)
						}
						fpRefCheck(t, k, single, x, y, mode)
					}
				}
			}
		}
	}
}

// TestFPDenormalResultsAgainstBig drives add, sub and mul into the denormal
// range, where rounding happens at a fixed binary point.
func TestFPDenormalResultsAgainstBig(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, single := range []bool{false, true} {
		lo, bitsN := -1022, 53
		if single {
			lo, bitsN = -126, 24
		}
		for k := 0; k < 3; k++ {
			for mode := uint8(0); mode < 4; mode++ {
				for i := 0; i < 400; i++ {
					m1 := float64(1<<(bitsN-1) | r.Int63n(1<<(bitsN-1)))
					m2 := float64(1<<(bitsN-1) | r.Int63n(1<<(bitsN-1)))
					var x, y float64
					if k == 2 {
						e := lo - r.Intn(bitsN+2)
						x = math.Ldexp(m1, e/2-bitsN+1)
						y = math.Ldexp(m2, e-e/2-bitsN+1)
					} else {
						x = math.Ldexp(m1, lo-bitsN+1)
						y = -math.Ldexp(m2, lo-bitsN+1-r.Intn(3))
					}
					if r.Intn(2) == 0 {
						x = -x
						y = -y
					}
					fpRefCheck(t, k, single, x, y, mode)
				}
			}
		}
	}
}

// FuzzFPAgainstBig is the differential test above on arbitrary operands.
func FuzzFPAgainstBig(f *testing.F) {
	f.Add(fpT(1), fpT(0x1p-60), uint8(0), uint8(3), false)
	f.Add(fpT(1.0/3), fpT(3), uint8(2), uint8(0), false)
	f.Add(fpT(2), fpT(2), uint8(4), uint8(1), true)
	f.Fuzz(func(t *testing.T, a, b uint64, k, mode uint8, single bool) {
		x, y := math.Float64frombits(a), math.Float64frombits(b)
		if single {
			x, y = float64(math.Float32frombits(uint32(a))), float64(math.Float32frombits(uint32(b)))
		}
		kk := int(k) % len(fpRefOps)
		if fpRefOps[kk].sqrt {
			y = math.Abs(y)
		}
		fpRefCheck(t, kk, single, x, y, mode%4)
	})
}

// FuzzFPExec runs arbitrary FP-opcode instruction words on arbitrary
// register and control values: it must never panic, never write F31, keep
// FPCR bits 46:0 clear, and report only SIGILL or SIGFPE at the next pc.
func FuzzFPExec(f *testing.F) {
	f.Add(fpWord(0x16, 1, 2, 0x5A3, 3), fpT(1), uint64(0), uint64(InitialFPCR), uint64(0))
	f.Add(fpWord(0x16, 31, 2, 0x52F, 31), fpT(1e300), uint64(0), uint64(InitialFPCR), uint64(swcrEnaINV))
	f.Add(fpWord(0x15, 1, 2, 0x0A0, 3), fpG(1), fpG(2), uint64(0), uint64(0))
	f.Add(fpWord(0x14, 31, 2, 0x7EB, 3), uint64(1), uint64(1), uint64(0x0c00000000000000), uint64(swcrEnable))
	f.Add(fpWord(0x17, 2, 2, 0x024, 2), uint64(0), ^uint64(0), uint64(0), uint64(0))
	f.Fuzz(func(t *testing.T, insn uint32, a, b, fpcr, swcr uint64) {
		insn = insn&(1<<26-1) | (0x14+insn>>30)<<26
		c := &CPU{PC: 0x120000004}
		c.SetIEEEControl(swcr)
		c.FPCR = fpcr & fpcrMask
		for i := range 31 {
			if i&1 == 0 {
				c.F[i] = a
			} else {
				c.F[i] = b
			}
			c.R[i] = a ^ b
		}
		sig, _, addr := c.execFP(insn)
		if c.F[31] != 0 {
			t.Fatalf("%#08x wrote F31", insn)
		}
		if c.FPCR&^fpcrMask != 0 {
			t.Fatalf("%#08x: FPCR %#x has bits 46:0 set", insn, c.FPCR)
		}
		switch sig {
		case 0:
		case fpSIGILL, fpSIGFPE:
			if addr != c.PC {
				t.Fatalf("%#08x: trap address %#x, pc %#x", insn, addr, c.PC)
			}
		default:
			t.Fatalf("%#08x: unexpected signal %v", insn, sig)
		}
	})
}

// TestFPCVTTSAgainstBig compares CVTTS/SUI in every rounding mode with
// math/big's rounding to 24 bits, in and around the single normal range.
func TestFPCVTTSAgainstBig(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for mode := uint8(0); mode < 4; mode++ {
		for i := 0; i < 3000; i++ {
			x := fpRandOperand(r, false, 130)
			z := new(big.Float).SetPrec(24).SetMode(fpBigModes[mode]).SetFloat64(x)
			e := z.MantExp(nil) - 1
			if e < -126 || e > 127 {
				continue
			}
			v, _ := z.Float32()
			c := &CPU{FPCR: InitialFPCR&^fpcrDYN | uint64(mode)<<fpcrDynShift}
			c.F[2] = fpT(x)
			c.execFP(fpWord(0x16, 31, 2, 0x7EC, 3)) // cvtts/suid
			if want := fpS(v); c.F[3] != want {
				t.Fatalf("cvtts mode %d %x: got %#x, want %#x", mode, fpT(x), c.F[3], want)
			}
			if inexact := c.FPCR&fpcrINE != 0; inexact != (z.Acc() != big.Exact) {
				t.Fatalf("cvtts mode %d %x: INE %v, accuracy %v", mode, fpT(x), inexact, z.Acc())
			}
		}
	}
}

// fpBigToInt is CVTTQ's result computed with math/big: x rounded to an
// integer in the given mode, modulo 2^64, and whether rounding was inexact.
func fpBigToInt(x float64, mode uint8) (uint64, bool) {
	bx := new(big.Float).SetFloat64(x)
	t, _ := bx.Int(nil) // toward zero
	frac := new(big.Float).Sub(bx, new(big.Float).SetInt(t))
	one := big.NewInt(1)
	switch s := frac.Sign(); {
	case s == 0:
	case mode == fpRoundMinus && s < 0:
		t.Sub(t, one)
	case mode == fpRoundPlus && s > 0:
		t.Add(t, one)
	case mode == fpRoundNearest:
		half := frac.Abs(frac).Cmp(big.NewFloat(0.5))
		if half > 0 || half == 0 && t.Bit(0) == 1 {
			if s < 0 {
				t.Sub(t, one)
			} else {
				t.Add(t, one)
			}
		}
	}
	m := new(big.Int).And(t, new(big.Int).SetUint64(math.MaxUint64))
	return m.Uint64(), frac.Sign() != 0
}

// TestFPCVTTQAgainstBig compares CVTTQ/SVI in every rounding mode with
// math/big, from tiny values to far beyond 2^64 (modular results).
func TestFPCVTTQAgainstBig(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for mode := uint8(0); mode < 4; mode++ {
		for i := 0; i < 4000; i++ {
			x := fpRandOperand(r, false, 1+r.Intn(90))
			if r.Intn(4) == 0 {
				x = math.Round(x*2) / 2 // halfway cases
			}
			want, inexact := fpBigToInt(x, mode)
			c := &CPU{FPCR: InitialFPCR&^fpcrDYN | uint64(mode)<<fpcrDynShift}
			c.F[2] = fpT(x)
			c.execFP(fpWord(0x16, 31, 2, 0x7EF, 3)) // cvttq/svid
			if c.F[3] != want {
				t.Fatalf("cvttq mode %d %v: got %#x, want %#x", mode, x, c.F[3], want)
			}
			overflow := math.Abs(x) >= 0x1p63 && x != -0x1p63
			if got := c.FPCR&fpcrIOV != 0; got != overflow {
				t.Fatalf("cvttq mode %d %v: IOV %v", mode, x, got)
			}
			if got := c.FPCR&fpcrINE != 0; got != (inexact || overflow) {
				t.Fatalf("cvttq mode %d %v: INE %v, want %v", mode, x, got, inexact || overflow)
			}
		}
	}
}
