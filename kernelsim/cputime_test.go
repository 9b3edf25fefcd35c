package kernelsim

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/internal/testtool"
)

// buildCPUProg builds testdata/cputime/src (static, with pthreads).
func buildCPUProg(t testing.TB, src string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", "cputime", src))
	if err != nil {
		t.Fatal(err)
	}
	return testtool.BuildAlpha(t, []string{abs}, append([]string{"-pthread"}, testtool.StaticFlags...)...)
}

// runCPUSim runs exe with args under kernelsim and returns its output and
// exit.
func runCPUSim(t testing.TB, exe string, args ...string) (string, Exit) {
	t.Helper()
	var out bytes.Buffer
	k := New(Config{Root: "/", Stdout: &out, Stderr: &out, Timeout: 60 * time.Second})
	if err := k.Start(exe, append([]string{exe}, args...), []string{"LC_ALL=C"}); err != nil {
		t.Fatal(err)
	}
	ex, err := k.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v\noutput so far:\n%s", err, out.String())
	}
	return out.String(), ex
}

// runCPUQemu runs exe under qemu-alpha and returns its output and shell
// status.
func runCPUQemu(t testing.TB, qemu, exe string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(qemu, exe)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = []string{"LC_ALL=C"}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("qemu-alpha: %v", err)
		}
		return out.String(), ee.ExitCode()
	}
	return out.String(), 0
}

// TestCPUTimeVsQemu runs the programs of testdata/cputime under qemu-alpha
// (whose host kernel accounts CPU time and fires the CPU timers) and
// kernelsim: output and status must be identical. The programs print
// only what holds whatever the machine's speed and load: whether a timer
// fired, whether a clock moved by at least what was burnt, whether a
// sleep stayed off the clocks.
func TestCPUTimeVsQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	for _, src := range []string{"itimers.c", "usage.c", "inherit.c", "threads.c"} {
		t.Run(src, func(t *testing.T) {
			exe := buildCPUProg(t, src)
			qout, qstatus := runCPUQemu(t, qemu, exe)
			out, ex := runCPUSim(t, exe)
			if out != qout || ex.ShellStatus() != qstatus {
				t.Errorf("kernelsim (%s):\n%s\nqemu-alpha (status %d):\n%s", ex, out, qstatus, qout)
			}
		})
	}
}

// layoutFields parses layout.c's output: field name to offset, and
// structure name to size.
func layoutFields(t *testing.T, out string) (offs, sizes map[string]int) {
	t.Helper()
	offs, sizes = map[string]int{}, map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		nums := make([]int, len(f)-1)
		for i := range nums {
			n, err := strconv.Atoi(f[i+1])
			if err != nil {
				t.Fatalf("layout line %q: %v", line, err)
			}
			nums[i] = n
		}
		switch len(nums) {
		case 1:
			sizes[f[0]] = nums[0]
		case 2:
			if nums[1] != 8 {
				t.Errorf("%s is %d bytes, want 8", f[0], nums[1])
			}
			offs[f[0]] = nums[0]
		default:
			t.Fatalf("layout line %q", line)
		}
	}
	return offs, sizes
}

