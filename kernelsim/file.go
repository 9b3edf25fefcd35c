package kernelsim

import (
	"crypto/rand"
	"io"
	"os"
	"syscall"
	"unsafe"

	"github.com/axpsec/axpsec/abi"
)

// file is what an open file description refers to: a host file or directory,
// a stdio stream, a pipe end or a simulated device.
type file interface {
	read(t *Thread, p []byte, nonblock bool) (int, abi.Errno)
	write(t *Thread, p []byte, nonblock bool) (int, abi.Errno)
	pread(p []byte, off int64) (int, abi.Errno)
	pwrite(p []byte, off int64) (int, abi.Errno)
	seek(off int64, whence int) (int64, abi.Errno)
	stat() (statInfo, abi.Errno)
	ioctl(t *Thread, req, arg uint64) int64
	close() abi.Errno
	path() string // the guest path it was opened as (for traces and fds)
}

// streamBase gives the defaults of a non-seekable, non-tty file.
type streamBase struct{}

func (streamBase) pread([]byte, int64) (int, abi.Errno)  { return 0, abi.ESPIPE }
func (streamBase) pwrite([]byte, int64) (int, abi.Errno) { return 0, abi.ESPIPE }
func (streamBase) seek(int64, int) (int64, abi.Errno)    { return 0, abi.ESPIPE }
func (streamBase) ioctl(*Thread, uint64, uint64) int64   { return errno(abi.ENOTTY) }
func (streamBase) close() abi.Errno                      { return 0 }

// hostFIONREAD is the host (generic Linux) FIONREAD request.
const hostFIONREAD = 0x541b

// hostFile is a host *os.File (regular file, directory, tty or stdio).
type hostFile struct {
	f       *os.File
	noClose bool // host stdio: closing the guest fd must not close it
	name    string
}

func (h *hostFile) path() string { return h.name }

func (h *hostFile) read(_ *Thread, p []byte, _ bool) (int, abi.Errno) {
	n, err := h.f.Read(p)
	if err == io.EOF {
		err = nil
	}
	if n == 0 && err != nil {
		return 0, hostErrno(err)
	}
	return n, 0
}

func (h *hostFile) write(t *Thread, p []byte, _ bool) (int, abi.Errno) {
	n, err := h.f.Write(p)
	if n == 0 && err != nil {
		e := hostErrno(err)
		if e == abi.EPIPE {
			// A host pipe with no reader: the guest gets SIGPIPE as well.
			t.sendSignal(t.killInfo(abi.SIGPIPE, siUser), true)
		}
		return 0, e
	}
	return n, 0
}

func (h *hostFile) pread(p []byte, off int64) (int, abi.Errno) {
	n, err := h.f.ReadAt(p, off)
	if err == io.EOF {
		err = nil
	}
	if n == 0 && err != nil {
		return 0, hostErrno(err)
	}
	return n, 0
}

func (h *hostFile) pwrite(p []byte, off int64) (int, abi.Errno) {
	n, err := h.f.WriteAt(p, off)
	if n == 0 && err != nil {
		return 0, hostErrno(err)
	}
	return n, 0
}

func (h *hostFile) seek(off int64, whence int) (int64, abi.Errno) {
	n, err := syscall.Seek(int(h.f.Fd()), off, whence)
	if err != nil {
		return 0, hostErrno(err)
	}
	return n, 0
}

func (h *hostFile) stat() (statInfo, abi.Errno) {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(h.f.Fd()), &st); err != nil {
		return statInfo{}, hostErrno(err)
	}
	return statFromHost(&st), 0
}

// isTTY reports whether the host file is a terminal.
func (h *hostFile) isTTY() bool {
	var t syscall.Termios
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, h.f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return e == 0
}

func (h *hostFile) ioctl(t *Thread, req, arg uint64) int64 {
	switch req {
	case ioctlFIONREAD:
		// Regular files: bytes left to read; others: what the host says.
		var n int32
		_, _, e := syscall.Syscall(syscall.SYS_IOCTL, h.f.Fd(), hostFIONREAD, uintptr(unsafe.Pointer(&n)))
		if e != 0 {
			return errno(hostErrno(e))
		}
		if !t.writeU32(arg, uint32(n)) {
			return errno(abi.EFAULT)
		}
		return 0
	}
	if !h.isTTY() {
		return errno(abi.ENOTTY)
	}
	return ttyIoctl(t, h, req, arg)
}

func (h *hostFile) close() abi.Errno {
	if h.noClose {
		return 0
	}
	return hostErrno(h.f.Close())
}

// getdents64 fills p with linux_dirent64 records; the record format is the
// same on every architecture, so host records are passed through.
func (h *hostFile) getdents64(p []byte) (int, abi.Errno) {
	n, err := syscall.ReadDirent(int(h.f.Fd()), p)
	if err != nil {
		return 0, hostErrno(err)
	}
	return n, 0
}

// streamFile is a stdio stream given as a plain io.Reader or io.Writer.
type streamFile struct {
	streamBase
	r io.Reader
	w io.Writer
}

func (s *streamFile) path() string { return "pipe:[stdio]" }

func (s *streamFile) read(_ *Thread, p []byte, _ bool) (int, abi.Errno) {
	if s.r == nil {
		return 0, abi.EBADF
	}
	n, err := s.r.Read(p)
	if n == 0 && err != nil && err != io.EOF {
		return 0, abi.EIO
	}
	return n, 0
}

func (s *streamFile) write(_ *Thread, p []byte, _ bool) (int, abi.Errno) {
	if s.w == nil {
		return 0, abi.EBADF
	}
	n, err := s.w.Write(p)
	if n == 0 && err != nil {
		return 0, abi.EIO
	}
	return n, 0
}

func (s *streamFile) stat() (statInfo, abi.Errno) {
	return statInfo{mode: sIFIFO | 0o600, nlink: 1, blksize: 4096, ino: 1}, 0
}

// device is a simulated character device (/dev/null, /dev/zero, /dev/urandom).
type device struct {
	streamBase
	name  string
	minor uint32
}

// Simulated devices, available whatever Config.Root is. Minor numbers are the
// mem driver's (major 1).
var devices = map[string]uint32{"/dev/null": 3, "/dev/zero": 5, "/dev/random": 8, "/dev/urandom": 9, "/dev/full": 7}

func (d *device) path() string { return d.name }

func (d *device) read(_ *Thread, p []byte, _ bool) (int, abi.Errno) {
	switch d.minor {
	case 3:
		return 0, 0
	case 5, 7:
		clear(p)
		return len(p), 0
	}
	_, _ = rand.Read(p)
	return len(p), 0
}

func (d *device) write(_ *Thread, p []byte, _ bool) (int, abi.Errno) {
	if d.minor == 7 {
		return 0, abi.ENOSPC
	}
	return len(p), 0
}

// discards reports whether writes are dropped without looking at the data,
// so write(2) need not copy the guest buffer.
func (d *device) discards() bool { return d.minor != 7 }

func (d *device) pread(p []byte, _ int64) (int, abi.Errno) { return d.read(nil, p, false) }
func (d *device) pwrite(p []byte, _ int64) (int, abi.Errno) {
	return d.write(nil, p, false)
}
func (d *device) seek(int64, int) (int64, abi.Errno) { return 0, 0 }

func (d *device) stat() (statInfo, abi.Errno) {
	return statInfo{mode: sIFCHR | 0o666, nlink: 1, rdevMajor: 1, rdevMinor: d.minor, blksize: 4096, ino: uint64(d.minor) + 2, devMinor: 5}, 0
}
