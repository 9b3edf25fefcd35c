package kernelsim

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// openShared creates dir/name with content under a test thread rooted at
// dir, opens it read-write and returns the descriptor, closed (and the
// page cache drained) when the test ends.
func openShared(t testing.TB, dir, name string, content []byte) (*Thread, uint64) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
		t.Fatal(err)
	}
	th := newTestThread(t, Config{Root: dir})
	path := th.putString(t, testData, "/"+name)
	fd, r19 := th.call(abi.SYS_OPENAT, fdCWD, path, oRdWr, 0)
	if r19 != 0 {
		t.Fatalf("openat: %d", fd)
	}
	t.Cleanup(func() {
		// Close the host files now, not when the collector gets to them:
		// the fuzzer makes thousands of these.
		th.call(abi.SYS_CLOSE, fd)
		th.k.drainPages()
	})
	return th, fd
}

// mapShared maps n bytes of fd from off MAP_SHARED read-write.
func (th *Thread) mapShared(t testing.TB, fd, n, off uint64) uint64 {
	t.Helper()
	a, r19 := th.call(abi.SYS_MMAP, 0, n, protRead|protWrite, mapShared, fd, off)
	if r19 != 0 {
		t.Fatalf("mmap shared: %d", a)
	}
	return a
}

// TestMsync checks msync's argument checks (Alpha's MS_* values, which
// qemu-user does not translate) and that it writes the mapping's stores
// to the file: both MS_SYNC and MS_ASYNC.
func TestMsync(t *testing.T) {
	dir := t.TempDir()
	th, fd := openShared(t, dir, "f", make([]byte, 3*pageSize/2))
	a := th.mapShared(t, fd, 2*pageSize, 0) // the second page is half past the end
	hole := a + 4*pageSize                  // nothing mapped there
	tests := []struct {
		name        string
		addr, n     uint64
		flags       uint64
		want        uint64 // errno, 0 for success
		store, file string // stored at the mapping's start before the call; file content after it
	}{
		{"bad flag", a, pageSize, 8, e(abi.EINVAL), "x", ""},
		{"async and sync", a, pageSize, msAsync | msSync, e(abi.EINVAL), "x", ""},
		{"unaligned", a + 1, pageSize, msSync, e(abi.EINVAL), "x", ""},
		{"unmapped", hole, pageSize, msSync, e(abi.ENOMEM), "x", ""},
		{"partly unmapped", a, 6 * pageSize, msSync, e(abi.ENOMEM), "partly", "partly"},
		{"zero length", a, 0, msSync, 0, "zero", "partly"},
		{"invalidate (writes as well)", a, pageSize, msInvalidate, 0, "inval", "invaly"},
		{"sync", a, pageSize, msSync, 0, "synced", "synced"},
		{"async", a, 1, msAsync, 0, "async!", "async!"},
		{"past the end of the file", a + pageSize, pageSize, msSync, 0, "", "async!"},
	}
	for _, tc := range tests {
		th.putBytes(t, a, []byte(tc.store))
		r0, r19 := th.call(abi.SYS_MSYNC, tc.addr, tc.n, tc.flags)
		if (tc.want == 0 && r19 != 0) || (tc.want != 0 && (r19 != 1 || r0 != tc.want)) {
			t.Errorf("%s: msync = %d (r19 %d), want errno %d", tc.name, r0, r19, tc.want)
		}
		if tc.file == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "f"))
		if err != nil || !bytes.HasPrefix(b, []byte(tc.file)) || len(b) != 3*pageSize/2 {
			t.Errorf("%s: file holds %q... (%d bytes, %v), want %q first", tc.name, b[:min(len(b), 8)], len(b), err, tc.file)
		}
	}
}

