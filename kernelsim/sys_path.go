package kernelsim

import (
	"io/fs"

	"github.com/axpsec/axpsec/abi"
)

// pathArg reads and resolves a path argument relative to dirfd.
func (t *Thread) pathArg(dirfd, addr uint64, emptyOK bool) (string, abi.Errno) {
	p, e := t.readPath(addr)
	if e != 0 {
		return "", e
	}
	return t.resolve(dirfd, p, emptyOK)
}

const fdCWD = uint64(0xffffffffffffff9c) // AT_FDCWD sign-extended

func sysOpen(t *Thread, a [6]uint64) int64 { return t.openat(fdCWD, a[0], a[1], a[2]) }
func sysOpenat(t *Thread, a [6]uint64) int64 {
	return t.openat(a[0], a[1], a[2], a[3])
}

func (t *Thread) openat(dirfd, pathAddr, flags, mode uint64) int64 {
	g, e := t.pathArg(dirfd, pathAddr, false)
	if e != 0 {
		return errno(e)
	}
	fl := uint32(flags) | oLargefile
	if fl&oTmpfile != 0 {
		return errno(abi.EOPNOTSUPP)
	}
	f, e := t.proc.open(g, fl, uint32(mode))
	if e != 0 {
		return errno(e)
	}
	fd, e := t.proc.files.add(f, fl, t.nofile())
	if e != 0 {
		f.close()
		return errno(e)
	}
	return int64(fd)
}

// Access modes for access(2).
const (
	accX = 1
	accW = 2
	accR = 4
)

func sysAccess(t *Thread, a [6]uint64) int64 { return t.faccessat(fdCWD, a[0], a[1], 0) }
func sysFaccessat(t *Thread, a [6]uint64) int64 {
	return t.faccessat(a[0], a[1], a[2], 0)
}
func sysFaccessat2(t *Thread, a [6]uint64) int64 {
	return t.faccessat(a[0], a[1], a[2], a[3])
}

func (t *Thread) faccessat(dirfd, pathAddr, mode, flags uint64) int64 {
	if mode&^7 != 0 || flags&^(atEAccess|atSymlinkNofollow|atEmptyPath) != 0 {
		return errno(abi.EINVAL)
	}
	g, e := t.pathArg(dirfd, pathAddr, flags&atEmptyPath != 0)
	if e != 0 {
		return errno(e)
	}
	var st statInfo
	if g == "" {
		st, e = t.fdStat(dirfd)
	} else {
		st, e = t.proc.stat(g, flags&atSymlinkNofollow != 0)
	}
	if e != 0 {
		return errno(e)
	}
	uid := t.proc.creds.uid
	if flags&atEAccess != 0 {
		uid = t.proc.creds.euid
	}
	if !permitted(st, uid, t.proc.creds.gid, uint32(mode)) {
		return errno(abi.EACCES)
	}
	if mode&accW != 0 && t.proc.fs.root == nil {
		return errno(abi.EROFS)
	}
	return 0
}

// permitted applies the owner/group/other permission bits (root may do all
// but execute a file without any x bit).
func permitted(st statInfo, uid, gid uint64, mode uint32) bool {
	if uid == 0 {
		return mode&accX == 0 || st.mode&0o111 != 0 || st.mode&sIFMT == sIFDIR
	}
	bits := st.mode & 7
	switch {
	case uint64(st.uid) == uid:
		bits = st.mode >> 6 & 7
	case uint64(st.gid) == gid:
		bits = st.mode >> 3 & 7
	}
	return mode&^bits == 0
}

func sysReadlink(t *Thread, a [6]uint64) int64 { return t.readlinkat(fdCWD, a[0], a[1], a[2]) }
func sysReadlinkat(t *Thread, a [6]uint64) int64 {
	return t.readlinkat(a[0], a[1], a[2], a[3])
}

func (t *Thread) readlinkat(dirfd, pathAddr, buf, size uint64) int64 {
	if int64(size) <= 0 {
		return errno(abi.EINVAL)
	}
	g, e := t.pathArg(dirfd, pathAddr, false)
	if e != 0 {
		return errno(e)
	}
	s, e := t.proc.readlink(g)
	if e != 0 {
		return errno(e)
	}
	b := []byte(s)
	if uint64(len(b)) > size {
		b = b[:size]
	}
	if t.proc.mem.WriteAt(b, buf) != nil {
		return errno(abi.EFAULT)
	}
	return int64(len(b))
}

func sysGetcwd(t *Thread, a [6]uint64) int64 {
	cwd := t.proc.fs.cwd
	if uint64(len(cwd))+1 > a[1] {
		return errno(abi.ERANGE)
	}
	if t.proc.mem.WriteAt(append([]byte(cwd), 0), a[0]) != nil {
		return errno(abi.EFAULT)
	}
	return int64(len(cwd) + 1)
}

