package kernelsim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

func TestBrk(t *testing.T) {
	th := newTestThread(t, Config{})
	if r0, _ := th.call(abi.SYS_BRK, 0); r0 != testBrk {
		t.Fatalf("brk(0) = %#x", r0)
	}
	tests := []struct {
		req, r0, r19 uint64
		mapped       []uint64
		unmapped     []uint64
	}{
		{req: testBrk + 0xaf0, r0: testBrk + 0xaf0, mapped: []uint64{testBrk}},
		{req: testBrk + 0x22000, r0: testBrk + 0x22000, mapped: []uint64{testBrk + 0x20000}, unmapped: []uint64{testBrk + 0x22000}},
		{req: testBrk + 0x100, r0: testBrk + 0x100, mapped: []uint64{testBrk}, unmapped: []uint64{testBrk + 0x2000}},
		{req: testBrk - 0x2000, r0: e(abi.ENOMEM), r19: 1}, // below the start: osf_brk refuses
		{req: testData, r0: e(abi.ENOMEM), r19: 1},
		{req: 1 << 60, r0: e(abi.ENOMEM), r19: 1},
	}
	for _, tc := range tests {
		r0, r19 := th.call(abi.SYS_BRK, tc.req)
		if r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("brk(%#x) = %#x, %d; want %#x, %d", tc.req, r0, r19, tc.r0, tc.r19)
		}
		for _, a := range tc.mapped {
			if p, ok := th.proc.mem.Prot(a); !ok || p != alphaemu.ProtRead|alphaemu.ProtWrite {
				t.Errorf("brk(%#x): %#x not mapped RW", tc.req, a)
			}
		}
		for _, a := range tc.unmapped {
			if _, ok := th.proc.mem.Prot(a); ok {
				t.Errorf("brk(%#x): %#x still mapped", tc.req, a)
			}
		}
	}
}

func TestMmapFamily(t *testing.T) {
	th := newTestThread(t, Config{})
	const rw = protRead | protWrite
	anon := uint64(mapPrivate | mapAnonymous)
	a, r19 := th.call(abi.SYS_MMAP, 0, 100000, rw, anon, ^uint64(0), 0)
	if r19 != 0 || a != taskUnmappedBase {
		t.Fatalf("first mmap = %#x, %d; want %#x", a, r19, uint64(taskUnmappedBase))
	}
	b, _ := th.call(abi.SYS_MMAP, 0, 8192, protRead, anon, ^uint64(0), 0)
	if b != a+pageUp(100000) {
		t.Errorf("second mmap = %#x, want %#x (bottom-up, adjacent)", b, a+pageUp(100000))
	}
	th.putBytes(t, a, []byte("data"))
	// munmap a hole and reuse it.
	th.call(abi.SYS_MUNMAP, a, 8192)
	if _, ok := th.proc.mem.Prot(a); ok {
		t.Error("munmap left the page mapped")
	}
	c, _ := th.call(abi.SYS_MMAP, 0, 8192, rw, anon, ^uint64(0), 0)
	if c != a {
		t.Errorf("hole not reused: %#x", c)
	}
	// Foreign mappings (made behind the kernel's back, like the loader's) are avoided.
	if err := th.proc.mem.Map(b+8192, 8192, alphaemu.ProtRead); err != nil {
		t.Fatal(err)
	}
	d, _ := th.call(abi.SYS_MMAP, 0, 16384, rw, anon, ^uint64(0), 0)
	if d != b+16384 {
		t.Errorf("mmap over a foreign page: %#x, want %#x", d, b+16384)
	}
	// MAP_FIXED replaces; MAP_FIXED_NOREPLACE refuses.
	if r0, r19 := th.call(abi.SYS_MMAP, b, 8192, rw, anon|mapFixed, ^uint64(0), 0); r0 != b || r19 != 0 {
		t.Errorf("MAP_FIXED = %#x, %d", r0, r19)
	}
	if r0, r19 := th.call(abi.SYS_MMAP, b, 8192, rw, anon|mapFixedNoreplace, ^uint64(0), 0); r0 != e(abi.EEXIST) || r19 != 1 {
		t.Errorf("MAP_FIXED_NOREPLACE = %d, %d", r0, r19)
	}
	// mprotect.
	if _, r19 := th.call(abi.SYS_MPROTECT, b, 8192, protRead); r19 != 0 {
		t.Error("mprotect failed")
	}
	if p, _ := th.proc.mem.Prot(b); p != alphaemu.ProtRead {
		t.Errorf("prot after mprotect = %v", p)
	}
	if r0, _ := th.call(abi.SYS_MPROTECT, 0x7000000000, 8192, protRead); r0 != e(abi.ENOMEM) {
		t.Errorf("mprotect of unmapped = %d", r0)
	}
	// mremap: grow in place when free, else move (keeping contents).
	th.putBytes(t, d, []byte("keep"))
	g, r19 := th.call(abi.SYS_MREMAP, d, 16384, 32768, mremapMaymove)
	if r19 != 0 {
		t.Fatalf("mremap: %d", g)
	}
	if string(th.getBytes(t, g, 4)) != "keep" {
		t.Error("mremap lost the contents")
	}
	if r0, _ := th.call(abi.SYS_MREMAP, b, 8192, 1<<20, 0); r0 != e(abi.ENOMEM) {
		t.Errorf("mremap without MAYMOVE into a used range = %d, want ENOMEM", r0)
	}
	// madvise(DONTNEED) zero-fills anonymous memory.
	th.putBytes(t, g, []byte("gone"))
	th.call(abi.SYS_MADVISE, g, 8192, madvDontneed)
	if string(th.getBytes(t, g, 4)) != "\x00\x00\x00\x00" {
		t.Error("MADV_DONTNEED did not zero")
	}
	// Argument errors.
	for _, tc := range []struct {
		args []uint64
		want abi.Errno
	}{
		{[]uint64{0, 0, rw, anon, 0, 0}, abi.EINVAL},            // zero length
		{[]uint64{0, 8192, rw, anon, 0, 100}, abi.EINVAL},       // unaligned offset
		{[]uint64{0, 8192, rw, mapAnonymous, 0, 0}, abi.EINVAL}, // neither shared nor private
		{[]uint64{0x1001, 8192, rw, anon | mapFixed, 0, 0}, abi.EINVAL},
		{[]uint64{0, 8192, rw, mapPrivate, 77, 0}, abi.EBADF},
	} {
		if r0, r19 := th.call(abi.SYS_MMAP, tc.args...); r19 != 1 || r0 != e(tc.want) {
			t.Errorf("mmap%v = %d, %d; want %v", tc.args, r0, r19, tc.want)
		}
	}
}

