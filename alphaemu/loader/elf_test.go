package loader

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/alphaemu"
)

// testELF describes a synthetic ELF64 file for tests.
type testELF struct {
	class, data byte
	machine     uint16
	typ         uint16
	entry       uint64
	phentsize   uint16
	phoff       uint64 // 0 means right after the header
	phdrs       []prog
	size        int // total file size (0: just large enough for the phdrs and 0x4000 bytes)
	fill        map[int][]byte
}

// build serializes e.
func (e testELF) build() []byte {
	if e.class == 0 {
		e.class = 2
	}
	if e.data == 0 {
		e.data = 1
	}
	if e.machine == 0 {
		e.machine = emAlpha
	}
	if e.typ == 0 {
		e.typ = etExec
	}
	if e.phentsize == 0 {
		e.phentsize = phdrSize
	}
	if e.phoff == 0 {
		e.phoff = ehdrSize
	}
	size := e.size
	if size == 0 {
		size = int(e.phoff) + len(e.phdrs)*phdrSize + 0x4000
	}
	b := make([]byte, max(size, ehdrSize))
	copy(b, "\x7fELF")
	b[4], b[5], b[6] = e.class, e.data, 1
	le := binary.LittleEndian
	le.PutUint16(b[16:], e.typ)
	le.PutUint16(b[18:], e.machine)
	le.PutUint32(b[20:], 1)
	le.PutUint64(b[24:], e.entry)
	le.PutUint64(b[32:], e.phoff)
	le.PutUint16(b[52:], ehdrSize)
	le.PutUint16(b[54:], e.phentsize)
	le.PutUint16(b[56:], uint16(len(e.phdrs)))
	for i, p := range e.phdrs {
		o := int(e.phoff) + i*phdrSize
		if o+phdrSize > len(b) {
			break
		}
		le.PutUint32(b[o:], p.typ)
		le.PutUint32(b[o+4:], p.flags)
		le.PutUint64(b[o+8:], p.off)
		le.PutUint64(b[o+16:], p.vaddr)
		le.PutUint64(b[o+24:], p.vaddr)
		le.PutUint64(b[o+32:], p.filesz)
		le.PutUint64(b[o+40:], p.memsz)
		le.PutUint64(b[o+48:], p.align)
	}
	for off, data := range e.fill {
		copy(b[off:], data)
	}
	return b[:size]
}

// staticELF is a minimal valid static executable: text with the headers at
// 0x120000000 and a data segment with BSS sharing no page with it.
func staticELF() testELF {
	return testELF{
		entry: 0x120000100,
		phdrs: []prog{
			{typ: ptLoad, flags: pfR | pfX, off: 0, vaddr: 0x120000000, filesz: 0x1000, memsz: 0x1000, align: 0x10000},
			{typ: ptLoad, flags: pfR | pfW, off: 0x1000, vaddr: 0x120011000, filesz: 0x800, memsz: 0x3000, align: 0x10000},
			{typ: ptGNUStack, flags: pfR | pfW},
		},
		fill: map[int][]byte{0x100: []byte("CODE"), 0x1000: []byte("DATA"), 0x17fc: []byte("LAST"), 0x1800: []byte("PAST")},
	}
}

// pieELF is staticELF as a position-independent ET_DYN linked at address 0.
func pieELF() testELF {
	e := staticELF()
	e.typ = etDyn
	for i := range e.phdrs {
		e.phdrs[i].vaddr -= 0x120000000
	}
	e.entry -= 0x120000000
	return e
}