func sysChdir(t *Thread, a [6]uint64) int64 {
	g, e := t.pathArg(fdCWD, a[0], false)
	if e != 0 {
		return errno(e)
	}
	return t.chdir(g)
}

func (t *Thread) chdir(g string) int64 {
	st, e := t.proc.stat(g, false)
	if e != 0 {
		return errno(e)
	}
	if st.mode&sIFMT != sIFDIR {
		return errno(abi.ENOTDIR)
	}
	t.proc.fs.cwd = g
	return 0
}

func sysFchdir(t *Thread, a [6]uint64) int64 {
	of := t.proc.files.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	return t.chdir(of.f.path())
}

func sysUnlink(t *Thread, a [6]uint64) int64 { return t.unlinkat(fdCWD, a[0], 0) }
func sysRmdir(t *Thread, a [6]uint64) int64  { return t.unlinkat(fdCWD, a[0], atRemoveDir) }
func sysUnlinkat(t *Thread, a [6]uint64) int64 {
	return t.unlinkat(a[0], a[1], a[2])
}

func (t *Thread) unlinkat(dirfd, pathAddr, flags uint64) int64 {
	if flags&^atRemoveDir != 0 {
		return errno(abi.EINVAL)
	}
	g, e := t.pathArg(dirfd, pathAddr, false)
	if e != 0 {
		return errno(e)
	}
	root, e := t.proc.needRoot(g)
	if e != 0 {
		return errno(e)
	}
	st, e := t.proc.stat(g, true)
	if e != 0 {
		return errno(e)
	}
	isDir := st.mode&sIFMT == sIFDIR
	switch {
	case flags&atRemoveDir != 0 && !isDir:
		return errno(abi.ENOTDIR)
	case flags&atRemoveDir == 0 && isDir:
		return errno(abi.EISDIR)
	case g == "/":
		return errno(abi.EBUSY)
	}
	if err := root.Remove(rootRel(g)); err != nil {
		return errno(hostErrno(err))
	}
	return 0
}

func sysMkdir(t *Thread, a [6]uint64) int64 { return t.mkdirat(fdCWD, a[0], a[1]) }
func sysMkdirat(t *Thread, a [6]uint64) int64 {
	return t.mkdirat(a[0], a[1], a[2])
}

func (t *Thread) mkdirat(dirfd, pathAddr, mode uint64) int64 {
	g, e := t.pathArg(dirfd, pathAddr, false)
	if e != 0 {
		return errno(e)
	}
	root, e := t.proc.needRoot(g)
	if e != 0 {
		return errno(e)
	}
	if err := root.Mkdir(rootRel(g), fs.FileMode(uint32(mode)&^t.proc.fs.umask&0o777)); err != nil {
		return errno(hostErrno(err))
	}
	return 0
}

func sysRename(t *Thread, a [6]uint64) int64 { return t.renameat(fdCWD, a[0], fdCWD, a[1], 0) }
func sysRenameat(t *Thread, a [6]uint64) int64 {
	return t.renameat(a[0], a[1], a[2], a[3], 0)
}
func sysRenameat2(t *Thread, a [6]uint64) int64 {
	return t.renameat(a[0], a[1], a[2], a[3], a[4])
}

// renameNoreplace is RENAME_NOREPLACE.
const renameNoreplace = 1

func (t *Thread) renameat(olddir, oldAddr, newdir, newAddr, flags uint64) int64 {
	if flags&^renameNoreplace != 0 {
		return errno(abi.EINVAL)
	}
	from, e := t.pathArg(olddir, oldAddr, false)
	if e != 0 {
		return errno(e)
	}
	to, e := t.pathArg(newdir, newAddr, false)
	if e != 0 {
		return errno(e)
	}
	root, e := t.proc.needRoot(from)
	if e != 0 {
		return errno(e)
	}
	if flags&renameNoreplace != 0 {
		if _, e := t.proc.stat(to, true); e == 0 {
			return errno(abi.EEXIST)
		}
	}
	if err := root.Rename(rootRel(from), rootRel(to)); err != nil {
		return errno(hostErrno(err))
	}
	return 0
}

func sysSymlink(t *Thread, a [6]uint64) int64 {
	target, e := t.readPath(a[0])
	if e != 0 {
		return errno(e)
	}
	g, e := t.pathArg(fdCWD, a[1], false)
	if e != 0 {
		return errno(e)
	}
	root, e := t.proc.needRoot(g)
	if e != 0 {
		return errno(e)
	}
	if err := root.Symlink(target, rootRel(g)); err != nil {
		return errno(hostErrno(err))
	}
	return 0
}

func sysLink(t *Thread, a [6]uint64) int64 {
	from, e := t.pathArg(fdCWD, a[0], false)
	if e != 0 {
		return errno(e)
	}
	to, e := t.pathArg(fdCWD, a[1], false)
	if e != 0 {
		return errno(e)
	}
	root, e := t.proc.needRoot(from)
	if e != 0 {
		return errno(e)
	}
	if err := root.Link(rootRel(from), rootRel(to)); err != nil {
		return errno(hostErrno(err))
	}
	return 0
}

