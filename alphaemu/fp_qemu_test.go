package alphaemu_test

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/axpsec/axpsec/internal/testtool"
	"github.com/axpsec/axpsec/kernelsim"
)

// fpPrograms are the FP programs and the compiler settings they are built
// with. fpdiff.c: gcc's default (-mieee: /SU qualifiers, normal rounding,
// libm sqrt), EV67 code (inline sqrtt/su, FIX), dynamic rounding (/SUD,
// fesetround reaches the arithmetic) and dynamic rounding with inexact
// (/SUID). fptrap.c: no software completion (plain and /U qualifiers).
var fpPrograms = []struct {
	name, src string
	flags     []string
}{
	{"default", "fpdiff.c", nil},
	{"ev67", "fpdiff.c", []string{"-mcpu=ev67"}},
	{"ev67-dynround", "fpdiff.c", []string{"-mcpu=ev67", "-mfp-rounding-mode=d", "-DDYNROUND"}},
	{"dynround-sui", "fpdiff.c", []string{"-mfp-rounding-mode=d", "-mfp-trap-mode=sui", "-DDYNROUND", "-DINEXACT"}},
	{"traps-n", "fptrap.c", []string{"-mfp-trap-mode=n"}},
	{"traps-u-ev67", "fptrap.c", []string{"-mfp-trap-mode=u", "-mcpu=ev67"}},
}

// fpEnv is the guest environment of both runs (one variable, so qemu's
// reversed environment order does not matter).
var fpEnv = []string{"LANG=C"}

// fpRun is the result of one run of the FP program.
type fpRun struct {
	stdout string
	ok     bool   // exited with status 0
	insns  uint64 // retired instructions
}

var fpInsnsRE = regexp.MustCompile(`(?m)^insns: (\d+)`)

func fpRunQemu(t *testing.T, qemu, plugin string, argv []string) fpRun {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(qemu, append([]string{"-plugin", plugin}, argv...)...)
	cmd.Env = fpEnv
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("qemu-alpha: %v", err)
	}
	m := fpInsnsRE.FindStringSubmatch(errOut.String())
	if m == nil {
		t.Fatalf("qemu-alpha printed no instruction count: %q", errOut.String())
	}
	n, _ := strconv.ParseUint(m[1], 10, 64)
	return fpRun{stdout: out.String(), ok: err == nil, insns: n}
}

func fpRunSim(t *testing.T, argv []string) fpRun {
	t.Helper()
	var out, errOut bytes.Buffer
	k := kernelsim.New(kernelsim.Config{Stdout: &out, Stderr: &errOut, Timeout: 2 * time.Minute})
	if err := k.Start(argv[0], argv, fpEnv); err != nil {
		t.Fatalf("start: %v", err)
	}
	exit, err := k.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v (stderr %q)", err, errOut.String())
	}
	if exit.Signal != 0 || exit.Code != 0 {
		t.Errorf("exit %v; stderr %q", exit, errOut.String())
	}
	return fpRun{stdout: out.String(), ok: exit.Signal == 0 && exit.Code == 0, insns: k.Stats().Retired}
}

// TestFPProgramsAgainstQemu builds the programs of testdata/fp, runs them
// under qemu-alpha (whose run must pass the programs' own IEEE self-checks)
// and under the simulated kernel, and compares outputs, exit
// statuses and retired-instruction counts. Linux and qemu start processes
// differently (auxv, see kernelsim's difftest), so the counts are compared
// net of a "nop" run of the same binary with an argument of the same length.
func TestFPProgramsAgainstQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	plugin := testtool.InsnCountPlugin(t)
	for _, v := range fpPrograms {
		t.Run(v.name, func(t *testing.T) {
			src, err := filepath.Abs(filepath.Join("testdata", "fp", v.src))
			if err != nil {
				t.Fatal(err)
			}
			flags := append(append([]string{}, testtool.StaticFlags...), v.flags...)
			// -lm goes after the source for the static link.
			bin := testtool.BuildAlpha(t, []string{src, "-lm"}, flags...)

			q := fpRunQemu(t, qemu, plugin, []string{bin, "all"})
			if !q.ok || strings.Contains(q.stdout, "FAIL") {
				t.Fatalf("the program's self-checks fail under qemu-alpha:\n%s", fpFailLines(q.stdout))
			}
			s := fpRunSim(t, []string{bin, "all"})
			fpCompareOutputs(t, q.stdout, s.stdout)

			qn := fpRunQemu(t, qemu, plugin, []string{bin, "nop"})
			sn := fpRunSim(t, []string{bin, "nop"})
			if got, want := int64(s.insns-sn.insns), int64(q.insns-qn.insns); got != want {
				t.Errorf("retired instructions net of start-up: axpsec %d, qemu-alpha %d", got, want)
			}
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

// fpLinuxVsQemu lists the FP behaviours where Linux (which axpsec follows)
// and qemu-alpha 7.2 differ: the test programs print them on lines starting
// with the key, and each side must print its own value.
var fpLinuxVsQemu = map[string]struct{ qemu, linux, why string }{
	"linux-vs-qemu denormal operand flag:": {"0", "1",
		"an EV6 traps on denormal operands of /S instructions; the kernel's software completion records DNO (FE_DENORMAL); qemu never does"},
	"linux-vs-qemu cvttq quiet NaN invalid:": {"1", "0",
		"Linux's completion of CVTTQ/S returns 0 for a quiet NaN without INV (AAHB table B-2); qemu raises INV"},
	"linux-vs-qemu fpcr sum:": {"0", "1",
		"the FPCR summary bit is the OR of the status bits; qemu does not maintain it"},
	"linux-vs-qemu trap 0 si_code:": {"7", "3",
		"Linux's software completion reports FPE_FLTDIV; qemu reports FPE_FLTINV for every arithmetic trap"},
	"linux-vs-qemu trap 1 si_code:": {"7", "7", "invalid operation is FPE_FLTINV on both"},
	"linux-vs-qemu trap 2 si_code:": {"7", "4",
		"Linux's software completion reports FPE_FLTOVF; qemu reports FPE_FLTINV"},
}

// fpCompareOutputs reports the lines that differ (at most 20), except the
// known Linux/qemu differences, which must show the expected values.
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
		if key, _, ok := strings.Cut(w, ": "); ok && strings.HasPrefix(w, "linux-vs-qemu ") {
			d, known := fpLinuxVsQemu[key+":"]
			if !known {
				t.Errorf("line %d: unlisted difference line %q", i+1, w)
			} else if w != key+": "+d.qemu || g != key+": "+d.linux {
				t.Errorf("line %d (%s):\n  qemu:   %s (want %s)\n  axpsec: %s (want %s)", i+1, d.why, w, d.qemu, g, d.linux)
			}
			continue
		}
		if w != g {
			t.Errorf("line %d:\n  qemu:   %s\n  axpsec: %s", i+1, w, g)
			if n++; n == 20 {
				t.Fatalf("too many differences")
			}
		}
	}
}
