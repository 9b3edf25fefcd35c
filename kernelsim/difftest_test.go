package kernelsim

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu/loader"
	"github.com/axpsec/axpsec/internal/testtool"
)

// diffProg is one program of the differential corpus in testdata/progs.
type diffProg struct {
	src  string   // source file in testdata/progs
	args []string // argv[1:]; "$DIR" becomes a fresh empty directory per run
	// noCount: the program dies by a signal, so qemu's plugin prints no
	// instruction count (qemu kills itself with the signal before its
	// atexit handlers run); only output and status are compared.
	noCount bool
	// padPlatform: run twice, with argv padded so the AT_PLATFORM string
	// fits in one quadword and so it straddles two.
	padPlatform bool
}

// diffCorpus is the corpus run under both qemu-alpha and kernelsim.
var diffCorpus = []diffProg{
	{src: "hello.c"},
	{src: "intdiv.c"},
	{src: "strings.c", args: []string{"one", "two-two", ""}},
	{src: "malloc.c"},
	{src: "tls.c"},
	{src: "jmp.c"},
	{src: "signals.c"},
	{src: "files.c", args: []string{"$DIR"}},
	{src: "floats.c"},
	{src: "fenv.c"},
	{src: "sysmisc.c"},
	{src: "nested.c"},
	{src: "libc.c", args: []string{"--name", "axp", "-v", "-x", "--verbose", "rest"}},
	{src: "args.c", args: []string{"first", "with space", "x"}, padPlatform: true},
	{src: "abort.c", noCount: true},
}

// diffEnv is the environment both runs get (qemu gets it reversed, see
// qemuEnviron). TZ is a POSIX rule so that tzset (strftime, localtime) reads
// no zoneinfo file: the host's /etc/localtime would make counts host-specific.
var diffEnv = []string{"AXPSEC_TEST=yes", "HOME=/nonexistent", "LANG=C", "TZ=UTC0"}

// diffVariant is one way of building the corpus.
type diffVariant struct {
	name    string
	flags   []string
	sysroot string
	progs   []string // sources built in this variant (nil: all)
}

const alphaSysroot = "/usr/alpha-linux-gnu"

var diffVariants = []diffVariant{
	{name: "static", flags: testtool.StaticFlags},
	{name: "ev67", flags: append([]string{"-mcpu=ev67"}, testtool.StaticFlags...)},
	{name: "dynamic", flags: []string{"-O2"}, sysroot: alphaSysroot, progs: []string{"hello.c", "args.c", "strings.c"}},
	{name: "pie", flags: []string{"-O2", "-fPIE", "-pie"}, sysroot: alphaSysroot, progs: []string{"hello.c", "args.c"}},
}

// countCase is what the Linux/qemu count differences depend on.
type countCase struct {
	variant diffVariant
	// platformAddr is where the loader put the AT_PLATFORM string.
	platformAddr uint64
}

// platformStraddles reports whether the AT_PLATFORM string (with its NUL)
// crosses an aligned quadword: glibc's Alpha strlen then runs one more loop
// iteration (4 instructions) than when it fits in one.
func (c countCase) platformStraddles() bool {
	return c.platformAddr%8+uint64(len(loader.Platform))+1 > 8
}

// linuxVsQemu lists the differences between Linux (which kernelsim follows)
// and qemu-alpha 7.2 that glibc branches on, with the number of retired
// instructions each adds to kernelsim's count relative to qemu's. The check
// is: kernelsim count = qemu count + the sum of the deltas. Each delta was
// measured by loading with qemu's behaviour instead and is exact.
var linuxVsQemu = []struct {
	what  string
	delta func(c countCase) int64
}{
	{
		// Linux's ARCH_DLINFO puts AT_L1I/L1D/L2/L3_CACHESHAPE first in
		// the auxv; qemu sends none. Each entry is one more iteration of
		// the auxv loop in _dl_aux_init (static) or _dl_sysdep_start (ld.so).
		what: "4 cache-shape auxv entries",
		delta: func(c countCase) int64 {
			if c.variant.sysroot != "" {
				return 4 * 9
			}
			return 4 * 8
		},
	},
	{
		// Linux sends AT_PLATFORM ("ev67"), qemu does not. Static glibc
		// stores it and takes its strlen in _dl_non_dynamic_init (42
		// instructions); ld.so also adds tls/ev67 and ev67 subdirectories
		// to each of its 3 library search directories, which costs 6 more
		// failed openat and fstatat calls (2915 instructions in all).
		what: "AT_PLATFORM",
		delta: func(c countCase) int64 {
			d := int64(42)
			if c.variant.sysroot != "" {
				d = 2915
			}
			if c.platformStraddles() {
				d += 4
			}
			return d
		},
	},
}

