package kernelsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/internal/testtool"
)

// procsFlags builds the programs of testdata/procs (static, with pthreads).
var procsFlags = append([]string{"-pthread"}, testtool.StaticFlags...)

// buildProc builds testdata/procs/src.
func buildProc(t testing.TB, src string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", "procs", src))
	if err != nil {
		t.Fatal(err)
	}
	return testtool.BuildAlpha(t, []string{abs}, procsFlags...)
}

// runProcSim runs exe under kernelsim with the host root and returns its
// stdout and exit.
func runProcSim(t testing.TB, exe string, args ...string) (string, Exit) {
	t.Helper()
	var out bytes.Buffer
	k := New(Config{Root: "/", Stdout: &out, Stderr: &out, Timeout: 40 * time.Second})
	if err := k.Start(exe, append([]string{exe}, args...), []string{"LC_ALL=C"}); err != nil {
		t.Fatal(err)
	}
	ex, err := k.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v\noutput so far:\n%s", err, out.String())
	}
	return out.String(), ex
}

// runProcQemu runs exe under qemu-alpha and returns its stdout and shell status.
func runProcQemu(t testing.TB, qemu, exe string, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(qemu, append([]string{exe}, args...)...)
	cmd.Stdout = &out
	cmd.Env = []string{"LC_ALL=C"}
	status := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("qemu-alpha: %v", err)
		}
		status = ee.ExitCode()
	}
	return out.String(), status
}

// TestProcsVsQemu runs the multi-process and multi-threaded programs of
// testdata/procs under qemu-alpha and kernelsim: stdout and exit status must
// be identical. The programs order their output through pipes and waits;
// the last five attack threads running in parallel (address-space churn
// and shoot-downs, fork of a writing process, atomics across processes,
// cross-thread code patching, ending and signalling spinning threads) and
// print only what is independent of timing.
func TestProcsVsQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	for _, src := range []string{"forkwait.c", "shared.c", "threads.c", "alarm.c", "pollpipe.c", "stopthreads.c",
		"mmchurn.c", "forkthreads.c", "sharedatomics.c", "smc.c", "killthreads.c", "orphanpgrp.c"} {
		t.Run(src, func(t *testing.T) {
			exe := buildProc(t, src)
			qout, qstatus := runProcQemu(t, qemu, exe)
			out, ex := runProcSim(t, exe)
			if out != qout || ex.ShellStatus() != qstatus {
				t.Errorf("kernelsim (%s):\n%s\nqemu-alpha (status %d):\n%s\n%s", ex, out, qstatus, qout, firstDiff(out, qout))
			}
		})
	}
}

// TestExecProgram checks execve, posix_spawn (CLONE_VM|CLONE_VFORK) and
// vfork+exec under kernelsim against the output Linux gives (qemu-user
// cannot exec an Alpha program without binfmt_misc, so this is not a
// differential test).
func TestExecProgram(t *testing.T) {
	exe := buildProc(t, "exec.c")
	out, ex := runProcSim(t, exe)
	want := `child argv: child PID
env EXECTEST=yes
pid kept: 1
fd 5 kept: 1, fd 6 (cloexec) closed: 1
SIGUSR1 still ignored: 1
SIGUSR2 handler reset: 1
SIGINT still blocked: 1
exec'ed child: exited 4
spawned with posix_spawn
posix_spawn child: exited 5
spawned with vfork
vfork child: exited 5
exec of a missing file: No such file or directory
exec of a device: Permission denied
`
	got := regexp.MustCompile(`child argv: child \d+`).ReplaceAllString(out, "child argv: child PID")
	if got != want || ex != (Exit{}) {
		t.Errorf("output (%s):\n%s\nwant:\n%s\n%s", ex, out, want, firstDiff(got, want))
	}
}

// TestThreadStress runs 32 threads hammering an LL/SC atomic counter and a
// futex-based mutex: the totals must be exact.
func TestThreadStress(t *testing.T) {
	exe := buildProc(t, "threads.c")
	out, ex := runProcSim(t, exe, "32")
	want := "locked 640000 atomic 640000 (want 640000), join sum 4960\n" +
		"thread ids distinct from each other and the pid: 1\nping-pong 1000 (want 1000)\n"
	if out != want || ex != (Exit{Code: 3}) {
		t.Errorf("output (%s):\n%s\nwant:\n%s", ex, out, want)
	}
}

// TestForkLeak runs 10 000 fork/exit/wait cycles and checks that no
// goroutine, process-table entry or heap memory is left behind.
func TestForkLeak(t *testing.T) {
	exe := buildProc(t, "forkloop.c")
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before, g0 := heap(), runtime.NumGoroutine()
	var out bytes.Buffer
	k := New(Config{Root: "/", Stdout: &out, Timeout: 2 * time.Minute})
	if err := k.Start(exe, []string{exe, "10000"}, nil); err != nil {
		t.Fatal(err)
	}
	ex, err := k.Run(context.Background())
	if err != nil || ex != (Exit{}) || out.String() != "10000 cycles, 0 bad\n" {
		t.Fatalf("run: %v %s %q", err, ex, out.String())
	}
	if n := len(k.procs); n != 0 {
		t.Errorf("%d processes left in the table", n)
	}
	if k.tasks != 0 {
		t.Errorf("%d tasks counted after the run", k.tasks)
	}
	// Goroutines end asynchronously only in the runtime's bookkeeping.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > g0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > g0 {
		t.Errorf("goroutines: %d before, %d after", g0, g)
	}
	k = nil
	if after := heap(); after > before+64<<20 {
		t.Errorf("heap grew from %d to %d bytes", before, after)
	}
}

