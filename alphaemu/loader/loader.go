// Package loader maps Linux/Alpha ELF executables into an emulated address
// space and builds the initial process stack the way Linux's binfmt_elf does
// (create_elf_tables), so that a program started at Image.Entry with
// Image.SP sees exactly what it would see on a Linux/Alpha kernel.
//
// It loads static ET_EXEC programs, static-pie programs (ET_DYN without
// PT_INTERP) and dynamically linked programs, whose PT_INTERP dynamic loader
// is taken from a sysroot. Addresses follow Linux with address-space
// randomization disabled: the stack ends at STACK_TOP (0x120000000), ET_DYN
// objects without a fixed address go to TASK_UNMAPPED_BASE (0x20000000000),
// and position-independent executables with an interpreter to ELF_ET_DYN_BASE.
package loader

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/axpsec/axpsec/alphaemu"
)

// Linux/Alpha address-space constants (arch/alpha/include/asm/processor.h, elf.h).
const (
	PageSize     = alphaemu.PageSize
	TaskSize     = 0x40000000000        // TASK_SIZE: end of the user address space
	StackTop     = 0x120000000          // STACK_TOP: the initial stack ends here
	MmapBase     = TaskSize / 2         // TASK_UNMAPPED_BASE: bottom-up mmap search starts here
	ETDynBase    = MmapBase + 0x1000000 // ELF_ET_DYN_BASE: where a PIE with an interpreter goes
	DefaultStack = 8 << 20              // default stack size (RLIMIT_STACK's default)
	InitialFPCR  = 0x680E800000000000   // FPCR at process start: traps disabled, round to nearest
	HWCap        = 0x1307               // AT_HWCAP of an EV67: ~amask(-1) = BWX|FIX|CIX|MVI|precise traps|prefetch
	Platform     = "ev67"               // AT_PLATFORM of an EV67
	ClockTicks   = 1024                 // AT_CLKTCK: Alpha's USER_HZ
	maxArgStrlen = 32 * PageSize        // MAX_ARG_STRLEN: longest single argument or environment string
)

// Options control process start (Linux create_elf_tables semantics).
type Options struct {
	Argv, Envv []string
	// ExecFn is AT_EXECFN: the path string placed at the top of the stack
	// (the path given to execve).
	ExecFn string
	// Sysroot is the host directory PT_INTERP paths are resolved in (for
	// example /usr/alpha-linux-gnu); "" refuses dynamically linked programs.
	Sysroot string
	// Random holds the 16 AT_RANDOM bytes.
	Random               [16]byte
	UID, EUID, GID, EGID uint64
	// Open opens the interpreter at a sysroot-resolved host path; nil opens
	// the host file (and closes it when Load returns). What Open returns is
	// the caller's to close.
	Open func(path string) (io.ReaderAt, int64, error)
	// StackSize is the size of the stack mapping below StackTop; 0 means DefaultStack.
	StackSize uint64
	// MaxMem limits the bytes of guest memory the image may map (segments,
	// interpreter and stack); 0 means no limit beyond the address space.
	MaxMem uint64
}

// Image is what Load produced: initial registers and the memory layout facts
// the kernel needs.
type Image struct {
	Entry       uint64 // initial pc: the interpreter's entry point, or the program's
	ProgEntry   uint64 // the program's own entry point (AT_ENTRY)
	SP          uint64 // initial stack pointer (address of argc)
	Phdr, Phnum uint64 // AT_PHDR and AT_PHNUM
	LoadBias    uint64 // added to the program's ELF addresses (non-zero for ET_DYN programs)
	Interp      string // PT_INTERP path as written in the program ("" if static)
	InterpBase  uint64 // AT_BASE: where the interpreter was loaded (0 if static)
	BrkStart    uint64 // initial program break: end of the program's BSS, page-aligned
	StackTop    uint64 // end of the stack mapping
	StackBottom uint64 // start of the stack mapping
	ExecStack   bool   // the stack is executable (PT_GNU_STACK with PF_X, or none)
	ArgStart    uint64 // first byte of the argument strings (mm->arg_start)
	EnvEnd      uint64 // end of the environment strings (mm->env_end)
	ExecFn      uint64 // address of the AT_EXECFN string
	Auxv        []Aux  // the auxiliary vector as placed on the stack, without AT_NULL
}

