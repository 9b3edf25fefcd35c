// Package testtool finds the external tools that differential tests compare
// against (the Alpha cross compiler, qemu-alpha, objdump, host seccomp) and
// builds test programs with them.
//
// A missing tool skips the test with a message, unless AXPSEC_REQUIRE_TOOLS is
// set (as CI does), in which case the test fails.
package testtool

import (
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// RequireEnv is the environment variable that turns missing tools into failures.
const RequireEnv = "AXPSEC_REQUIRE_TOOLS"

// Required reports whether missing tools must fail tests instead of skipping them.
func Required() bool { return os.Getenv(RequireEnv) != "" }

// Unavailable skips t (or fails it when tools are required) because what is
// missing is missing.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if Required() {
		t.Fatalf("required tool unavailable ("+RequireEnv+" is set): "+format, args...)
	}
	t.Skipf("skipping: "+format+" (set "+RequireEnv+"=1 to make this a failure)", args...)
}

// Look returns the path of the named program, or marks t unavailable.
func Look(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Unavailable(t, "%s not found in PATH (Debian: see README install steps)", name)
	}
	return p
}

// Qemu returns the path of qemu-alpha.
func Qemu(t testing.TB) string { return Look(t, "qemu-alpha") }

// Objdump returns the path of alpha-linux-gnu-objdump.
func Objdump(t testing.TB) string { return Look(t, "alpha-linux-gnu-objdump") }

// CC returns the path of the Alpha cross compiler.
func CC(t testing.TB) string { return Look(t, "alpha-linux-gnu-gcc") }

// SharedDir returns the path of the shared/ directory beside the checkout.
func SharedDir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		Unavailable(t, "shared/ directory not found beside the checkout (%v)", err)
	}
	return dir
}

var (
	buildMu    sync.Mutex
	buildCache = map[string]string{}
	cacheDir   string
)

// BuildAlpha compiles C sources for Alpha with the cross compiler and returns the
// binary's path. flags are passed to the compiler (for example "-static", "-O2",
// "-Wl,--no-relax", "-mcpu=ev67"). Results are cached for the life of the test
// binary, keyed by sources and flags.
func BuildAlpha(t testing.TB, srcs []string, flags ...string) string {
	t.Helper()
	cc := CC(t)
	key := strings.Join(srcs, "\x00") + "\x01" + strings.Join(flags, "\x00")
	buildMu.Lock()
	defer buildMu.Unlock()
	if p, ok := buildCache[key]; ok {
		return p
	}
	if cacheDir == "" {
		d, err := os.MkdirTemp("", "axpsec-alpha-build-")
		if err != nil {
			t.Fatal(err)
		}
		cacheDir = d
	}
	base := strings.TrimSuffix(filepath.Base(srcs[0]), filepath.Ext(srcs[0]))
	out := filepath.Join(cacheDir, base+"-"+shortHash(key))
	args := append(append([]string{}, flags...), "-o", out)
	args = append(args, srcs...)
	cmd := exec.Command(cc, args...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("alpha-linux-gnu-gcc %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	buildCache[key] = out
	return out
}

// StaticFlags are the flags for a static glibc Alpha build that starts correctly
// (binutils relaxation breaks __ehdr_start without --no-relax).
var StaticFlags = []string{"-static", "-O2", "-Wl,--no-relax"}

var (
	pluginOnce sync.Once
	pluginPath string
	pluginErr  error
)

// InsnCountPlugin builds shared/bench/qemu-plugin/insncount.c and returns the .so path.
// qemu-alpha -plugin PATH prints "insns: N" on stderr at exit.
func InsnCountPlugin(t testing.TB) string {
	t.Helper()
	shared := SharedDir(t)
	gcc := Look(t, "gcc")
	pluginOnce.Do(func() {
		d, err := os.MkdirTemp("", "axpsec-plugin-")
		if err != nil {
			pluginErr = err
			return
		}
		pluginPath = filepath.Join(d, "insncount.so")
		msg, err := exec.Command(gcc, "-O2", "-fPIC", "-shared", "-o", pluginPath,
			filepath.Join(shared, "bench", "qemu-plugin", "insncount.c")).CombinedOutput()
		if err != nil {
			pluginErr = fmt.Errorf("%w\n%s", err, msg)
		}
	})
	if pluginErr != nil {
		t.Fatalf("building qemu plugin: %v", pluginErr)
	}
	return pluginPath
}

// shortHash returns the 64-bit FNV-1a hash of s in hex.
func shortHash(s string) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	return fmt.Sprintf("%016x", h.Sum64())
}
