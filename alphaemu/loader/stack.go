package loader

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/axpsec/axpsec/alphaemu"
)

// Auxiliary vector types (include/uapi/linux/auxvec.h, arch/alpha/include/uapi/asm/auxvec.h).
const (
	AtNull           = 0
	AtPhdr           = 3
	AtPhent          = 4
	AtPhnum          = 5
	AtPagesz         = 6
	AtBase           = 7
	AtFlags          = 8
	AtEntry          = 9
	AtUID            = 11
	AtEUID           = 12
	AtGID            = 13
	AtEGID           = 14
	AtPlatform       = 15
	AtHWCap          = 16
	AtClkTck         = 17
	AtSecure         = 23
	AtRandom         = 25
	AtExecFn         = 31
	AtL1ICacheShape  = 34
	AtL1DCacheShape  = 35
	AtL2CacheShape   = 36
	AtL3CacheShape   = 37
	noCache          = ^uint64(0) // cache shape of a cache the CPU does not have
	ev67L1CacheShape = 64<<10 | 6<<4 | 2
)

// buildStack writes the argument and environment strings, the executable
// name, the platform string, the AT_RANDOM bytes, and then argc, argv, envp
// and the auxiliary vector below them, exactly as Linux's copy_strings and
// create_elf_tables lay them out with stack randomization disabled.
func buildStack(mem *alphaemu.Memory, img *Image, opts Options) error {
	for _, list := range [][]string{opts.Argv, opts.Envv, {opts.ExecFn}} {
		for _, s := range list {
			if strings.IndexByte(s, 0) >= 0 {
				return fmt.Errorf("loader: argument or environment string %q contains a NUL byte", s)
			}
			if len(s)+1 > maxArgStrlen {
				return fmt.Errorf("loader: argument or environment string of %d bytes exceeds %d", len(s), maxArgStrlen)
			}
		}
	}
	if len(opts.Argv) == 0 {
		// Linux ≥ 5.18 (bprm_stack_limits/do_execveat_common) pushes one
		// empty string when execve is given an empty argv.
		opts.Argv = []string{""}
	}
	// Strings: the executable name right below a zero word at the top, then
	// the environment, then the arguments (each list in order, growing down).
	var strs []byte
	ptrs := make([]uint64, 0, len(opts.Argv)+len(opts.Envv))
	for _, s := range opts.Argv {
		ptrs = append(ptrs, uint64(len(strs)))
		strs = append(append(strs, s...), 0)
	}
	for _, s := range opts.Envv {
		ptrs = append(ptrs, uint64(len(strs)))
		strs = append(append(strs, s...), 0)
	}
	img.EnvEnd = uint64(len(strs))
	execOff := uint64(len(strs))
	strs = append(append(strs, opts.ExecFn...), 0)
	top := img.StackTop - 8
	size := img.StackTop - img.StackBottom
	if limit := size / 4; uint64(len(strs))+uint64(8*(len(ptrs)+2)) > limit {
		return fmt.Errorf("loader: %d bytes of arguments and environment exceed the limit of %d (a quarter of the stack)", len(strs), limit)
	}
	base := top - uint64(len(strs))
	img.ArgStart = base
	img.EnvEnd += base
	img.ExecFn = base + execOff
	for i := range ptrs {
		ptrs[i] += base
	}
	if err := mem.Poke(strs, base); err != nil {
		return fmt.Errorf("loader: writing argument strings: %w", err)
	}
	p := base
	p -= uint64(len(Platform) + 1)
	platform := p
	if err := mem.Poke(append([]byte(Platform), 0), platform); err != nil {
		return fmt.Errorf("loader: writing platform string: %w", err)
	}
	p -= 16
	random := p
	if err := mem.Poke(opts.Random[:], random); err != nil {
		return fmt.Errorf("loader: writing AT_RANDOM bytes: %w", err)
	}
	secure := uint64(0)
	if opts.UID != opts.EUID || opts.GID != opts.EGID {
		secure = 1
	}
	img.Auxv = []Aux{
		{AtL1ICacheShape, ev67L1CacheShape},
		{AtL1DCacheShape, ev67L1CacheShape},
		{AtL2CacheShape, noCache},
		{AtL3CacheShape, noCache},
		{AtHWCap, HWCap},
		{AtPagesz, PageSize},
		{AtClkTck, ClockTicks},
		{AtPhdr, img.Phdr},
		{AtPhent, phdrSize},
		{AtPhnum, img.Phnum},
		{AtBase, img.InterpBase},
		{AtFlags, 0},
		{AtEntry, img.ProgEntry},
		{AtUID, opts.UID},
		{AtEUID, opts.EUID},
		{AtGID, opts.GID},
		{AtEGID, opts.EGID},
		{AtSecure, secure},
		{AtRandom, random},
		{AtExecFn, img.ExecFn},
		{AtPlatform, platform},
	}
	argc := len(opts.Argv)
	words := 1 + argc + 1 + len(opts.Envv) + 1 + 2*(len(img.Auxv)+1)
	sp := (p - uint64(8*words)) &^ 15
	if sp < img.StackBottom {
		return fmt.Errorf("loader: initial stack does not fit in %d bytes", size)
	}
	tab := make([]byte, 8*words)
	le := binary.LittleEndian
	w := 0
	put := func(v uint64) { le.PutUint64(tab[w:], v); w += 8 }
	put(uint64(argc))
	for _, a := range ptrs[:argc] {
		put(a)
	}
	put(0)
	for _, e := range ptrs[argc:] {
		put(e)
	}
	put(0)
	for _, a := range img.Auxv {
		put(a.Type)
		put(a.Value)
	}
	put(AtNull)
	put(0)
	if err := mem.Poke(tab, sp); err != nil {
		return fmt.Errorf("loader: writing the initial stack: %w", err)
	}
	img.SP = sp
	return nil
}