// TestCPUTimeLayout checks the bytes getrusage, times and getitimer write
// against the structure layouts the Alpha C compiler reports.
func TestCPUTimeLayout(t *testing.T) {
	out, ex := runCPUSim(t, buildCPUProg(t, "layout.c"))
	if ex.ShellStatus() != 0 {
		t.Fatalf("layout.c: %s\n%s", ex, out)
	}
	offs, sizes := layoutFields(t, out)
	if sizes["rusage"] != rusageSize || sizes["tms"] != 32 || sizes["itimerval"] != 32 {
		t.Errorf("sizes %v, want rusage %d, tms 32, itimerval 32", sizes, rusageSize)
	}

	th := newTestThread(t, Config{})
	p := th.proc
	// A 5.000005 s runtime split 2:3 by the samples.
	p.runtime = 5*time.Second + 5*time.Microsecond
	p.acct = cpuAcct{utime: 2 * time.Second, stime: 3 * time.Second, nvcsw: 11, nivcsw: 12}
	p.cacct = cpuAcct{utime: 4 * time.Second, stime: 5 * time.Second}
	p.maxRSS = 9 << 30
	tests := []struct {
		name string
		call func() []byte
		want map[string]uint64
	}{
		{"getrusage", func() []byte {
			return th.callRead(t, rusageSize, "getrusage", rusageSelf, testData)
		}, map[string]uint64{
			"ru_utime.tv_sec": 2, "ru_utime.tv_usec": 2, "ru_stime.tv_sec": 3, "ru_stime.tv_usec": 3,
			"ru_maxrss": 9 << 20, "ru_minflt": 0, "ru_nvcsw": 11, "ru_nivcsw": 12,
		}},
		{"times", func() []byte {
			return th.callRead(t, 32, "times", testData)
		}, map[string]uint64{"tms_utime": 2 * userHZ, "tms_stime": 3 * userHZ, "tms_cutime": 4 * userHZ, "tms_cstime": 5 * userHZ}},
		{"getitimer", func() []byte {
			b := le(make([]byte, 32))
			b.u64(0, 1)
			b.u64(8, 250000)
			b.u64(16, 3)
			b.u64(24, 500000)
			if err := p.mem.WriteAt(b, testData+64); err != nil {
				t.Fatal(err)
			}
			if r, e := th.call(sysnr(t, "setitimer"), itimerVirtual, testData+64, 0); r != 0 || e != 0 {
				t.Fatalf("setitimer: %d %d", r, e)
			}
			return th.callRead(t, 32, "getitimer", itimerVirtual, testData)
		}, map[string]uint64{"it_interval.tv_sec": 1, "it_interval.tv_usec": 250000, "it_value.tv_sec": 3, "it_value.tv_usec": 500000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.call()
			for f, want := range tt.want {
				off, ok := offs[f]
				if !ok {
					t.Fatalf("layout.c does not report %s", f)
				}
				if got := binary.LittleEndian.Uint64(b[off:]); got != want {
					t.Errorf("%s at %d = %d, want %d", f, off, got, want)
				}
			}
		})
	}
}

// sysnr returns the Alpha number of syscall name.
func sysnr(t testing.TB, name string) uint64 {
	t.Helper()
	nr, ok := abi.Alpha.SyscallNumber(name)
	if !ok {
		t.Fatalf("no Alpha syscall %s", name)
	}
	return uint64(nr)
}