// Aux is one auxiliary vector entry.
type Aux struct {
	Type, Value uint64
}

// InitCPU sets the registers Linux sets at process start (start_thread and
// ELF_PLAT_INIT): pc, sp, r0 = 0, the initial FPCR, and clears everything else.
func (img *Image) InitCPU(c *alphaemu.CPU) {
	c.R = [32]uint64{}
	c.F = [32]uint64{}
	c.R[30] = img.SP
	c.PC = img.Entry
	c.FPCR = InitialFPCR
	c.SWCR = 0
	c.Unique = 0
}

// Load maps the ELF program exe (static ET_EXEC, static-pie ET_DYN, or one
// with PT_INTERP and the dynamic loader from opts.Sysroot) into mem, builds
// the initial stack (argc, argv, envp, auxv as Linux/Alpha does) and returns
// the Image. A non-Alpha, corrupt or truncated ELF gives a descriptive error
// wrapping ErrNotELF or ErrBadELF.
func Load(mem *alphaemu.Memory, exe io.ReaderAt, size int64, opts Options) (*Image, error) {
	f, err := parseELF(exe, size)
	if err != nil {
		return nil, err
	}
	if !f.entryMapped() {
		return nil, badf("entry point %#x is not in an executable PT_LOAD segment", f.hdr.entry)
	}
	var interp *file
	if f.interp != "" {
		if interp, err = openInterp(f.interp, opts); err != nil {
			return nil, err
		}
		if c, ok := interp.r.(io.Closer); ok && opts.Open == nil {
			defer c.Close()
		}
	}
	stackSize := opts.StackSize
	if stackSize == 0 {
		stackSize = DefaultStack
	}
	if stackSize%PageSize != 0 || stackSize > StackTop/2 {
		return nil, fmt.Errorf("loader: stack size %#x is not a page multiple below %#x", stackSize, uint64(StackTop/2))
	}
	lo, hi := f.span()
	var bias uint64
	if f.hdr.typ == etDyn {
		// Linux: a PIE with an interpreter gets load_bias =
		// ELF_PAGESTART(ELF_ET_DYN_BASE - first p_vaddr); a static-pie is
		// mapped wherever the first free range above TASK_UNMAPPED_BASE is.
		bias = MmapBase - lo
		if interp != nil {
			bias = pageDown(ETDynBase - f.loads[0].vaddr)
		}
		if lo+bias >= TaskSize || hi+bias > TaskSize || hi+bias < lo+bias {
			return nil, badf("position-independent segments [%#x, %#x) do not fit below %#x at bias %#x", lo, hi, uint64(TaskSize), bias)
		}
	}
	if hi+bias > StackTop-stackSize && lo+bias < StackTop {
		return nil, badf("segments [%#x, %#x) collide with the stack [%#x, %#x)", lo+bias, hi+bias, uint64(StackTop-stackSize), uint64(StackTop))
	}
	need := hi - lo + stackSize
	if interp != nil {
		ilo, ihi := interp.span()
		need += ihi - ilo
	}
	if opts.MaxMem != 0 && need > opts.MaxMem {
		return nil, fmt.Errorf("loader: program needs %d bytes of memory (segments and stack), over the limit of %d", need, opts.MaxMem)
	}
	img := &Image{
		Entry:     f.hdr.entry + bias,
		ProgEntry: f.hdr.entry + bias,
		Phnum:     uint64(f.hdr.phnum),
		LoadBias:  bias,
		Interp:    f.interp,
		StackTop:  StackTop,
	}
	if p := f.phdrAddr(); p != 0 {
		img.Phdr = p + bias
	}
	brk, err := mapSegments(mem, f, bias)
	if err != nil {
		return nil, err
	}
	img.BrkStart = pageUp(brk)
	if interp != nil {
		ilo, ihi := interp.span()
		base, err := findFree(mem, MmapBase, ihi-ilo)
		if err != nil {
			return nil, fmt.Errorf("loader: placing interpreter %s: %w", f.interp, err)
		}
		ibias := base - ilo
		if _, err := mapSegments(mem, interp, ibias); err != nil {
			return nil, fmt.Errorf("loader: interpreter %s: %w", f.interp, err)
		}
		img.InterpBase = base
		img.Entry = interp.hdr.entry + ibias
	}
	img.StackBottom = StackTop - stackSize
	img.ExecStack = f.execStack
	stackProt := alphaemu.ProtRead | alphaemu.ProtWrite
	if img.ExecStack {
		stackProt |= alphaemu.ProtExec
	}
	if err := mem.MapLazy(img.StackBottom, stackSize, stackProt); err != nil {
		return nil, fmt.Errorf("loader: mapping the stack: %w", err)
	}
	if err := buildStack(mem, img, opts); err != nil {
		return nil, err
	}
	return img, nil
}