// qemuEnviron returns env in the order to give qemu-alpha so that its guest
// sees env in the original order: qemu 7.2 builds the guest environment in
// reverse (its envlist prepends entries), while Linux keeps execve's order.
func qemuEnviron(env []string) []string {
	r := make([]string, len(env))
	for i, e := range env {
		r[len(env)-1-i] = e
	}
	return r
}

// diffResult is what one run of a program produced.
type diffResult struct {
	stdout string
	status int    // shell-style status: exit code or 128+Alpha signal number
	insns  uint64 // retired instructions (0 if unknown)
}

var insnsLine = regexp.MustCompile(`(?m)^insns: (\d+)`)

// runQemu runs exe under qemu-alpha with the instruction-count plugin.
func runQemu(t *testing.T, qemu, plugin string, v diffVariant, argv []string) diffResult {
	t.Helper()
	args := []string{"-plugin", plugin}
	if v.sysroot != "" {
		args = append(args, "-L", v.sysroot)
	}
	cmd := exec.Command(qemu, append(args, argv...)...)
	cmd.Env = qemuEnviron(diffEnv)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := diffResult{stdout: stdout.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		ws := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			// qemu re-raises the guest's fatal signal on itself: map the
			// host signal back to Alpha's number by name.
			sig, ok := alphaSignalOf(ws.Signal())
			if !ok {
				t.Fatalf("qemu died by unmappable host signal %v", ws.Signal())
			}
			res.status = 128 + int(sig)
		} else {
			res.status = ws.ExitStatus()
		}
	case err != nil:
		t.Fatalf("qemu-alpha: %v", err)
	}
	if m := insnsLine.FindStringSubmatch(stderr.String()); m != nil {
		res.insns, _ = strconv.ParseUint(m[1], 10, 64)
	}
	return res
}

// alphaSignalOf maps a host signal to the Alpha signal of the same name.
func alphaSignalOf(s syscall.Signal) (abi.Signal, bool) {
	for name, hs := range hostSignals {
		if hs == s {
			return abi.SignalByName(name)
		}
	}
	return 0, false
}

var hostSignals = map[string]syscall.Signal{
	"SIGABRT": syscall.SIGABRT, "SIGSEGV": syscall.SIGSEGV, "SIGILL": syscall.SIGILL, "SIGFPE": syscall.SIGFPE,
	"SIGBUS": syscall.SIGBUS, "SIGTRAP": syscall.SIGTRAP, "SIGKILL": syscall.SIGKILL, "SIGTERM": syscall.SIGTERM,
	"SIGUSR1": syscall.SIGUSR1, "SIGUSR2": syscall.SIGUSR2, "SIGSYS": syscall.SIGSYS,
}

// runSim runs exe under kernelsim in-process, with the host file system as
// the guest root so paths mean the same as under qemu. Dynamic programs get
// the sysroot as their root instead, as qemu -L looks there first.
func runSim(t *testing.T, v diffVariant, argv []string) diffResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	root := "/"
	if v.sysroot != "" {
		root = v.sysroot
	}
	k := New(Config{Root: root, Sysroot: v.sysroot, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		MaxInsns: 1 << 32, Timeout: time.Minute})
	if err := k.Start(argv[0], argv, diffEnv); err != nil {
		t.Fatalf("Start: %v", err)
	}
	exit, err := k.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v (stdout so far %q, stderr %q)", err, stdout.String(), stderr.String())
	}
	return diffResult{stdout: stdout.String(), status: exit.ShellStatus(), insns: k.Stats().Retired}
}

// TestDiffQemu runs the corpus under qemu-alpha and kernelsim and compares
// stdout, exit status and the retired-instruction count.
func TestDiffQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	plugin := testtool.InsnCountPlugin(t)
	progs, err := filepath.Abs(filepath.Join("testdata", "progs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range diffVariants {
		if v.sysroot != "" {
			v.sysroot = privateSysroot(t, v.sysroot)
		}
		for _, p := range diffCorpus {
			if v.progs != nil && !contains(v.progs, p.src) {
				continue
			}
			name := v.name + "/" + strings.TrimSuffix(p.src, ".c")
			t.Run(name, func(t *testing.T) {
				// -lm goes after the source (BuildAlpha puts flags first).
				exe := testtool.BuildAlpha(t, []string{filepath.Join(progs, p.src), "-lm"}, v.flags...)
				if !p.padPlatform {
					diffOne(t, qemu, plugin, v, p, exe, nil)
					return
				}
				// Run once with AT_PLATFORM inside one quadword and once
				// straddling two, by padding argv, so both cases of that
				// delta are exercised whatever the build path's length.
				for _, straddle := range []bool{false, true} {
					t.Run(fmt.Sprintf("straddle=%v", straddle), func(t *testing.T) {
						base := platformAddr(append(expandArgs(exe, p.args, ""), ""), diffEnv, exe)
						for k := range 8 {
							if (countCase{platformAddr: base - uint64(k)}).platformStraddles() == straddle {
								diffOne(t, qemu, plugin, v, p, exe, []string{strings.Repeat("p", k)})
								return
							}
						}
					})
				}
			})
		}
	}
}

