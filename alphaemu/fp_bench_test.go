package alphaemu

import (
	"math"
	"testing"
)

var fpBenchSink float64

// BenchmarkFP times single FP instructions through execFP next to the host's
// own float64 operation (the "native" sub-benchmarks), in one run.
func BenchmarkFP(b *testing.B) {
	x, y := 1.1, 3.3
	insns := []struct {
		name   string
		op, fn uint32
		unary  bool
		a, b   uint64
	}{
		{"addt/su", 0x16, 0x5A0, false, fpT(x), fpT(y)},
		{"addt/sud", 0x16, 0x5E0, false, fpT(x), fpT(y)},
		{"addt/suic", 0x16, 0x720, false, fpT(x), fpT(y)},
		{"mult/su", 0x16, 0x5A2, false, fpT(x), fpT(y)},
		{"divt/su", 0x16, 0x5A3, false, fpT(x), fpT(y)},
		{"divt/c", 0x16, 0x023, false, fpT(x), fpT(y)},
		{"sqrtt/su", 0x14, 0x5AB, true, 0, fpT(y)},
		{"adds/su", 0x16, 0x580, false, fpS(1.1), fpS(3.3)},
		{"muls/su", 0x16, 0x582, false, fpS(1.1), fpS(3.3)},
		{"cmptlt/su", 0x16, 0x5A6, false, fpT(x), fpT(y)},
		{"cvttq/svc", 0x16, 0x52F, true, 0, fpT(12345.6)},
		{"cvtqt", 0x16, 0x0BE, true, 0, 1234567},
		{"cvtts/su", 0x16, 0x5AC, true, 0, fpT(x)},
		{"cpys", 0x17, 0x020, false, fpT(x), fpT(y)},
		{"addt/su-denormal", 0x16, 0x5A0, false, 1, fpT(0x1p-1030)},
	}
	for _, in := range insns {
		b.Run(in.name, func(b *testing.B) {
			c := &CPU{FPCR: InitialFPCR}
			c.F[1], c.F[2] = in.a, in.b
			fa := uint32(1)
			if in.unary {
				fa = 31
			}
			w := fpWord(in.op, fa, 2, in.fn, 3)
			for b.Loop() {
				c.execFP(w)
			}
		})
	}
	natives := []struct {
		name string
		f    func(x, y float64) float64
	}{
		{"native/add", func(x, y float64) float64 { return x + y }},
		{"native/mul", func(x, y float64) float64 { return x * y }},
		{"native/div", func(x, y float64) float64 { return x / y }},
		{"native/sqrt", func(x, y float64) float64 { return math.Sqrt(y) }},
	}
	for _, n := range natives {
		b.Run(n.name, func(b *testing.B) {
			var s float64
			for b.Loop() {
				s += n.f(x, y)
			}
			fpBenchSink = s
		})
	}
}