// openInterp resolves and parses the PT_INTERP program under the sysroot.
func openInterp(name string, opts Options) (*file, error) {
	if opts.Sysroot == "" {
		return nil, fmt.Errorf("loader: %w (interpreter %s)", ErrNeedSysroot, name)
	}
	host := filepath.Join(opts.Sysroot, filepath.FromSlash(path.Clean("/"+name)))
	open := opts.Open
	if open == nil {
		open = openFile
	}
	r, size, err := open(host)
	if err != nil {
		return nil, fmt.Errorf("loader: opening interpreter %s: %w", name, err)
	}
	f, err := checkInterp(r, size)
	if err != nil {
		if c, ok := r.(io.Closer); ok && opts.Open == nil {
			c.Close()
		}
		return nil, fmt.Errorf("loader: interpreter %s: %w", host, err)
	}
	return f, nil
}

// checkInterp parses and validates a dynamic loader.
func checkInterp(r io.ReaderAt, size int64) (*file, error) {
	f, err := parseELF(r, size)
	if err != nil {
		return nil, err
	}
	switch {
	case f.hdr.typ != etDyn:
		return nil, badf("interpreter is not ET_DYN")
	case f.interp != "":
		return nil, badf("interpreter has its own PT_INTERP")
	case !f.entryMapped():
		return nil, badf("entry point %#x is not in an executable PT_LOAD segment", f.hdr.entry)
	}
	return f, nil
}

// openFile opens a regular host file for reading; Load closes it when done
// (everything is copied into guest memory).
func openFile(name string) (io.ReaderAt, int64, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		fh.Close()
		return nil, 0, fmt.Errorf("%s is not a regular file", name)
	}
	return fh, st.Size(), nil
}

// ErrNeedSysroot is wrapped by the error for a dynamically linked program
// loaded without Options.Sysroot.
var ErrNeedSysroot = errors.New("dynamically linked program needs a sysroot")

// errNoSpace is returned when no free range of the requested size exists.
var errNoSpace = errors.New("no free address range")

// findFree returns the lowest page-aligned address ≥ from where size bytes are
// unmapped, like Alpha's bottom-up arch_get_unmapped_area.
func findFree(mem *alphaemu.Memory, from, size uint64) (uint64, error) {
	addr := from
	for addr+size <= TaskSize {
		clear := true
		for a := addr; a < addr+size; a += PageSize {
			if _, ok := mem.Prot(a); ok {
				addr = a + PageSize
				clear = false
				break
			}
		}
		if clear {
			return addr, nil
		}
	}
	return 0, errNoSpace
}
