package alphaemu_test

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
	"github.com/axpsec/axpsec/kernelsim"
)

// fpBuildVariants are the compiler settings the FP program is built with:
// gcc's default (-mieee: /SU qualifiers, normal rounding, libm sqrt), EV67
// code (inline sqrtt/su, FIX), dynamic rounding (/SUD, fesetround reaches
// the arithmetic) and dynamic rounding with inexact traps (/SUID).
var fpBuildVariants = []struct {
	name  string
	flags []string
}{
	{"default", nil},
	{"ev67", []string{"-mcpu=ev67"}},
	{"ev67-dynround", []string{"-mcpu=ev67", "-mfp-rounding-mode=d", "-DDYNROUND"}},
	{"dynround-sui", []string{"-mfp-rounding-mode=d", "-mfp-trap-mode=sui", "-DDYNROUND", "-DINEXACT"}},
}

// TestFPProgramsAgainstQemu builds testdata/fp/fpdiff.c in every variant,
// runs it under qemu-alpha (whose run must pass the program's own IEEE
// self-checks) and under the simulated kernel, and compares the two outputs
// and exit statuses.
func TestFPProgramsAgainstQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	src, err := filepath.Abs(filepath.Join("testdata", "fp", "fpdiff.c"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range fpBuildVariants {
		t.Run(v.name, func(t *testing.T) {
			flags := append(append([]string{}, testtool.StaticFlags...), v.flags...)
			// -lm goes after the source for the static link.
			bin := testtool.BuildAlpha(t, []string{src, "-lm"}, flags...)

			var qout bytes.Buffer
			cmd := exec.Command(qemu, bin)
			cmd.Stdout = &qout
			qerr := cmd.Run()
			var ee *exec.ExitError
			if qerr != nil && !errors.As(qerr, &ee) {
				t.Fatalf("qemu-alpha: %v", qerr)
			}
			if qerr != nil || strings.Contains(qout.String(), "FAIL") {
				t.Fatalf("the program's self-checks fail under qemu-alpha (%v):\n%s", qerr, fpFailLines(qout.String()))
			}

			var out, errOut bytes.Buffer
			k := kernelsim.New(kernelsim.Config{Stdout: &out, Stderr: &errOut, Timeout: 2 * time.Minute})
			if err := k.Start(bin, []string{bin}, nil); err != nil {
				t.Fatalf("start: %v", err)
			}
			exit, err := k.Run(context.Background())
			if err != nil {
				t.Fatalf("run: %v (stderr %q)", err, errOut.String())
			}
			if exit.Signal != 0 || exit.Code != 0 {
				t.Errorf("exit %v, qemu-alpha exited 0; stderr %q", exit, errOut.String())
			}
			fpCompareOutputs(t, qout.String(), out.String())
		})
	}
}

func fpFailLines(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "FAIL") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// fpCompareOutputs reports the lines that differ (at most 20).
func fpCompareOutputs(t *testing.T, want, got string) {
	t.Helper()
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	n := 0
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			t.Errorf("line %d:\n  qemu:   %s\n  axpsec: %s", i+1, w, g)
			if n++; n == 20 {
				t.Fatalf("too many differences")
			}
		}
	}
}
