package kernelsim

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/axpsec/axpsec/abi"
)

// fsContext is a process's view of the filesystem: the guest root (an
// os.Root, so no path can resolve outside it, even through symlinks), the
// working directory and the umask.
type fsContext struct {
	root     *os.Root // nil: no filesystem beyond devices and the executable
	hostRoot string
	// sysroot, when set, is searched first for read-only lookups of every
	// path, as qemu-user's -L prefix is: it lets a dynamically linked
	// program find its loader's libraries without a guest root.
	sysroot *os.Root
	cwd     string // guest absolute path, cleaned
	umask   uint32
}

func newFSContext(root string) (*fsContext, error) {
	fsc := &fsContext{cwd: "/", umask: 0o022}
	if root == "" {
		return fsc, nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("guest root %s: %w", root, err)
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("guest root: %w", err)
	}
	fsc.root, fsc.hostRoot = r, abs
	// Start in the host's working directory when the root contains it (as
	// qemu-user does with the real file system), else at the root.
	if wd, err := os.Getwd(); err == nil {
		if g := fsc.guestPathOf(wd); g != wd || abs == "/" {
			fsc.cwd = path.Clean(g)
		}
	}
	return fsc, nil
}

// addSysroot makes dir the read-only overlay searched before the guest root.
func (fs *fsContext) addSysroot(dir string) error {
	if dir == "" {
		return nil
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("sysroot: %w", err)
	}
	fs.sysroot = r
	return nil
}

// inSysroot reports whether guest path g names something under the sysroot.
func (fs *fsContext) inSysroot(g string) bool {
	if fs.sysroot == nil || g == "/" {
		return false
	}
	_, err := fs.sysroot.Lstat(rootRel(g))
	return err == nil
}

// rootRel converts a cleaned guest absolute path to an os.Root-relative name.
func rootRel(g string) string {
	if g == "/" {
		return "."
	}
	return g[1:]
}

// resolve turns a path argument into a cleaned guest absolute path, relative
// to dirfd (AT_FDCWD or a directory descriptor) when it is relative. An empty
// path is ENOENT unless emptyOK (AT_EMPTY_PATH), when "" is returned.
func (t *Thread) resolve(dirfd uint64, p string, emptyOK bool) (string, abi.Errno) {
	if p == "" {
		if emptyOK {
			return "", 0
		}
		return "", abi.ENOENT
	}
	if p[0] == '/' {
		return path.Clean(p), 0
	}
	base := t.proc.fs.cwd
	if int32(dirfd) != atFDCWD {
		of := t.proc.files.get(dirfd)
		if of == nil {
			return "", abi.EBADF
		}
		h, ok := of.f.(*hostFile)
		if !ok {
			return "", abi.ENOTDIR
		}
		st, e := h.stat()
		if e != 0 {
			return "", e
		}
		if st.mode&sIFMT != sIFDIR {
			return "", abi.ENOTDIR
		}
		base = h.name
	}
	return path.Join(base, p), 0
}

// isExe reports whether guest path g names the running executable, which is
// reachable even without a guest root.
func (p *Process) isExe(g string) bool {
	return g == p.exeGuest
}

// procSelf returns the rest of g after /proc/self/, /proc/thread-self/ or
// /proc/PID/ for the process itself. The simulated kernel answers those paths
// itself (exe, fd/N) and hides the rest, which a host /proc would fill with
// the emulator's own data.
func (p *Process) procSelf(g string) (string, bool) {
	for _, pre := range []string{"/proc/self", "/proc/thread-self", fmt.Sprintf("/proc/%d", p.pid)} {
		if g == pre {
			return "", true
		}
		if len(g) > len(pre) && g[:len(pre)+1] == pre+"/" {
			return g[len(pre)+1:], true
		}
	}
	return "", false
}

// procFD returns the open file behind a /proc/self/fd/N entry.
func (p *Process) procFD(rest string) (*openFile, bool) {
	if len(rest) < 4 || rest[:3] != "fd/" {
		return nil, false
	}
	n, err := strconv.ParseUint(rest[3:], 10, 32)
	if err != nil {
		return nil, false
	}
	of := p.files.get(n)
	return of, of != nil
}

