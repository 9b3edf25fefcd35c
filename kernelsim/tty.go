package kernelsim

import (
	"syscall"
	"unsafe"

	"github.com/axpsec/axpsec/abi"
)

// Alpha termios layout (asm/termbits.h): 4 u32 flag words, c_cc[19], c_line,
// c_ispeed, c_ospeed: 44 bytes.
const termiosSize = 44

// Alpha termios flag and c_cc index values used for a cooked terminal.
const (
	tIXON   = 0x200
	tICRNL  = 0x100
	tOPOST  = 0x1
	tONLCR  = 0x2
	tCS8    = 0x300
	tCREAD  = 0x800
	tB38400 = 0o17
	tISIG   = 0x80
	tICANON = 0x100
	tECHO   = 0x8
	tECHOE  = 0x2
	tECHOK  = 0x4
	tECHOCT = 0x40
	tECHOKE = 0x1
	tIEXTEN = 0x400
	tVEOF   = 0
	tVERASE = 3
	tVKILL  = 5
	tVINTR  = 8
	tVQUIT  = 9
	tVMIN   = 16
)

// cookedTermios is the termios a terminal reports to TCGETS: the state of a
// fresh cooked tty (the host's flags use other encodings and are not copied).
func cookedTermios() []byte {
	b := le(make([]byte, termiosSize))
	b.u32(0, tICRNL|tIXON)
	b.u32(4, tOPOST|tONLCR)
	b.u32(8, tB38400|tCS8|tCREAD)
	b.u32(12, tISIG|tICANON|tECHO|tECHOE|tECHOK|tECHOCT|tECHOKE|tIEXTEN)
	cc := b[16:35]
	cc[tVEOF], cc[tVERASE], cc[tVKILL], cc[tVINTR], cc[tVQUIT], cc[tVMIN] = 4, 0x7f, 0x15, 3, 0x1c, 1
	b.u32(36, 38400)
	b.u32(40, 38400)
	return b
}

// ttyIoctl handles terminal ioctls on a host tty.
func ttyIoctl(t *Thread, h *hostFile, req, arg uint64) int64 {
	switch req {
	case ioctlTCGETS:
		if t.proc.mem.WriteAt(cookedTermios(), arg) != nil {
			return errno(abi.EFAULT)
		}
		return 0
	case ioctlTCSETS, ioctlTCSETSW, ioctlTCSETSF:
		// Terminal modes are not changed on the host: the guest cannot put
		// the user's terminal into raw mode.
		if _, ok := t.readBytes(arg, termiosSize); !ok {
			return errno(abi.EFAULT)
		}
		return 0
	case ioctlTIOCGWINSZ:
		var ws [4]uint16 // struct winsize is the same on every architecture
		_, _, e := syscall.Syscall(syscall.SYS_IOCTL, h.f.Fd(), syscall.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws)))
		if e != 0 {
			return errno(hostErrno(e))
		}
		b := le(make([]byte, 8))
		for i, v := range ws {
			b.u16(2*i, v)
		}
		if t.proc.mem.WriteAt(b, arg) != nil {
			return errno(abi.EFAULT)
		}
		return 0
	case ioctlTIOCSWINSZ:
		return 0
	case ioctlTIOCGPGRP:
		if !t.writeU32(arg, uint32(t.proc.pgid)) {
			return errno(abi.EFAULT)
		}
		return 0
	}
	return errno(abi.ENOTTY)
}