// callRead performs syscall name, which must succeed, and returns n bytes
// of guest memory at testData.
func (th *Thread) callRead(t testing.TB, n int, name string, args ...uint64) []byte {
	t.Helper()
	if r, e := th.call(sysnr(t, name), args...); e != 0 {
		t.Fatalf("%s: error %d", name, r)
	}
	b := make([]byte, n)
	if err := th.proc.mem.ReadAt(b, testData); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCPUTimers drives ITIMER_VIRTUAL and ITIMER_PROF with charged ticks:
// expiry, the signal, the reload and the time left.
func TestCPUTimers(t *testing.T) {
	tk := tickPeriod
	tests := []struct {
		name       string
		which      int
		val, intv  time.Duration
		user, sys  uint64        // ticks charged after arming
		wantSig    abi.Signal    // 0: none
		wantLeft   time.Duration // 0: disarmed
		wantArmed2 bool          // still armed (reloaded) after firing
	}{
		{"virtual not yet", itimerVirtual, 50 * tk, 0, 30, 0, 0, 20 * tk, true},
		{"virtual ignores system time", itimerVirtual, 50 * tk, 0, 30, 100, 0, 20 * tk, true},
		{"virtual fires", itimerVirtual, 50 * tk, 0, 60, 0, abi.SIGVTALRM, 0, false},
		{"virtual fires on the tick", itimerVirtual, 50 * tk, 0, 50, 0, abi.SIGVTALRM, 0, false},
		{"virtual reloads", itimerVirtual, 50 * tk, 20 * tk, 60, 0, abi.SIGVTALRM, 10 * tk, true},
		{"prof counts system time", itimerProf, 50 * tk, 0, 30, 30, abi.SIGPROF, 0, false},
		{"prof not yet", itimerProf, 50 * tk, 0, 20, 20, 0, 10 * tk, true},
		{"prof reloads once per check", itimerProf, 10 * tk, 10 * tk, 35, 0, abi.SIGPROF, time.Microsecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			p := th.proc
			p.armCPUTimer(tt.which, tt.val, tt.intv)
			if !p.cpuTimersArmed {
				t.Fatal("timer not armed")
			}
			th.chargeTicks(th.lastTick+tt.sys, false)
			th.chargeTicks(th.lastTick+tt.user, true)
			got := abi.Signal(0)
			for _, s := range []abi.Signal{abi.SIGVTALRM, abi.SIGPROF} {
				if p.sharedPending.mask&sigBit(s) != 0 {
					if got != 0 {
						t.Fatalf("both %v and %v pending", got, s)
					}
					got = s
				}
			}
			if got != tt.wantSig {
				t.Errorf("signal %v, want %v", got, tt.wantSig)
			}
			if p.cpuTimersArmed != tt.wantArmed2 {
				t.Errorf("armed %v, want %v", p.cpuTimersArmed, tt.wantArmed2)
			}
			intv, left := p.cpuTimerNow(tt.which)
			if intv != tt.intv || left != tt.wantLeft {
				t.Errorf("interval %v left %v, want %v %v", intv, left, tt.intv, tt.wantLeft)
			}
		})
	}
}

// TestTickCharging checks the run loop's boundaries: ticks go to the mode
// the thread was in, ticks and time asleep are not charged, a sleep is a
// voluntary context switch.
func TestTickCharging(t *testing.T) {
	advanceTicks()
	tests := []struct {
		name     string
		boundary func(th *Thread)
		wantUser bool
	}{
		{"Run returns", (*Thread).tickUser, true},
		{"Run entry", (*Thread).tickKernel, false},
		{"sleep", (*Thread).sleepStart, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.onCPU = monoNow()
			th.lastTick = tickGen.Load() - 3
			tt.boundary(th)
			charged, other := th.acct.utime, th.acct.stime
			if !tt.wantUser {
				charged, other = other, charged
			}
			// The ticker may run for other tests: at least 3 ticks.
			if charged < 3*tickPeriod || other != 0 || th.proc.acct != th.acct {
				t.Errorf("thread %+v, process %+v: want 3 ticks of user %v", th.acct, th.proc.acct, tt.wantUser)
			}
		})
	}

	th := newTestThread(t, Config{})
	th.onCPU = monoNow()
	th.sleepStart()
	th.lastTick -= 5 // ticks while asleep
	time.Sleep(30 * time.Millisecond)
	th.sleepEnd()
	th.tickUser()
	if r := th.threadRuntime(); r > 20*time.Millisecond {
		t.Errorf("runtime %v after a 30ms sleep", r)
	}
	if th.acct.utime != 0 || th.acct.nvcsw != 1 || th.proc.acct.nvcsw != 1 {
		t.Errorf("after a sleep: %+v", th.acct)
	}
}