// TestPageCacheFork shares a file mapping with a forked address space:
// the child's stores reach the parent's mapping, and the child's release
// writes them back while the parent still maps the file.
func TestPageCacheFork(t *testing.T) {
	dir := t.TempDir()
	th, fd := openShared(t, dir, "f", make([]byte, pageSize))
	a := th.mapShared(t, fd, pageSize, 0)
	k, parent := th.k, th.proc.mm
	child := parent.fork()
	if err := child.mem.WriteAt([]byte("from the child"), a); err != nil {
		t.Fatal(err)
	}
	if got := th.getBytes(t, a, 14); string(got) != "from the child" {
		t.Errorf("parent reads %q", got)
	}
	k.releaseSpace(child.mem)
	b, err := os.ReadFile(filepath.Join(dir, "f"))
	if err != nil || !bytes.HasPrefix(b, []byte("from the child")) {
		t.Errorf("file after the child's release: %q (%v)", b[:14], err)
	}
	if len(k.pages.files) != 1 || len(k.pages.spaces) != 1 {
		t.Errorf("cache holds %d files, %d address spaces; want the parent's 1 and 1", len(k.pages.files), len(k.pages.spaces))
	}
	th.putBytes(t, a, []byte("parent"))
	k.drainPages()
	if b, _ := os.ReadFile(filepath.Join(dir, "f")); !bytes.HasPrefix(b, []byte("parenthe child")) {
		t.Errorf("file after the end of the run: %q", b[:16])
	}
	if len(k.pages.files) != 0 {
		t.Errorf("cache holds %d files after the run", len(k.pages.files))
	}
}

// FuzzPageCache drives two MAP_SHARED mappings of one file (at page
// offsets 0 and 1) with stores, loads, pread, pwrite, msync, munmap and
// ftruncate, against a model: a byte slice for the file. Loads and preads
// must return the model's bytes, and the host file must hold the model in
// the range of a mapping after its msync, and whole at the end.
func FuzzPageCache(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add([]byte{0, 0x40, 0x10, 3, 0x21, 1, 2, 0x12, 5, 0x33, 0x44, 0x55, 6, 1, 1, 1, 4})
	f.Add([]byte{6, 0x80, 0, 0x30, 0, 0x10, 0x55, 2, 0x7f, 0xff, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		const size0 = 5 * pageSize / 2
		dir := t.TempDir()
		model := make([]byte, size0)
		for i := range model {
			model[i] = byte(i * 13)
		}
		th, fd := openShared(t, dir, "f", model)
		mem := th.proc.mem
		bases := [2]uint64{th.mapShared(t, fd, 3*pageSize, 0), th.mapShared(t, fd, 2*pageSize, pageSize)}
		offs := [2]uint64{0, pageSize}
		lens := [2]uint64{3 * pageSize, 2 * pageSize}
		buf := th.proc.mm.findFree(pageSize) // scratch for pread/pwrite
		if r, r19 := th.call(abi.SYS_MMAP, buf, pageSize, protRead|protWrite, mapPrivate|mapAnonymous|mapFixed, 0, 0); r19 != 0 {
			t.Fatalf("scratch mmap: %d", r)
		}
		// checkFile compares the host file with the model, whole and in
		// [from, to).
		checkFile := func(when string, from, to uint64) {
			b, err := os.ReadFile(filepath.Join(dir, "f"))
			if err != nil || len(b) != len(model) {
				t.Fatalf("%s: host file has %d bytes (%v), the model %d", when, len(b), err, len(model))
			}
			from, to = min(from, uint64(len(b))), min(to, uint64(len(b)))
			if !bytes.Equal(b[from:to], model[from:to]) {
				t.Fatalf("%s: host file differs from the model in [%d, %d)\n%s", when, from, to, firstDiff(string(b[from:to]), string(model[from:to])))
			}
		}
		for len(ops) >= 4 {
			op, m := ops[0]%7, int(ops[0]>>3)&1
			pos := uint64(binary.LittleEndian.Uint16(ops[1:3])) % lens[m] // offset in mapping m
			v := ops[3]
			ops = ops[4:]
			foff := offs[m] + pos // file offset
			switch op {
			case 0, 1: // store, load through mapping m: within the file's pages only
				if foff >= uint64(len(model)) {
					continue // past the end: SIGBUS, or not written back
				}
				if op == 0 {
					if err := mem.WriteAt([]byte{v}, bases[m]+pos); err != nil {
						t.Fatalf("store at file offset %d: %v", foff, err)
					}
					model[foff] = v
					continue
				}
				var b [1]byte
				if err := mem.ReadAt(b[:], bases[m]+pos); err != nil {
					t.Fatalf("load at file offset %d: %v", foff, err)
				}
				if b[0] != model[foff] {
					t.Fatalf("load at file offset %d: %#x, model %#x", foff, b[0], model[foff])
				}
			case 2: // pwrite of v bytes of value v
				n := uint64(v%64) + 1
				th.putBytes(t, buf, bytes.Repeat([]byte{v}, int(n)))
				if r, r19 := th.call(abi.SYS_PWRITE64, fd, buf, n, foff); r19 != 0 || r != n {
					t.Fatalf("pwrite at %d: %d", foff, r)
				}
				if end := foff + n; end > uint64(len(model)) {
					model = append(model, make([]byte, end-uint64(len(model)))...)
				}
				copy(model[foff:], bytes.Repeat([]byte{v}, int(n)))
			case 3: // pread
				n := uint64(v%64) + 1
				r, r19 := th.call(abi.SYS_PREAD64, fd, buf, n, foff)
				want := model[min(foff, uint64(len(model))):min(foff+n, uint64(len(model)))]
				if r19 != 0 || r != uint64(len(want)) || !bytes.Equal(th.getBytes(t, buf, len(want)), want) {
					t.Fatalf("pread of %d at %d: %d bytes, model %d", n, foff, r, len(want))
				}
			case 4: // msync the whole mapping
				if r, r19 := th.call(abi.SYS_MSYNC, bases[m], lens[m], msSync); r19 != 0 {
					t.Fatalf("msync: %d", r)
				}
				checkFile("after msync", offs[m], offs[m]+lens[m])
			case 5: // munmap and map mapping m again
				if r, r19 := th.call(abi.SYS_MUNMAP, bases[m], lens[m]); r19 != 0 {
					t.Fatalf("munmap: %d", r)
				}
				bases[m] = th.mapShared(t, fd, lens[m], offs[m])
			case 6: // ftruncate to a size within the mappings' reach
				n := foff % (3 * pageSize)
				if r, r19 := th.call(abi.SYS_FTRUNCATE, fd, n); r19 != 0 {
					t.Fatalf("ftruncate %d: %d", n, r)
				}
				if n < uint64(len(model)) {
					model = model[:n]
				} else {
					model = append(model, make([]byte, n-uint64(len(model)))...)
				}
			}
		}
		th.k.drainPages()
		checkFile("at the end", 0, ^uint64(0))
	})
}

