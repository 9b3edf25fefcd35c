package kernelsim

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// BenchmarkITimerLatency measures how late ITIMER_VIRTUAL fires past its
// 20 ms of CPU time for a guest spinning without system calls
// (testdata/cputime/latency.c, 10 rounds per op), under kernelsim and,
// as the reference in the same run, qemu-alpha (whose host kernel fires
// it on its own tick). Metric: mean overshoot in microseconds.
func BenchmarkITimerLatency(b *testing.B) {
	exe := buildCPUProg(b, "latency.c")
	parse := func(b *testing.B, out string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(out), 64)
		if err != nil {
			b.Fatalf("latency.c output %q: %v", out, err)
		}
		return v
	}
	var ours, theirs float64
	b.Run("axpsec", func(b *testing.B) {
		sum := 0.0
		for range b.N {
			out, ex := runCPUSim(b, exe, "10")
			if ex.ShellStatus() != 0 {
				b.Fatalf("latency.c: %s\n%s", ex, out)
			}
			sum += parse(b, out)
		}
		ours = sum / float64(b.N)
		b.ReportMetric(ours, "overshoot-µs")
	})
	b.Run("qemu", func(b *testing.B) {
		qemu := testtool.Qemu(b)
		sum := 0.0
		for range b.N {
			out, err := exec.Command(qemu, exe, "10").Output()
			if err != nil {
				b.Fatalf("qemu-alpha latency.c: %v", err)
			}
			sum += parse(b, string(out))
		}
		theirs = sum / float64(b.N)
		b.ReportMetric(theirs, "overshoot-µs")
	})
	if ours > 0 && theirs > 0 {
		b.Logf("axpsec/qemu ITIMER_VIRTUAL overshoot ratio: %.2f (%.0f µs vs %.0f µs)", ours/theirs, ours, theirs)
	}
}