func TestLoadRejects(t *testing.T) {
	mod := func(f func(*testELF)) []byte {
		e := staticELF()
		f(&e)
		return e.build()
	}
	tests := []struct {
		name string
		file []byte
		opts Options
		want string
		is   error
	}{
		{"empty", nil, Options{}, "shorter than an ELF64 header", ErrBadELF},
		{"script", []byte("#!/bin/sh\necho hello world, this is not an ELF file at all.......\n"), Options{}, "bad magic", ErrNotELF},
		{"short script", []byte("#!/bin/sh\n"), Options{}, "bad magic", ErrNotELF},
		{"elf32", mod(func(e *testELF) { e.class = 1 }), Options{}, "ELFCLASS64", ErrBadELF},
		{"big endian", mod(func(e *testELF) { e.data = 2 }), Options{}, "little-endian", ErrBadELF},
		{"x86-64", mod(func(e *testELF) { e.machine = 62 }), Options{}, "not Alpha", ErrBadELF},
		{"relocatable", mod(func(e *testELF) { e.typ = 1 }), Options{}, "neither ET_EXEC nor ET_DYN", ErrBadELF},
		{"phentsize", mod(func(e *testELF) { e.phentsize = 32 }), Options{}, "entry size 32", ErrBadELF},
		{"no phdrs", mod(func(e *testELF) { e.phdrs = nil }), Options{}, "no program headers", ErrBadELF},
		{"phdrs past end", mod(func(e *testELF) { e.phoff, e.size = 0x5000, 0x5010 }), Options{}, "outside the", ErrBadELF},
		{"truncated", staticELF().build()[:0x1400], Options{}, "PT_LOAD 1: file range", ErrBadELF},
		{"filesz > memsz", mod(func(e *testELF) { e.phdrs[1].memsz = 0x10 }), Options{}, "exceeds memory size", ErrBadELF},
		{"beyond task size", mod(func(e *testELF) { e.phdrs[1].vaddr = TaskSize - 0x1000 + 0x1000%PageSize }), Options{}, "outside the user address space", ErrBadELF},
		{"wrapping", mod(func(e *testELF) { e.phdrs[1].vaddr = 0xffffffffffff1000; e.phdrs[1].memsz = 0x10000 }), Options{}, "outside the user address space", ErrBadELF},
		{"not congruent", mod(func(e *testELF) { e.phdrs[1].vaddr = 0x120011008 }), Options{}, "not congruent", ErrBadELF},
		{"overlap", mod(func(e *testELF) { e.phdrs[1].vaddr = 0x120000000 + 0x1000; e.phdrs[0].memsz = 0x1010 }), Options{}, "overlaps", ErrBadELF},
		{"unsorted", mod(func(e *testELF) { e.phdrs[0], e.phdrs[1] = e.phdrs[1], e.phdrs[0] }), Options{}, "overlaps or precedes", ErrBadELF},
		{"no load", mod(func(e *testELF) { e.phdrs[0].typ, e.phdrs[1].typ = 4, 4 }), Options{}, "no PT_LOAD", ErrBadELF},
		{"entry outside", mod(func(e *testELF) { e.entry = 0x120011000 }), Options{}, "entry point", ErrBadELF},
		{"huge memsz", mod(func(e *testELF) { e.phdrs[1].memsz = 1 << 40 }), Options{MaxMem: 256 << 20}, "over the limit", nil},
		{"stack collision", mod(func(e *testELF) {
			e.phdrs[0].vaddr, e.entry = 0x11ff00000, 0x11ff00100
			e.phdrs[1].vaddr = 0x11ff11000
		}), Options{}, "collide with the stack", ErrBadELF},
		{"interp without sysroot", mod(func(e *testELF) {
			e.phdrs = append(e.phdrs, prog{typ: ptInterp, off: 0x200, filesz: 19})
			e.fill[0x200] = []byte("/lib/ld-linux.so.2\x00")
		}), Options{}, "needs a sysroot", nil},
		{"interp unterminated", mod(func(e *testELF) {
			e.phdrs = append(e.phdrs, prog{typ: ptInterp, off: 0x200, filesz: 4})
			e.fill[0x200] = []byte("/lib")
		}), Options{}, "not NUL-terminated", ErrBadELF},
		{"empty interp", mod(func(e *testELF) {
			e.phdrs = append(e.phdrs, prog{typ: ptInterp, off: 0x200, filesz: 2})
		}), Options{Sysroot: "/"}, "PT_INTERP path is empty", ErrBadELF},
		{"two interps", mod(func(e *testELF) {
			e.phdrs = append(e.phdrs, prog{typ: ptInterp, off: 0x200, filesz: 3}, prog{typ: ptInterp, off: 0x200, filesz: 3})
			e.fill[0x200] = []byte("/a\x00")
		}), Options{Sysroot: "/nonexistent"}, "more than one PT_INTERP", ErrBadELF},
		{"interp missing", mod(func(e *testELF) {
			e.phdrs = append(e.phdrs, prog{typ: ptInterp, off: 0x200, filesz: 3})
			e.fill[0x200] = []byte("/a\x00")
		}), Options{Sysroot: t.TempDir()}, "opening interpreter /a", nil},
		{"NUL in argv", staticELF().build(), Options{Argv: []string{"a\x00b"}}, "NUL byte", nil},
		{"huge argv", staticELF().build(), Options{Argv: []string{strings.Repeat("x", 40<<10)}, StackSize: 64 << 10}, "exceed the limit of 16384", nil},
		{"long string", staticELF().build(), Options{Envv: []string{strings.Repeat("x", 300<<10)}}, "exceeds 262144", nil},
		{"odd stack size", staticELF().build(), Options{StackSize: 100}, "stack size", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := alphaemu.NewMemory()
			img, err := Load(mem, bytes.NewReader(tc.file), int64(len(tc.file)), tc.opts)
			if err == nil {
				t.Fatalf("Load succeeded (entry %#x), want error containing %q", img.Entry, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %q does not wrap %v", err, tc.is)
			}
		})
	}
}