// TestMmapSharedErrors checks the refusals of MAP_SHARED file mappings
// and a mapping wholly past the end of the file (allowed; no page to
// read: a system call reading it fails with EFAULT).
func TestMmapSharedErrors(t *testing.T) {
	dir := t.TempDir()
	th, fd := openShared(t, dir, "f", make([]byte, pageSize))
	root := th.putString(t, testData+64, "/")
	dirfd, r19 := th.call(abi.SYS_OPENAT, fdCWD, root, oRdOnly, 0)
	if r19 != 0 {
		t.Fatalf("open /: %d", dirfd)
	}
	tests := []struct {
		name string
		fd   uint64
		off  uint64
		want uint64 // errno, 0 for success
	}{
		{"offset past the largest file offset", fd, 1 << 63, e(abi.EOVERFLOW)},
		{"length past the largest file offset", fd, 1<<63 - pageSize, e(abi.EOVERFLOW)},
		{"directory", dirfd, 0, e(abi.ENODEV)},
		{"past the end of the file", fd, 4 * pageSize, 0},
	}
	for _, tc := range tests {
		r0, r19 := th.call(abi.SYS_MMAP, 0, 2*pageSize, protRead, mapShared, tc.fd, tc.off)
		if (tc.want == 0 && r19 != 0) || (tc.want != 0 && (r19 != 1 || r0 != tc.want)) {
			t.Errorf("%s: mmap = %d (r19 %d), want errno %d", tc.name, r0, r19, tc.want)
			continue
		}
		if tc.want == 0 {
			if w, _ := th.call(abi.SYS_WRITE, fd, r0, 1); w != e(abi.EFAULT) {
				t.Errorf("%s: write(2) from the mapping = %d, want EFAULT", tc.name, w)
			}
		}
	}
}
