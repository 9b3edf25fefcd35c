package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/alphaemu/asm"
	"github.com/axpsec/axpsec/internal/testtool"
)

// tinyELF writes a static Alpha executable whose text is the assembled src
// at 0x120000078 and returns its path.
func tinyELF(t *testing.T, src string) string {
	t.Helper()
	const base, entry = 0x120000000, 0x120000078
	code := asm.MustAssemble(src, entry)
	b := make([]byte, 0x78+4*len(code))
	copy(b, "\x7fELF\x02\x01\x01")
	le := binary.LittleEndian
	le.PutUint16(b[16:], 2)      // ET_EXEC
	le.PutUint16(b[18:], 0x9026) // EM_ALPHA
	le.PutUint32(b[20:], 1)
	le.PutUint64(b[24:], entry)
	le.PutUint64(b[32:], 64)
	le.PutUint16(b[52:], 64)
	le.PutUint16(b[54:], 56)
	le.PutUint16(b[56:], 1)
	ph := b[64:]
	le.PutUint32(ph[0:], 1) // PT_LOAD
	le.PutUint32(ph[4:], 5) // R+X
	le.PutUint64(ph[16:], base)
	le.PutUint64(ph[24:], base)
	le.PutUint64(ph[32:], uint64(len(b)))
	le.PutUint64(ph[40:], uint64(len(b)))
	le.PutUint64(ph[48:], 0x2000)
	for i, w := range code {
		le.PutUint32(b[0x78+4*i:], w)
	}
	p := filepath.Join(t.TempDir(), "tiny")
	if err := os.WriteFile(p, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunCommand(t *testing.T) {
	hello := filepath.Join("..", "..", "examples", "hello", "hello")
	cat := filepath.Join("..", "..", "examples", "cat", "cat")
	expected, err := os.ReadFile(filepath.Join("..", "..", "examples", "hello", "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "note.txt"), []byte("inside the root\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exit42 := tinyELF(t, "lda v0,405(zero)\nlda a0,42(zero)\ncall_pal 0x83\n")
	segv := tinyELF(t, "ldq t0,8(zero)\n")
	loop := tinyELF(t, "top:\nbr zero,top\n")
	notELF := filepath.Join(root, "script")
	if err := os.WriteFile(notELF, []byte("#!/bin/sh\necho hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	x86 := filepath.Join(root, "x86")
	if err := os.WriteFile(x86, append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 120)...), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		status     int
		stdout     string
		stderrHas  []string
		stderrNone bool
	}{
		{"hello", []string{hello}, 0, string(expected), nil, true},
		{"separator and args", []string{"--", hello, "x", "two words"}, 0,
			"Hello from Alpha!\narg 1: x\narg 2: two words\n" +
				"20!+argc = 2432902008176640003: /11 = 221172909834240000 rem 3; negated /3 = -810967336058880001 rem 0\n" +
				"-3000009 / 7 = -428572 rem -5; as unsigned: 4291967287 / 7 = 613138183 rem 6\npid is positive\n", nil, true},
		{"guest flags stay the guest's", []string{hello, "--stats"}, 0, "", nil, true},
		{"stats", []string{"--stats", hello}, 0, string(expected), []string{"instructions retired", "syscalls"}, false},
		{"trace", []string{"--trace", hello}, 0, string(expected), []string{"write(", "exit_group("}, false},
		{"root", []string{"--root", root, cat, "/note.txt"}, 0, "inside the root\n", nil, true},
		{"outside root", []string{"--root", root, cat, "/../../../../etc/passwd"}, 1, "", []string{"cannot open"}, false},
		{"exit status", []string{exit42}, 42, "", nil, true},
		{"signal", []string{segv}, 128 + 11, "", []string{"SIGSEGV"}, false},
		{"insn limit", []string{"--max-insns", "1000", loop}, exitFailed, "", []string{"instruction limit"}, false},
		{"timeout", []string{"--timeout", "50ms", loop}, exitFailed, "", []string{"time limit"}, false},
		{"max-mem suffix", []string{"--max-mem", "64M", hello}, 0, string(expected), nil, true},
		{"max-mem too small", []string{"--max-mem", "64K", hello}, exitFailed, "", []string{"over the limit"}, false},
		{"bad max-mem", []string{"--max-mem", "12Q", hello}, exitBadUse, "", []string{"bad size"}, false},
		{"unknown flag", []string{"--bogus", hello}, exitBadUse, "", []string{"bogus"}, false},
		{"no program", []string{"--stats"}, exitBadUse, "", []string{"missing program"}, false},
		{"missing file", []string{filepath.Join(root, "nope")}, exitBadUse, "", []string{"nope"}, false},
		{"not ELF", []string{notELF}, exitBadUse, "", []string{"not an ELF file"}, false},
		{"wrong machine", []string{x86}, exitBadUse, "", []string{"invalid ELF"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := runMain(append([]string{"run"}, tc.args...), &stdout, &stderr)
			if status != tc.status {
				t.Errorf("status %d, want %d (stderr %q)", status, tc.status, stderr.String())
			}
			if tc.stdout != "" && stdout.String() != tc.stdout {
				t.Errorf("stdout %q, want %q", stdout.String(), tc.stdout)
			}
			for _, s := range tc.stderrHas {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr %q lacks %q", stderr.String(), s)
				}
			}
			if tc.stderrNone && stderr.Len() != 0 {
				t.Errorf("unexpected stderr %q", stderr.String())
			}
			if n := strings.Count(strings.TrimSpace(stderr.String()), "\n"); tc.status == exitBadUse && !strings.Contains(stderr.String(), "usage") && n != 0 {
				t.Errorf("error message is not one line: %q", stderr.String())
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true}, {"4096", 4096, true}, {"64K", 64 << 10, true}, {"512m", 512 << 20, true},
		{"2G", 2 << 30, true}, {"", 0, false}, {"G", 0, false}, {"-1", 0, false}, {"1.5G", 0, false},
		{"17179869184G", 0, false}, {"18446744073709551615", 1<<64 - 1, true},
	}
	for _, tc := range tests {
		var b byteSize
		err := b.Set(tc.in)
		if (err == nil) != tc.ok || (tc.ok && uint64(b) != tc.want) {
			t.Errorf("Set(%q) = %d, %v; want %d, ok=%v", tc.in, b, err, tc.want, tc.ok)
		}
	}
}

// TestRunDynamic runs a dynamically linked glibc program with the Alpha
// sysroot (searched first, like qemu -L), alone and as the guest root too.
func TestRunDynamic(t *testing.T) {
	const sysroot = "/usr/alpha-linux-gnu"
	if _, err := os.Stat(filepath.Join(sysroot, "lib", "ld-linux.so.2")); err != nil {
		testtool.Unavailable(t, "Alpha sysroot: %v", err)
	}
	src := filepath.Join(t.TempDir(), "dyn.c")
	if err := os.WriteFile(src, []byte("#include <stdio.h>\nint main(int c, char **v) { printf(\"dynamic %d\\n\", c); return 7; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := testtool.BuildAlpha(t, []string{src}, "-O2")
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{{"--sysroot", sysroot}, {"--root", sysroot, "--sysroot", sysroot}} {
		stdout.Reset()
		stderr.Reset()
		status := runMain(append(append([]string{"run"}, args...), exe, "a", "b"), &stdout, &stderr)
		if status != 7 || stdout.String() != "dynamic 3\n" {
			t.Errorf("%v: status %d stdout %q stderr %q; want 7, \"dynamic 3\\n\"", args, status, stdout.String(), stderr.String())
		}
	}
	stdout.Reset()
	stderr.Reset()
	if status := runMain([]string{"run", exe}, &stdout, &stderr); status != exitBadUse || !strings.Contains(stderr.String(), "needs a sysroot") {
		t.Errorf("without --sysroot: status %d stderr %q; want %d and a sysroot message", status, stderr.String(), exitBadUse)
	}
}
