package kernelsim

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

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
// be identical. The programs order their output through pipes and waits.
func TestProcsVsQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	for _, src := range []string{"forkwait.c", "shared.c", "threads.c", "alarm.c"} {
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
