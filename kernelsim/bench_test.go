package kernelsim

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/axpsec/axpsec/internal/testtool"
)

// benchWorkload is one shared/bench program with a small argument (one run
// takes well under a second under qemu-alpha on the reference machine).
type benchWorkload struct {
	name string
	src  string // path relative to shared/, or to testdata/progs when local
	arg  []string
	// exec runs the axpsec side as a separate process (end to end,
	// including axpsec's own start-up) instead of in-process.
	exec bool
}

var benchWorkloads = []benchWorkload{
	{name: "crc", src: "bench/crc.c", arg: []string{"1"}},
	{name: "qsort", src: "bench/qsort.c", arg: []string{"200000"}},
	{name: "str", src: "bench/str.c", arg: []string{"60000"}},
	{name: "sys", src: "bench/sys.c", arg: []string{"200000"}},
	{name: "hello", src: "hello.c", exec: true},
}

// benchBinary builds a workload for Alpha (static, default -mcpu).
func benchBinary(b *testing.B, w benchWorkload) string {
	b.Helper()
	src := filepath.Join("testdata", "progs", w.src)
	if strings.HasPrefix(w.src, "bench/") {
		src = filepath.Join(testtool.SharedDir(b), w.src)
	}
	return testtool.BuildAlpha(b, []string{src}, testtool.StaticFlags...)
}

var (
	axpsecOnce sync.Once
	axpsecBin  string
	axpsecErr  error
)

// axpsecBinary builds cmd/axpsec once per test binary.
func axpsecBinary(b *testing.B) string {
	b.Helper()
	axpsecOnce.Do(func() {
		dir, err := os.MkdirTemp("", "axpsec-bench-")
		if err != nil {
			axpsecErr = err
			return
		}
		axpsecBin = filepath.Join(dir, "axpsec")
		out, err := exec.Command("go", "build", "-o", axpsecBin, "github.com/axpsec/axpsec/cmd/axpsec").CombinedOutput()
		if err != nil {
			axpsecErr = &buildFailure{err: err, out: string(out)}
		}
	})
	if axpsecErr != nil {
		b.Fatalf("building axpsec: %v", axpsecErr)
	}
	return axpsecBin
}

type buildFailure struct {
	err error
	out string
}

func (e *buildFailure) Error() string { return e.err.Error() + "\n" + e.out }

// runInProcess runs exe once under kernelsim and returns its stdout and
// retired-instruction count.
func runInProcess(b *testing.B, exe string, args []string) (string, uint64) {
	var out bytes.Buffer
	k := New(Config{Stdout: &out, Stderr: os.Stderr})
	if err := k.Start(exe, append([]string{exe}, args...), nil); err != nil {
		b.Fatal(err)
	}
	exit, err := k.Run(context.Background())
	if err != nil || exit.ShellStatus() != 0 {
		b.Fatalf("kernelsim run of %s: %v, %v", exe, exit, err)
	}
	return out.String(), k.Stats().Retired
}

// runProcess runs a command to completion and returns its stdout, peak RSS
// in KiB and CPU time (user + system).
func runProcess(b *testing.B, name string, args ...string) (string, int64, time.Duration) {
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr, cmd.Env = &out, os.Stderr, []string{}
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %v: %v", name, args, err)
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		return out.String(), 0, cpu
	}
	return out.String(), ru.Maxrss, cpu
}

// selfCPU returns this process's CPU time so far (user + system, all threads).
func selfCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchTimes and benchCPU hold the wall-clock and CPU times of every run of
// BenchmarkWorkload, per workload and side (0 axpsec, 1 qemu), across -count
// repetitions.
var benchTimes, benchCPU = map[string]*[2][]float64{}, map[string]*[2][]float64{}

