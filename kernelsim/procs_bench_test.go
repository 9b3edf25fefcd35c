package kernelsim

import (
	"fmt"
	"strconv"
	"sync"
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

// BenchmarkParallelThreads runs the same computation (parwork.c) on one
// thread and split over two, under kernelsim and qemu-alpha: speedup is
// the one-thread time over the two-thread time (2 when the threads run
// fully in parallel on two free host cores). "host" does the computation
// natively on goroutines: its speedup is what the machine offers.
func BenchmarkParallelThreads(b *testing.B) {
	qemu := testtool.Qemu(b)
	exe := buildProc(b, "parwork.c")
	const iters = "400000"
	want, _ := runProcQemu(b, qemu, exe, "1", iters)
	for _, emu := range []string{"host", "kernelsim", "qemu"} {
		var one time.Duration
		for _, threads := range []string{"1", "2"} {
			b.Run(emu+"/threads="+threads, func(b *testing.B) {
				start := time.Now()
				for b.Loop() {
					var out string
					switch emu {
					case "host":
						out = parworkHost(threads, iters)
					case "kernelsim":
						out, _ = runProcSim(b, exe, threads, iters)
					default:
						out, _ = runProcQemu(b, qemu, exe, threads, iters)
					}
					if out != want {
						b.Fatalf("%s with %s threads: %q, want %q", emu, threads, out, want)
					}
				}
				per := time.Since(start) / time.Duration(b.N)
				if threads == "1" {
					one = per
				} else if one > 0 {
					b.ReportMetric(float64(one)/float64(per), "speedup")
				}
			})
		}
	}
}

// parworkHost computes parwork.c's sum natively, split over threads
// goroutines, and returns parwork's output line.
func parworkHost(threads, iters string) string {
	n, _ := strconv.Atoi(threads)
	total, _ := strconv.ParseUint(iters, 10, 64)
	sums := make([]uint64, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() {
			for i := total * uint64(k) / uint64(n); i < total*uint64(k+1)/uint64(n); i++ {
				x := i
				for range 8 {
					x ^= x >> 29
					x *= 0xbf58476d1ce4e5b9
					x ^= x << 7
				}
				sums[k] += x
			}
		})
	}
	wg.Wait()
	var sum uint64
	for _, v := range sums {
		sum += v
	}
	return fmt.Sprintf("sum %016x\n", sum)
}
