//go:build 386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm

package alphaemu

import (
	"sync/atomic"
	"unsafe"
)

// Little-endian hosts load and store guest (little-endian) words directly.
// Callers pass naturally aligned addresses; a&pageMask then keeps the word
// inside the page, so no bounds check is needed.

//go:norace
func load64(p *page, a uint64) uint64 {
	return (*[PageSize / 8]uint64)(unsafe.Pointer(&p.data))[(a&pageMask)>>3]
}

//go:norace
func load32(p *page, a uint64) uint32 {
	return (*[PageSize / 4]uint32)(unsafe.Pointer(&p.data))[(a&pageMask)>>2]
}

//go:norace
func load16(p *page, a uint64) uint16 {
	return (*[PageSize / 2]uint16)(unsafe.Pointer(&p.data))[(a&pageMask)>>1]
}

//go:norace
func store64(p *page, a uint64, v uint64) {
	(*[PageSize / 8]uint64)(unsafe.Pointer(&p.data))[(a&pageMask)>>3] = v
}

//go:norace
func store32(p *page, a uint64, v uint32) {
	(*[PageSize / 4]uint32)(unsafe.Pointer(&p.data))[(a&pageMask)>>2] = v
}

//go:norace
func store16(p *page, a uint64, v uint16) {
	(*[PageSize / 2]uint16)(unsafe.Pointer(&p.data))[(a&pageMask)>>1] = v
}

// Atomic forms for LL/SC: a load-locked and a store-conditional are atomic
// with respect to the other CPUs on the page (stx_c is a compare-and-swap
// of the value ldx_l read, as in qemu).

//go:norace
func atomicLoad64(p *page, a uint64) uint64 {
	return atomic.LoadUint64((*uint64)(unsafe.Pointer(&p.data[a&(pageMask&^7)])))
}

//go:norace
func atomicLoad32(p *page, a uint64) uint32 {
	return atomic.LoadUint32((*uint32)(unsafe.Pointer(&p.data[a&(pageMask&^3)])))
}

//go:norace
func cas64(p *page, a uint64, old, new uint64) bool {
	return atomic.CompareAndSwapUint64((*uint64)(unsafe.Pointer(&p.data[a&(pageMask&^7)])), old, new)
}

//go:norace
func cas32(p *page, a uint64, old, new uint32) bool {
	return atomic.CompareAndSwapUint32((*uint32)(unsafe.Pointer(&p.data[a&(pageMask&^3)])), old, new)
}

//go:norace
func load8(p *page, a uint64) byte { return p.data[a&pageMask] }

//go:norace
func store8(p *page, a uint64, v byte) { p.data[a&pageMask] = v }
