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
		usage:   "[--section NAME] [--start ADDR] [--stop ADDR] [--zeros] PROG",
		summary: "disassemble an Alpha ELF's executable sections (objdump -d syntax)",
		run:     runDis,
	})
}

// disOptions selects what dis prints.
type disOptions struct {
	section     string
	start, stop uint64
	zeros       bool // print runs of zero words instead of "..."
}

func runDis(args []string, stdout, stderr io.Writer) int {
	var o disOptions
	fs := flag.NewFlagSet("dis", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.section, "section", "", "disassemble only this section")
	fs.BoolVar(&o.zeros, "zeros", false, "print runs of zero words instead of eliding them (objdump -z)")
	fs.Func("start", "first address to disassemble (hex with 0x, or decimal)", disAddrFlag(&o.start))
	fs.Func("stop", "address to stop before", disAddrFlag(&o.stop))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: axpsec dis [--section NAME] [--start ADDR] [--stop ADDR] [--zeros] PROG")
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
		f := fs.Lookup(name)
		if f == nil || strings.Contains(name, "=") || i+1 >= len(args) {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
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

// disSymtab holds, per section, the symbols that can label its addresses.
type disSymtab struct {
	f     *elf.File
	bySec map[elf.SectionIndex][]disSymbol // sorted by address, one per address
	loose []disSymbol                      // all defined symbols, for addresses outside every section
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
	st := newDisSymtab(f)
	found := false
	for i, sec := range f.Sections {
		if sec.Type != elf.SHT_PROGBITS || sec.Flags&elf.SHF_EXECINSTR == 0 {
			continue
		}
		if o.section != "" && sec.Name != o.section {
			continue
		}
		found = true
		if sec.Addr+sec.Size <= o.start || o.stop != 0 && sec.Addr >= o.stop {
			continue
		}
		data, err := sec.Data()
		if err != nil {
			return fmt.Errorf("%s: reading section %s: %w", name, sec.Name, err)
		}
		disSection(w, sec, data, st, elf.SectionIndex(i), o)
	}
	if !found && o.section != "" {
		return fmt.Errorf("%s: no executable section %q", name, o.section)
	}
	return nil
}

// newDisSymtab collects the function, object and untyped symbols of f per
// section, keeping one per address: functions over objects over untyped,
// then globals over weak over local symbols, then the first name in order.
func newDisSymtab(f *elf.File) *disSymtab {
	st := &disSymtab{f: f, bySec: map[elf.SectionIndex][]disSymbol{}}
	all, err := f.Symbols()
	if err != nil {
		return st // no symbol table: print bare addresses
	}
	type key struct {
		sec  elf.SectionIndex
		addr uint64
	}
	best := map[key]disSymbol{}
	loose := map[uint64]disSymbol{}
	for _, s := range all {
		if s.Name == "" || strings.HasPrefix(s.Name, "$") || int(s.Section) <= 0 || int(s.Section) >= len(f.Sections) {
			continue
		}
		score := 0
		switch elf.ST_TYPE(s.Info) {
		case elf.STT_FUNC:
			score = 6
		case elf.STT_OBJECT, elf.STT_TLS:
			score = 3
		case elf.STT_NOTYPE:
		default:
			continue
		}
		switch elf.ST_BIND(s.Info) {
		case elf.STB_GLOBAL:
			score += 2
		case elf.STB_WEAK:
			score++
		}
		sym := disSymbol{name: s.Name, addr: s.Value, score: score}
		if cur, ok := loose[s.Value]; !ok || sym.better(cur) {
			loose[s.Value] = sym
		}
		sec := f.Sections[s.Section]
		if s.Value < sec.Addr || s.Value-sec.Addr >= sec.Size || elf.ST_TYPE(s.Info) == elf.STT_TLS {
			continue
		}
		k := key{s.Section, s.Value}
		if cur, ok := best[k]; !ok || sym.better(cur) {
			best[k] = sym
		}
	}
	for k, s := range best {
		st.bySec[k.sec] = append(st.bySec[k.sec], s)
	}
	for _, syms := range st.bySec {
		disSortSymbols(syms)
	}
	for _, s := range loose {
		st.loose = append(st.loose, s)
	}
	disSortSymbols(st.loose)
	return st
}

func (s disSymbol) better(than disSymbol) bool {
	return s.score > than.score || s.score == than.score && s.name < than.name
}

func disSortSymbols(syms []disSymbol) {
	sort.Slice(syms, func(i, j int) bool { return syms[i].addr < syms[j].addr })
}

// annotate returns " <sym+0xoff>" for addr, using the symbols of the
// allocated section that contains addr (all symbols if none does), or "" if
// no symbol precedes addr.
func (st *disSymtab) annotate(addr uint64) string {
	syms := st.loose
	for i, sec := range st.f.Sections {
		if sec.Flags&elf.SHF_ALLOC != 0 && addr >= sec.Addr && addr-sec.Addr < sec.Size {
			syms = st.bySec[elf.SectionIndex(i)]
			break
		}
	}
	j := sort.Search(len(syms), func(j int) bool { return syms[j].addr > addr })
	if j == 0 {
		return ""
	}
	s := syms[j-1]
	if s.addr == addr {
		return " <" + s.name + ">"
	}
	return fmt.Sprintf(" <%s+%#x>", s.name, addr-s.addr)
}

func disSection(w io.Writer, sec *elf.Section, data []byte, st *disSymtab, idx elf.SectionIndex, o disOptions) {
	syms := st.bySec[idx]
	fmt.Fprintf(w, "\nDisassembly of section %s:\n", sec.Name)
	// Like objdump, drop the leading zeros of a 16-digit address in groups of
	// four, keeping at least one zero for the section's end address, and pad
	// with spaces.
	end := sec.Addr + uint64(len(data))
	width := 16
	if zeros := 16 - len(strconv.FormatUint(end, 16)); zeros > 0 {
		width -= (zeros - 1) &^ 3
	}
	next := 0 // index of the next symbol label to print
	first := true
	for off := 0; off+4 <= len(data); off += 4 {
		pc := sec.Addr + uint64(off)
		if pc < o.start || o.stop != 0 && pc >= o.stop {
			continue
		}
		for next < len(syms) && syms[next].addr < pc {
			next++
		}
		switch {
		case next < len(syms) && syms[next].addr == pc:
			fmt.Fprintf(w, "\n%016x <%s>:\n", pc, syms[next].name)
		case first:
			fmt.Fprintf(w, "\n%016x <%s>:\n", pc, disLabelBefore(syms, pc, sec.Name))
		}
		first = false
		word := disWord(data, off)
		if word == 0 && !o.zeros {
			// Like objdump, elide a run of two or more zero words that ends
			// before the next symbol, the stop address or the section end.
			after := next // the first symbol after pc
			if after < len(syms) && syms[after].addr == pc {
				after++
			}
			n := 0
			for off+4*n+4 <= len(data) && disWord(data, off+4*n) == 0 {
				a := pc + uint64(4*n)
				if after < len(syms) && syms[after].addr <= a || o.stop != 0 && a >= o.stop {
					break
				}
				n++
			}
			if n >= 2 {
				fmt.Fprintln(w, "\t...")
				off += 4 * (n - 1)
				continue
			}
		}
		text := asm.Disassemble(word, pc)
		if t, ok := asm.Target(word, pc); ok && len(st.bySec) > 0 {
			// With symbols, objdump prints targets without 0x, followed by the symbol.
			hex := strconv.FormatUint(t, 16)
			printed := "0x" + hex
			if t == 0 {
				printed = "0"
			}
			text = strings.TrimSuffix(text, printed) + hex + st.annotate(t)
		}
		fmt.Fprintf(w, "%*x:\t%02x %02x %02x %02x \t%s\n", width, pc, data[off], data[off+1], data[off+2], data[off+3], text)
	}
}

func disWord(data []byte, off int) uint32 {
	return uint32(data[off]) | uint32(data[off+1])<<8 | uint32(data[off+2])<<16 | uint32(data[off+3])<<24
}

// disLabelBefore names an address that starts the output without a symbol of
// its own: the preceding symbol plus offset, or the section name.
func disLabelBefore(syms []disSymbol, pc uint64, section string) string {
	i := sort.Search(len(syms), func(i int) bool { return syms[i].addr > pc })
	if i == 0 {
		return section
	}
	return fmt.Sprintf("%s+%#x", syms[i-1].name, pc-syms[i-1].addr)
}
