package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// objdumpNormalize expands the tabs of objdump's instruction text column
// (axpsec dis prints the text as asm.Disassemble does, with spaces) and drops
// trailing blanks; everything else is compared as objdump prints it.
func objdumpNormalize(out []byte) string {
	var b strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) == 3 && strings.HasSuffix(parts[0], ":") {
			var t strings.Builder
			for _, c := range parts[2] {
				if c != '\t' {
					t.WriteRune(c)
					continue
				}
				t.WriteByte(' ')
				for t.Len()%8 != 0 {
					t.WriteByte(' ')
				}
			}
			line = parts[0] + "\t" + parts[1] + "\t" + t.String()
		}
		b.WriteString(strings.TrimRight(line, " \t"))
		b.WriteByte('\n')
	}
	return b.String()
}

// compareLines reports the first differing lines of got and want.
func compareLines(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	bad := 0
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			if bad++; bad <= 10 {
				t.Errorf("%s line %d:\naxpsec  %q\nobjdump %q", what, i+1, gl, wl)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d lines differ", what, bad, len(w))
	}
}

// TestDisMatchesObjdump compares axpsec dis with alpha-linux-gnu-objdump -d,
// whole output (labels, addresses, bytes, text, symbolized targets), on a
// static glibc program (all of libc that gets linked in), on an address
// range of it, and on an object file without symbols.
func TestDisMatchesObjdump(t *testing.T) {
	objdump := testtool.Objdump(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "hello.c")
	if err := os.WriteFile(src, []byte("#include <stdio.h>\nint main(int c, char **v) { printf(\"%g\\n\", c / 3.0); return 0; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	prog := testtool.BuildAlpha(t, []string{src}, testtool.StaticFlags...)
	obj := filepath.Join(dir, "hello.o")
	if msg, err := exec.Command(testtool.CC(t), "-O0", "-c", "-o", obj, src).CombinedOutput(); err != nil {
		t.Fatalf("compiling %s: %v\n%s", obj, err, msg)
	}
	// Zero runs: objdump -d elides two or more zero words up to the next
	// symbol; -z (--zeros) prints them.
	zsrc, zobj := filepath.Join(dir, "zeros.s"), filepath.Join(dir, "zeros.o")
	zeros := ".text\n.globl f\nf: nop\n.long 0,0,0\ng: .long 0,0\nnop\n.long 0\nnop\n.long 0,0\n" +
		"h: .long 0\nnop\n.long 0x100,0,0\nnop\n.long 0,0,0,0\n"
	if err := os.WriteFile(zsrc, []byte(zeros), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(testtool.Look(t, "alpha-linux-gnu-as"), "-o", zobj, zsrc).CombinedOutput(); err != nil {
		t.Fatalf("assembling %s: %v\n%s", zsrc, err, msg)
	}
	cases := []struct {
		name     string
		dis, ref []string
	}{
		{"static program", []string{prog}, []string{prog}},
		{"address range", []string{prog, "--start", "0x120000300", "--stop=0x120000400"},
			[]string{"--start-address=0x120000300", "--stop-address=0x120000400", prog}},
		{"object file", []string{"--section", ".text", obj}, []string{"-j", ".text", obj}},
		{"zero runs", []string{zobj}, []string{zobj}},
		{"zero runs shown", []string{zobj, "--zeros"}, []string{"-z", zobj}},
		{"zero run at start", []string{"--start", "8", zobj}, []string{"--start-address=8", zobj}},
	}
	for _, c := range cases {
		want, err := exec.Command(objdump, append([]string{"-d"}, c.ref...)...).Output()
		if err != nil {
			t.Fatalf("objdump %v: %v", c.ref, err)
		}
		var out, errb bytes.Buffer
		if code := runMain(append([]string{"dis"}, c.dis...), &out, &errb); code != exitOK {
			t.Fatalf("axpsec dis %v: exit %d: %s", c.dis, code, errb.String())
		}
		if strings.Count(out.String(), "\n") < 8 {
			t.Errorf("%s: short output:\n%s", c.name, out.String())
		}
		compareLines(t, c.name, out.String(), objdumpNormalize(want))
	}
}

func TestDisErrors(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("not an elf file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"dis"}, exitBadUse, "usage: axpsec dis"},
		{[]string{"dis", "a", "b"}, exitBadUse, "usage: axpsec dis"},
		{[]string{"dis", "--bogus", junk}, exitBadUse, "flag provided but not defined"},
		{[]string{"dis", filepath.Join(dir, "missing")}, exitBadUse, "no such file"},
		{[]string{"dis", junk}, exitBadUse, "not an ELF file"},
		{[]string{"dis", self}, exitBadUse, "not a 64-bit little-endian Alpha ELF"},
		{[]string{"dis", "--start", "zz", junk}, exitBadUse, "bad address"},
		{[]string{"dis", "-h"}, exitOK, "usage: axpsec dis"},
		{[]string{"dis", filepath.Join("..", "..", "examples", "hello", "hello"), "--section", ".nope"}, exitBadUse, "no executable section \".nope\""},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := runMain(c.args, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d containing %q", c.args, code, errb.String(), c.code, c.msg)
		}
	}
}

// FuzzDisELF feeds arbitrary files to the ELF disassembler: it must return
// an error or output, never panic.
func FuzzDisELF(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("..", "..", "examples", "hello", "hello")); err == nil {
		f.Add(b)
		f.Add(b[:200])
	}
	f.Add([]byte("\x7fELF\x02\x01\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		_ = disassembleELF(bytes.NewReader(data), "fuzz", &out, disOptions{})
	})
}
