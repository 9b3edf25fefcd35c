//go:build !(386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm)

package alphaemu

import "encoding/binary"

// Portable page accessors for big-endian hosts (aligned addresses, see
// pageaccess.go).

func load64(p *page, a uint64) uint64 { return binary.LittleEndian.Uint64(p.data[a&(pageMask&^7):]) }
func load32(p *page, a uint64) uint32 { return binary.LittleEndian.Uint32(p.data[a&(pageMask&^3):]) }
func load16(p *page, a uint64) uint16 { return binary.LittleEndian.Uint16(p.data[a&(pageMask&^1):]) }

func store64(p *page, a uint64, v uint64) { binary.LittleEndian.PutUint64(p.data[a&(pageMask&^7):], v) }
func store32(p *page, a uint64, v uint32) { binary.LittleEndian.PutUint32(p.data[a&(pageMask&^3):], v) }
func store16(p *page, a uint64, v uint16) { binary.LittleEndian.PutUint16(p.data[a&(pageMask&^1):], v) }