// TestCPUSplit checks cputime_adjust: the runtime split in the sampled
// ratio, never going backwards.
func TestCPUSplit(t *testing.T) {
	s := time.Second
	tests := []struct {
		name                string
		prev                cpuSplit
		rtime, utime, stime time.Duration
		want                cpuSplit
	}{
		{"no samples: all user", cpuSplit{}, 5 * s, 0, 0, cpuSplit{5 * s, 0}},
		{"user only", cpuSplit{}, 5 * s, 3 * s, 0, cpuSplit{5 * s, 0}},
		{"system only", cpuSplit{}, 5 * s, 0, 2 * s, cpuSplit{0, 5 * s}},
		{"ratio", cpuSplit{}, 10 * s, 1 * s, 3 * s, cpuSplit{2500 * time.Millisecond, 7500 * time.Millisecond}},
		{"runtime not past prev", cpuSplit{4 * s, 4 * s}, 8 * s, 0, 9 * s, cpuSplit{4 * s, 4 * s}},
		{"system never decreases", cpuSplit{0, 6 * s}, 8 * s, 9 * s, 1 * s, cpuSplit{2 * s, 6 * s}},
		{"user never decreases", cpuSplit{6 * s, 0}, 8 * s, 1 * s, 9 * s, cpuSplit{6 * s, 2 * s}},
		{"large values", cpuSplit{}, 1 << 62, 1 << 61, 1 << 61, cpuSplit{1 << 61, 1 << 61}},
	}
	for _, tt := range tests {
		prev := tt.prev
		u, st := prev.adjust(tt.rtime, tt.utime, tt.stime)
		if (cpuSplit{u, st}) != tt.want || prev != tt.want {
			t.Errorf("%s: adjust = %v %v (prev %+v), want %+v", tt.name, u, st, prev, tt.want)
		}
	}
}

// TestReapUsage checks what a parent's children totals take from a reaped
// child: its own time and its reaped descendants', and the largest peak.
func TestReapUsage(t *testing.T) {
	s, g := time.Second, uint64(1<<30)
	tests := []struct {
		name        string
		parent      cpuAcct
		parentMax   uint64
		child       cpuAcct
		childC      cpuAcct
		childMax    uint64
		childCMax   uint64
		want        cpuAcct
		wantMaxRSS  uint64
		wantChildru rusage
	}{
		{"first child", cpuAcct{}, 0, cpuAcct{utime: s, stime: 2 * s, nvcsw: 3}, cpuAcct{}, g, 0,
			cpuAcct{utime: s, stime: 2 * s, nvcsw: 3}, g, rusage{utime: s, stime: 2 * s, nvcsw: 3, maxRSS: g}},
		{"with grandchildren", cpuAcct{utime: s}, 5 * g, cpuAcct{utime: s}, cpuAcct{utime: 4 * s, stime: s, nivcsw: 2}, g, 3 * g,
			cpuAcct{utime: 6 * s, stime: s, nivcsw: 2}, 5 * g, rusage{utime: 5 * s, stime: s, nivcsw: 2, maxRSS: 3 * g}},
		{"larger child peak", cpuAcct{}, g, cpuAcct{}, cpuAcct{}, 7 * g, 2 * g, cpuAcct{}, 7 * g, rusage{maxRSS: 7 * g}},
		{"footprint beats recorded peak", cpuAcct{}, 0, cpuAcct{}, cpuAcct{}, 0, 0, cpuAcct{}, 0, rusage{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			par := newTestThread(t, Config{}).proc
			child := newTestThread(t, Config{}).proc
			par.cacct, par.cmaxRSS = tt.parent, tt.parentMax
			child.acct, child.cacct, child.maxRSS, child.cmaxRSS = tt.child, tt.childC, tt.childMax, tt.childCMax
			child.runtime = tt.child.utime + tt.child.stime
			// The test processes' footprint is their mapped test pages.
			foot := child.mem.MappedBytes()
			ru := child.usage(rusageBoth)
			want := tt.wantChildru
			want.maxRSS = max(want.maxRSS, foot)
			if ru != want {
				t.Errorf("child usage %+v, want %+v", ru, want)
			}
			par.reapUsage(child)
			if par.cacct != tt.want || par.cmaxRSS != max(tt.wantMaxRSS, foot) {
				t.Errorf("parent children %+v maxrss %d, want %+v %d", par.cacct, par.cmaxRSS, tt.want, max(tt.wantMaxRSS, foot))
			}
			if self := par.usage(rusageSelf); self.utime != 0 || self.stime != 0 {
				t.Errorf("reaping changed the parent's own time: %+v", self)
			}
		})
	}
}

