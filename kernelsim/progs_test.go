package kernelsim

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/axpsec/axpsec/internal/testtool"
)

// TestSyscallsProgramVsQemu builds testdata/syscalls.c (glibc, static and
// dynamic) and compares its output and exit status under kernelsim with
// qemu-alpha's, each in a fresh scratch directory.
func TestSyscallsProgramVsQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	src, err := filepath.Abs(filepath.Join("testdata", "syscalls.c"))
	if err != nil {
		t.Fatal(err)
	}
	const sysroot = "/usr/alpha-linux-gnu"
	for _, v := range []struct {
		name    string
		flags   []string
		sysroot string
	}{
		{"static", testtool.StaticFlags, ""},
		{"dynamic", []string{"-O2"}, sysroot},
	} {
		t.Run(v.name, func(t *testing.T) {
			exe := testtool.BuildAlpha(t, []string{src}, v.flags...)
			qargs := []string{exe, t.TempDir()}
			if v.sysroot != "" {
				qargs = append([]string{"-L", v.sysroot}, qargs...)
			}
			var qout bytes.Buffer
			cmd := exec.Command(qemu, qargs...)
			cmd.Stdout = &qout
			qstatus := 0
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatalf("qemu-alpha: %v", err)
				}
				qstatus = ee.ExitCode()
			}
			var out bytes.Buffer
			k := New(Config{Root: "/", Sysroot: v.sysroot, Stdout: &out, Stderr: &out, Timeout: time.Minute})
			if err := k.Start(exe, []string{exe, t.TempDir()}, []string{"LC_ALL=C"}); err != nil {
				t.Fatal(err)
			}
			ex, err := k.Run(context.Background())
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if out.String() != qout.String() || ex.ShellStatus() != qstatus {
				t.Errorf("kernelsim (status %d):\n%s\nqemu-alpha (status %d):\n%s\n%s", ex.ShellStatus(), out.String(), qstatus, qout.String(),
					firstDiff(out.String(), qout.String()))
			}
			if !strings.Contains(out.String(), "machine alpha") {
				t.Errorf("program did not run: %q", out.String())
			}
		})
	}
}

// firstDiff names the first differing line of two outputs.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "first difference: kernelsim " + al[i] + " | qemu " + bl[i]
		}
	}
	return "outputs differ in length"
}
