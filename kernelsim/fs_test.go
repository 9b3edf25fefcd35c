package kernelsim

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
)

// newRootThread returns a test thread whose guest root is a fresh directory
// holding dir/file ("hello") and a symlink escaping the root.
func newRootThread(t *testing.T) (*Thread, string) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "dir", "file"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("dir/file", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	return newTestThread(t, Config{Root: root}), root
}

// Scratch addresses in the test data area.
const (
	pathBuf = testData
	ioBuf   = testData + 0x1000
)

func TestOpenReadWrite(t *testing.T) {
	th, root := newRootThread(t)
	open := func(p string, flags, mode uint64) (uint64, uint64) {
		return th.call(abi.SYS_OPENAT, fdCWD, th.putString(t, pathBuf, p), flags, mode)
	}
	tests := []struct {
		path  string
		flags uint64
		r0    uint64
		r19   uint64
	}{
		{"/dir/file", oRdOnly, 3, 0},
		{"dir/../dir/file", oRdOnly, 4, 0},
		{"/../../dir/file", oRdOnly, 5, 0}, // ".." at the root stays at the root
		{"/nonexistent", oRdOnly, e(abi.ENOENT), 1},
		{"/escape", oRdOnly, e(abi.EXDEV), 1}, // symlink out of the root
		{"/dir", oWrOnly, e(abi.EISDIR), 1},
		{"/dir/file", oRdOnly | oDirectory, e(abi.ENOTDIR), 1},
		{"/dir/file", oCreat | oExcl | oWrOnly, e(abi.EEXIST), 1},
		{"", oRdOnly, e(abi.ENOENT), 1},
		{"/link", oRdOnly, 6, 0},
		{"/dev/null", oWrOnly, 7, 0},
	}
	for _, tc := range tests {
		if r0, r19 := open(tc.path, tc.flags, 0); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("openat(%q, %#x) = %d, %d; want %d, %d", tc.path, tc.flags, r0, r19, tc.r0, tc.r19)
		}
	}
	if r0, _ := th.call(abi.SYS_READ, 3, ioBuf, 100); r0 != 5 || string(th.getBytes(t, ioBuf, 5)) != "hello" {
		t.Errorf("read = %d %q", r0, th.getBytes(t, ioBuf, 5))
	}
	if r0, _ := th.call(abi.SYS_READ, 3, ioBuf, 100); r0 != 0 {
		t.Errorf("read at EOF = %d", r0)
	}
	if r0, _ := th.call(abi.SYS_LSEEK, 3, 1, seekSet); r0 != 1 {
		t.Errorf("lseek = %d", r0)
	}
	if r0, _ := th.call(abi.SYS_PREAD64, 3, ioBuf, 2, 3); r0 != 2 || string(th.getBytes(t, ioBuf, 2)) != "lo" {
		t.Errorf("pread64 = %d", r0)
	}
	if r0, r19 := th.call(abi.SYS_WRITE, 3, ioBuf, 1); r19 != 1 || r0 != e(abi.EBADF) {
		t.Errorf("write to O_RDONLY = %d %d", r0, r19)
	}
	if r0, r19 := th.call(abi.SYS_READ, 3, 0x7000, 5); r19 != 1 || r0 != e(abi.EFAULT) {
		t.Errorf("read into unmapped = %d %d", r0, r19)
	}
	// Create, writev, and the host sees the file.
	fd, r19 := open("/new", oCreat|oWrOnly|oTrunc, 0o666)
	if r19 != 0 {
		t.Fatalf("create: %d", fd)
	}
	th.putString(t, ioBuf, "abcdef")
	iov := make([]byte, 32)
	binary.LittleEndian.PutUint64(iov[0:], ioBuf)
	binary.LittleEndian.PutUint64(iov[8:], 3)
	binary.LittleEndian.PutUint64(iov[16:], ioBuf+3)
	binary.LittleEndian.PutUint64(iov[24:], 3)
	th.putBytes(t, ioBuf+0x100, iov)
	if r0, _ := th.call(abi.SYS_WRITEV, fd, ioBuf+0x100, 2); r0 != 6 {
		t.Errorf("writev = %d", r0)
	}
	th.call(abi.SYS_CLOSE, fd)
	got, err := os.ReadFile(filepath.Join(root, "new"))
	if err != nil || string(got) != "abcdef" {
		t.Errorf("host sees %q, %v", got, err)
	}
	if fi, _ := os.Stat(filepath.Join(root, "new")); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644 (umask 022)", fi.Mode().Perm())
	}
	// /dev/null write does not touch the buffer (even an unmapped one).
	if r0, _ := th.call(abi.SYS_WRITE, 7, 0x7000, 12345); r0 != 12345 {
		t.Errorf("write /dev/null = %d", r0)
	}
	if r0, r19 := th.call(abi.SYS_CLOSE, 99); r19 != 1 || r0 != e(abi.EBADF) {
		t.Errorf("close(99) = %d %d", r0, r19)
	}
}

