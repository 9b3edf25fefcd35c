package alphaemu_test

import (
	"bytes"
	"encoding/binary"
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
	"github.com/axpsec/axpsec/alphaemu"
	"github.com/axpsec/axpsec/alphaemu/loader"
	"github.com/axpsec/axpsec/internal/testtool"
)

// result is what a run of a test program produced.
type result struct {
	stdout []byte
	status int // exit status, or 128+signal (Alpha numbering)
	insns  uint64
}

// buildFreestanding builds testdata/name.c with axpsec's freestanding runtime
// (examples/runtime) and libgcc, without glibc.
func buildFreestanding(t testing.TB, name string, extra ...string) string {
	t.Helper()
	cc := testtool.CC(t)
	libgcc, err := exec.Command(cc, "-print-libgcc-file-name").Output()
	if err != nil {
		t.Fatalf("%s -print-libgcc-file-name: %v", cc, err)
	}
	rt := filepath.Join("..", "examples", "runtime")
	flags := append([]string{"-O2", "-ffreestanding", "-fno-builtin", "-fno-stack-protector",
		"-nostdlib", "-static", "-Wl,--no-relax", "-I", rt}, extra...)
	srcs := []string{filepath.Join("testdata", name+".c"), filepath.Join(rt, "start.S"),
		filepath.Join(rt, "divide.S"), filepath.Join(rt, "runtime.c"), strings.TrimSpace(string(libgcc))}
	return testtool.BuildAlpha(t, srcs, flags...)
}

var insnsRE = regexp.MustCompile(`insns: (\d+)`)

// hostToAlphaSignal maps the host signal qemu died of to Alpha's numbering.
var hostToAlphaSignal = map[syscall.Signal]abi.Signal{
	syscall.SIGSEGV: abi.SIGSEGV, syscall.SIGBUS: abi.SIGBUS, syscall.SIGILL: abi.SIGILL,
	syscall.SIGFPE: abi.SIGFPE, syscall.SIGTRAP: abi.SIGTRAP, syscall.SIGABRT: abi.SIGABRT,
}

// runQemu runs prog under qemu-alpha with the instruction-counting plugin.
func runQemu(t *testing.T, prog string, args ...string) result {
	t.Helper()
	cmd := exec.Command(testtool.Qemu(t), append([]string{"-plugin", testtool.InsnCountPlugin(t), prog}, args...)...)
	cmd.Env = []string{}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.Bytes()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		ws := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			res.status = 128 + int(hostToAlphaSignal[ws.Signal()])
		} else {
			res.status = ws.ExitStatus()
		}
	default:
		t.Fatalf("qemu-alpha: %v", err)
	}
	m := insnsRE.FindSubmatch(stderr.Bytes())
	if m == nil {
		t.Fatalf("no instruction count from the qemu plugin; stderr:\n%s", stderr.Bytes())
	}
	res.insns, _ = strconv.ParseUint(string(m[1]), 10, 64)
	return res
}

// runEmu runs prog on alphaemu with a minimal kernel — write, exit,
// rt_sigaction, and delivery of synchronous signals to a handler that never
// returns (the test program's handlers exit) — enough for the freestanding
// programs.
func runEmu(t testing.TB, prog string, args ...string) result {
	t.Helper()
	f, err := os.Open(prog)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	mem := alphaemu.NewMemory()
	img, err := loader.Load(mem, f, fi.Size(), loader.Options{Argv: append([]string{prog}, args...), ExecFn: prog})
	if err != nil {
		t.Fatal(err)
	}
	c := alphaemu.NewCPU(mem)
	img.InitCPU(c)
	var res result
	handlers := map[abi.Signal]uint64{}
	deliver := func(sig abi.Signal) bool {
		h, ok := handlers[sig]
		if !ok {
			res.status, res.insns = 128+int(sig), c.Retired
			return false
		}
		c.PC, c.R[27], c.R[16], c.R[26] = h, h, uint64(sig), 0
		c.R[30] = (c.R[30] - 1024) &^ 31
		return true
	}
	for {
		st := c.Run(1 << 40)
		switch st.Reason {
		case alphaemu.StopCallsys:
			switch c.R[0] {
			case 4: // write
				buf := make([]byte, c.R[18])
				if err := mem.ReadAt(buf, c.R[17]); err != nil {
					t.Fatalf("write buffer: %v", err)
				}
				res.stdout = append(res.stdout, buf...)
				c.R[0], c.R[19] = c.R[18], 0
			case 352: // rt_sigaction(sig, act, oact, sigsetsize, restorer)
				var act [8]byte
				if err := mem.ReadAt(act[:], c.R[17]); err != nil {
					t.Fatalf("rt_sigaction: %v", err)
				}
				handlers[abi.Signal(c.R[16])] = binary.LittleEndian.Uint64(act[:])
				c.R[0], c.R[19] = 0, 0
			case 1, 405: // exit, exit_group
				res.status = int(c.R[16] & 0xff)
				res.insns = c.Retired
				return res
			default:
				c.R[0], c.R[19] = uint64(abi.ENOSYS), 1
			}
		case alphaemu.StopPAL:
			sig := abi.SIGTRAP
			if st.PAL == alphaemu.PALGentrap && int64(c.R[16]) >= -7 && int64(c.R[16]) <= -1 && c.R[16] != ^uint64(3) {
				sig = abi.SIGFPE
			}
			if !deliver(sig) {
				return res
			}
		case alphaemu.StopFault:
			if !deliver(st.Signal) {
				return res
			}
		default:
			t.Fatalf("unexpected stop %+v", st)
		}
	}
}