// TestClockTicks checks the USER_HZ conversion, long durations included.
func TestClockTicks(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want uint64
	}{
		{0, 0},
		{-time.Second, 0},
		{time.Second, userHZ},
		{time.Second / userHZ, 0}, // 976562.5ns rounds down to 976562ns
		{time.Second/userHZ + 1, 1},
		{1500 * time.Millisecond, userHZ * 3 / 2},
		{200 * 24 * time.Hour, 200 * 24 * 3600 * userHZ},
		{time.Duration(1<<63 - 1), uint64(1<<63-1) / 1e9 * userHZ},
	}
	for _, tt := range tests {
		got := clockTicks(tt.d)
		// The largest case loses the sub-second rest in want: allow it.
		if got < tt.want || got > tt.want+userHZ {
			t.Errorf("clockTicks(%v) = %d, want %d", tt.d, got, tt.want)
		}
		if tt.d > 0 && tt.d < time.Hour {
			if exact := uint64(tt.d) * userHZ / uint64(time.Second); got != exact {
				t.Errorf("clockTicks(%v) = %d, want %d", tt.d, got, exact)
			}
		}
	}
}

// TestCPUClocks checks CLOCK_THREAD_CPUTIME_ID and CLOCK_PROCESS_CPUTIME_ID:
// settled runtimes plus the time on the CPU of the running threads, not
// of sleeping ones.
func TestCPUClocks(t *testing.T) {
	th := newTestThread(t, Config{})
	p := th.proc
	other := p.newThread(th.cpu)
	asleep := p.newThread(th.cpu)
	now := monoNow()
	th.runtime, th.onCPU = 2*time.Second, now-100*time.Millisecond
	other.runtime, other.onCPU = 3*time.Second, now-time.Second
	asleep.runtime, asleep.onCPU, asleep.sleeping = time.Second, now-time.Minute, true
	p.runtime = 10 * time.Second
	tests := []struct {
		clk       int32
		low, high time.Duration
	}{
		{clockThreadCputime, 2100 * time.Millisecond, 2200 * time.Millisecond},
		{clockProcessCputime, 11100 * time.Millisecond, 11200 * time.Millisecond},
	}
	for _, tt := range tests {
		b := th.callRead(t, 16, "clock_gettime", uint64(tt.clk), testData)
		got := time.Duration(binary.LittleEndian.Uint64(b))*time.Second + time.Duration(binary.LittleEndian.Uint64(b[8:]))
		if got < tt.low || got > tt.high {
			t.Errorf("clock %d = %v, want in [%v, %v]", tt.clk, got, tt.low, tt.high)
		}
	}
}

// TestAffinityCPUs checks that sched_getaffinity and nproc report the CPUs
// the emulator runs threads on in parallel.
func TestAffinityCPUs(t *testing.T) {
	th := newTestThread(t, Config{})
	b := th.callRead(t, 8, "sched_getaffinity", 0, 128, testData)
	want := min(runtime.GOMAXPROCS(0), 64)
	if got := bitsSet(binary.LittleEndian.Uint64(b)); got != want {
		t.Errorf("sched_getaffinity reports %d CPUs, want %d", got, want)
	}
	out, ex := runCPUSim(t, buildCPUProg(t, "ncpu.c"))
	if ex.ShellStatus() != 0 || out != fmt.Sprintf("%d\n", want) {
		t.Errorf("ncpu.c: %s %q, want %d", ex, out, want)
	}
}