func TestMmapFile(t *testing.T) {
	dir := t.TempDir()
	content := make([]byte, 20000)
	for i := range content {
		content[i] = byte(i * 7)
	}
	if err := os.WriteFile(filepath.Join(dir, "f"), content, 0o644); err != nil {
		t.Fatal(err)
	}
	th := newTestThread(t, Config{Root: dir})
	path := th.putString(t, testData, "/f")
	fd, r19 := th.call(abi.SYS_OPENAT, fdCWD, path, oRdOnly, 0)
	if r19 != 0 {
		t.Fatalf("openat: %d", fd)
	}
	a, r19 := th.call(abi.SYS_MMAP, 0, 20000, protRead, mapPrivate, fd, 8192)
	if r19 != 0 {
		t.Fatalf("mmap file: %d", a)
	}
	got := th.getBytes(t, a, 20000-8192)
	for i, b := range got {
		if b != content[8192+i] {
			t.Fatalf("byte %d = %#x, want %#x", i, b, content[8192+i])
		}
	}
	if th.getBytes(t, a+20000-8192, 1)[0] != 0 {
		t.Error("bytes past EOF are not zero")
	}
	if r0, _ := th.call(abi.SYS_MMAP, 0, 8192, protRead|protWrite, mapShared, fd, 0); r0 != e(abi.EACCES) {
		t.Errorf("shared writable mapping of a read-only fd = %d, want EACCES", r0)
	}
}

func TestMemoryLimit(t *testing.T) {
	th := newTestThread(t, Config{MaxMem: 4 << 20})
	anon := uint64(mapPrivate | mapAnonymous)
	if r0, r19 := th.call(abi.SYS_MMAP, 0, 8<<20, protRead|protWrite, anon, 0, 0); r19 != 1 || r0 != e(abi.ENOMEM) {
		t.Fatalf("mmap beyond limit = %#x, %d", r0, r19)
	}
	if r0, r19 := th.call(abi.SYS_BRK, testBrk+(8<<20)); r19 != 1 || r0 != e(abi.ENOMEM) {
		t.Fatalf("brk beyond limit = %#x, %d", r0, r19)
	}
	if !th.k.memHit {
		t.Error("memory limit hit not recorded")
	}
	th.call(abi.SYS_GETRLIMIT, rlimitAS, testData)
	if l := le(th.getBytes(t, testData, 16)); l.get64(0) != 4<<20 {
		t.Errorf("RLIMIT_AS = %#x, want the memory limit", l.get64(0))
	}
}
