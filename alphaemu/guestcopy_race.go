//go:build race

package alphaemu

// Race-detector builds copy guest memory byte by byte inside norace
// functions (see guestcopy.go).

// copyIn copies src into page p at addr's offset, returning the bytes copied.
//
//go:norace
func copyIn(p *page, addr uint64, src []byte) int {
	dst := p.data[addr&pageMask:]
	n := min(len(dst), len(src))
	for i := range n {
		dst[i] = src[i]
	}
	return n
}

// copyOut copies page p from addr's offset into dst, returning the bytes copied.
//
//go:norace
func copyOut(dst []byte, p *page, addr uint64) int {
	src := p.data[addr&pageMask:]
	n := min(len(dst), len(src))
	for i := range n {
		dst[i] = src[i]
	}
	return n
}
