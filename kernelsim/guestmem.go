package kernelsim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// pathMax is PATH_MAX: the longest path (with its NUL) a syscall accepts.
const pathMax = 4096

// readU64 reads a little-endian u64 from guest memory (copy_from_user).
func (t *Thread) readU64(addr uint64) (uint64, bool) {
	var b [8]byte
	if t.proc.mem.ReadAt(b[:], addr) != nil {
		return 0, false
	}
	return binary.LittleEndian.Uint64(b[:]), true
}

// writeU64 writes a little-endian u64 to guest memory (copy_to_user).
func (t *Thread) writeU64(addr, v uint64) bool {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	return t.proc.mem.WriteAt(b[:], addr) == nil
}

// writeU32 writes a little-endian u32 to guest memory.
func (t *Thread) writeU32(addr uint64, v uint32) bool {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v)
	return t.proc.mem.WriteAt(b[:], addr) == nil
}

// readBytes copies n bytes from guest memory into a fresh slice.
func (t *Thread) readBytes(addr uint64, n int) ([]byte, bool) {
	b := make([]byte, n)
	if t.proc.mem.ReadAt(b, addr) != nil {
		return nil, false
	}
	return b, true
}

// buf returns the thread's scratch buffer with length n (n is capped by callers).
func (t *Thread) buf(n int) []byte {
	if cap(t.scratch) < n {
		t.scratch = make([]byte, n)
	}
	return t.scratch[:n]
}

// readPath reads a NUL-terminated path argument (strncpy_from_user + getname).
func (t *Thread) readPath(addr uint64) (string, abi.Errno) {
	if addr == 0 {
		return "", abi.EFAULT
	}
	s, err := t.proc.mem.ReadString(addr, pathMax)
	if err != nil {
		var f *alphaemu.Fault
		if errors.As(err, &f) {
			return "", abi.EFAULT
		}
		return "", abi.ENAMETOOLONG
	}
	if len(s) >= pathMax {
		return "", abi.ENAMETOOLONG
	}
	return s, 0
}

// le is a little-endian byte-buffer builder for guest structures.
type le []byte

func (b le) u64(off int, v uint64) { binary.LittleEndian.PutUint64(b[off:], v) }
func (b le) u32(off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
func (b le) u16(off int, v uint16) { binary.LittleEndian.PutUint16(b[off:], v) }
func (b le) get64(off int) uint64  { return binary.LittleEndian.Uint64(b[off:]) }
func (b le) get32(off int) uint32  { return binary.LittleEndian.Uint32(b[off:]) }

// putCString copies s into b[off:off+n] NUL-padded (truncating to n-1 bytes).
func (b le) putCString(off, n int, s string) {
	if len(s) > n-1 {
		s = s[:n-1]
	}
	copy(b[off:off+n], s)
	for i := off + len(s); i < off+n; i++ {
		b[i] = 0
	}
}

// writef writes a formatted line to w, ignoring errors (diagnostic output).
func writef(w io.Writer, format string, args ...any) {
	var sb strings.Builder
	fmt.Fprintf(&sb, format, args...)
	_, _ = io.WriteString(w, sb.String())
}
