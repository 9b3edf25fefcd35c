package alphaemu

import (
	"math"
	"math/rand"
	"testing"
)

var fpFastOps = []uint8{
	fpOpADDS, fpOpSUBS, fpOpMULS, fpOpDIVS, fpOpSQRTS,
	fpOpADDT, fpOpSUBT, fpOpMULT, fpOpDIVT, fpOpSQRTT, fpOpCVTTS, fpOpCVTTQ,
}

// fpCheckFastVsExact requires the fast path, whenever it answers, to agree
// with the exact core in result and exceptions, whatever the underflow
// handling (the fast path only answers when it cannot matter).
func fpCheckFastVsExact(t *testing.T, op uint8, a, b uint64, mode uint8) {
	t.Helper()
	var r1, e1 uint64
	var ok bool
	switch op {
	case fpOpCVTTQ:
		r1, e1, ok = fpFastToInt(b, mode)
	case fpOpCVTTS:
		r1, e1, ok = fpFastS(op, 0, b, mode)
	default:
		r1, e1, ok = fpFastArith(op, a, b, mode)
	}
	if !ok {
		return
	}
	for _, under := range []uint8{fpDenorm, fpFlushQuiet, fpFlushFlag} {
		var r2, e2 uint64
		switch op {
		case fpOpCVTTQ:
			n, _ := fpUnpack(b, fpFmtT, false)
			r2, e2 = fpToInt(n, mode)
		case fpOpCVTTS:
			n, _ := fpUnpack(b, fpFmtT, false)
			r2, e2 = fpCtx{f: fpFmtS, mode: mode, under: under}.convert(n)
			r2 = fpLoadS(uint32(r2))
		default:
			r2, e2 = fpExactArith(op, a, b, mode, under, false)
		}
		if r1 != r2 || e1 != e2 {
			t.Fatalf("op %d mode %d under %d (%#x, %#x): fast %#x exc %#x, exact %#x exc %#x",
				op, mode, under, a, b, r1, e1>>52, r2, e2>>52)
		}
	}
}

// TestFPFastMatchesExact drives the fast paths near their limits: results
// around the smallest normal, the largest finite value and the 2^62 CVTTQ
// bound, in every rounding mode.
func TestFPFastMatchesExact(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	operand := func(op uint8, exp int) uint64 {
		single := op <= fpOpDIVS || op == fpOpSQRTS
		x := fpRandOperand(r, single, 2)
		x = math.Ldexp(x, exp)
		if single {
			return fpS(float32(x))
		}
		return fpT(x)
	}
	for _, op := range fpFastOps {
		single := op <= fpOpDIVS || op == fpOpSQRTS
		lo, hi := -1022, 1023
		if single {
			lo, hi = -126, 127
		}
		for mode := uint8(0); mode < 4; mode++ {
			for i := 0; i < 2000; i++ {
				var ea, eb int
				switch i % 4 {
				case 0: // products and quotients near the bottom
					ea, eb = lo/2+r.Intn(8)-4, lo/2+r.Intn(8)-4
				case 1: // near the top
					ea, eb = hi/2+r.Intn(8)-4, hi-r.Intn(4)
				case 2: // sums and differences near the bottom
					ea, eb = lo+r.Intn(4), lo+r.Intn(4)
				default: // CVTTS/CVTTQ limits and ordinary values
					ea, eb = r.Intn(140)-70, []int{-127, -126, -150, 127, 128, 61, 62, 63}[r.Intn(8)]
				}
				a, b := operand(op, ea), operand(op, eb)
				if op == fpOpSQRTS || op == fpOpSQRTT {
					b &^= 1 << 63
				}
				fpCheckFastVsExact(t, op, a, b, mode)
			}
		}
	}
}

// FuzzFPFastVsExact compares the fast paths with the exact core on
// arbitrary operands.
func FuzzFPFastVsExact(f *testing.F) {
	f.Add(uint8(2), fpT(0x1.8p-1000), fpT(0x1p-75), uint8(2))
	f.Add(uint8(2), fpS(1-0x1p-24), fpS(0x1p-126), uint8(0))
	f.Add(uint8(11), uint64(0), fpT(0x1p-127), uint8(3))
	f.Add(uint8(9), uint64(0), fpT(2), uint8(1))
	f.Fuzz(func(t *testing.T, k uint8, a, b uint64, mode uint8) {
		fpCheckFastVsExact(t, fpFastOps[int(k)%len(fpFastOps)], a, b, mode%4)
	})
}
