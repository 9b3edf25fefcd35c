package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
)

// maxRWCount is MAX_RW_COUNT: the most one read/write transfers.
const maxRWCount = 0x7ffff000

// ioChunk is the host buffer size for one step of a read or write.
const ioChunk = 1 << 20

// fileFor returns the open file for fd if it permits reading (wantWrite=false) or writing.
func (t *Thread) fileFor(fd uint64, wantWrite bool) (*openFile, abi.Errno) {
	of := t.proc.files.get(fd)
	if of == nil || of.flags&oPath != 0 {
		return nil, abi.EBADF
	}
	acc := of.flags & oAccMode
	if (wantWrite && acc == oRdOnly) || (!wantWrite && acc == oWrOnly) {
		return nil, abi.EBADF
	}
	return of, 0
}

// regular reports whether reads of f may be repeated to fill a buffer
// (regular host files), as opposed to pipes, ttys and devices.
func regular(f file) bool {
	h, ok := f.(*hostFile)
	if !ok {
		return false
	}
	st, e := h.stat()
	return e == 0 && st.mode&sIFMT == sIFREG
}

// readInto reads up to n bytes from of into guest memory at addr, at offset
// off (off < 0: the file position).
func (t *Thread) readInto(of *openFile, addr, n uint64, off int64) int64 {
	n = min(n, maxRWCount)
	nonblock := of.flags&oNonblock != 0
	if e := t.k.pages.beforeRead(of.f); e != 0 {
		return errno(e)
	}
	var done uint64
	multi := false
	for done < n {
		b := t.buf(int(min(n-done, ioChunk)))
		var got int
		var e abi.Errno
		if off >= 0 {
			got, e = of.f.pread(b, off+int64(done))
		} else {
			got, e = of.f.read(t, b, nonblock)
		}
		if e != 0 {
			if done > 0 {
				break
			}
			return errno(e)
		}
		if got > 0 && t.proc.mem.WriteAt(b[:got], addr+done) != nil {
			if done > 0 {
				break
			}
			return errno(abi.EFAULT)
		}
		done += uint64(got)
		if got < len(b) {
			break
		}
		if !multi {
			if !regular(of.f) {
				break
			}
			multi = true
		}
	}
	return int64(done)
}

// writeFrom writes n bytes of guest memory at addr to of (at off when off >= 0).
func (t *Thread) writeFrom(of *openFile, addr, n uint64, off int64) int64 {
	n = min(n, maxRWCount)
	nonblock := of.flags&oNonblock != 0
	var done uint64
	for done < n || n == 0 {
		b := t.buf(int(min(n-done, ioChunk)))
		if t.proc.mem.ReadAt(b, addr+done) != nil {
			if done > 0 {
				break
			}
			return errno(abi.EFAULT)
		}
		var put int
		var e abi.Errno
		if off >= 0 {
			put, e = of.f.pwrite(b, off+int64(done))
			t.k.pages.afterWrite(of.f, off+int64(done), b[:max(put, 0)])
		} else {
			put, e = of.f.write(t, b, nonblock)
			t.k.pages.afterWrite(of.f, -1, b[:max(put, 0)])
		}
		if e != 0 {
			if done > 0 {
				break
			}
			return errno(e)
		}
		done += uint64(put)
		if put < len(b) || n == 0 {
			break
		}
	}
	return int64(done)
}

func sysRead(t *Thread, a [6]uint64) int64 {
	of, e := t.fileFor(a[0], false)
	if e != 0 {
		return errno(e)
	}
	return t.readInto(of, a[1], a[2], -1)
}

func sysWrite(t *Thread, a [6]uint64) int64 {
	of, e := t.fileFor(a[0], true)
	if e != 0 {
		return errno(e)
	}
	if d, ok := of.f.(*device); ok && d.discards() {
		return int64(min(a[2], maxRWCount))
	}
	return t.writeFrom(of, a[1], a[2], -1)
}

func sysPread64(t *Thread, a [6]uint64) int64 {
	of, e := t.fileFor(a[0], false)
	if e != 0 {
		return errno(e)
	}
	if int64(a[3]) < 0 {
		return errno(abi.EINVAL)
	}
	return t.readInto(of, a[1], a[2], int64(a[3]))
}

func sysPwrite64(t *Thread, a [6]uint64) int64 {
	of, e := t.fileFor(a[0], true)
	if e != 0 {
		return errno(e)
	}
	if int64(a[3]) < 0 {
		return errno(abi.EINVAL)
	}
	return t.writeFrom(of, a[1], a[2], int64(a[3]))
}

// uioMaxIov is UIO_MAXIOV.
const uioMaxIov = 1024

