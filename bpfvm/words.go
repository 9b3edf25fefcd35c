package bpfvm

import (
	"encoding/binary"
	"unsafe"
)

// wordsLE reports whether the host is little-endian, so that SeccompData's
// memory is laid out exactly as the filter's little-endian words (nr, arch,
// ip low, ip high, args[i] low, high) and fused loads may index it directly.
var wordsLE = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// words views d as the sixteen 32-bit words a filter loads. Only valid when
// wordsLE (fuse creates no op that uses it otherwise).
func words(d *SeccompData) *[16]uint32 {
	return (*[16]uint32)(unsafe.Pointer(d))
}
