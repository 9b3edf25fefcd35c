package main

import (
	"bufio"
	"debug/elf"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/axpsec/axpsec/alphaemu/asm"
)

func init() {
	register(&command{
		name:    "dis",
		usage:   "[--section NAME] [--start ADDR] [--stop ADDR] PROG",
		summary: "disassemble an Alpha ELF's executable sections (objdump -d syntax)",
		run:     runDis,
	})
}

// disOptions selects what dis prints.
type disOptions struct {
	section     string
	start, stop uint64
}

func runDis(args []string, stdout, stderr io.Writer) int {
	var o disOptions
	fs := flag.NewFlagSet("dis", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.section, "section", "", "disassemble only this section")
	fs.Func("start", "first address to disassemble (hex with 0x, or decimal)", disAddrFlag(&o.start))
	fs.Func("stop", "address to stop before", disAddrFlag(&o.stop))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: axpsec dis [--section NAME] [--start ADDR] [--stop ADDR] PROG")
		fs.PrintDefaults()
	}
	if err := fs.Parse(disFlagsFirst(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadUse
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitBadUse
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "axpsec dis: %v\n", err)
		return exitBadUse
	}
	defer f.Close()
	w := bufio.NewWriter(stdout)
	err = disassembleELF(f, path, w, o)
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing output: %w", ferr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "axpsec dis: %v\n", err)
		return exitBadUse
	}
	return exitOK
}

func disAddrFlag(dst *uint64) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			return fmt.Errorf("bad address %q", s)
		}
		*dst = v
		return nil
	}
}

// disFlagsFirst moves flags (and their values) before the positional
// arguments, so that flags may follow the program path.
func disFlagsFirst(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && fs.Lookup(name) != nil && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return append(append(flags, "--"), pos...)
}

// disSymbol is a symbol that can label an address.
type disSymbol struct {
	name  string
	addr  uint64
	score int // higher wins among symbols at one address
}

// disassembleELF writes objdump -d style output for the executable sections of
// the Alpha ELF file read from r.
func disassembleELF(r io.ReaderAt, name string, w io.Writer, o disOptions) error {
	f, err := elf.NewFile(r)
	if err != nil {
		return fmt.Errorf("%s: not an ELF file: %w", name, err)
	}
	if f.Machine != elf.EM_ALPHA || f.Class != elf.ELFCLASS64 || f.Data != elf.ELFDATA2LSB {
		return fmt.Errorf("%s: not a 64-bit little-endian Alpha ELF file (machine %v, class %v)", name, f.Machine, f.Class)
	}
	fmt.Fprintf(w, "\n%s:     file format elf64-alpha\n\n", name)
	found := false
	for i, sec := range f.Sections {
		if sec.Type != elf.SHT_PROGBITS || sec.Flags&elf.SHF_EXECINSTR == 0 {
			continue
		}
		if o.section != "" && sec.Name != o.section {
			continue
		}
		found = true
		data, err := sec.Data()
		if err != nil {
			return fmt.Errorf("%s: reading section %s: %w", name, sec.Name, err)
		}
		syms := disSectionSymbols(f, elf.SectionIndex(i), sec)
		disSection(w, sec, data, syms, o)
	}
	if !found && o.section != "" {
		return fmt.Errorf("%s: no executable section %q", name, o.section)
	}
	return nil
}

// disSectionSymbols returns the symbols defined in section idx, sorted by
// address, one per address (functions over objects over untyped, globals
// over locals).
func disSectionSymbols(f *elf.File, idx elf.SectionIndex, sec *elf.Section) []disSymbol {
	all, err := f.Symbols()
	if err != nil {
		return nil // no symbol table: print bare addresses
	}
	best := map[uint64]disSymbol{}
	for _, s := range all {
		if s.Section != idx || s.Name == "" || strings.HasPrefix(s.Name, "$") ||
			s.Value < sec.Addr || s.Value-sec.Addr >= sec.Size {
			continue
		}
		score := 0
		switch elf.ST_TYPE(s.Info) {
		case elf.STT_FUNC:
			score = 4
		case elf.STT_OBJECT:
			score = 2
		case elf.STT_NOTYPE:
			score = 1
		default:
			continue
		}
		if elf.ST_BIND(s.Info) != elf.STB_LOCAL {
			score++
		}
		cur, ok := best[s.Value]
		if !ok || score > cur.score || score == cur.score && s.Name < cur.name {
			best[s.Value] = disSymbol{name: s.Name, addr: s.Value, score: score}
		}
	}
	syms := make([]disSymbol, 0, len(best))
	for _, s := range best {
		syms = append(syms, s)
	}
	sort.Slice(syms, func(i, j int) bool { return syms[i].addr < syms[j].addr })
	return syms
}

// disSymbolize returns " <sym+0xoff>" for addr, or "" if no symbol precedes it.
func disSymbolize(syms []disSymbol, addr uint64) string {
	i := sort.Search(len(syms), func(i int) bool { return syms[i].addr > addr })
	if i == 0 {
		return ""
	}
	s := syms[i-1]
	if s.addr == addr {
		return " <" + s.name + ">"
	}
	return fmt.Sprintf(" <%s+%#x>", s.name, addr-s.addr)
}

func disSection(w io.Writer, sec *elf.Section, data []byte, syms []disSymbol, o disOptions) {
	fmt.Fprintf(w, "\nDisassembly of section %s:\n", sec.Name)
	end := sec.Addr + uint64(len(data))
	width := len(strconv.FormatUint(end, 16)) + 3
	next := 0 // index of the next symbol label to print
	for off := 0; off+4 <= len(data); off += 4 {
		pc := sec.Addr + uint64(off)
		if pc < o.start || o.stop != 0 && pc >= o.stop {
			continue
		}
		for next < len(syms) && syms[next].addr < pc {
			next++
		}
		if next < len(syms) && syms[next].addr == pc {
			fmt.Fprintf(w, "\n%016x <%s>:\n", pc, syms[next].name)
		}
		word := uint32(data[off]) | uint32(data[off+1])<<8 | uint32(data[off+2])<<16 | uint32(data[off+3])<<24
		text := asm.Disassemble(word, pc)
		if t, ok := asm.Target(word, pc); ok && len(syms) > 0 {
			// With symbols, objdump prints targets without 0x, followed by the symbol.
			hex := strconv.FormatUint(t, 16)
			printed := "0x" + hex
			if t == 0 {
				printed = "0"
			}
			text = strings.TrimSuffix(text, printed) + hex + disSymbolize(syms, t)
		}
		fmt.Fprintf(w, "%*x:\t%02x %02x %02x %02x \t%s\n", width, pc, data[off], data[off+1], data[off+2], data[off+3], text)
	}
}