func TestNoRootFilesystem(t *testing.T) {
	th := newTestThread(t, Config{})
	for _, tc := range []struct {
		path string
		r19  uint64
	}{{"/etc/passwd", 1}, {"/dev/null", 0}, {"/dev/urandom", 0}, {"/bin/prog", 1 /* host file missing */}} {
		if _, r19 := th.call(abi.SYS_OPENAT, fdCWD, th.putString(t, pathBuf, tc.path), oRdOnly, 0); r19 != tc.r19 {
			t.Errorf("open %s: r19 = %d", tc.path, r19)
		}
	}
}

func TestPathSyscalls(t *testing.T) {
	th, root := newRootThread(t)
	p := func(s string) uint64 { return th.putString(t, pathBuf, s) }
	p2 := func(s string) uint64 { return th.putString(t, pathBuf+0x800, s) }
	steps := []struct {
		name string
		nr   uint64
		args func() []uint64
		r0   uint64
		r19  uint64
	}{
		{"mkdir", abi.SYS_MKDIR, func() []uint64 { return []uint64{p("/d2"), 0o755} }, 0, 0},
		{"mkdir exists", abi.SYS_MKDIR, func() []uint64 { return []uint64{p("/d2"), 0o755} }, e(abi.EEXIST), 1},
		{"chdir", abi.SYS_CHDIR, func() []uint64 { return []uint64{p("/dir")} }, 0, 0},
		{"chdir to file", abi.SYS_CHDIR, func() []uint64 { return []uint64{p("file")} }, e(abi.ENOTDIR), 1},
		{"getcwd", abi.SYS_GETCWD, func() []uint64 { return []uint64{ioBuf, 100} }, 5, 0},
		{"getcwd small", abi.SYS_GETCWD, func() []uint64 { return []uint64{ioBuf, 4} }, e(abi.ERANGE), 1},
		{"access relative", abi.SYS_ACCESS, func() []uint64 { return []uint64{p("file"), accR} }, 0, 0},
		{"access missing", abi.SYS_ACCESS, func() []uint64 { return []uint64{p("nope"), 0} }, e(abi.ENOENT), 1},
		{"rename", abi.SYS_RENAME, func() []uint64 { return []uint64{p("file"), p2("/d2/moved")} }, 0, 0},
		{"readlink", abi.SYS_READLINK, func() []uint64 { return []uint64{p("/link"), ioBuf, 100} }, 8, 0},
		{"readlink not a link", abi.SYS_READLINK, func() []uint64 { return []uint64{p("/d2"), ioBuf, 100} }, e(abi.EINVAL), 1},
		{"readlink /proc/self/exe", abi.SYS_READLINK, func() []uint64 { return []uint64{p("/proc/self/exe"), ioBuf, 100} }, 9, 0},
		{"unlink dir", abi.SYS_UNLINK, func() []uint64 { return []uint64{p("/d2")} }, e(abi.EISDIR), 1},
		{"rmdir non-empty", abi.SYS_RMDIR, func() []uint64 { return []uint64{p("/d2")} }, e(abi.ENOTEMPTY), 1},
		{"unlinkat file", abi.SYS_UNLINKAT, func() []uint64 { return []uint64{fdCWD, p("/d2/moved"), 0} }, 0, 0},
		{"unlinkat AT_REMOVEDIR", abi.SYS_UNLINKAT, func() []uint64 { return []uint64{fdCWD, p("/d2"), atRemoveDir} }, 0, 0},
		{"path too long", abi.SYS_ACCESS, func() []uint64 { return []uint64{p(string(bytes.Repeat([]byte("a"), 5000))), 0} }, e(abi.ENAMETOOLONG), 1},
		{"path fault", abi.SYS_ACCESS, func() []uint64 { return []uint64{0x7000, 0} }, e(abi.EFAULT), 1},
	}
	for _, s := range steps {
		if r0, r19 := th.call(s.nr, s.args()...); r0 != s.r0 || r19 != s.r19 {
			t.Errorf("%s: r0, r19 = %d, %d; want %d, %d", s.name, r0, r19, s.r0, s.r19)
		}
		switch s.name {
		case "getcwd":
			if got := string(th.getBytes(t, ioBuf, 5)); got != "/dir\x00" {
				t.Errorf("getcwd wrote %q", got)
			}
		case "readlink /proc/self/exe":
			if got := string(th.getBytes(t, ioBuf, 9)); got != "/bin/prog" {
				t.Errorf("readlink /proc/self/exe = %q", got)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(root, "d2")); !os.IsNotExist(err) {
		t.Errorf("d2 still exists: %v", err)
	}
}

// TestStatLayouts compares stat64/stat/statx/fstatat64 of a file with the
// host's stat of the same file, field by field at the Alpha offsets.
func TestStatLayouts(t *testing.T) {
	th, root := newRootThread(t)
	var host syscall.Stat_t
	if err := syscall.Stat(filepath.Join(root, "dir", "file"), &host); err != nil {
		t.Fatal(err)
	}
	path := th.putString(t, pathBuf, "/dir/file")
	if _, r19 := th.call(abi.SYS_STAT64, path, ioBuf); r19 != 0 {
		t.Fatal("stat64 failed")
	}
	s := le(th.getBytes(t, ioBuf, 136))
	dev := uint64(newEncodeDev(hostMajor(host.Dev), hostMinor(host.Dev)))
	checks := []struct {
		name      string
		got, want uint64
	}{
		{"st_dev", s.get64(0), dev}, {"st_ino", s.get64(8), host.Ino}, {"st_size", s.get64(24), 5},
		{"st_blocks", s.get64(32), uint64(host.Blocks)}, {"st_mode", uint64(s.get32(40)), uint64(host.Mode)},
		{"st_uid", uint64(s.get32(44)), uint64(host.Uid)}, {"st_gid", uint64(s.get32(48)), uint64(host.Gid)},
		{"st_blksize", uint64(s.get32(52)), uint64(host.Blksize)}, {"st_nlink", uint64(s.get32(56)), host.Nlink},
		{"st_atime", s.get64(64), uint64(host.Atim.Sec)}, {"st_atime_nsec", s.get64(72), uint64(host.Atim.Nsec)},
		{"st_mtime", s.get64(80), uint64(host.Mtim.Sec)}, {"st_mtime_nsec", s.get64(88), uint64(host.Mtim.Nsec)},
		{"st_ctime", s.get64(96), uint64(host.Ctim.Sec)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("stat64 %s = %d, want %d", c.name, c.got, c.want)
		}
	}
	// fstatat64(fd, "", AT_EMPTY_PATH) on an open fd gives the same bytes.
	fd, _ := th.call(abi.SYS_OPENAT, fdCWD, path, oRdOnly, 0)
	th.call(abi.SYS_FSTATAT64, fd, th.putString(t, pathBuf+0x100, ""), ioBuf+0x200, atEmptyPath)
	if !bytes.Equal(th.getBytes(t, ioBuf+0x200, 136), s) {
		t.Error("fstatat64(AT_EMPTY_PATH) differs from stat64")
	}
	if r0, _ := th.call(abi.SYS_FSTATAT64, fd, pathBuf+0x100, ioBuf, 0); r0 != e(abi.ENOENT) {
		t.Errorf("fstatat64 empty path without AT_EMPTY_PATH = %d", r0)
	}
	// Old struct stat (80 bytes, 32-bit fields).
	if host.Ino <= 0xffffffff {
		th.call(abi.SYS_FSTAT, fd, ioBuf+0x400)
		o := le(th.getBytes(t, ioBuf+0x400, 80))
		if uint64(o.get32(4)) != host.Ino || o.get32(8) != host.Mode || o.get64(32) != 5 || o.get64(48) != uint64(host.Mtim.Sec) {
			t.Errorf("struct stat: ino %d mode %o size %d mtime %d", o.get32(4), o.get32(8), o.get64(32), o.get64(48))
		}
	}
	// statx.
	th.call(abi.SYS_STATX, fdCWD, path, 0, 0x7ff, ioBuf+0x600)
	x := le(th.getBytes(t, ioBuf+0x600, 256))
	if x.get32(0) != 0x7ff || x.get64(32) != host.Ino || x.get64(40) != 5 || uint64(binary.LittleEndian.Uint16(x[28:])) != uint64(host.Mode&0xffff) ||
		x.get64(112) != uint64(host.Mtim.Sec) || x.get32(136) != hostMajor(host.Dev) || x.get32(140) != hostMinor(host.Dev) {
		t.Errorf("statx fields wrong: %x", []byte(x[:144]))
	}
	// Devices are character devices.
	th.call(abi.SYS_STAT64, th.putString(t, pathBuf, "/dev/null"), ioBuf)
	if m := le(th.getBytes(t, ioBuf, 136)).get32(40); m&sIFMT != sIFCHR {
		t.Errorf("/dev/null mode %o", m)
	}
}

func TestGetdents64(t *testing.T) {
	th, _ := newRootThread(t)
	fd, r19 := th.call(abi.SYS_OPENAT, fdCWD, th.putString(t, pathBuf, "/"), oRdOnly|oDirectory, 0)
	if r19 != 0 {
		t.Fatalf("open /: %d", fd)
	}
	names := map[string]bool{}
	for {
		n, r19 := th.call(abi.SYS_GETDENTS64, fd, ioBuf, 4096)
		if r19 != 0 {
			t.Fatalf("getdents64: %d", n)
		}
		if n == 0 {
			break
		}
		b := th.getBytes(t, ioBuf, int(n))
		for off := 0; off < len(b); {
			reclen := int(binary.LittleEndian.Uint16(b[off+16:]))
			name := b[off+19 : off+reclen]
			names[string(bytes.TrimRight(name, "\x00"))] = true
			off += reclen
		}
	}
	for _, want := range []string{".", "..", "dir", "escape", "link"} {
		if !names[want] {
			t.Errorf("getdents64 missed %q (got %v)", want, names)
		}
	}
	if r0, _ := th.call(abi.SYS_GETDENTS64, 1, ioBuf, 4096); r0 != e(abi.ENOTDIR) {
		t.Errorf("getdents64 on a stream = %d", r0)
	}
}

func TestFDTableCalls(t *testing.T) {
	th, _ := newRootThread(t)
	fd, _ := th.call(abi.SYS_OPENAT, fdCWD, th.putString(t, pathBuf, "/dir/file"), oRdOnly|oCloexec, 0)
	steps := []struct {
		name    string
		nr      uint64
		args    []uint64
		r0, r19 uint64
	}{
		{"F_GETFD cloexec", abi.SYS_FCNTL, []uint64{fd, fGetFD}, fdCloexec, 0},
		{"dup", abi.SYS_DUP, []uint64{fd}, 4, 0},
		{"F_GETFD of dup", abi.SYS_FCNTL, []uint64{4, fGetFD}, 0, 0},
		{"dup2", abi.SYS_DUP2, []uint64{fd, 10}, 10, 0},
		{"dup2 same", abi.SYS_DUP2, []uint64{fd, fd}, fd, 0},
		{"dup3 same", abi.SYS_DUP3, []uint64{fd, fd, 0}, e(abi.EINVAL), 1},
		{"dup3 cloexec", abi.SYS_DUP3, []uint64{fd, 11, oCloexec}, 11, 0},
		{"F_DUPFD min 20", abi.SYS_FCNTL, []uint64{fd, fDupFD, 20}, 20, 0},
		{"F_GETFL", abi.SYS_FCNTL, []uint64{fd, fGetFL}, oRdOnly | oLargefile, 0},
		{"F_SETFL nonblock", abi.SYS_FCNTL, []uint64{fd, fSetFL, oNonblock}, 0, 0},
		{"F_GETFL shared by dup", abi.SYS_FCNTL, []uint64{4, fGetFL}, oRdOnly | oLargefile | oNonblock, 0},
		{"bad cmd", abi.SYS_FCNTL, []uint64{fd, 999}, e(abi.EINVAL), 1},
		{"dup bad", abi.SYS_DUP, []uint64{77}, e(abi.EBADF), 1},
		{"dup2 beyond limit", abi.SYS_DUP2, []uint64{fd, 5000}, e(abi.EBADF), 1},
		{"ioctl TCGETS on file", abi.SYS_IOCTL, []uint64{fd, ioctlTCGETS, ioBuf}, e(abi.ENOTTY), 1},
	}
	for _, s := range steps {
		if r0, r19 := th.call(s.nr, s.args...); r0 != s.r0 || r19 != s.r19 {
			t.Errorf("%s: %d, %d; want %d, %d", s.name, r0, r19, s.r0, s.r19)
		}
	}
	// Reading through a dup shares the offset.
	th.call(abi.SYS_READ, fd, ioBuf, 2)
	if r0, _ := th.call(abi.SYS_READ, 4, ioBuf, 10); r0 != 3 {
		t.Errorf("read via dup after 2 bytes = %d, want 3", r0)
	}
}

func TestPipes(t *testing.T) {
	th := newTestThread(t, Config{})
	r, r19 := th.call(abi.SYS_PIPE)
	w := th.cpu.R[20]
	if r19 != 0 || r != 3 || w != 4 {
		t.Fatalf("pipe = r0 %d r20 %d", r, w)
	}
	th.putString(t, ioBuf, "through")
	if n, _ := th.call(abi.SYS_WRITE, w, ioBuf, 7); n != 7 {
		t.Fatalf("write = %d", n)
	}
	th.call(abi.SYS_IOCTL, r, ioctlFIONREAD, ioBuf+0x100)
	if n := le(th.getBytes(t, ioBuf+0x100, 4)).get32(0); n != 7 {
		t.Errorf("FIONREAD = %d", n)
	}
	if n, _ := th.call(abi.SYS_READ, r, ioBuf+0x200, 100); n != 7 || string(th.getBytes(t, ioBuf+0x200, 7)) != "through" {
		t.Errorf("read = %d", n)
	}
	if n, r19 := th.call(abi.SYS_LSEEK, r, 0, seekSet); r19 != 1 || n != e(abi.ESPIPE) {
		t.Errorf("lseek on pipe = %d", n)
	}
	// pipe2 with O_NONBLOCK: empty read is EAGAIN.
	th.call(abi.SYS_PIPE2, ioBuf+0x300, oNonblock|oCloexec)
	fds := le(th.getBytes(t, ioBuf+0x300, 8))
	r2, w2 := uint64(fds.get32(0)), uint64(fds.get32(4))
	if n, r19 := th.call(abi.SYS_READ, r2, ioBuf, 1); r19 != 1 || n != e(abi.EAGAIN) {
		t.Errorf("nonblocking empty read = %d %d", n, r19)
	}
	if n, _ := th.call(abi.SYS_FCNTL, w2, fGetFD); n != fdCloexec {
		t.Errorf("pipe2 O_CLOEXEC not set")
	}
	// Closing the writer gives EOF; writing without a reader is EPIPE + SIGPIPE.
	th.call(abi.SYS_CLOSE, w2)
	if n, r19 := th.call(abi.SYS_READ, r2, ioBuf, 1); n != 0 || r19 != 0 {
		t.Errorf("read after writer closed = %d %d", n, r19)
	}
	th.call(abi.SYS_CLOSE, r)
	th.proc.sig.act[abi.SIGPIPE].handler = sigIgn
	if n, r19 := th.call(abi.SYS_WRITE, w, ioBuf, 1); r19 != 1 || n != e(abi.EPIPE) {
		t.Errorf("write without reader = %d %d", n, r19)
	}
	th.proc.sig.act[abi.SIGPIPE].handler = sigDfl
	th.call(abi.SYS_WRITE, w, ioBuf, 1)
	if th.proc.exit != (Exit{Signal: abi.SIGPIPE}) {
		t.Errorf("exit after SIGPIPE = %v", th.proc.exit)
	}
}

// TestSysrootOverlay checks qemu -L semantics: read-only lookups try the
// sysroot first, writes and misses go to the guest root.
func TestSysrootOverlay(t *testing.T) {
	sysroot, root := t.TempDir(), t.TempDir()
	for dir, content := range map[string]string{sysroot: "from sysroot", root: "from root"} {
		if err := os.MkdirAll(filepath.Join(dir, "lib"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "lib", "libc.so"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "only-root"), []byte("root"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		root, path string
		flags      uint64
		want       string
		r19        uint64
	}{
		{"", "/lib/libc.so", oRdOnly, "from sysroot", 0},
		{root, "/lib/libc.so", oRdOnly, "from sysroot", 0},
		{root, "/only-root", oRdOnly, "root", 0},
		{"", "/only-root", oRdOnly, "", 1},
		{root, "/lib/libc.so", oRdWr, "from root", 0},
	} {
		th := newTestThread(t, Config{Root: tc.root})
		if err := th.proc.fs.addSysroot(sysroot); err != nil {
			t.Fatal(err)
		}
		fd, r19 := th.call(abi.SYS_OPENAT, fdCWD, th.putString(t, pathBuf, tc.path), tc.flags, 0)
		if r19 != tc.r19 {
			t.Errorf("open %s (root %q): r19 %d", tc.path, tc.root, r19)
			continue
		}
		if r19 != 0 {
			continue
		}
		n, _ := th.call(abi.SYS_READ, fd, ioBuf, 100)
		if got := string(th.getBytes(t, ioBuf, int(n))); got != tc.want {
			t.Errorf("open %s (root %q, flags %#x) read %q, want %q", tc.path, tc.root, tc.flags, got, tc.want)
		}
	}
}

// TestInitialCwd: with the host root as guest root the guest starts in the
// host's working directory; with another root, at "/".
func TestInitialCwd(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ root, want string }{{"/", wd}, {t.TempDir(), "/"}, {"", "/"}} {
		fsc, err := newFSContext(tc.root)
		if err != nil {
			t.Fatal(err)
		}
		if fsc.cwd != tc.want {
			t.Errorf("root %q: cwd %q, want %q", tc.root, fsc.cwd, tc.want)
		}
	}
}

// TestProcSelf checks the simulated /proc/self entries, which must not leak
// the host's /proc even with the host root as guest root.
func TestProcSelf(t *testing.T) {
	th := newTestThread(t, Config{Root: "/"})
	th.proc.exeGuest = "/bin/prog"
	if fd, _ := th.call(abi.SYS_OPENAT, fdCWD, th.putString(t, pathBuf, "/dev/zero"), oRdOnly, 0); fd != 3 {
		t.Fatalf("open /dev/zero = %d", fd)
	}
	for _, tc := range []struct {
		nr      uint64
		path    string
		r0, r19 uint64
		want    string
	}{
		{abi.SYS_READLINK, "/proc/self/exe", 9, 0, "/bin/prog"},
		{abi.SYS_READLINK, "/proc/1001/exe", 9, 0, "/bin/prog"},
		{abi.SYS_READLINK, "/proc/self/fd/3", 9, 0, "/dev/zero"},
		{abi.SYS_READLINK, "/proc/self/fd/9", e(abi.ENOENT), 1, ""},
		{abi.SYS_READLINK, "/proc/self/maps", e(abi.ENOENT), 1, ""},
		{abi.SYS_OPENAT, "/proc/self/maps", e(abi.ENOENT), 1, ""},
		{abi.SYS_OPENAT, "/proc/self/status", e(abi.ENOENT), 1, ""},
	} {
		var r0, r19 uint64
		p := th.putString(t, pathBuf, tc.path)
		if tc.nr == abi.SYS_READLINK {
			r0, r19 = th.call(tc.nr, p, ioBuf, 100)
		} else {
			r0, r19 = th.call(tc.nr, fdCWD, p, oRdOnly, 0)
		}
		if r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("%d %s = %d, %d; want %d, %d", tc.nr, tc.path, r0, r19, tc.r0, tc.r19)
		}
		if tc.want != "" && string(th.getBytes(t, ioBuf, len(tc.want))) != tc.want {
			t.Errorf("%s -> %q", tc.path, th.getBytes(t, ioBuf, len(tc.want)))
		}
	}
}

// TestHostPipeSIGPIPE: writing to a host pipe whose reader is gone raises
// SIGPIPE in the guest, as a real kernel would.
func TestHostPipeSIGPIPE(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	defer w.Close()
	th := newTestThread(t, Config{})
	th.proc.files.install(5, &hostFile{f: w, name: "pipe"}, oWrOnly)
	th.putString(t, ioBuf, "x")
	th.call(abi.SYS_WRITE, 5, ioBuf, 1)
	if th.proc.exit != (Exit{Signal: abi.SIGPIPE}) {
		t.Fatalf("exit %v, want killed by SIGPIPE", th.proc.exit)
	}
}

func TestPoll(t *testing.T) {
	th := newTestThread(t, Config{})
	th.call(abi.SYS_PIPE)
	r, w := uint64(3), uint64(4)
	set := func(fds ...int32) {
		b := le(make([]byte, 8*len(fds)))
		for i, fd := range fds {
			b.u32(8*i, uint32(fd))
			b.u16(8*i+4, pollIn|pollOut)
		}
		th.putBytes(t, ioBuf, b)
	}
	rev := func(i int) uint16 { return binary.LittleEndian.Uint16(th.getBytes(t, ioBuf+uint64(8*i)+6, 2)) }
	set(int32(r), int32(w), 77, -1)
	if n, _ := th.call(abi.SYS_POLL, ioBuf, 4, 0); n != 2 || rev(0) != 0 || rev(1) != pollOut || rev(2) != pollNval || rev(3) != 0 {
		t.Errorf("poll = %d, revents %#x %#x %#x %#x", n, rev(0), rev(1), rev(2), rev(3))
	}
	th.putString(t, ioBuf+0x100, "x")
	th.call(abi.SYS_WRITE, w, ioBuf+0x100, 1)
	set(int32(r))
	if n, _ := th.call(abi.SYS_POLL, ioBuf, 1, 1000); n != 1 || rev(0) != pollIn {
		t.Errorf("poll readable = %d, %#x", n, rev(0))
	}
	th.call(abi.SYS_READ, r, ioBuf+0x100, 1)
	start := time.Now()
	if n, r19 := th.call(abi.SYS_POLL, ioBuf, 1, 20); n != 0 || r19 != 0 || time.Since(start) < 15*time.Millisecond {
		t.Errorf("poll timeout = %d, %d after %v", n, r19, time.Since(start))
	}
	th.call(abi.SYS_CLOSE, w)
	if n, _ := th.call(abi.SYS_POLL, ioBuf, 1, 0); n != 1 || rev(0) != pollHup {
		t.Errorf("poll after writer closed = %d, %#x", n, rev(0))
	}
	if r0, r19 := th.call(abi.SYS_POLL, 0x7000, 1, 0); r19 != 1 || r0 != e(abi.EFAULT) {
		t.Errorf("poll fault = %d", r0)
	}
}

// TestPpollMask: ppoll's temporary mask is undone when it returns normally.
func TestPpollMask(t *testing.T) {
	th := newTestThread(t, Config{})
	th.sigMask = 1 << 3
	m := le(make([]byte, 8))
	m.u64(0, 1<<5)
	th.putBytes(t, ioBuf, m)
	ts := le(make([]byte, 16)) // zero timeout
	th.putBytes(t, ioBuf+16, ts)
	if n, r19 := th.call(abi.SYS_PPOLL, ioBuf+64, 0, ioBuf+16, ioBuf, 8); n != 0 || r19 != 0 {
		t.Fatalf("ppoll = %d, %d", n, r19)
	}
	if th.sigMask != 1<<3 || th.hasSavedMask {
		t.Errorf("mask after ppoll = %#x (saved %v)", th.sigMask, th.hasSavedMask)
	}
}