// TestAgainstQemu runs the differential programs under qemu-alpha and
// alphaemu: same output, same exit status or fatal signal, and the same
// retired-instruction count as qemu's counting plugin.
func TestAgainstQemu(t *testing.T) {
	variants := []struct {
		name  string
		flags []string
	}{
		{"default", nil},
		{"ev67", []string{"-mcpu=ev67"}},
	}
	modes := []string{"", "segv", "store", "div0", "ill", "ovf", "bpt", "llsc"}
	for _, v := range variants {
		prog := buildFreestanding(t, "intops", v.flags...)
		for _, mode := range modes {
			t.Run(fmt.Sprintf("%s/%s", v.name, mode), func(t *testing.T) {
				var args []string
				if mode != "" {
					args = []string{mode}
				}
				want := runQemu(t, prog, args...)
				got := runEmu(t, prog, args...)
				if !bytes.Equal(got.stdout, want.stdout) {
					t.Errorf("stdout differs:\n got %q\nwant %q", got.stdout, want.stdout)
				}
				if got.status != want.status {
					t.Errorf("status %d, qemu %d", got.status, want.status)
				}
				t.Logf("status %d, %d instructions, last output %q", got.status, got.insns, lastLine(got.stdout))
				if got.insns != want.insns {
					t.Errorf("retired %d instructions, qemu plugin counted %d (diff %d)", got.insns, want.insns, int64(got.insns-want.insns))
				}
			})
		}
	}
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// BenchmarkVsQemu runs a freestanding port of shared/bench/crc.c under
// qemu-alpha and under alphaemu (with the minimal kernel above) in the same
// benchmark run; the ratio of the sub-benchmarks' times is the speed ratio.
// Besides wall time, each reports the CPU time it used (cpu-ms/op; the
// child's for qemu, the process's for alphaemu), which stays meaningful on a
// loaded machine, and guest MIPS. The retired count is checked to be
// identical to qemu's plugin count.
func BenchmarkVsQemu(b *testing.B) {
	prog := buildFreestanding(b, "crc")
	var want uint64
	b.Run("qemu", func(b *testing.B) {
		qemu, plugin := testtool.Qemu(b), testtool.InsnCountPlugin(b)
		var cpu time.Duration
		for i := 0; i < b.N; i++ {
			var stderr bytes.Buffer
			cmd := exec.Command(qemu, "-plugin", plugin, prog)
			cmd.Env, cmd.Stderr = []string{}, &stderr
			if err := cmd.Run(); err != nil {
				b.Fatalf("qemu-alpha: %v", err)
			}
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			m := insnsRE.FindSubmatch(stderr.Bytes())
			if m == nil {
				b.Fatalf("no plugin count: %s", stderr.Bytes())
			}
			want, _ = strconv.ParseUint(string(m[1]), 10, 64)
		}
		reportSpeed(b, want, cpu)
	})
	b.Run("alphaemu", func(b *testing.B) {
		var got result
		start := processCPU()
		for i := 0; i < b.N; i++ {
			got = runEmu(b, prog)
		}
		cpu := processCPU() - start
		if want != 0 && got.insns != want {
			b.Errorf("retired %d, qemu counted %d", got.insns, want)
		}
		reportSpeed(b, got.insns, cpu)
	})
}

// reportSpeed reports CPU time per run and guest MIPS (by CPU time).
func reportSpeed(b *testing.B, insns uint64, cpu time.Duration) {
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(insns)*float64(b.N)/cpu.Seconds()/1e6, "MIPS")
}

// processCPU returns the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
