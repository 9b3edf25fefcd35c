package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// disLine matches an instruction line of objdump -d (and of axpsec dis):
// address, the four bytes, and the text.
var disLine = regexp.MustCompile(`^ *([0-9a-f]+):\t((?:[0-9a-f]{2} ){4})\t(.*)$`)

// disInstructions maps address to "bytes|text" for every instruction line,
// with tabs in the text expanded and objdump's " <symbol+off>" annotations removed.
func disInstructions(t *testing.T, out []byte) map[string]string {
	t.Helper()
	annot := regexp.MustCompile(` <[^>]*>$`)
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		g := disLine.FindStringSubmatch(sc.Text())
		if g == nil {
			continue
		}
		text := annot.ReplaceAllString(g[3], "")
		var b strings.Builder
		for _, c := range text {
			if c == '\t' {
				b.WriteByte(' ')
				for b.Len()%8 != 0 {
					b.WriteByte(' ')
				}
				continue
			}
			b.WriteRune(c)
		}
		m[g[1]] = g[2] + "|" + strings.TrimRight(b.String(), " ")
	}
	return m
}

// TestDisMatchesObjdump disassembles a static glibc program (all of libc's
// code that gets linked in) with axpsec dis and with alpha-linux-gnu-objdump -d.
func TestDisMatchesObjdump(t *testing.T) {
	objdump := testtool.Objdump(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "hello.c")
	if err := os.WriteFile(src, []byte("#include <stdio.h>\nint main(int c, char **v) { printf(\"%g\\n\", c / 3.0); return 0; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	prog := testtool.BuildAlpha(t, []string{src}, testtool.StaticFlags...)
	want, err := exec.Command(objdump, "-d", prog).Output()
	if err != nil {
		t.Fatalf("objdump: %v", err)
	}
	var out, errb bytes.Buffer
	if code := runMain([]string{"dis", prog}, &out, &errb); code != exitOK {
		t.Fatalf("axpsec dis exit %d: %s", code, errb.String())
	}
	got, ref := disInstructions(t, out.Bytes()), disInstructions(t, want)
	if len(ref) < 10000 {
		t.Fatalf("objdump printed only %d instructions", len(ref))
	}
	bad := 0
	for addr, w := range ref {
		if got[addr] != w {
			if bad++; bad <= 20 {
				t.Errorf("%s: axpsec dis %q, objdump %q", addr, got[addr], w)
			}
		}
	}
	if len(got) != len(ref) {
		t.Errorf("axpsec dis printed %d instructions, objdump %d", len(got), len(ref))
	}
	// Symbol labels and annotated targets appear as objdump prints them.
	for _, s := range []string{"<main>:\n", "<__libc_start_main>:\n", "\tjsr     ra,(t12),"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q", s)
		}
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
