package main

import (
	"bufio"
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/alphaemu/asm"
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
	f.Add(tinyAlphaELF(f, asm.MustAssemble("f: nop\nbr f\n.long 0,0\ng: ret", 0x120000000),
		[]disSym{{"f", 0, true}, {"g", 16, false}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		_ = disassembleELF(bytes.NewReader(data), "fuzz", &out, disOptions{})
	})
}

// disSym is a symbol of a synthetic test ELF: a function at an offset in .text.
type disSym struct {
	name   string
	off    uint64
	global bool
}

// tinyAlphaELF builds a minimal Alpha ELF executable whose .text (at
// 0x120000000) holds code, with a symbol table holding syms.
func tinyAlphaELF(t testing.TB, code []uint32, syms []disSym) []byte {
	t.Helper()
	const textAddr = 0x120000000
	var text bytes.Buffer
	for _, w := range code {
		binary.Write(&text, binary.LittleEndian, w)
	}
	shstr := "\x00.text\x00.symtab\x00.strtab\x00.shstrtab\x00"
	strtab := "\x00"
	// Local symbols first, as the ELF spec requires; .symtab's sh_info is the
	// index of the first global.
	ordered := make([]disSym, 0, len(syms))
	for pass := range 2 {
		for _, s := range syms {
			if s.global == (pass == 1) {
				ordered = append(ordered, s)
			}
		}
	}
	firstGlobal := uint32(1)
	var symtab bytes.Buffer
	binary.Write(&symtab, binary.LittleEndian, elf.Sym64{})
	for _, s := range ordered {
		if !s.global {
			firstGlobal++
		}
		bind := elf.STB_LOCAL
		if s.global {
			bind = elf.STB_GLOBAL
		}
		binary.Write(&symtab, binary.LittleEndian, elf.Sym64{
			Name: uint32(len(strtab)), Info: elf.ST_INFO(bind, elf.STT_FUNC), Shndx: 1, Value: textAddr + s.off,
		})
		strtab += s.name + "\x00"
	}
	// Layout: header, .text, .symtab, .strtab, .shstrtab, section headers.
	off := uint64(64)
	place := func(n int) uint64 { o := off; off += uint64(n); return o }
	textOff, symOff := place(text.Len()), place(symtab.Len())
	strOff, shstrOff := place(len(strtab)), place(len(shstr))
	shoff := (off + 7) &^ 7
	var out bytes.Buffer
	hdr := elf.Header64{
		Type: uint16(elf.ET_EXEC), Machine: uint16(elf.EM_ALPHA), Version: 1, Entry: textAddr,
		Shoff: shoff, Ehsize: 64, Shentsize: 64, Shnum: 5, Shstrndx: 4,
	}
	copy(hdr.Ident[:], "\x7fELF\x02\x01\x01")
	binary.Write(&out, binary.LittleEndian, hdr)
	out.Write(text.Bytes())
	out.Write(symtab.Bytes())
	out.WriteString(strtab)
	out.WriteString(shstr)
	out.Write(make([]byte, shoff-off))
	for _, sh := range []elf.Section64{
		{},
		{Name: 1, Type: uint32(elf.SHT_PROGBITS), Flags: uint64(elf.SHF_ALLOC | elf.SHF_EXECINSTR),
			Addr: textAddr, Off: textOff, Size: uint64(text.Len()), Addralign: 16},
		{Name: 7, Type: uint32(elf.SHT_SYMTAB), Off: symOff, Size: uint64(symtab.Len()), Link: 3, Info: firstGlobal,
			Addralign: 8, Entsize: 24},
		{Name: 15, Type: uint32(elf.SHT_STRTAB), Off: strOff, Size: uint64(len(strtab)), Addralign: 1},
		{Name: 23, Type: uint32(elf.SHT_STRTAB), Off: shstrOff, Size: uint64(len(shstr)), Addralign: 1},
	} {
		binary.Write(&out, binary.LittleEndian, sh)
	}
	return out.Bytes()
}

// TestDisSynthetic checks labels, symbolized targets, zero-run elision and
// address ranges on a synthetic ELF (no cross tools needed).
func TestDisSynthetic(t *testing.T) {
	code := asm.MustAssemble(`
f:	ldah	gp,1(t12)
	br	g
	bsr	ra,f
	.long	0, 0, 0
g:	beq	v0, g2
	.long	0
g2:	ret`, 0x120000000)
	elfData := tinyAlphaELF(t, code, []disSym{{"f", 0, true}, {"g", 24, false}, {"g2", 32, false}})
	path := filepath.Join(t.TempDir(), "tiny")
	if err := os.WriteFile(path, elfData, 0o644); err != nil {
		t.Fatal(err)
	}
	const head = "\n" + "%s:     file format elf64-alpha\n\n\nDisassembly of section .text:\n"
	cases := []struct {
		args []string
		want string
	}{
		{nil, head + `
0000000120000000 <f>:
   120000000:	01 00 bb 27 	ldah    gp,1(t12)
   120000004:	04 00 e0 c3 	br      120000018 <g>
   120000008:	fd ff 5f d3 	bsr     ra,120000000 <f>
	...

0000000120000018 <g>:
   120000018:	01 00 00 e4 	beq     v0,120000020 <g2>
   12000001c:	00 00 00 00 	halt

0000000120000020 <g2>:
   120000020:	01 80 fa 6b 	ret
`},
		{[]string{"--zeros", "--start", "0x120000008", "--stop", "0x120000018"}, head + `
0000000120000008 <f+0x8>:
   120000008:	fd ff 5f d3 	bsr     ra,120000000 <f>
   12000000c:	00 00 00 00 	halt
   120000010:	00 00 00 00 	halt
   120000014:	00 00 00 00 	halt
`},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if code := runMain(append(append([]string{"dis"}, c.args...), path), &out, &errb); code != exitOK {
			t.Fatalf("dis %v: exit %d: %s", c.args, code, errb.String())
		}
		if want := fmt.Sprintf(c.want, path); out.String() != want {
			t.Errorf("dis %v:\n%s\nwant:\n%s", c.args, out.String(), want)
		}
	}
}
