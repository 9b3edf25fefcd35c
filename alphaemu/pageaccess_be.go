//go:build !(386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm)

package alphaemu

import (
	"encoding/binary"
	"math/bits"
	"sync/atomic"
	"unsafe"
)

// Portable page accessors for big-endian hosts (aligned addresses, see
// pageaccess.go).

//go:norace
func load64(p *page, a uint64) uint64 { return binary.LittleEndian.Uint64(p.data[a&(pageMask&^7):]) }

//go:norace
func load32(p *page, a uint64) uint32 { return binary.LittleEndian.Uint32(p.data[a&(pageMask&^3):]) }

//go:norace
func load16(p *page, a uint64) uint16 { return binary.LittleEndian.Uint16(p.data[a&(pageMask&^1):]) }

//go:norace
func store64(p *page, a uint64, v uint64) { binary.LittleEndian.PutUint64(p.data[a&(pageMask&^7):], v) }

//go:norace
func store32(p *page, a uint64, v uint32) { binary.LittleEndian.PutUint32(p.data[a&(pageMask&^3):], v) }

//go:norace
func store16(p *page, a uint64, v uint16) { binary.LittleEndian.PutUint16(p.data[a&(pageMask&^1):], v) }

// Atomic forms for LL/SC (see pageaccess.go): the guest's little-endian
// words are byte-swapped around the host's atomic operations.

func wordAt64(p *page, a uint64) *uint64 {
	return (*uint64)(unsafe.Pointer(&p.data[a&(pageMask&^7)]))
}

func wordAt32(p *page, a uint64) *uint32 {
	return (*uint32)(unsafe.Pointer(&p.data[a&(pageMask&^3)]))
}

//go:norace
func atomicLoad64(p *page, a uint64) uint64 {
	return bits.ReverseBytes64(atomic.LoadUint64(wordAt64(p, a)))
}

//go:norace
func atomicLoad32(p *page, a uint64) uint32 {
	return bits.ReverseBytes32(atomic.LoadUint32(wordAt32(p, a)))
}

//go:norace
func cas64(p *page, a uint64, old, new uint64) bool {
	return atomic.CompareAndSwapUint64(wordAt64(p, a), bits.ReverseBytes64(old), bits.ReverseBytes64(new))
}

//go:norace
func cas32(p *page, a uint64, old, new uint32) bool {
	return atomic.CompareAndSwapUint32(wordAt32(p, a), bits.ReverseBytes32(old), bits.ReverseBytes32(new))
}

//go:norace
func load8(p *page, a uint64) byte { return p.data[a&pageMask] }

//go:norace
func store8(p *page, a uint64, v byte) { p.data[a&pageMask] = v }