func TestLoadSegments(t *testing.T) {
	e := staticELF()
	file := e.build()
	mem := alphaemu.NewMemory()
	img, err := Load(mem, bytes.NewReader(file), int64(len(file)), Options{Argv: []string{"p"}, ExecFn: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if img.Entry != 0x120000100 || img.ProgEntry != img.Entry || img.LoadBias != 0 || img.InterpBase != 0 {
		t.Errorf("entry %#x prog entry %#x bias %#x interp base %#x", img.Entry, img.ProgEntry, img.LoadBias, img.InterpBase)
	}
	if img.Phdr != 0x120000040 || img.Phnum != 3 {
		t.Errorf("phdr %#x phnum %d, want 0x120000040 3", img.Phdr, img.Phnum)
	}
	if img.BrkStart != 0x120014000 {
		t.Errorf("brk start %#x, want 0x120014000", img.BrkStart)
	}
	reads := []struct {
		addr uint64
		want string
	}{
		{0x120000000, "\x7fELF"},
		{0x120000100, "CODE"},
		{0x120011000, "DATA"},
		{0x1200117fc, "LAST"},
		{0x120011800, "\x00\x00\x00\x00"}, // BSS: the file bytes "PAST" must be cleared
		{0x120013ffc, "\x00\x00\x00\x00"},
	}
	for _, r := range reads {
		b := make([]byte, len(r.want))
		if err := mem.Poke(b, 0); err == nil {
			t.Fatal("Poke of unmapped page 0 succeeded")
		}
		if err := mem.ReadAt(b, r.addr); err != nil {
			t.Errorf("read %#x: %v", r.addr, err)
			continue
		}
		if string(b) != r.want {
			t.Errorf("at %#x: %q, want %q", r.addr, b, r.want)
		}
	}
	prots := []struct {
		addr uint64
		want alphaemu.Prot
		ok   bool
	}{
		{0x120000000, alphaemu.ProtRead | alphaemu.ProtExec, true},
		{0x120002000, 0, false},
		{0x120010000, alphaemu.ProtRead | alphaemu.ProtWrite, true},
		{0x120013fff, alphaemu.ProtRead | alphaemu.ProtWrite, true},
		{0x120014000, 0, false},
		{StackTop - 8, alphaemu.ProtRead | alphaemu.ProtWrite, true},
		{StackTop - DefaultStack, alphaemu.ProtRead | alphaemu.ProtWrite, true},
		{StackTop - DefaultStack - 1, 0, false},
		{StackTop, alphaemu.ProtRead | alphaemu.ProtExec, true}, // the text starts right at STACK_TOP
	}
	for _, p := range prots {
		got, ok := mem.Prot(p.addr)
		if got != p.want || ok != p.ok {
			t.Errorf("Prot(%#x) = %v, %v; want %v, %v", p.addr, got, ok, p.want, p.ok)
		}
	}
}

// TestStackProt checks Linux's executable-stack rule: PT_GNU_STACK decides,
// and without one Alpha's default data flags include VM_EXEC.
func TestStackProt(t *testing.T) {
	tests := []struct {
		name  string
		stack []prog
		exec  bool
	}{
		{"GNU_STACK RW", []prog{{typ: ptGNUStack, flags: pfR | pfW}}, false},
		{"GNU_STACK RWX", []prog{{typ: ptGNUStack, flags: pfR | pfW | pfX}}, true},
		{"no GNU_STACK", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := staticELF()
			e.phdrs = append(e.phdrs[:2], tc.stack...)
			file := e.build()
			mem := alphaemu.NewMemory()
			img, err := Load(mem, bytes.NewReader(file), int64(len(file)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := alphaemu.ProtRead | alphaemu.ProtWrite
			if tc.exec {
				want |= alphaemu.ProtExec
			}
			if p, _ := mem.Prot(img.SP); p != want || img.ExecStack != tc.exec {
				t.Errorf("stack protection %v, ExecStack %v; want %v, %v", p, img.ExecStack, want, tc.exec)
			}
		})
	}
}

func TestLoadStaticPIE(t *testing.T) {
	file := pieELF().build()
	mem := alphaemu.NewMemory()
	img, err := Load(mem, bytes.NewReader(file), int64(len(file)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if img.LoadBias != MmapBase || img.Entry != MmapBase+0x100 || img.Phdr != MmapBase+0x40 || img.BrkStart != MmapBase+0x14000 {
		t.Errorf("bias %#x entry %#x phdr %#x brk %#x", img.LoadBias, img.Entry, img.Phdr, img.BrkStart)
	}
	b := make([]byte, 4)
	if err := mem.ReadAt(b, MmapBase+0x11000); err != nil || string(b) != "DATA" {
		t.Errorf("data segment: %q, %v", b, err)
	}
}

func TestLoadSharedPage(t *testing.T) {
	// A data segment starting in the text's last page replaces that page with
	// the file's bytes (as a later MAP_FIXED file mapping does), taking its
	// protection; a BSS-only segment in the same page only clears its bytes.
	e := testELF{
		entry: 0x120000100,
		phdrs: []prog{
			{typ: ptLoad, flags: pfR | pfX, off: 0, vaddr: 0x120000000, filesz: 0x1000, memsz: 0x1000},
			{typ: ptLoad, flags: pfR | pfW, off: 0x1000, vaddr: 0x120001000, filesz: 0x100, memsz: 0x100},
			{typ: ptLoad, flags: pfR | pfW, off: 0x1100, vaddr: 0x120001100, filesz: 0, memsz: 0x3000},
		},
		fill: map[int][]byte{0x100: []byte("CODE"), 0x1000: []byte("DATA"), 0x1100: []byte("FILE")},
	}
	file := e.build()
	mem := alphaemu.NewMemory()
	if _, err := Load(mem, bytes.NewReader(file), int64(len(file)), Options{}); err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[uint64]string{0x120000100: "CODE", 0x120001000: "DATA", 0x120001100: "\x00\x00\x00\x00"} {
		b := make([]byte, 4)
		if err := mem.ReadAt(b, addr); err != nil || string(b) != want {
			t.Errorf("at %#x: %q, %v; want %q", addr, b, err, want)
		}
	}
	if p, _ := mem.Prot(0x120000000); p != alphaemu.ProtRead|alphaemu.ProtWrite {
		t.Errorf("shared page protection %v, want read|write", p)
	}
	if _, ok := mem.Prot(0x120004000); !ok {
		t.Error("BSS end page not mapped")
	}
}

func TestLoadPIEWithInterp(t *testing.T) {
	pie := pieELF()
	pie.phdrs = append(pie.phdrs, prog{typ: ptInterp, off: 0x200, filesz: 8})
	pie.fill[0x200] = []byte("/ld.so\x00\x00")
	interp := pieELF()
	interp.entry = 0x180
	tests := []struct {
		name   string
		interp []byte
		want   string // error substring, "" for success
	}{
		{"ok", interp.build(), ""},
		{"interp not ET_DYN", staticELF().build(), "not ET_DYN"},
		{"interp not ELF", []byte("garbage"), "interpreter /sysroot/ld.so"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := pie.build()
			mem := alphaemu.NewMemory()
			img, err := Load(mem, bytes.NewReader(file), int64(len(file)), Options{
				Sysroot: "/sysroot",
				Open: func(p string) (io.ReaderAt, int64, error) {
					if p != "/sysroot/ld.so" {
						return nil, 0, fmt.Errorf("unexpected path %s", p)
					}
					return bytes.NewReader(tc.interp), int64(len(tc.interp)), nil
				},
			})
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error %v, want %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if img.LoadBias != ETDynBase || img.ProgEntry != ETDynBase+0x100 || img.InterpBase != MmapBase || img.Entry != MmapBase+0x180 {
				t.Errorf("bias %#x prog entry %#x interp base %#x entry %#x", img.LoadBias, img.ProgEntry, img.InterpBase, img.Entry)
			}
			if img.Interp != "/ld.so" {
				t.Errorf("Interp %q", img.Interp)
			}
		})
	}
}