// open opens guest path g with Alpha open flags and creation mode.
func (p *Process) open(g string, flags, mode uint32) (file, abi.Errno) {
	if minor, ok := devices[g]; ok {
		return &device{name: g, minor: minor}, 0
	}
	if rest, ok := p.procSelf(g); ok {
		switch of, isFD := p.procFD(rest); {
		case rest == "exe":
			g = p.exeGuest
		case isFD && of.f.path() != g:
			g = of.f.path()
		default:
			return nil, abi.ENOENT
		}
		if g == p.exeGuest {
			if flags&oAccMode != oRdOnly || flags&(oCreat|oTrunc) != 0 {
				return nil, abi.EACCES
			}
			f, err := os.Open(p.exeHost)
			if err != nil {
				return nil, hostErrno(err)
			}
			return &hostFile{f: f, name: p.exeGuest}, 0
		}
		return p.open(g, flags, mode)
	}
	fsc := p.fs
	if flags&(oAccMode|oCreat|oTrunc) == oRdOnly && fsc.inSysroot(g) {
		f, err := fsc.sysroot.OpenFile(rootRel(g), hostOpenFlags(flags), 0)
		if err != nil {
			return nil, hostErrno(err)
		}
		return &hostFile{f: f, name: g}, 0
	}
	if fsc.root == nil {
		if p.isExe(g) {
			if flags&oAccMode != oRdOnly || flags&(oCreat|oTrunc) != 0 {
				return nil, abi.EACCES
			}
			f, err := os.Open(p.exeHost)
			if err != nil {
				return nil, hostErrno(err)
			}
			return &hostFile{f: f, name: p.exeGuest}, 0
		}
		return nil, abi.ENOENT
	}
	hflags := hostOpenFlags(flags)
	f, err := fsc.root.OpenFile(rootRel(g), hflags, fs.FileMode(mode&^fsc.umask&0o7777))
	if err != nil {
		return nil, hostErrno(err)
	}
	return &hostFile{f: f, name: g}, 0
}

// hostOpenFlags translates Alpha O_* flags to the host's.
func hostOpenFlags(flags uint32) int {
	h := int(flags & oAccMode)
	for _, m := range [...]struct {
		alpha uint32
		host  int
	}{
		{oCreat, os.O_CREATE}, {oTrunc, os.O_TRUNC}, {oExcl, os.O_EXCL}, {oAppend, os.O_APPEND},
		{oDirectory, syscall.O_DIRECTORY}, {oNofollow, syscall.O_NOFOLLOW}, {oSync, os.O_SYNC},
		{oDsync, syscall.O_DSYNC}, {oNoctty, syscall.O_NOCTTY},
	} {
		if flags&m.alpha != 0 {
			h |= m.host
		}
	}
	return h
}

// stat stats guest path g (following symlinks unless nofollow).
func (p *Process) stat(g string, nofollow bool) (statInfo, abi.Errno) {
	if _, ok := devices[g]; ok {
		f, _ := p.open(g, oRdOnly, 0)
		return f.stat()
	}
	if rest, ok := p.procSelf(g); ok {
		if of, isFD := p.procFD(rest); isFD && !nofollow {
			return of.f.stat()
		}
		if rest != "exe" && !(nofollow && len(rest) > 3 && rest[:3] == "fd/") {
			return statInfo{}, abi.ENOENT
		}
		if nofollow {
			return statInfo{mode: sIFLNK | 0o777, nlink: 1, blksize: 4096, ino: 3}, 0
		}
		g = p.exeGuest
		if p.fs.root == nil {
			return statHostPath(p.exeHost)
		}
	}
	var (
		fi  fs.FileInfo
		err error
	)
	switch {
	case p.fs.inSysroot(g) && nofollow:
		fi, err = p.fs.sysroot.Lstat(rootRel(g))
	case p.fs.inSysroot(g):
		fi, err = p.fs.sysroot.Stat(rootRel(g))
	case p.fs.root == nil && p.isExe(g):
		return statHostPath(p.exeHost)
	case p.fs.root == nil:
		return statInfo{}, abi.ENOENT
	case nofollow:
		fi, err = p.fs.root.Lstat(rootRel(g))
	default:
		fi, err = p.fs.root.Stat(rootRel(g))
	}
	if err != nil {
		return statInfo{}, hostErrno(err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return statInfo{}, abi.EIO
	}
	return statFromHost(st), 0
}

// statHostPath stats a host path outside the guest root (the executable).
func statHostPath(host string) (statInfo, abi.Errno) {
	var st syscall.Stat_t
	if err := syscall.Stat(host, &st); err != nil {
		return statInfo{}, hostErrno(err)
	}
	return statFromHost(&st), 0
}

// readlink returns the target of the symlink at guest path g.
func (p *Process) readlink(g string) (string, abi.Errno) {
	if rest, ok := p.procSelf(g); ok {
		if rest == "exe" {
			return p.exeGuest, 0
		}
		if of, isFD := p.procFD(rest); isFD {
			return of.f.path(), 0
		}
		return "", abi.ENOENT
	}
	r := p.fs.root
	if p.fs.inSysroot(g) {
		r = p.fs.sysroot
	}
	if r == nil {
		if p.isExe(g) {
			return "", abi.EINVAL
		}
		return "", abi.ENOENT
	}
	s, err := r.Readlink(rootRel(g))
	if err != nil {
		return "", hostErrno(err)
	}
	return s, 0
}

// needRoot returns the root for a modifying path operation, or EROFS-like
// failure when there is no guest filesystem.
func (p *Process) needRoot(g string) (*os.Root, abi.Errno) {
	if p.fs.root == nil {
		if _, ok := devices[g]; ok || p.isExe(g) {
			return nil, abi.EACCES
		}
		return nil, abi.ENOENT
	}
	return p.fs.root, 0
}