// bitsSet counts the one bits of m.
func bitsSet(m uint64) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// TestWaitRusage checks the rusage wait4 and waitid write: the reaped
// child's usage with its reaped descendants', added to the parent's
// children totals unless WNOWAIT; nothing written when nothing was found.
func TestWaitRusage(t *testing.T) {
	const ruAddr = testData + 512
	s := time.Second
	childAcct := cpuAcct{utime: s, stime: 2 * s, nvcsw: 5}
	childC := cpuAcct{utime: 4 * s}
	reaped := cpuAcct{utime: 5 * s, stime: 2 * s, nvcsw: 5}
	tests := []struct {
		name      string
		sys       string
		args      func(pid uint64) []uint64
		exited    bool
		wantR     func(pid uint64) uint64
		wantRU    bool    // rusage written
		wantCAcct cpuAcct // parent's children totals after
	}{
		{"wait4 reaps", "wait4", func(pid uint64) []uint64 { return []uint64{pid, 0, 0, ruAddr} }, true,
			func(pid uint64) uint64 { return pid }, true, reaped},
		{"wait4 WNOHANG finds nothing", "wait4", func(pid uint64) []uint64 { return []uint64{pid, 0, wNohang, ruAddr} }, false,
			func(uint64) uint64 { return 0 }, false, cpuAcct{}},
		{"waitid reaps", "waitid", func(pid uint64) []uint64 { return []uint64{pPID, pid, 0, wExited, ruAddr} }, true,
			func(uint64) uint64 { return 0 }, true, reaped},
		{"waitid WNOWAIT", "waitid", func(pid uint64) []uint64 { return []uint64{pPID, pid, 0, wExited | wNowait, ruAddr} }, true,
			func(uint64) uint64 { return 0 }, true, cpuAcct{}},
		{"waitid WNOHANG finds nothing", "waitid", func(pid uint64) []uint64 { return []uint64{pPID, pid, 0, wExited | wNohang, ruAddr} }, false,
			func(uint64) uint64 { return 0 }, false, cpuAcct{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			p := th.proc
			c := th.k.newProcess(p.fs)
			c.parent = p
			p.children = append(p.children, c)
			c.acct, c.cacct = childAcct, childC
			c.runtime = childAcct.utime + childAcct.stime
			if tt.exited {
				c.exited, c.exit = true, Exit{Code: 3}
			}
			fill := bytes.Repeat([]byte{0x55}, rusageSize)
			if err := p.mem.WriteAt(fill, ruAddr); err != nil {
				t.Fatal(err)
			}
			pid := uint64(c.pid)
			r, e := th.call(sysnr(t, tt.sys), tt.args(pid)...)
			if e != 0 || r != tt.wantR(pid) {
				t.Fatalf("%s = %d (error %d), want %d", tt.sys, r, e, tt.wantR(pid))
			}
			b := make([]byte, rusageSize)
			if err := p.mem.ReadAt(b, ruAddr); err != nil {
				t.Fatal(err)
			}
			want := fill
			if tt.wantRU {
				want = rusage{utime: reaped.utime, stime: reaped.stime, nvcsw: reaped.nvcsw}.encode()
			}
			if !bytes.Equal(b, want) {
				t.Errorf("rusage\n% x\nwant\n% x", b, want)
			}
			if p.cacct != tt.wantCAcct {
				t.Errorf("children totals %+v, want %+v", p.cacct, tt.wantCAcct)
			}
		})
	}
}

// TestCPUTimeExec checks that execve keeps the interval timers and the CPU
// time used (qemu-user cannot exec an Alpha program without binfmt_misc:
// the expected output is Linux's).
func TestCPUTimeExec(t *testing.T) {
	out, ex := runCPUSim(t, buildCPUProg(t, "exec.c"))
	want := "after exec: virtual yes, prof yes, real yes\nafter exec: process clock >= 100 ms: yes\n"
	if out != want || ex.ShellStatus() != 0 {
		t.Errorf("exec.c (%s):\n%s\nwant:\n%s", ex, out, want)
	}
}
