package kernelsim

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
	"github.com/axpsec/axpsec/policy"
)

// bigPolicy returns a policy naming n Alpha syscalls (allowed), with
// arg-dependent rules for write (by fd) and openat (by flags), default
// errno(EPERM): the size of a container runtime's allow-list.
func bigPolicy(tb testing.TB, n int) *policy.Compiled {
	tb.Helper()
	// What the sys workload and glibc's start-up use first, then the table
	// from the top down until n names.
	seen := map[string]bool{"write": true, "openat": true}
	var names []string
	add := func(name string) {
		if !seen[name] && len(names) < n-2 {
			seen[name] = true
			names = append(names, fmt.Sprintf("%q", name))
		}
	}
	for _, name := range []string{"getppid", "exit_group", "brk", "mmap", "munmap", "osf_getsysinfo",
		"osf_setsysinfo", "uname", "fstat64", "fstatat64", "readlink", "getxpid", "getxuid", "getxgid",
		"set_tid_address", "set_robust_list", "rseq", "prlimit64", "mprotect", "getrandom", "ioctl"} {
		add(name)
	}
	for i := len(abi.Alpha.Syscalls) - 1; i >= 0; i-- {
		add(abi.Alpha.Syscalls[i].Name)
	}
	src := `[policy]
arch = "alpha"
default = "errno(EPERM)"

[[rule]]
syscalls = ["write"]
when = "a0.32 != 0"
action = "allow"

[[rule]]
syscalls = ["openat"]
when = "(a2 & O_ACCMODE) != O_RDWR"
action = "allow"

[[rule]]
syscalls = [` + strings.Join(names, ", ") + `]
action = "allow"
`
	pol, err := policy.Parse("big.toml", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// processCPUTime is the CPU time of the test process (user + system, all
// threads): less disturbed by other processes than wall time on a shared
// machine.
func processCPUTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSeccompSysRatio runs the sys workload without and with the
// 350-syscall policy alternately in every iteration and reports the ratio of
// the fastest runs in process CPU time, which is robust against a busy
// machine.
func BenchmarkSeccompSysRatio(b *testing.B) {
	w := benchWorkload{name: "sys", src: "bench/sys.c", arg: []string{"200000"}}
	exe := benchBinary(b, w)
	prog := bigPolicy(b, 350)
	best := [2]time.Duration{math.MaxInt64, math.MaxInt64}
	for b.Loop() {
		for i, withPolicy := range []bool{false, true} {
			k := New(Config{Stdout: io.Discard, Stderr: io.Discard})
			if err := k.Start(exe, append([]string{"sys"}, w.arg...), nil); err != nil {
				b.Fatal(err)
			}
			if withPolicy {
				if err := k.InstallFilter(Filter{Program: prog.Program, Name: "big.toml"}); err != nil {
					b.Fatal(err)
				}
			}
			start := processCPUTime(b)
			if ex, err := k.Run(context.Background()); err != nil || ex != (Exit{}) {
				b.Fatalf("exit %v, %v", ex, err)
			}
			best[i] = min(best[i], processCPUTime(b)-start)
		}
	}
	b.ReportMetric(float64(best[0].Nanoseconds()), "best-none-cpu-ns")
	b.ReportMetric(float64(best[1].Nanoseconds()), "best-policy-cpu-ns")
	b.ReportMetric(float64(best[1])/float64(best[0]), "policy/none")
}

// BenchmarkSeccompSys runs the shared/bench sys workload (getppid and
// 1-byte writes to /dev/null) without seccomp and with a 350-syscall policy
// installed; the ratio of the two is the filter step's overhead.
func BenchmarkSeccompSys(b *testing.B) {
	w := benchWorkload{name: "sys", src: "bench/sys.c", arg: []string{"200000"}}
	exe := benchBinary(b, w)
	prog := bigPolicy(b, 350)
	for _, withPolicy := range []bool{false, true} {
		name := "none"
		if withPolicy {
			name = "policy350"
		}
		b.Run(name, func(b *testing.B) {
			var st SeccompStats
			for b.Loop() {
				k := New(Config{Stdout: io.Discard, Stderr: io.Discard})
				if err := k.Start(exe, append([]string{"sys"}, w.arg...), nil); err != nil {
					b.Fatal(err)
				}
				if withPolicy {
					if err := k.InstallFilter(Filter{Program: prog.Program, Name: "big.toml"}); err != nil {
						b.Fatal(err)
					}
				}
				ex, err := k.Run(context.Background())
				if err != nil || ex != (Exit{}) {
					b.Fatalf("exit %v, %v", ex, err)
				}
				st = k.SeccompStats()
			}
			if withPolicy {
				if st.Verdicts["ALLOW"] != st.Checked || st.Checked < 400000 {
					b.Fatalf("unexpected verdicts %+v", st.Verdicts)
				}
				b.ReportMetric(float64(st.Cached)/float64(st.Checked), "cached/checked")
			}
		})
	}
}

// BenchmarkSeccompEntry measures one syscall entry with the 350-syscall
// policy: a constant verdict (getppid, from the cache), an arg-dependent one
// repeated with the same arguments (write, from the memo) and with a
// different buffer each time (write, running the filter), and no filter.
func BenchmarkSeccompEntry(b *testing.B) {
	prog := bigPolicy(b, 350)
	for _, tc := range []struct {
		name   string
		filter bool
		nr     uint64
		vary   bool // change a1 every call, defeating the memo
	}{
		{"none/getppid", false, abi.SYS_GETPPID, false},
		{"none/write", false, abi.SYS_WRITE, false},
		{"policy350/getppid-cached", true, abi.SYS_GETPPID, false},
		{"policy350/write-memo", true, abi.SYS_WRITE, false},
		{"policy350/write-filtered", true, abi.SYS_WRITE, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			th := newTestThread(b, Config{})
			if tc.filter {
				if err := th.k.InstallFilter(Filter{Program: prog.Program}); err != nil {
					b.Fatal(err)
				}
			}
			c := th.cpu
			a1 := uint64(0)
			for b.Loop() {
				if tc.vary {
					a1++
				}
				c.R[0], c.R[16], c.R[17], c.R[18] = tc.nr, 99, a1, 0
				c.PC = testCode + 4
				th.syscall()
			}
		})
	}
}

// TestBigPolicyVerdicts checks the benchmark's policy does what the
// benchmark assumes, against the policy's reference evaluator.
func TestBigPolicyVerdicts(t *testing.T) {
	c := bigPolicy(t, 350)
	p, err := bpfvm.Load(c.Program)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []policy.Data{
		{Nr: abi.SYS_GETPPID, Arch: abi.AuditArchAlpha},
		{Nr: abi.SYS_WRITE, Arch: abi.AuditArchAlpha, Args: [6]uint64{3}},
		{Nr: abi.SYS_OPENAT, Arch: abi.AuditArchAlpha, Args: [6]uint64{0, 0, 2}},
		{Nr: 9999, Arch: abi.AuditArchAlpha},
	} {
		want, _ := c.Evaluate(d)
		sd := bpfvm.SeccompData(d)
		if got := p.Run(&sd); got != want {
			t.Errorf("%+v: filter %#x, reference %#x", d, got, want)
		}
	}
	if want, _ := c.Evaluate(policy.Data{Nr: abi.SYS_GETPPID, Arch: abi.AuditArchAlpha}); want != abi.SeccompRetAllow {
		t.Errorf("getppid is not allowed: %#x", want)
	}
}
