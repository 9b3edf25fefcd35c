package kernelsim

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/axpsec/axpsec/internal/testtool"
)

// buildMmapFile builds testdata/mmapfile/src.
func buildMmapFile(t testing.TB, src string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", "mmapfile", src))
	if err != nil {
		t.Fatal(err)
	}
	return testtool.BuildAlpha(t, []string{abs}, append([]string{"-pthread"}, testtool.StaticFlags...)...)
}

// runMmapSim runs exe DIR under kernelsim with the host root and returns
// its output and exit.
func runMmapSim(t testing.TB, exe, dir string) (string, Exit) {
	t.Helper()
	var out bytes.Buffer
	k := New(Config{Root: "/", Stdout: &out, Stderr: &out, Timeout: 60 * time.Second})
	if err := k.Start(exe, []string{exe, dir}, []string{"LC_ALL=C"}); err != nil {
		t.Fatal(err)
	}
	ex, err := k.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v\noutput so far:\n%s", err, out.String())
	}
	return out.String(), ex
}

// runMmapQemu runs exe DIR under qemu-alpha and returns its output and
// shell status.
func runMmapQemu(t testing.TB, qemu, exe, dir string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(qemu, exe, dir)
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

// dirFiles returns the contents of the files in dir by name.
func dirFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// fileCheck is data a file must hold at an offset.
type fileCheck struct {
	off  int
	data string
}

// TestMmapFileVsQemu runs the programs of testdata/mmapfile under
// qemu-alpha (whose MAP_SHARED file mappings are the host kernel's) and
// kernelsim, each in a directory of its own: output, exit status and the
// files the programs leave behind must be identical. The files are also
// checked for the data the programs stored through their mappings, so
// that a write-back lost by both would not pass.
func TestMmapFileVsQemu(t *testing.T) {
	qemu := testtool.Qemu(t)
	pg := 8192
	tests := []struct {
		src  string
		want map[string][]fileCheck
	}{
		{"exchange.c", map[string][]fileCheck{"exchange.dat": {{pg, "ping 4\x00"}, {2 * pg, "pong 4 for [ping 4]\x00"}, {2*pg + 1024, "child saw futex word 42\x00"}}}},
		{"counter.c", nil},
		{"coherence.c", map[string][]fileCheck{
			"msync.dat":    {{0, "synced with MS_SYNC\x00"}},
			"munmap.dat":   {{10, "reached the file through munmap\x00"}},
			"exit.dat":     {{pg + 1, "still mapped at exit\x00"}},
			"coherent.dat": {{0, "shared write after the private one\x00"}, {pg + 200, "via the offset mapping\x00"}, {2*pg - 3, "WRITE"}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			exe := buildMmapFile(t, tc.src)
			qdir, sdir := t.TempDir(), t.TempDir()
			qout, qstatus := runMmapQemu(t, qemu, exe, qdir)
			out, ex := runMmapSim(t, exe, sdir)
			if out != qout || ex.ShellStatus() != qstatus {
				t.Errorf("kernelsim (%s):\n%s\nqemu-alpha (status %d):\n%s\n%s", ex, out, qstatus, qout, firstDiff(out, qout))
			}
			qfiles, sfiles := dirFiles(t, qdir), dirFiles(t, sdir)
			if len(qfiles) != len(sfiles) {
				t.Errorf("kernelsim left %d files, qemu-alpha %d", len(sfiles), len(qfiles))
			}
			for name, q := range qfiles {
				if s, ok := sfiles[name]; !ok || !bytes.Equal(s, q) {
					t.Errorf("%s differs: kernelsim %d bytes, qemu-alpha %d bytes\n%s", name, len(s), len(q), firstDiff(string(s), string(q)))
				}
			}
			for name, checks := range tc.want {
				for _, c := range checks {
					b := sfiles[name]
					if c.off+len(c.data) > len(b) || string(b[c.off:c.off+len(c.data)]) != c.data {
						t.Errorf("%s at %d: want %q", name, c.off, c.data)
					}
				}
			}
		})
	}
}

// TestMmapFileBus runs testdata/mmapfile/bus.c, accesses past the end of a
// mapped file, under kernelsim and compares with the output Linux/Alpha
// gives (qemu-user raises SIGSEGV there instead, so it cannot serve as the
// reference): SIGBUS (10 on Alpha) with BUS_ADRERR (2), a page the file
// grew to mapped on access, EFAULT for a system call reading past the end.
func TestMmapFileBus(t *testing.T) {
	exe := buildMmapFile(t, "bus.c")
	dir := t.TempDir()
	out, ex := runMmapSim(t, exe, dir)
	want := `last byte of the file's page: ok
read past the end: signal 10 code 2 at the address
write past the end: signal 10 code 2 at the address
after growing: read ok, write ok
grown page holds 'w'
after shrinking: signal 10 code 2 at the address, in-page tail byte 0
write(2) from past the end: -1
`
	if out != want || ex.ShellStatus() != 0 {
		t.Errorf("kernelsim (%s):\n%s\nwant:\n%s\n%s", ex, out, want, firstDiff(out, want))
	}
	b, err := os.ReadFile(filepath.Join(dir, "bus.dat"))
	if err != nil || string(b) != "\x00\x00\x00\x00" {
		t.Errorf("bus.dat holds %q (%v), want the 4 bytes left by the truncation", b, err)
	}
}

// BenchmarkMmapFile runs the shared-file-mapping programs (exchange.c: a
// pipe and futex handshake through independent mappings; counter.c: three
// processes doing 60000 LL/SC increments and lock/unlock pairs on one file
// page) under kernelsim and qemu-alpha in the same run; one op is one
// program run. The qemu sub-benchmark reports sim/qemu, the ratio of the
// mean times per op (below 1: kernelsim is faster).
func BenchmarkMmapFile(b *testing.B) {
	qemu := testtool.Qemu(b)
	for _, src := range []string{"exchange.c", "counter.c"} {
		exe := buildMmapFile(b, src)
		want, _ := runMmapQemu(b, qemu, exe, b.TempDir())
		var sim time.Duration
		b.Run(src+"/kernelsim", func(b *testing.B) {
			dir := b.TempDir()
			start := time.Now()
			for b.Loop() {
				if out, ex := runMmapSim(b, exe, dir); out != want || ex != (Exit{}) {
					b.Fatalf("%s: %q %s", src, out, ex)
				}
			}
			sim = time.Since(start) / time.Duration(b.N)
		})
		b.Run(src+"/qemu", func(b *testing.B) {
			dir := b.TempDir()
			start := time.Now()
			for b.Loop() {
				if out, status := runMmapQemu(b, qemu, exe, dir); out != want || status != 0 {
					b.Fatalf("%s under qemu: %q %d", src, out, status)
				}
			}
			if q := time.Since(start) / time.Duration(b.N); sim > 0 {
				b.ReportMetric(float64(sim)/float64(q), "sim/qemu")
			}
		})
	}
}
