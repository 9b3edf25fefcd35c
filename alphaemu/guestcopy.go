//go:build !race

package alphaemu

// Guest memory is shared by CPUs running in parallel and by the kernel's
// system calls, without locks, as on a real machine: a guest program that
// reads a word while another thread writes it races, and sees the old or
// the new value. The accessors of guest memory are marked norace so that
// the race detector reports races in the emulator itself, not the guest's
// own; copies under the race detector are in guestcopy_race.go (copy's
// runtime support reports races even in a norace function).

// copyIn copies src into page p at addr's offset, returning the bytes copied.
//
//go:norace
func copyIn(p *page, addr uint64, src []byte) int { return copy(p.data[addr&pageMask:], src) }

// copyOut copies page p from addr's offset into dst, returning the bytes copied.
//
//go:norace
func copyOut(dst []byte, p *page, addr uint64) int { return copy(dst, p.data[addr&pageMask:]) }
