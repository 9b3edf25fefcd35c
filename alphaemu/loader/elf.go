package loader

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ELF constants used by the loader (System V gABI, Linux elf.h).
const (
	emAlpha    = 0x9026 // EM_ALPHA as Linux uses it (not the official 41)
	etExec     = 2
	etDyn      = 3
	ehdrSize   = 64
	phdrSize   = 56
	ptLoad     = 1
	ptInterp   = 3
	ptPhdr     = 6
	ptGNUStack = 0x6474e551
	pfX        = 1
	pfW        = 2
	pfR        = 4
	maxPhSize  = 65536 // Linux refuses program header tables larger than this
	pathMax    = 4096  // PATH_MAX: longest PT_INTERP string Linux accepts
)

// ErrNotELF is wrapped by errors for files that are not ELF at all.
var ErrNotELF = errors.New("not an ELF file")

// ErrBadELF is wrapped by errors for ELF files that Linux/Alpha would refuse to execute.
var ErrBadELF = errors.New("invalid ELF executable")

// header is the part of the ELF64 file header the loader uses.
type header struct {
	typ   uint16
	entry uint64
	phoff uint64
	phnum uint16
}

// prog is one ELF64 program header.
type prog struct {
	typ    uint32
	flags  uint32
	off    uint64
	vaddr  uint64
	filesz uint64
	memsz  uint64
	align  uint64
}

// file is a parsed and validated ELF executable or interpreter.
type file struct {
	r      io.ReaderAt
	size   int64
	hdr    header
	phdrs  []prog
	loads  []prog // the PT_LOAD entries, in file order (ascending vaddr)
	interp string // PT_INTERP path, "" if none
	// execStack: the stack must be executable (PT_GNU_STACK with PF_X, or
	// no PT_GNU_STACK, where Alpha's VM_DATA_DEFAULT_FLAGS include VM_EXEC).
	execStack bool
}

func badf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadELF}, args...)...)
}

// parseELF reads and validates the ELF header and program headers of r.
func parseELF(r io.ReaderAt, size int64) (*file, error) {
	if size < ehdrSize {
		if size >= 4 {
			var m [4]byte
			if n, _ := r.ReadAt(m[:], 0); n == 4 && string(m[:]) != "\x7fELF" {
				return nil, fmt.Errorf("%w (bad magic %q)", ErrNotELF, m[:])
			}
		}
		return nil, badf("file is %d bytes, shorter than an ELF64 header (%d)", size, ehdrSize)
	}
	var eh [ehdrSize]byte
	if n, err := r.ReadAt(eh[:], 0); n < len(eh) {
		return nil, fmt.Errorf("reading ELF header: %w", err)
	}
	if string(eh[:4]) != "\x7fELF" {
		return nil, fmt.Errorf("%w (bad magic %q)", ErrNotELF, eh[:4])
	}
	if eh[4] != 2 {
		return nil, badf("ELF class %d, want ELFCLASS64 (2)", eh[4])
	}
	if eh[5] != 1 {
		return nil, badf("ELF data encoding %d, want little-endian ELFDATA2LSB (1)", eh[5])
	}
	if eh[6] != 1 {
		return nil, badf("ELF ident version %d, want 1", eh[6])
	}
	le := binary.LittleEndian
	h := header{
		typ:   le.Uint16(eh[16:]),
		entry: le.Uint64(eh[24:]),
		phoff: le.Uint64(eh[32:]),
		phnum: le.Uint16(eh[56:]),
	}
	if m := le.Uint16(eh[18:]); m != emAlpha {
		return nil, badf("machine %#x is not Alpha (EM_ALPHA %#x)", m, emAlpha)
	}
	if h.typ != etExec && h.typ != etDyn {
		return nil, badf("ELF type %d is neither ET_EXEC nor ET_DYN", h.typ)
	}
	if pe := le.Uint16(eh[54:]); pe != phdrSize {
		return nil, badf("program header entry size %d, want %d", pe, phdrSize)
	}
	if h.phnum == 0 {
		return nil, badf("no program headers")
	}
	tab := uint64(h.phnum) * phdrSize
	if tab > maxPhSize {
		return nil, badf("program header table of %d bytes exceeds %d", tab, maxPhSize)
	}
	if h.phoff > uint64(size) || uint64(size)-h.phoff < tab {
		return nil, badf("program header table [%#x, +%#x) lies outside the %d-byte file", h.phoff, tab, size)
	}
	buf := make([]byte, tab)
	if n, err := r.ReadAt(buf, int64(h.phoff)); n < len(buf) {
		return nil, fmt.Errorf("reading program headers: %w", err)
	}
	f := &file{r: r, size: size, hdr: h, execStack: true}
	for i := range int(h.phnum) {
		b := buf[i*phdrSize:]
		p := prog{
			typ:    le.Uint32(b[0:]),
			flags:  le.Uint32(b[4:]),
			off:    le.Uint64(b[8:]),
			vaddr:  le.Uint64(b[16:]),
			filesz: le.Uint64(b[32:]),
			memsz:  le.Uint64(b[40:]),
			align:  le.Uint64(b[48:]),
		}
		f.phdrs = append(f.phdrs, p)
		switch p.typ {
		case ptLoad:
			if err := checkLoad(i, p, size); err != nil {
				return nil, err
			}
			if n := len(f.loads); n > 0 {
				prev := f.loads[n-1]
				if p.vaddr < prev.vaddr+prev.memsz {
					return nil, badf("PT_LOAD %d [%#x, %#x) overlaps or precedes the previous one ending at %#x",
						i, p.vaddr, p.vaddr+p.memsz, prev.vaddr+prev.memsz)
				}
			}
			f.loads = append(f.loads, p)
		case ptGNUStack:
			f.execStack = p.flags&pfX != 0
		case ptInterp:
			if f.interp != "" {
				return nil, badf("more than one PT_INTERP")
			}
			s, err := readInterp(r, size, p)
			if err != nil {
				return nil, err
			}
			f.interp = s
		}
	}
	if len(f.loads) == 0 {
		return nil, badf("no PT_LOAD segment")
	}
	return f, nil
}

