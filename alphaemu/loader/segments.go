package loader

import (
	"fmt"

	"github.com/axpsec/axpsec/alphaemu"
)

// protOf converts ELF segment flags to page protection.
func protOf(flags uint32) alphaemu.Prot {
	var p alphaemu.Prot
	if flags&pfR != 0 {
		p |= alphaemu.ProtRead
	}
	if flags&pfW != 0 {
		p |= alphaemu.ProtWrite
	}
	if flags&pfX != 0 {
		p |= alphaemu.ProtExec
	}
	return p
}

// mapSegments maps f's PT_LOAD segments at their addresses plus bias the way
// Linux's elf_map and set_brk do: each segment's file pages are mapped from
// the page holding its first byte (so bytes of the file before and after the
// segment that share its pages are visible, as with a private file mapping),
// the rest of the page after the file data is zeroed when the segment has a
// BSS, and the BSS pages beyond are fresh anonymous pages. A later segment
// replaces pages it shares with an earlier one. It returns the end of the
// highest segment.
func mapSegments(mem *alphaemu.Memory, f *file, bias uint64) (uint64, error) {
	var end uint64
	for i, p := range f.loads {
		va := p.vaddr + bias
		prot := protOf(p.flags)
		start := pageDown(va)
		fileEnd := pageUp(va + p.filesz)
		if fileEnd > start {
			if err := mem.Map(start, fileEnd-start, prot); err != nil {
				return 0, fmt.Errorf("mapping segment %d at %#x: %w", i, start, err)
			}
			off := p.off - (va - start)
			n := fileEnd - start
			if rest := uint64(f.size) - off; rest < n {
				n = rest
			}
			if err := copyFile(mem, f, off, start, n); err != nil {
				return 0, fmt.Errorf("loading segment %d: %w", i, err)
			}
		}
		if p.memsz > p.filesz {
			bssStart := va + p.filesz
			anon := pageUp(bssStart)
			if _, mapped := mem.Prot(bssStart); !mapped {
				anon = pageDown(bssStart)
			} else if anon > bssStart {
				if err := mem.Poke(make([]byte, anon-bssStart), bssStart); err != nil {
					return 0, fmt.Errorf("clearing segment %d BSS at %#x: %w", i, bssStart, err)
				}
			}
			if memEnd := pageUp(va + p.memsz); memEnd > anon {
				if err := mem.Map(anon, memEnd-anon, prot); err != nil {
					return 0, fmt.Errorf("mapping segment %d BSS at %#x: %w", i, anon, err)
				}
			}
		}
		end = max(end, va+p.memsz)
	}
	return end, nil
}

// copyFile copies n bytes of f from offset off into guest memory at addr.
func copyFile(mem *alphaemu.Memory, f *file, off, addr, n uint64) error {
	const chunk = 64 << 10
	buf := make([]byte, min(n, chunk))
	for n > 0 {
		b := buf[:min(n, chunk)]
		if k, err := f.r.ReadAt(b, int64(off)); k < len(b) {
			return fmt.Errorf("reading file offset %#x: %w", off, err)
		}
		if err := mem.Poke(b, addr); err != nil {
			return fmt.Errorf("writing %#x: %w", addr, err)
		}
		off += uint64(len(b))
		addr += uint64(len(b))
		n -= uint64(len(b))
	}
	return nil
}