// BenchmarkWorkload times each workload under axpsec and under qemu-alpha in
// the same run, one after the other per workload. Each qemu sub-benchmark
// reports the ratio of the median axpsec time to the median qemu time over
// all runs so far (-count repeats both), for wall-clock time (axpsec/qemu)
// and CPU time (axpsec/qemu-cpu, steadier on a shared machine), and -v prints
// the ratio table with the geometric mean over crc, qsort and str. axpsec runs in-process (end to
// end via the axpsec binary for hello, to include its start-up); qemu-alpha
// is executed.
func BenchmarkWorkload(b *testing.B) {
	qemu := testtool.Qemu(b)
	for _, w := range benchWorkloads {
		exe := benchBinary(b, w)
		axpsec := ""
		if w.exec {
			axpsec = axpsecBinary(b)
		}
		if benchTimes[w.name] == nil {
			benchTimes[w.name], benchCPU[w.name] = &[2][]float64{}, &[2][]float64{}
		}
		times, cpus := benchTimes[w.name], benchCPU[w.name]
		b.Run(w.name, func(b *testing.B) {
			var want string
			b.Run("axpsec", func(b *testing.B) {
				var insns uint64
				for range b.N {
					start, cpu0 := time.Now(), selfCPU(b)
					var cpu time.Duration
					if w.exec {
						want, _, cpu = runProcess(b, axpsec, append([]string{"run", exe}, w.arg...)...)
					} else {
						want, insns = runInProcess(b, exe, w.arg)
						cpu = selfCPU(b) - cpu0
					}
					times[0] = append(times[0], float64(time.Since(start).Nanoseconds()))
					cpus[0] = append(cpus[0], float64(cpu.Nanoseconds()))
				}
				if insns > 0 {
					b.ReportMetric(float64(insns)/(median(times[0])/1e9)/1e6, "MIPS")
				}
			})
			b.Run("qemu", func(b *testing.B) {
				for range b.N {
					start := time.Now()
					out, _, cpu := runProcess(b, qemu, append([]string{exe}, w.arg...)...)
					times[1] = append(times[1], float64(time.Since(start).Nanoseconds()))
					cpus[1] = append(cpus[1], float64(cpu.Nanoseconds()))
					if want != "" && out != want {
						b.Errorf("%s: qemu printed %q, axpsec %q", w.name, out, want)
					}
				}
				if len(times[0]) > 0 {
					b.ReportMetric(median(times[0])/median(times[1]), "axpsec/qemu")
					b.ReportMetric(median(cpus[0])/median(cpus[1]), "axpsec/qemu-cpu")
				}
			})
		})
	}
	logRatios(b)
}

// logRatios prints the median wall-clock and CPU times and their ratios per
// workload, and the geometric means of the ratios of crc, qsort and str.
func logRatios(b *testing.B) {
	var logWall, logCPU float64
	n := 0
	for _, w := range benchWorkloads {
		t, c := benchTimes[w.name], benchCPU[w.name]
		if t == nil || len(t[0]) == 0 || len(t[1]) == 0 {
			continue
		}
		a, q := median(t[0]), median(t[1])
		ac, qc := median(c[0]), median(c[1])
		b.Logf("%-6s wall: axpsec %9.2f ms  qemu %9.2f ms  ratio %5.2f | cpu: axpsec %9.2f ms  qemu %9.2f ms  ratio %5.2f  (medians of %d runs)",
			w.name, a/1e6, q/1e6, a/q, ac/1e6, qc/1e6, ac/qc, len(t[0]))
		if w.name == "crc" || w.name == "qsort" || w.name == "str" {
			logWall += math.Log(a / q)
			logCPU += math.Log(ac / qc)
			n++
		}
	}
	if n > 0 {
		b.Logf("geomean ratio (crc, qsort, str): wall %.2f, cpu %.2f", math.Exp(logWall/float64(n)), math.Exp(logCPU/float64(n)))
	}
}

// median returns the median of xs without reordering it.
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchmarkPeakRSS measures the peak resident set size of the axpsec binary
// and of qemu-alpha running each workload.
//
// The sizes come from GNU time, not from this process's wait4: Linux keeps
// the larger of the old and new address space's peak across execve, so a
// child started by this (large) test binary reports at least the test
// binary's own RSS. GNU time forks its child from a small process.
func BenchmarkPeakRSS(b *testing.B) {
	qemu := testtool.Qemu(b)
	axpsec := axpsecBinary(b)
	timeBin := testtool.Look(b, "time")
	for _, w := range benchWorkloads {
		exe := benchBinary(b, w)
		b.Run(w.name, func(b *testing.B) {
			var rss [2]int64
			for range b.N {
				a := peakRSS(b, timeBin, axpsec, append([]string{"run", exe}, w.arg...)...)
				q := peakRSS(b, timeBin, qemu, append([]string{exe}, w.arg...)...)
				rss[0], rss[1] = max(rss[0], a), max(rss[1], q)
			}
			b.ReportMetric(float64(rss[0]), "axpsec-KiB")
			b.ReportMetric(float64(rss[1]), "qemu-KiB")
			b.ReportMetric(float64(rss[0])/float64(rss[1]), "rss-ratio")
		})
	}
}

// peakRSS runs name with args under GNU time and returns the peak resident
// set size in KiB.
func peakRSS(b *testing.B, timeBin, name string, args ...string) int64 {
	out := filepath.Join(b.TempDir(), "rss")
	runProcess(b, timeBin, append([]string{"-f", "%M", "-o", out, name}, args...)...)
	data, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	kib, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		b.Fatalf("GNU time output %q: %v", data, err)
	}
	return kib
}
