package alphaemu

import (
	"math"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// Helpers shared by the FP tests.

func fpT(x float64) uint64 { return math.Float64bits(x) }

// fpS is the register format of a single.
func fpS(x float32) uint64 { return fpLoadS(math.Float32bits(x)) }

// fpLW is the longword-in-FP-register format of v (CVTQL's result layout).
func fpLW(v int32) uint64 {
	u := uint64(uint32(v))
	return u&0xc0000000<<32 | u&0x3fffffff<<29
}

// fpG is the VAX G register value equal to the IEEE double x (normal range).
func fpG(x float64) uint64 { return fpT(x) + 2<<52 }

// fpWord encodes an FP operate instruction.
func fpWord(op, fa, fb, fn, fc uint32) uint32 {
	return op<<26 | fa<<21 | fb<<16 | fn<<5 | fc
}

const fpSentinel = 0x5555555555555555

// fpCase is one instruction executed on a fresh CPU: Fa = f1 (or F31 for
// unary forms), Fb = f2 (R1 for ITOFx), Fc = f3 (initially fpSentinel).
type fpCase struct {
	name   string
	op     uint32 // primary opcode
	fn     uint32 // fn11
	unary  bool   // Fa is F31
	a, b   uint64
	swcr   uint64 // SetIEEEControl value, if nonzero
	dyn    uint64 // FPCR dynamic rounding mode + 1, if nonzero
	want   uint64 // F3 afterwards
	status uint64 // FPCR status bits afterwards
	sig    abi.Signal
	code   int32
}

func (tc *fpCase) run(t *testing.T) {
	t.Helper()
	c := &CPU{FPCR: InitialFPCR, PC: 0x120001004}
	if tc.swcr != 0 {
		c.SetIEEEControl(tc.swcr)
	}
	if tc.dyn != 0 {
		c.FPCR = c.FPCR&^fpcrDYN | (tc.dyn-1)<<fpcrDynShift
	}
	fa := uint32(1)
	if tc.unary {
		fa = 31
	}
	fb := uint32(2)
	if tc.op == 0x14 && tc.fn&0xf == 4 { // ITOFx: integer source in Ra
		fa, fb = 1, 31
		c.R[1] = tc.b
	}
	c.F[1], c.F[2], c.F[3] = tc.a, tc.b, fpSentinel
	sig, code, addr := c.execFP(fpWord(tc.op, fa, fb, tc.fn, 3))
	if sig != tc.sig || code != tc.code {
		t.Errorf("%s: signal %v code %d, want %v code %d", tc.name, sig, code, tc.sig, tc.code)
	}
	if sig != 0 && addr != c.PC {
		t.Errorf("%s: trap address %#x, want the next pc %#x", tc.name, addr, c.PC)
	}
	if c.F[3] != tc.want {
		t.Errorf("%s: f3 = %#016x, want %#016x", tc.name, c.F[3], tc.want)
	}
	if st := c.FPCR & fpcrStatus; st != tc.status {
		t.Errorf("%s: FPCR status %#x, want %#x", tc.name, st>>52, tc.status>>52)
	}
	if (c.FPCR&fpcrSUM != 0) != (c.FPCR&fpcrStatus != 0) {
		t.Errorf("%s: FPCR %#x: SUM disagrees with the status bits", tc.name, c.FPCR)
	}
	if c.F[31] != 0 {
		t.Errorf("%s: F31 was written", tc.name)
	}
}

const (
	fpQNaN    = 0x7ff8000000000000
	fpPInf    = 0x7ff0000000000000
	fpNInf    = 0xfff0000000000000
	fpNegZero = 1 << 63
	fpMaxT    = 0x7fefffffffffffff
	fpTwo     = 0x4000000000000000
	fpSIGFPE  = abi.SIGFPE
	fpSIGILL  = abi.SIGILL
)

// IEEE function codes used below (fn11 = trap<<8 | rnd<<6 | op6).
const (
	tADDT, tSUBT, tMULT, tDIVT = 0x0A0, 0x0A1, 0x0A2, 0x0A3
	fpqU, fpqSU, fpqSUI        = 0x100, 0x500, 0x700
	fprC, fprM, fprD           = -0x80, -0x40, 0x40 // added to a normal-rounding code
)

func TestFPArithmetic(t *testing.T) {
	p60 := fpT(0x1p-60)
	cases := []fpCase{
		{name: "addt", op: 0x16, fn: tADDT, a: fpT(1), b: fpT(2), want: fpT(3)},
		{name: "addt/sui nearest inexact", op: 0x16, fn: tADDT + fpqSUI, a: fpT(1), b: p60, want: fpT(1), status: fpcrINE},
		{name: "addt/suic", op: 0x16, fn: tADDT + fpqSUI + fprC, a: fpT(1), b: p60, want: fpT(1), status: fpcrINE},
		{name: "addt/suim positive", op: 0x16, fn: tADDT + fpqSUI + fprM, a: fpT(1), b: p60, want: fpT(1), status: fpcrINE},
		{name: "addt/suim negative", op: 0x16, fn: tADDT + fpqSUI + fprM, a: fpT(-1), b: fpT(-0x1p-60), want: fpT(-1) + 1, status: fpcrINE},
		{name: "addt/suid plus", op: 0x16, fn: tADDT + fpqSUI + fprD, dyn: 4, a: fpT(1), b: p60, want: fpT(1) + 1, status: fpcrINE},
		{name: "addt/suid minus", op: 0x16, fn: tADDT + fpqSUI + fprD, dyn: 2, a: fpT(1), b: p60, want: fpT(1), status: fpcrINE},
		{name: "addt/sud chopped negative", op: 0x16, fn: tADDT + fpqSU + fprD, dyn: 1, a: fpT(-1), b: fpT(-0x1p-60), want: fpT(-1)},
		{name: "addt/sud plus negative", op: 0x16, fn: tADDT + fpqSU + fprD, dyn: 4, a: fpT(-1), b: fpT(-0x1p-60), want: fpT(-1)},
		{name: "addt tie to even down", op: 0x16, fn: tADDT, a: fpT(1), b: fpT(0x1p-53), want: fpT(1), status: fpcrINE},
		{name: "addt tie to even up", op: 0x16, fn: tADDT, a: fpT(1), b: fpT(0x3p-53), want: fpT(1) + 2, status: fpcrINE},
		{name: "addt/suic tie", op: 0x16, fn: tADDT + fpqSUI + fprC, a: fpT(1), b: fpT(0x3p-53), want: fpT(1) + 1, status: fpcrINE},
		{name: "subt/su x-x", op: 0x16, fn: tSUBT + fpqSU, a: fpT(1), b: fpT(1), want: 0},
		{name: "subt/sum x-x is -0", op: 0x16, fn: tSUBT + fpqSU + fprM, a: fpT(1), b: fpT(1), want: fpNegZero},
		{name: "subt/su -0-0", op: 0x16, fn: tSUBT + fpqSU, a: fpNegZero, b: 0, want: fpNegZero},
		{name: "addt/su 0+-0", op: 0x16, fn: tADDT + fpqSU, a: 0, b: fpNegZero, want: 0},
		{name: "addt/sum 0+-0", op: 0x16, fn: tADDT + fpqSU + fprM, a: 0, b: fpNegZero, want: fpNegZero},
		{name: "addt/su cancellation", op: 0x16, fn: tADDT + fpqSU, a: fpT(1 + 0x1p-52), b: fpT(-1), want: fpT(0x1p-52)},
		{name: "subt/suic borrow", op: 0x16, fn: tSUBT + fpqSUI + fprC, a: fpT(1), b: fpT(0x1p-80), want: fpT(1) - 1, status: fpcrINE},

		{name: "divt/su 1/0", op: 0x16, fn: tDIVT + fpqSU, a: fpT(1), b: 0, want: fpPInf, status: fpcrDZE},
		{name: "divt/su -1/0", op: 0x16, fn: tDIVT + fpqSU, a: fpT(-1), b: 0, want: fpNInf, status: fpcrDZE},
		{name: "divt/su 1/-0", op: 0x16, fn: tDIVT + fpqSU, a: fpT(1), b: fpNegZero, want: fpNInf, status: fpcrDZE},
		{name: "divt 1/0 traps", op: 0x16, fn: tDIVT, a: fpT(1), b: 0, want: fpPInf, status: fpcrDZE, sig: fpSIGFPE, code: codeFltInv},
		{name: "divt/su 1/0 DZE enabled", op: 0x16, fn: tDIVT + fpqSU, swcr: swcrEnaDZE, a: fpT(1), b: 0, want: fpPInf, status: fpcrDZE, sig: fpSIGFPE, code: fpeFltDiv},
		{name: "divt/su 0/0", op: 0x16, fn: tDIVT + fpqSU, a: 0, b: 0, want: fpQNaN, status: fpcrINV},
		{name: "divt/su 0/0 INV enabled", op: 0x16, fn: tDIVT + fpqSU, swcr: swcrEnaINV | swcrEnaDZE, a: 0, b: 0, want: fpQNaN, status: fpcrINV, sig: fpSIGFPE, code: codeFltInv},
		{name: "divt/su inf/inf", op: 0x16, fn: tDIVT + fpqSU, a: fpPInf, b: fpNInf, want: fpQNaN, status: fpcrINV},
		{name: "divt/su 1/inf", op: 0x16, fn: tDIVT + fpqSU, a: fpT(-1), b: fpPInf, want: fpNegZero},
		{name: "divt/suic 1/3", op: 0x16, fn: tDIVT + fpqSUI + fprC, a: fpT(1), b: fpT(3), want: fpT(1.0 / 3), status: fpcrINE},
		{name: "divt/suid plus 1/3", op: 0x16, fn: tDIVT + fpqSUI + fprD, dyn: 4, a: fpT(1), b: fpT(3), want: fpT(1.0/3) + 1, status: fpcrINE},
		{name: "divt/c 7/2", op: 0x16, fn: tDIVT + fprC, a: fpT(7), b: fpT(2), want: fpT(3.5)},

		{name: "addt/su inf-inf", op: 0x16, fn: tADDT + fpqSU, a: fpPInf, b: fpNInf, want: fpQNaN, status: fpcrINV},
		{name: "subt/su inf-inf", op: 0x16, fn: tSUBT + fpqSU, a: fpPInf, b: fpPInf, want: fpQNaN, status: fpcrINV},
		{name: "addt/su inf+1", op: 0x16, fn: tADDT + fpqSU, a: fpNInf, b: fpT(1), want: fpNInf},
		{name: "mult/su 0*inf", op: 0x16, fn: tMULT + fpqSU, a: fpNegZero, b: fpPInf, want: fpQNaN, status: fpcrINV},
		{name: "addt/su qnan", op: 0x16, fn: tADDT + fpqSU, a: 0x7ff8000000000123, b: fpT(1), want: 0x7ff8000000000123},
		{name: "addt/su snan", op: 0x16, fn: tADDT + fpqSU, a: fpT(1), b: 0xfff0000000000123, want: 0xfff8000000000123, status: fpcrINV},
		{name: "addt/su qnan beats snan", op: 0x16, fn: tADDT + fpqSU, a: 0x7ff4000000000000, b: 0xfff8000000000001, want: 0xfff8000000000001, status: fpcrINV},
		{name: "addt/su larger qnan", op: 0x16, fn: tADDT + fpqSU, a: 0x7ff8000000000001, b: 0x7ff8000000000002, want: 0x7ff8000000000002},
		{name: "subt/su keeps nan sign", op: 0x16, fn: tSUBT + fpqSU, a: fpT(1), b: 0x7ff8000000000005, want: 0x7ff8000000000005},

		{name: "mult/su overflow", op: 0x16, fn: tMULT + fpqSU, a: fpT(1e308), b: fpT(10), want: fpPInf, status: fpcrOVF},
		{name: "mult/sui overflow", op: 0x16, fn: tMULT + fpqSUI, a: fpT(1e308), b: fpT(10), want: fpPInf, status: fpcrOVF | fpcrINE},
		{name: "mult/suc overflow", op: 0x16, fn: tMULT + fpqSU + fprC, a: fpT(1e308), b: fpT(10), want: fpMaxT, status: fpcrOVF},
		{name: "mult/sum overflow negative", op: 0x16, fn: tMULT + fpqSU + fprM, a: fpT(-1e308), b: fpT(10), want: fpNInf, status: fpcrOVF},
		{name: "mult/sum overflow positive", op: 0x16, fn: tMULT + fpqSU + fprM, a: fpT(1e308), b: fpT(10), want: fpMaxT, status: fpcrOVF},
		{name: "mult/su overflow OVF enabled", op: 0x16, fn: tMULT + fpqSU, swcr: swcrEnaOVF, a: fpT(1e308), b: fpT(10), want: fpPInf, status: fpcrOVF, sig: fpSIGFPE, code: fpeFltOvf},
		{name: "mult overflow traps", op: 0x16, fn: tMULT, a: fpT(1e308), b: fpT(10), want: fpPInf, status: fpcrOVF | fpcrINE, sig: fpSIGFPE, code: codeFltInv},
		{name: "addt/su overflow to max", op: 0x16, fn: tADDT + fpqSU, a: fpMaxT, b: fpT(0x1p969), want: fpMaxT, status: 0},
		{name: "addt/su overflow at halfway", op: 0x16, fn: tADDT + fpqSU, a: fpMaxT, b: fpT(0x1p970), want: fpPInf, status: fpcrOVF},

		{name: "mult/su exact denormal", op: 0x16, fn: tMULT + fpqSU, a: fpT(0x1p-1000), b: fpT(0x1p-60), want: 1 << 14},
		{name: "mult/su underflow", op: 0x16, fn: tMULT + fpqSU, a: fpT(0x3p-1001), b: fpT(0x1p-75), want: 1, status: fpcrUNF},
		{name: "mult/sui underflow", op: 0x16, fn: tMULT + fpqSUI, a: fpT(0x3p-1001), b: fpT(0x1p-75), want: 1, status: fpcrUNF | fpcrINE},
		{name: "mult/suc underflow", op: 0x16, fn: tMULT + fpqSU + fprC, a: fpT(0x3p-1001), b: fpT(0x1p-75), want: 0, status: fpcrUNF},
		{name: "mult/sum underflow negative", op: 0x16, fn: tMULT + fpqSU + fprM, a: fpT(-0x3p-1001), b: fpT(0x1p-80), want: fpNegZero | 1, status: fpcrUNF},
		{name: "mult without /U flushes", op: 0x16, fn: tMULT, a: fpT(0x3p-1001), b: fpT(0x1p-75), want: 0},
		{name: "mult/u underflow traps", op: 0x16, fn: tMULT + fpqU, a: fpT(0x3p-1001), b: fpT(0x1p-75), want: 1, status: fpcrUNF | fpcrINE, sig: fpSIGFPE, code: codeFltInv},
		{name: "mult/su MAP_UMZ", op: 0x16, fn: tMULT + fpqSU, swcr: swcrMapUMZ, a: fpT(0x3p-1001), b: fpT(0x1p-75), want: 0, status: fpcrUNF},
		{name: "mult/su underflow UNF enabled", op: 0x16, fn: tMULT + fpqSU, swcr: swcrEnaUNF, a: fpT(0x3p-1001), b: fpT(0x1p-75), want: 1, status: fpcrUNF, sig: fpSIGFPE, code: fpeFltUnd},
		{name: "mult/su rounds up to min normal", op: 0x16, fn: tMULT + fpqSU, a: 0x000fffffffffffff, b: fpT(1 + 0x1p-52), want: 0x0010000000000000, status: fpcrIOV},
		{name: "mult/suic tiny after rounding", op: 0x16, fn: tMULT + fpqSUI + fprC, a: 0x000fffffffffffff, b: fpT(1 + 0x1p-52), want: 0x000fffffffffffff, status: fpcrUNF | fpcrINE | fpcrIOV},
		{name: "mult/sui tie to min normal is tiny", op: 0x16, fn: tMULT + fpqSUI, a: 0x3fefffffffffffff, b: 0x0010000000000000, want: 0x0010000000000000, status: fpcrUNF | fpcrINE},
		{name: "mult without /U flushes below min normal", op: 0x16, fn: tMULT, a: 0x3fefffffffffffff, b: 0x0010000000000000, want: 0},

		{name: "addt/su denormal operands", op: 0x16, fn: tADDT + fpqSU, a: 1, b: 1, want: 2, status: fpcrIOV},
		{name: "addt/su denormal DNO enabled", op: 0x16, fn: tADDT + fpqSU, swcr: swcrEnaDNO, a: 1, b: 1, want: 2, status: fpcrIOV, sig: fpSIGFPE, code: fpeFltUnd},
		{name: "addt/su MAP_DMZ", op: 0x16, fn: tADDT + fpqSU, swcr: swcrMapDMZ, a: 1, b: fpNegZero | 1, want: 0},
		{name: "addt denormal traps", op: 0x16, fn: tADDT, a: fpT(1), b: 1, want: fpSentinel, sig: fpSIGFPE, code: codeFltInv},
		{name: "addt inf traps", op: 0x16, fn: tADDT, a: fpPInf, b: fpT(1), want: fpSentinel, status: fpcrINV, sig: fpSIGFPE, code: codeFltInv},
		{name: "addt nan traps", op: 0x16, fn: tADDT, a: fpT(1), b: fpQNaN, want: fpSentinel, status: fpcrINV, sig: fpSIGFPE, code: codeFltInv},

		{name: "sqrtt/su 4", op: 0x14, fn: 0x5AB, unary: true, b: fpT(4), want: fpT(2)},
		{name: "sqrtt/sui 2", op: 0x14, fn: 0x7AB, unary: true, b: fpT(2), want: 0x3ff6a09e667f3bcd, status: fpcrINE},
		{name: "sqrtt/suic 2", op: 0x14, fn: 0x72B, unary: true, b: fpT(2), want: 0x3ff6a09e667f3bcc, status: fpcrINE},
		{name: "sqrtt/suid plus 2", op: 0x14, fn: 0x7EB, dyn: 4, unary: true, b: fpT(2), want: 0x3ff6a09e667f3bcd, status: fpcrINE},
		{name: "sqrtt/su -1", op: 0x14, fn: 0x5AB, unary: true, b: fpT(-1), want: fpQNaN, status: fpcrINV},
		{name: "sqrtt/su -0", op: 0x14, fn: 0x5AB, unary: true, b: fpNegZero, want: fpNegZero},
		{name: "sqrtt/su inf", op: 0x14, fn: 0x5AB, unary: true, b: fpPInf, want: fpPInf},
		{name: "sqrtt/su denormal", op: 0x14, fn: 0x5AB, unary: true, b: 1, want: fpT(0x1p-537), status: fpcrIOV},
		{name: "sqrtt/su odd exponent", op: 0x14, fn: 0x5AB, unary: true, b: fpT(0x1p-1023), want: fpT(math.Sqrt(0x1p-1023)), status: fpcrIOV},
		{name: "sqrtt/sui max", op: 0x14, fn: 0x7AB, unary: true, b: fpMaxT, want: fpT(math.Sqrt(math.MaxFloat64)), status: fpcrINE},
		{name: "sqrtt -1 traps", op: 0x14, fn: 0x0AB, unary: true, b: fpT(-1), want: fpQNaN, status: fpcrINV, sig: fpSIGFPE, code: codeFltInv},

		{name: "adds/su", op: 0x16, fn: 0x580, a: fpS(1), b: fpS(2), want: fpS(3)},
		{name: "adds/suic", op: 0x16, fn: 0x700, a: fpS(1), b: fpS(0x1p-30), want: fpS(1), status: fpcrINE},
		{name: "adds/suid plus", op: 0x16, fn: 0x7C0, dyn: 4, a: fpS(1), b: fpS(0x1p-30), want: fpLoadS(0x3f800001), status: fpcrINE},
		{name: "subs/sum", op: 0x16, fn: 0x541, a: fpS(1), b: fpS(1), want: fpNegZero},
		{name: "muls/su overflow", op: 0x16, fn: 0x582, a: fpS(0x1p100), b: fpS(0x1p100), want: fpPInf, status: fpcrOVF},
		{name: "muls/suc overflow", op: 0x16, fn: 0x502, a: fpS(0x1p100), b: fpS(-0x1p100), want: fpS(-math.MaxFloat32), status: fpcrOVF},
		{name: "muls/su underflow", op: 0x16, fn: 0x582, a: fpS(0x3p-100), b: fpS(0x1p-51), want: fpS(0x1p-149), status: fpcrUNF},
		{name: "divs/su 1/3", op: 0x16, fn: 0x583, a: fpS(1), b: fpS(3), want: fpS(float32(1) / 3)},
		{name: "divs/su 1/0", op: 0x16, fn: 0x583, a: fpS(-1), b: fpS(0), want: fpNInf, status: fpcrDZE},
		{name: "adds/su nan", op: 0x16, fn: 0x580, a: fpLoadS(0x7f800001), b: fpS(1), want: fpLoadS(0x7fc00001), status: fpcrINV},
		{name: "sqrts/su 2", op: 0x14, fn: 0x58B, unary: true, b: fpS(2), want: fpS(float32(math.Sqrt(2)))},
		{name: "sqrts/suic 2", op: 0x14, fn: 0x70B, unary: true, b: fpS(2), want: fpLoadS(0x3fb504f3), status: fpcrINE},
	}
	for _, tc := range cases {
		tc.run(t)
	}
}

func TestFPConversions(t *testing.T) {
	const (
		cCVTTS, cCVTTQ, cCVTQS, cCVTQT = 0x0AC, 0x0AF, 0x0BC, 0x0BE
		fpqSV, fpqSVI                  = 0x500, 0x700
	)
	u := func(v int64) uint64 { return uint64(v) }
	cases := []fpCase{
		{name: "cvtts/su 1/3", fn: cCVTTS + fpqSU, b: fpT(1.0 / 3), want: fpS(float32(1.0 / 3))},
		{name: "cvtts/suc 1/3", fn: cCVTTS + fpqSU + fprC, b: fpT(1.0 / 3), want: fpLoadS(0x3eaaaaaa)},
		{name: "cvtts/sui 1/3", fn: cCVTTS + fpqSUI, b: fpT(1.0 / 3), want: fpLoadS(0x3eaaaaab), status: fpcrINE},
		{name: "cvtts/su overflow", fn: cCVTTS + fpqSU, b: fpT(1e300), want: fpPInf, status: fpcrOVF},
		{name: "cvtts/su underflow", fn: cCVTTS + fpqSU, b: fpT(1e-50), want: 0, status: fpcrUNF},
		{name: "cvtts/sud plus underflow", fn: cCVTTS + fpqSU + fprD, dyn: 4, b: fpT(1e-50), want: fpS(0x1p-149), status: fpcrUNF},
		{name: "cvtts flushes without /U", fn: cCVTTS, b: fpT(1e-50), want: 0},
		{name: "cvtts/su nan", fn: cCVTTS + fpqSU, b: 0xfff0000020000000, want: fpLoadS(0xffc00001), status: fpcrINV},
		{name: "cvtst/s denormal", fn: 0x6AC, b: fpLoadS(1), want: fpT(0x1p-149), status: fpcrIOV},
		{name: "cvtst/s snan", fn: 0x6AC, b: fpLoadS(0x7f800001), want: 0x7ff8000020000000, status: fpcrINV},
		{name: "cvtst", fn: 0x2AC, b: fpS(-1.5), want: fpT(-1.5)},
		{name: "cvtst denormal traps", fn: 0x2AC, b: fpLoadS(1), want: fpSentinel, sig: fpSIGFPE, code: codeFltInv},

		{name: "cvttq/svc 2.7", fn: cCVTTQ + fpqSV + fprC, b: fpT(2.7), want: 2},
		{name: "cvttq/svc -2.7", fn: cCVTTQ + fpqSV + fprC, b: fpT(-2.7), want: u(-2)},
		{name: "cvttq/sv 2.5", fn: cCVTTQ + fpqSV, b: fpT(2.5), want: 2},
		{name: "cvttq/sv 3.5", fn: cCVTTQ + fpqSV, b: fpT(3.5), want: 4},
		{name: "cvttq/sv -2.5", fn: cCVTTQ + fpqSV, b: fpT(-2.5), want: u(-2)},
		{name: "cvttq/svm -2.5", fn: cCVTTQ + fpqSV + fprM, b: fpT(-2.5), want: u(-3)},
		{name: "cvttq/svm 2.5", fn: cCVTTQ + fpqSV + fprM, b: fpT(2.5), want: 2},
		{name: "cvttq/svd plus 2.1", fn: cCVTTQ + fpqSV + fprD, dyn: 4, b: fpT(2.1), want: 3},
		{name: "cvttq/svi inexact", fn: cCVTTQ + fpqSVI, b: fpT(0.75), want: 1, status: fpcrINE},
		{name: "cvttq/svc tiny", fn: cCVTTQ + fpqSV + fprC, b: fpT(-1e-300), want: 0},
		{name: "cvttq/svd plus denormal", fn: cCVTTQ + fpqSV + fprD, dyn: 4, b: 1, want: 1, status: fpcrIOV},
		{name: "cvttq/svc modular", fn: cCVTTQ + fpqSV + fprC, b: fpT(0x1p64 + 0x1p12), want: 4096, status: fpcrIOV},
		{name: "cvttq/svc modular negative", fn: cCVTTQ + fpqSV + fprC, b: fpT(-0x1p64 - 0x1p13), want: u(-8192), status: fpcrIOV},
		{name: "cvttq/svic overflow", fn: cCVTTQ + fpqSVI + fprC, b: fpT(0x1p63), want: 1 << 63, status: fpcrIOV | fpcrINE},
		{name: "cvttq/svc -2^63", fn: cCVTTQ + fpqSV + fprC, b: fpT(-0x1p63), want: 1 << 63},
		{name: "cvttq/svc huge", fn: cCVTTQ + fpqSV + fprC, b: fpT(1e300), want: 0, status: fpcrIOV},
		{name: "cvttq/svc overflow INV enabled", fn: cCVTTQ + fpqSV + fprC, swcr: swcrEnaINV, b: fpT(1e30), want: 0x4675000000000000, status: fpcrIOV, sig: fpSIGFPE, code: codeFltInv},
		{name: "cvttq/svc inf", fn: cCVTTQ + fpqSV + fprC, b: fpNInf, want: 0, status: fpcrINV},
		{name: "cvttq/svc qnan", fn: cCVTTQ + fpqSV + fprC, b: fpQNaN, want: 0},
		{name: "cvttq/svc snan", fn: cCVTTQ + fpqSV + fprC, b: 0x7ff0000000000001, want: 0, status: fpcrINV},
		{name: "cvttq/c overflow no trap", fn: cCVTTQ + fprC, b: fpT(0x1p63), want: 1 << 63, status: fpcrIOV | fpcrINE},
		{name: "cvttq/vc overflow traps", fn: cCVTTQ + fpqU + fprC, b: fpT(0x1p63), want: 1 << 63, status: fpcrIOV | fpcrINE, sig: fpSIGFPE, code: codeFltInv},
		{name: "cvttq/c inexact status", fn: cCVTTQ + fprC, b: fpT(1.5), want: 1, status: fpcrINE},

		{name: "cvtqt exact", fn: cCVTQT, b: u(-12345), want: fpT(-12345)},
		{name: "cvtqt tie", fn: cCVTQT, b: 1<<53 + 1, want: fpT(0x1p53), status: fpcrINE},
		{name: "cvtqt/c", fn: cCVTQT + fprC, b: 1<<53 + 3, want: fpT(0x1p53 + 2), status: fpcrINE},
		{name: "cvtqt/sui max", fn: cCVTQT + fpqSUI, b: math.MaxInt64, want: fpT(0x1p63), status: fpcrINE},
		{name: "cvtqt/suim", fn: cCVTQT + fpqSUI + fprM, b: u(-(1<<53 + 1)), want: fpT(-0x1p53 - 2), status: fpcrINE},
		{name: "cvtqt min", fn: cCVTQT, b: 1 << 63, want: fpT(-0x1p63)},
		{name: "cvtqs", fn: cCVTQS, b: 1<<24 + 1, want: fpS(0x1p24), status: fpcrINE},
		{name: "cvtqs/suid plus", fn: cCVTQS + fpqSUI + fprD, dyn: 4, b: 1<<24 + 1, want: fpS(0x1p24 + 2), status: fpcrINE},
	}
	for _, tc := range cases {
		tc.op, tc.unary = 0x16, true
		tc.run(t)
	}
}

// TestFPTinyBeforeRounding covers results just below the smallest normal
// that round up to it: with /U they are normal, without /U they flush.
func TestFPTinyBeforeRounding(t *testing.T) {
	// (1 - 2^-24)·2^-126 as a product of singles: (1-2^-24) × 2^-126.
	a, b := fpS(1-0x1p-24), fpS(0x1p-126)
	cases := []fpCase{
		{name: "muls/su rounds to min normal", op: 0x16, fn: 0x582, a: a, b: b, want: fpS(0x1p-126), status: fpcrUNF},
		{name: "muls flushes", op: 0x16, fn: 0x082, a: a, b: b, want: 0},
		{name: "mult/su rounds to min normal", op: 0x16, fn: tMULT + fpqSU, a: fpT(1 - 0x1p-53), b: fpT(0x1p-1022), want: fpT(0x1p-1022), status: fpcrUNF},
		{name: "mult flushes", op: 0x16, fn: tMULT, a: fpT(1 - 0x1p-53), b: fpT(0x1p-1022), want: 0},
	}
	for _, tc := range cases {
		tc.run(t)
	}
}