// expandArgs returns argv for exe with args, "$DIR" replaced by dir.
func expandArgs(exe string, args []string, dir string) []string {
	argv := []string{exe}
	for _, a := range args {
		if a == "$DIR" {
			a = dir
		}
		argv = append(argv, a)
	}
	return argv
}

// diffOne runs exe (argv = exe, p.args, extra) under qemu and kernelsim and
// compares the results.
func diffOne(t *testing.T, qemu, plugin string, v diffVariant, p diffProg, exe string, extra []string) {
	dirs := t.TempDir()
	argvFor := func(tag string) []string {
		dir := filepath.Join(dirs, tag)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return append(expandArgs(exe, p.args, dir), extra...)
	}
	q := runQemu(t, qemu, plugin, v, argvFor("q"))
	simArgv := argvFor("s")
	s := runSim(t, v, simArgv)
	if q.stdout != s.stdout {
		t.Errorf("stdout differs:\n%s", lineDiff(q.stdout, s.stdout))
	}
	if q.status != s.status {
		t.Errorf("exit status: qemu %d, kernelsim %d", q.status, s.status)
	}
	if p.noCount {
		return
	}
	if q.insns == 0 {
		t.Fatalf("qemu printed no instruction count")
	}
	cc := countCase{variant: v, platformAddr: platformAddr(simArgv, diffEnv, exe)}
	want := int64(q.insns)
	for _, d := range linuxVsQemu {
		want += d.delta(cc)
	}
	t.Logf("qemu %d insns, kernelsim %d, AT_PLATFORM straddles a quadword: %v", q.insns, s.insns, cc.platformStraddles())
	if int64(s.insns) != want {
		t.Errorf("retired instructions: kernelsim %d, want %d (qemu %d + listed Linux/qemu differences %d); off by %d",
			s.insns, want, q.insns, want-int64(q.insns), int64(s.insns)-want)
	}
}

// privateSysroot makes a minimal copy of the Alpha sysroot for dynamic
// programs: the dynamic loader, libc and libm, an empty ld.so.cache and the
// multiarch library directories. qemu -L falls back to the host's own files
// for paths missing under the prefix (the host's x86 /etc/ld.so.cache, its
// /usr/lib/alpha-linux-gnu), which kernelsim with the sysroot as its root
// does not see; with every path ld.so probes present in the copy, both see
// the same files.
func privateSysroot(t *testing.T, sysroot string) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"etc", "lib/alpha-linux-gnu", "usr/lib/alpha-linux-gnu"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "etc", "ld.so.cache"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lib := range []string{"ld-linux.so.2", "libc.so.6.1", "libm.so.6.1"} {
		data, err := os.ReadFile(filepath.Join(sysroot, "lib", lib))
		if err != nil {
			testtool.Unavailable(t, "Alpha sysroot library: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "lib", lib), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// platformAddr returns where the loader puts the AT_PLATFORM string for
// this argv, environment and AT_EXECFN path: right below the strings, which
// end 8 bytes below STACK_TOP.
func platformAddr(argv, env []string, execFn string) uint64 {
	n := uint64(len(execFn) + 1)
	for _, s := range append(append([]string{}, argv...), env...) {
		n += uint64(len(s) + 1)
	}
	return loader.StackTop - 8 - n - uint64(len(loader.Platform)+1)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lineDiff shows the first differing line of two outputs.
func lineDiff(a, b string) string {
	as, bs := bufio.NewScanner(strings.NewReader(a)), bufio.NewScanner(strings.NewReader(b))
	for line := 1; ; line++ {
		okA, okB := as.Scan(), bs.Scan()
		if !okA && !okB {
			return "(outputs differ only in the final newline)"
		}
		if as.Text() != bs.Text() || okA != okB {
			return "line " + strconv.Itoa(line) + ":\n  qemu:      " + strconv.Quote(as.Text()) + "\n  kernelsim: " + strconv.Quote(bs.Text())
		}
	}
}
