package kernelsim

import (
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
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

// runProcess runs a command to completion and returns its stdout and peak RSS in KiB.
func runProcess(b *testing.B, name string, args ...string) (string, int64) {
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr, cmd.Env = &out, os.Stderr, []string{}
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %v: %v", name, args, err)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		return out.String(), 0
	}
	return out.String(), ru.Maxrss
}

// BenchmarkWorkload times each workload under axpsec and under qemu-alpha,
// alternately in one run (use -count for several rounds): each qemu
// sub-benchmark reports the time ratio axpsec/qemu of its round, and -v
// prints a summary with the geometric mean over crc, qsort and str. axpsec
// runs in-process (end to end via the axpsec binary for hello, to include
// its start-up); qemu-alpha is executed.
func BenchmarkWorkload(b *testing.B) {
	qemu := testtool.Qemu(b)
	times := map[string][2]float64{}
	for _, w := range benchWorkloads {
		exe := benchBinary(b, w)
		axpsec := ""
		if w.exec {
			axpsec = axpsecBinary(b)
		}
		b.Run(w.name, func(b *testing.B) {
			var want string
			var t [2]float64
			b.Run("axpsec", func(b *testing.B) {
				var out string
				var insns uint64
				start := time.Now()
				for range b.N {
					if w.exec {
						out, _ = runProcess(b, axpsec, append([]string{"run", exe}, w.arg...)...)
					} else {
						out, insns = runInProcess(b, exe, w.arg)
					}
				}
				t[0] = float64(time.Since(start).Nanoseconds()) / float64(b.N)
				if insns > 0 {
					b.ReportMetric(float64(insns)/(t[0]/1e9)/1e6, "MIPS")
				}
				want = out
			})
			b.Run("qemu", func(b *testing.B) {
				var out string
				start := time.Now()
				for range b.N {
					out, _ = runProcess(b, qemu, append([]string{exe}, w.arg...)...)
				}
				t[1] = float64(time.Since(start).Nanoseconds()) / float64(b.N)
				if t[0] > 0 {
					b.ReportMetric(t[0]/t[1], "axpsec/qemu")
				}
				if want != "" && out != want {
					b.Errorf("%s: qemu printed %q, axpsec %q", w.name, out, want)
				}
			})
			times[w.name] = t
		})
	}
	logRatios(b, times)
}

// logRatios prints the axpsec/qemu time ratio per workload and the geometric
// mean over crc, qsort and str.
func logRatios(b *testing.B, times map[string][2]float64) {
	logSum, n := 0.0, 0
	for _, w := range benchWorkloads {
		t, ok := times[w.name]
		if !ok || t[0] == 0 || t[1] == 0 {
			continue
		}
		r := t[0] / t[1]
		b.Logf("%-6s axpsec %8.2f ms  qemu %8.2f ms  ratio %.2f", w.name, t[0]/1e6, t[1]/1e6, r)
		if w.name == "crc" || w.name == "qsort" || w.name == "str" {
			logSum += math.Log(r)
			n++
		}
	}
	if n > 0 {
		b.Logf("geomean ratio (crc, qsort, str): %.2f", math.Exp(logSum/float64(n)))
	}
}

// BenchmarkPeakRSS measures the peak resident set size of the axpsec binary
// and of qemu-alpha running each workload (rusage maxrss of the child).
func BenchmarkPeakRSS(b *testing.B) {
	qemu := testtool.Qemu(b)
	axpsec := axpsecBinary(b)
	for _, w := range benchWorkloads {
		exe := benchBinary(b, w)
		b.Run(w.name, func(b *testing.B) {
			var rss [2]int64
			for range b.N {
				_, a := runProcess(b, axpsec, append([]string{"run", exe}, w.arg...)...)
				_, q := runProcess(b, qemu, append([]string{exe}, w.arg...)...)
				rss[0], rss[1] = max(rss[0], a), max(rss[1], q)
			}
			b.ReportMetric(float64(rss[0]), "axpsec-KiB")
			b.ReportMetric(float64(rss[1]), "qemu-KiB")
			b.ReportMetric(float64(rss[0])/float64(rss[1]), "rss-ratio")
		})
	}
}