// TestSeccompInheritance checks that a guest-installed filter, its mode
// and no_new_privs follow fork and pthread_create and survive execve.
// (qemu-user does not implement seccomp, so the output is Linux's, fixed.)
func TestSeccompInheritance(t *testing.T) {
	exe := buildProc(t, "secinherit.c")
	out, ex := runProcSim(t, exe)
	want := `before the filter: umask 18 errno 0, mode 0, no_new_privs 0
after the filter: umask -1 errno 42, mode 2, no_new_privs 1
forked child: umask -1 errno 42, mode 2, no_new_privs 1
thread: umask -1 errno 42, mode 2, no_new_privs 1
exec'ed child: umask -1 errno 42, mode 2, no_new_privs 1
exec'ed child exited 0
`
	if out != want || ex != (Exit{}) {
		t.Errorf("output (%s):\n%s\nwant:\n%s\n%s", ex, out, want, firstDiff(out, want))
	}
}

// TestForkLimits runs a fork bomb: fork fails with EAGAIN at
// DefaultMaxTasks threads, or with ENOMEM when the tree's memory limit comes
// first, and every child is reaped afterwards.
func TestForkLimits(t *testing.T) {
	exe := buildProc(t, "forkbomb.c")
	for _, tc := range []struct {
		maxMem uint64
		want   string
	}{
		{16 << 30, fmt.Sprintf("fork failed after %d children: Resource temporarily unavailable; reaped %[1]d\n", DefaultMaxTasks-1)},
		{64 << 20, "ENOMEM"},
	} {
		var out bytes.Buffer
		k := New(Config{Root: "/", Stdout: &out, MaxMem: tc.maxMem, Timeout: time.Minute})
		if err := k.Start(exe, []string{exe}, nil); err != nil {
			t.Fatal(err)
		}
		ex, err := k.Run(context.Background())
		if err != nil || ex != (Exit{}) {
			t.Fatalf("MaxMem %d: %v %s", tc.maxMem, err, ex)
		}
		if tc.want == "ENOMEM" {
			var n, reaped int
			if _, err := fmt.Sscanf(out.String(), "fork failed after %d children: Cannot allocate memory; reaped %d", &n, &reaped); err != nil || n == 0 || n != reaped || n >= DefaultMaxTasks-1 {
				t.Errorf("MaxMem %d: %q", tc.maxMem, out.String())
			}
			continue
		}
		if out.String() != tc.want {
			t.Errorf("MaxMem %d: %q, want %q", tc.maxMem, out.String(), tc.want)
		}
	}
}

// TestTraceMultiProcess checks the strace -f style prefixes once a process
// forks: the child's lines and exit carry its pid.
func TestTraceMultiProcess(t *testing.T) {
	th := newTestThread(t, Config{})
	var trace bytes.Buffer
	th.k.tracer = &tracer{w: &trace}
	th.work |= workTrace
	th.load(t, fmt.Sprintf(`
	lda	v0, %d(zero)
	callsys
	bne	a4, child
	lda	a0, -1(zero)
	mov	zero, a1
	mov	zero, a2
	mov	zero, a3
	lda	v0, %d(zero)
	callsys
	mov	zero, a0
	lda	v0, %d(zero)
	callsys
child:
	lda	a0, 3(zero)
	lda	v0, %d(zero)
	callsys`, abi.SYS_FORK, abi.SYS_WAIT4, abi.SYS_EXIT_GROUP, abi.SYS_EXIT))
	if _, err := th.k.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	kid := th.proc.pid + 1
	for _, want := range []string{
		"fork() = " + strconv.Itoa(kid),
		fmt.Sprintf("[pid %d] exit(3) = ?", kid),
		fmt.Sprintf("[pid %d] +++ exited with 3 +++", kid),
		fmt.Sprintf("[pid %d] wait4(", th.proc.pid),
		fmt.Sprintf("[pid %d] +++ exited with 0 +++", th.proc.pid),
	} {
		if !strings.Contains(trace.String(), want) {
			t.Errorf("trace lacks %q:\n%s", want, trace.String())
		}
	}
}

// TestSeccompThreads checks filters in a multi-threaded process: without
// TSYNC a filter binds only its thread, with TSYNC all of them, TSYNC is
// refused (with the blocking thread's tid) once chains diverge, and
// KILL_THREAD ends one thread (its joiner is woken through clear_child_tid)
// until the last, whose death kills the process with SIGSYS and a core.
// (qemu-user does not implement seccomp, so the output is Linux's, fixed.)
func TestSeccompThreads(t *testing.T) {
	exe := buildProc(t, "secthreads.c")
	out, ex := runProcSim(t, exe)
	want := `without TSYNC: main -7, helper 0
TSYNC: 0
with TSYNC: main -8, helper -8
helper's own filter: 0
TSYNC refused once the helper's filters diverge: 1
after the refused TSYNC: main -8, helper -8
helper killed and joined; main still runs: 1
`
	if out != want || ex != (Exit{Signal: abi.SIGSYS, Core: true}) {
		t.Errorf("output (%s):\n%s\nwant:\n%s\n%s", ex, out, want, firstDiff(out, want))
	}
}
