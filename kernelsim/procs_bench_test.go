package kernelsim

import (
	"testing"
	"time"

	"github.com/axpsec/axpsec/internal/testtool"
)

// BenchmarkProcs times 200 fork+exit+wait cycles (forkloop.c) and 200
// pthread create/join cycles (threadloop.c) of small static programs under
// kernelsim and under qemu-alpha in the same run; one op is one whole
// program run. The qemu sub-benchmark reports sim/qemu, the ratio of the
// mean time per op of the two (below 1: kernelsim is faster).
func BenchmarkProcs(b *testing.B) {
	qemu := testtool.Qemu(b)
	const cycles = "200"
	for _, w := range []struct{ src, want string }{
		{"forkloop.c", "200 cycles, 0 bad\n"},
		{"threadloop.c", "200 threads, 0 bad\n"},
	} {
		exe := buildProc(b, w.src)
		var sim time.Duration
		b.Run(w.src+"/kernelsim", func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				if out, ex := runProcSim(b, exe, cycles); out != w.want || ex != (Exit{}) {
					b.Fatalf("%s: %q %s", w.src, out, ex)
				}
			}
			sim = time.Since(start) / time.Duration(b.N)
		})
		b.Run(w.src+"/qemu", func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				if out, status := runProcQemu(b, qemu, exe, cycles); out != w.want || status != 0 {
					b.Fatalf("%s under qemu: %q %d", w.src, out, status)
				}
			}
			q := time.Since(start) / time.Duration(b.N)
			if sim > 0 {
				b.ReportMetric(float64(sim)/float64(q), "sim/qemu")
				b.Logf("%s: kernelsim %v, qemu-alpha %v per run of %s cycles", w.src, sim, q, cycles)
			}
		})
	}
}
