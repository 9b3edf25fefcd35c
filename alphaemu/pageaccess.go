//go:build 386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm

package alphaemu

import "unsafe"

// Little-endian hosts load and store guest (little-endian) words directly.
// Callers pass naturally aligned addresses; a&pageMask then keeps the word
// inside the page, so no bounds check is needed.

func load64(p *page, a uint64) uint64 {
	return (*[PageSize / 8]uint64)(unsafe.Pointer(&p.data))[(a&pageMask)>>3]
}

func load32(p *page, a uint64) uint32 {
	return (*[PageSize / 4]uint32)(unsafe.Pointer(&p.data))[(a&pageMask)>>2]
}

func load16(p *page, a uint64) uint16 {
	return (*[PageSize / 2]uint16)(unsafe.Pointer(&p.data))[(a&pageMask)>>1]
}

func store64(p *page, a uint64, v uint64) {
	(*[PageSize / 8]uint64)(unsafe.Pointer(&p.data))[(a&pageMask)>>3] = v
}

func store32(p *page, a uint64, v uint32) {
	(*[PageSize / 4]uint32)(unsafe.Pointer(&p.data))[(a&pageMask)>>2] = v
}

func store16(p *page, a uint64, v uint16) {
	(*[PageSize / 2]uint16)(unsafe.Pointer(&p.data))[(a&pageMask)>>1] = v
}