// checkLoad validates one PT_LOAD program header against the file and the
// Alpha user address space.
func checkLoad(i int, p prog, size int64) error {
	if p.filesz > p.memsz {
		return badf("PT_LOAD %d: file size %#x exceeds memory size %#x", i, p.filesz, p.memsz)
	}
	if p.off > uint64(size) || uint64(size)-p.off < p.filesz {
		return badf("PT_LOAD %d: file range [%#x, +%#x) lies outside the %d-byte file", i, p.off, p.filesz, size)
	}
	if p.vaddr >= TaskSize || TaskSize-p.vaddr < p.memsz {
		return badf("PT_LOAD %d: [%#x, +%#x) lies outside the user address space (below %#x)", i, p.vaddr, p.memsz, uint64(TaskSize))
	}
	if p.off%PageSize != p.vaddr%PageSize {
		return badf("PT_LOAD %d: offset %#x and address %#x are not congruent modulo the page size %d", i, p.off, p.vaddr, PageSize)
	}
	return nil
}

// readInterp reads the NUL-terminated PT_INTERP path.
func readInterp(r io.ReaderAt, size int64, p prog) (string, error) {
	if p.filesz < 2 || p.filesz > pathMax {
		return "", badf("PT_INTERP size %d out of range [2, %d]", p.filesz, pathMax)
	}
	if p.off > uint64(size) || uint64(size)-p.off < p.filesz {
		return "", badf("PT_INTERP [%#x, +%#x) lies outside the %d-byte file", p.off, p.filesz, size)
	}
	b := make([]byte, p.filesz)
	if n, err := r.ReadAt(b, int64(p.off)); n < len(b) {
		return "", fmt.Errorf("reading PT_INTERP: %w", err)
	}
	if b[len(b)-1] != 0 {
		return "", badf("PT_INTERP path is not NUL-terminated")
	}
	// Linux uses the path as a C string: bytes after the first NUL are ignored.
	s := string(b[:bytes.IndexByte(b, 0)])
	if s == "" {
		return "", badf("PT_INTERP path is empty")
	}
	return s, nil
}

// span returns the page-aligned address range covered by the PT_LOAD segments
// (before any load bias).
func (f *file) span() (lo, hi uint64) {
	first, last := f.loads[0], f.loads[len(f.loads)-1]
	return pageDown(first.vaddr), pageUp(last.vaddr + last.memsz)
}

// phdrAddr returns the unbiased address at which the program headers are
// mapped (what AT_PHDR reports), or 0 if no PT_LOAD covers them; Linux ≥ 5.18
// computes it from the segment holding e_phoff.
func (f *file) phdrAddr() uint64 {
	for _, p := range f.loads {
		if p.off <= f.hdr.phoff && f.hdr.phoff < p.off+p.filesz {
			return f.hdr.phoff - p.off + p.vaddr
		}
	}
	return 0
}

// entryMapped reports whether the entry point lies in an executable PT_LOAD.
func (f *file) entryMapped() bool {
	for _, p := range f.loads {
		if p.flags&pfX != 0 && f.hdr.entry >= p.vaddr && f.hdr.entry-p.vaddr < p.memsz {
			return true
		}
	}
	return false
}

func pageDown(a uint64) uint64 { return a &^ (PageSize - 1) }
func pageUp(a uint64) uint64   { return (a + PageSize - 1) &^ (PageSize - 1) }