// iovecs reads an iovec array.
func (t *Thread) iovecs(addr, cnt uint64) ([][2]uint64, abi.Errno) {
	if cnt > uioMaxIov {
		return nil, abi.EINVAL
	}
	raw, ok := t.readBytes(addr, int(cnt*16))
	if !ok {
		return nil, abi.EFAULT
	}
	v := make([][2]uint64, cnt)
	var total uint64
	for i := range v {
		v[i] = [2]uint64{le(raw).get64(16 * i), le(raw).get64(16*i + 8)}
		if int64(v[i][1]) < 0 || total+v[i][1] < total {
			return nil, abi.EINVAL
		}
		total += v[i][1]
	}
	return v, 0
}

func sysReadv(t *Thread, a [6]uint64) int64  { return t.vectorIO(a, false) }
func sysWritev(t *Thread, a [6]uint64) int64 { return t.vectorIO(a, true) }

// vectorIO is readv/writev: fd a[0], iovec array a[1] of a[2] entries. It
// stops at the first short transfer, and reports an error only when nothing
// was transferred.
func (t *Thread) vectorIO(a [6]uint64, write bool) int64 {
	of, e := t.fileFor(a[0], write)
	if e != 0 {
		return errno(e)
	}
	iov, e := t.iovecs(a[1], a[2])
	if e != 0 {
		return errno(e)
	}
	var done int64
	for _, v := range iov {
		if v[1] == 0 {
			continue
		}
		var r int64
		if write {
			r = t.writeFrom(of, v[0], v[1], -1)
		} else {
			r = t.readInto(of, v[0], v[1], -1)
		}
		if r < 0 {
			if done > 0 {
				break
			}
			return r
		}
		done += r
		if uint64(r) < v[1] {
			break
		}
	}
	return done
}

func sysLseek(t *Thread, a [6]uint64) int64 {
	of := t.proc.files.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	if a[2] > seekHole {
		return errno(abi.EINVAL)
	}
	pos, e := of.f.seek(int64(a[1]), int(a[2]))
	if e != 0 {
		return errno(e)
	}
	return pos
}

func sysClose(t *Thread, a [6]uint64) int64 {
	if e := t.proc.files.close(a[0]); e != 0 {
		return errno(e)
	}
	return 0
}

func (t *Thread) nofile() uint64 { return t.proc.rlimits[rlimitNofile].cur }

// dupTo makes newfd refer to of (closing what newfd held).
func (t *Thread) dupTo(of *openFile, newfd uint64, cloexec bool) int64 {
	ft := t.proc.files
	if ft.get(newfd) != nil {
		ft.close(newfd)
	}
	ft.set(int(newfd), of, cloexec)
	return int64(newfd)
}

func sysDup(t *Thread, a [6]uint64) int64 {
	of := t.proc.files.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	fd, e := t.proc.files.lowestFree(0, t.nofile())
	if e != 0 {
		return errno(e)
	}
	return t.dupTo(of, uint64(fd), false)
}

func sysDup2(t *Thread, a [6]uint64) int64 {
	of := t.proc.files.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	if a[1] >= t.nofile() {
		return errno(abi.EBADF)
	}
	if a[0] == a[1] {
		return int64(a[1])
	}
	return t.dupTo(of, a[1], false)
}

func sysDup3(t *Thread, a [6]uint64) int64 {
	if a[2]&^oCloexec != 0 || a[0] == a[1] {
		return errno(abi.EINVAL)
	}
	of := t.proc.files.get(a[0])
	if of == nil || a[1] >= t.nofile() {
		return errno(abi.EBADF)
	}
	return t.dupTo(of, a[1], a[2]&oCloexec != 0)
}

// setflMask are the status flags F_SETFL may change.
const setflMask = oAppend | oNonblock | oDirect | oNoatime

// flockSize is sizeof(struct flock) on Alpha (short type, short whence, off, len, int pid).
const flockSize = 32