func sysChmod(t *Thread, a [6]uint64) int64 {
	g, e := t.pathArg(fdCWD, a[0], false)
	if e != 0 {
		return errno(e)
	}
	root, e := t.proc.needRoot(g)
	if e != 0 {
		return errno(e)
	}
	if err := root.Chmod(rootRel(g), fs.FileMode(a[1]&0o7777)); err != nil {
		return errno(hostErrno(err))
	}
	return 0
}

func sysFchmod(t *Thread, a [6]uint64) int64 {
	of := t.proc.files.get(a[0])
	if of == nil {
		return errno(abi.EBADF)
	}
	h, ok := of.f.(*hostFile)
	if !ok || h.noClose {
		return errno(abi.EPERM)
	}
	if err := h.f.Chmod(fs.FileMode(a[1] & 0o7777)); err != nil {
		return errno(hostErrno(err))
	}
	return 0
}

func sysTruncate(t *Thread, a [6]uint64) int64 {
	g, e := t.pathArg(fdCWD, a[0], false)
	if e != 0 {
		return errno(e)
	}
	if int64(a[1]) < 0 {
		return errno(abi.EINVAL)
	}
	f, e := t.proc.open(g, oWrOnly, 0)
	if e != 0 {
		return errno(e)
	}
	defer f.close()
	h, ok := f.(*hostFile)
	if !ok {
		return errno(abi.EINVAL)
	}
	if err := h.f.Truncate(int64(a[1])); err != nil {
		return errno(hostErrno(err))
	}
	t.k.pages.truncated(h, a[1])
	return 0
}

// fdStat stats an open descriptor (AT_EMPTY_PATH, fstat).
func (t *Thread) fdStat(fd uint64) (statInfo, abi.Errno) {
	if int32(fd) == atFDCWD {
		return t.proc.stat(t.proc.fs.cwd, false)
	}
	of := t.proc.files.get(fd)
	if of == nil {
		return statInfo{}, abi.EBADF
	}
	return of.f.stat()
}

// statAt resolves the stat target of the *stat* family.
func (t *Thread) statAt(dirfd, pathAddr uint64, flags uint64) (statInfo, abi.Errno) {
	if flags&^(atSymlinkNofollow|atEmptyPath|atNoAutomount|statxSyncMask) != 0 {
		return statInfo{}, abi.EINVAL
	}
	g, e := t.pathArg(dirfd, pathAddr, flags&atEmptyPath != 0)
	if e != 0 {
		return statInfo{}, e
	}
	if g == "" {
		return t.fdStat(dirfd)
	}
	return t.proc.stat(g, flags&atSymlinkNofollow != 0)
}

// statxSyncMask are statx's AT_STATX_SYNC_* bits.
const statxSyncMask = 0x6000

func (t *Thread) putStat(addr uint64, b []byte) int64 {
	if t.proc.mem.WriteAt(b, addr) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

func (t *Thread) oldStat(st statInfo, e abi.Errno, addr uint64) int64 {
	if e != 0 {
		return errno(e)
	}
	b, e := encodeStat(st)
	if e != 0 {
		return errno(e)
	}
	return t.putStat(addr, b)
}

func (t *Thread) stat64(st statInfo, e abi.Errno, addr uint64) int64 {
	if e != 0 {
		return errno(e)
	}
	return t.putStat(addr, encodeStat64(st))
}

func sysStat(t *Thread, a [6]uint64) int64 {
	st, e := t.statAt(fdCWD, a[0], 0)
	return t.oldStat(st, e, a[1])
}

func sysLstat(t *Thread, a [6]uint64) int64 {
	st, e := t.statAt(fdCWD, a[0], atSymlinkNofollow)
	return t.oldStat(st, e, a[1])
}

func sysFstat(t *Thread, a [6]uint64) int64 {
	st, e := t.fdStat(a[0])
	return t.oldStat(st, e, a[1])
}

func sysStat64(t *Thread, a [6]uint64) int64 {
	st, e := t.statAt(fdCWD, a[0], 0)
	return t.stat64(st, e, a[1])
}

func sysLstat64(t *Thread, a [6]uint64) int64 {
	st, e := t.statAt(fdCWD, a[0], atSymlinkNofollow)
	return t.stat64(st, e, a[1])
}

func sysFstat64(t *Thread, a [6]uint64) int64 {
	st, e := t.fdStat(a[0])
	return t.stat64(st, e, a[1])
}

func sysFstatat64(t *Thread, a [6]uint64) int64 {
	st, e := t.statAt(a[0], a[1], a[3])
	return t.stat64(st, e, a[2])
}

func sysStatx(t *Thread, a [6]uint64) int64 {
	st, e := t.statAt(a[0], a[1], a[2])
	if e != 0 {
		return errno(e)
	}
	return t.putStat(a[4], encodeStatx(st))
}