func sysFcntl(t *Thread, a [6]uint64) int64 {
	ft := t.proc.files
	of := ft.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	switch a[1] {
	case fDupFD, fDupFDCloexec:
		if a[2] >= t.nofile() {
			return errno(abi.EINVAL)
		}
		fd, e := ft.lowestFree(int(a[2]), t.nofile())
		if e != 0 {
			return errno(e)
		}
		return t.dupTo(of, uint64(fd), a[1] == fDupFDCloexec)
	case fGetFD:
		if ft.fds[a[0]].cloexec {
			return fdCloexec
		}
		return 0
	case fSetFD:
		ft.fds[a[0]].cloexec = a[2]&fdCloexec != 0
		return 0
	case fGetFL:
		return int64(of.flags&^oCloexec | oLargefile)
	case fSetFL:
		of.flags = of.flags&^setflMask | uint32(a[2])&setflMask
		return 0
	case fGetLK:
		// No other process holds locks: report the region unlocked.
		b, ok := t.readBytes(a[2], flockSize)
		if !ok {
			return errno(abi.EFAULT)
		}
		le(b).u16(0, 8) // F_UNLCK on Alpha
		if t.proc.mem.WriteAt(b, a[2]) != nil {
			return errno(abi.EFAULT)
		}
		return 0
	case fSetLK, fSetLKW:
		if _, ok := t.readBytes(a[2], flockSize); !ok {
			return errno(abi.EFAULT)
		}
		return 0
	case fGetOwn, fSetOwn:
		return 0
	case fGetPipeSz, fSetPipeSz:
		if _, ok := of.f.(*pipeEnd); !ok {
			return errno(abi.EBADF)
		}
		return pipeCapacity
	}
	return errno(abi.EINVAL)
}

// newPipeFDs creates a pipe and installs its ends.
func (t *Thread) newPipeFDs(flags uint32) (int, int, abi.Errno) {
	p := newPipe()
	ft := t.proc.files
	r, e := ft.add(&pipeEnd{p: p}, oRdOnly|flags, t.nofile())
	if e != 0 {
		return 0, 0, e
	}
	w, e := ft.add(&pipeEnd{p: p, writer: true}, oWrOnly|flags, t.nofile())
	if e != 0 {
		ft.close(uint64(r))
		return 0, 0, e
	}
	return r, w, 0
}

// sysPipe is alpha_pipe: fds in r0 and r20.
func sysPipe(t *Thread, _ [6]uint64) int64 {
	r, w, e := t.newPipeFDs(0)
	if e != 0 {
		return errno(e)
	}
	t.cpu.R[20] = uint64(w)
	return int64(r)
}

func sysPipe2(t *Thread, a [6]uint64) int64 {
	if a[1]&^(oCloexec|oNonblock|oDirect) != 0 {
		return errno(abi.EINVAL)
	}
	r, w, e := t.newPipeFDs(uint32(a[1]))
	if e != 0 {
		return errno(e)
	}
	b := le(make([]byte, 8))
	b.u32(0, uint32(r))
	b.u32(4, uint32(w))
	if t.proc.mem.WriteAt(b, a[0]) != nil {
		t.proc.files.close(uint64(r))
		t.proc.files.close(uint64(w))
		return errno(abi.EFAULT)
	}
	return 0
}

func sysIoctl(t *Thread, a [6]uint64) int64 {
	ft := t.proc.files
	of := ft.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	switch uint32(a[1]) {
	case ioctlFIOCLEX:
		ft.fds[a[0]].cloexec = true
		return 0
	case ioctlFIONCLEX:
		ft.fds[a[0]].cloexec = false
		return 0
	case ioctlFIONBIO:
		b, ok := t.readBytes(a[2], 4)
		if !ok {
			return errno(abi.EFAULT)
		}
		if le(b).get32(0) != 0 {
			of.flags |= oNonblock
		} else {
			of.flags &^= oNonblock
		}
		return 0
	}
	return of.f.ioctl(t, uint64(uint32(a[1])), a[2])
}

func sysGetdents64(t *Thread, a [6]uint64) int64 {
	of := t.proc.files.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	h, ok := of.f.(*hostFile)
	if !ok {
		return errno(abi.ENOTDIR)
	}
	b := make([]byte, min(a[2], ioChunk))
	n, e := h.getdents64(b)
	if e != 0 {
		return errno(e)
	}
	if t.proc.mem.WriteAt(b[:n], a[1]) != nil {
		return errno(abi.EFAULT)
	}
	return int64(n)
}

func sysFsync(t *Thread, a [6]uint64) int64 {
	of := t.proc.files.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	h, ok := of.f.(*hostFile)
	if !ok {
		return errno(abi.EINVAL)
	}
	if err := h.f.Sync(); err != nil && !h.noClose {
		return errno(hostErrno(err))
	}
	return 0
}

func sysFtruncate(t *Thread, a [6]uint64) int64 {
	of, e := t.fileFor(a[0], true)
	if e != 0 {
		return errno(abi.EINVAL)
	}
	h, ok := of.f.(*hostFile)
	if !ok || !regular(h) {
		return errno(abi.EINVAL)
	}
	if int64(a[1]) < 0 {
		return errno(abi.EINVAL)
	}
	if err := h.f.Truncate(int64(a[1])); err != nil {
		return errno(hostErrno(err))
	}
	t.k.pages.truncated(h, a[1])
	return 0
}
