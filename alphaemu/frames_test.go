package alphaemu

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/axpsec/axpsec/alphaemu/asm"
)

// TestMapFramesShared maps the same frames into two address spaces at
// different addresses: a store through either (WriteAt, Update32, the
// frame's own WriteAt) is seen at once by the other and by the frame, and
// both see one page (PageID), as the kernel's shared futexes require.
func TestMapFramesShared(t *testing.T) {
	frames := []*Frame{NewFrame(), NewFrame(), NewFrame()}
	a, b := NewMemory(), NewMemory()
	const baseA, baseB = 0x10000, 0x7a000
	if err := a.MapFrames(baseA, frames, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	if err := b.MapFrames(baseB, frames, ProtRead); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		write func() error
		read  func([]byte) error
		off   uint64 // offset of the data from the mapping's start
	}{
		{"a to b", func() error { return a.WriteAt([]byte("hello"), baseA+10) },
			func(p []byte) error { return b.ReadAt(p, baseB+10) }, 10},
		{"a to b across pages", func() error { return a.WriteAt([]byte("straddle"), baseA+PageSize-3) },
			func(p []byte) error { return b.ReadAt(p, baseB+PageSize-3) }, PageSize - 3},
		{"frame to a", func() error { frames[2].WriteAt([]byte("kernel"), 100); return nil },
			func(p []byte) error { return a.ReadAt(p, baseA+2*PageSize+100) }, 2*PageSize + 100},
		{"a to frame", func() error { return a.WriteAt([]byte("guest"), baseA+2*PageSize+7) },
			func(p []byte) error {
				if n := frames[2].ReadAt(p, 7); n != len(p) {
					return errors.New("short frame read")
				}
				return nil
			}, 2*PageSize + 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.write(); err != nil {
				t.Fatal(err)
			}
			want := make([]byte, 8)
			if err := a.ReadAt(want, baseA+tc.off); err != nil {
				t.Fatal(err)
			}
			got := make([]byte, 8)
			if err := tc.read(got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) || bytes.Equal(got, make([]byte, 8)) {
				t.Errorf("read %q, want %q", got, want)
			}
		})
	}
	if _, err := a.Update32(baseA+64, func(old uint32) (uint32, bool) { return old + 41, true }); err != nil {
		t.Fatal(err)
	}
	var w [4]byte
	if err := b.ReadAt(w[:], baseB+64); err != nil || w[0] != 41 {
		t.Errorf("Update32 through a: b reads %v (%v), want 41", w, err)
	}
	if a.PageID(baseA+PageSize) != b.PageID(baseB+PageSize) || a.PageID(baseA) == a.PageID(baseA+PageSize) {
		t.Error("PageID does not identify the shared frames")
	}
	// The page's protection is the union: b's read-only mapping does not
	// make a's writes fault.
	if p, _ := b.Prot(baseB); p != ProtRead|ProtWrite {
		t.Errorf("protection %v, want read|write", p)
	}
	// A Fork shares the frames for good.
	c := a.Fork(func(uint64) bool { return true })
	if err := c.WriteAt([]byte{0xee}, baseA+5); err != nil {
		t.Fatal(err)
	}
	if err := b.ReadAt(w[:1], baseB+5); err != nil || w[0] != 0xee {
		t.Errorf("store by a fork of a not seen by b: %v (%v)", w[0], err)
	}
}

// TestMapFramesReplace maps frames over mapped pages (replacing them), over
// the same frames again (no change), and unmaps one mapping: the frames keep
// their data for the other.
func TestMapFramesReplace(t *testing.T) {
	m := NewMemory()
	if err := m.Map(0x20000, 2*PageSize, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteAt([]byte("private"), 0x20000); err != nil {
		t.Fatal(err)
	}
	f := NewFrame()
	f.WriteAt([]byte("frame"), 0)
	for range 2 {
		if err := m.MapFrames(0x20000, []*Frame{f}, ProtRead); err != nil {
			t.Fatal(err)
		}
		if got := m.MappedBytes(); got != 2*PageSize {
			t.Fatalf("MappedBytes %d, want %d", got, 2*PageSize)
		}
		b := make([]byte, 5)
		if err := m.ReadAt(b, 0x20000); err != nil || string(b) != "frame" {
			t.Fatalf("read %q (%v), want the frame's data", b, err)
		}
	}
	other := NewMemory()
	if err := other.MapFrames(0x40000, []*Frame{f}, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	if err := m.Unmap(0x20000, PageSize); err != nil {
		t.Fatal(err)
	}
	if err := other.WriteAt([]byte("after"), 0x40000); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 5)
	if f.ReadAt(b, 0); string(b) != "after" {
		t.Errorf("frame holds %q after the other mapping's store, want \"after\"", b)
	}
}

// TestMapFramesErrors checks the refusals and the bounds of the frame
// accessors.
func TestMapFramesErrors(t *testing.T) {
	m := NewMemory()
	f := NewFrame()
	tests := []struct {
		name   string
		addr   uint64
		frames []*Frame
	}{
		{"unaligned", 0x20010, []*Frame{f}},
		{"past the address limit", AddrLimit - PageSize, []*Frame{f, f}},
		{"nil frame", 0x20000, []*Frame{f, nil}},
	}
	for _, tc := range tests {
		if err := m.MapFrames(tc.addr, tc.frames, ProtRead); err == nil {
			t.Errorf("%s: MapFrames succeeded", tc.name)
		}
	}
	if m.MappedBytes() != 0 {
		t.Errorf("failed MapFrames mapped %d bytes", m.MappedBytes())
	}
	for _, off := range []int{-1, PageSize, PageSize + 1} {
		if n := f.WriteAt([]byte{1}, off); n != 0 {
			t.Errorf("WriteAt(%d) wrote %d bytes", off, n)
		}
		if n := f.ReadAt(make([]byte, 1), off); n != 0 {
			t.Errorf("ReadAt(%d) read %d bytes", off, n)
		}
	}
	if n := f.WriteAt(make([]byte, 10), PageSize-4); n != 4 {
		t.Errorf("WriteAt at the page's end wrote %d bytes, want 4", n)
	}
}

// TestFrameCode runs code from a frame mapped executable in two address
// spaces: a change through the frame (the kernel's write(2) to the file)
// or through either space's memory is what both CPUs execute next.
func TestFrameCode(t *testing.T) {
	words, err := asm.Assemble("lda t2,1(zero)\ncallsys\n", codeBase)
	if err != nil {
		t.Fatal(err)
	}
	code := make([]byte, 8)
	for i, w := range words {
		binary.LittleEndian.PutUint32(code[i*4:], w)
	}
	f := NewFrame()
	f.WriteAt(code, 0)
	var cpus [2]*CPU
	for i := range cpus {
		m := NewMemory()
		if err := m.MapFrames(codeBase, []*Frame{f}, ProtRead|ProtWrite|ProtExec); err != nil {
			t.Fatal(err)
		}
		cpus[i] = NewCPU(m)
	}
	// lda t2,N(zero) with N in the low byte.
	tests := []struct {
		name  string
		patch func(n byte) error
	}{
		{"unchanged", func(byte) error { return nil }},
		{"frame WriteAt", func(n byte) error { f.WriteAt([]byte{n}, 0); return nil }},
		{"store by the first space", func(n byte) error { return cpus[0].Mem.WriteAt([]byte{n}, codeBase) }},
		{"store by the second space", func(n byte) error { return cpus[1].Mem.WriteAt([]byte{n}, codeBase) }},
	}
	want := uint64(1)
	for i, tc := range tests {
		if i > 0 {
			want = uint64(10 + i)
			if err := tc.patch(byte(want)); err != nil {
				t.Fatal(err)
			}
		}
		for j, c := range cpus {
			c.PC = codeBase
			runToCallsys(t, c)
			if c.R[3] != want {
				t.Errorf("%s: CPU %d ran lda t2,%d, want %d", tc.name, j, c.R[3], want)
			}
		}
	}
}
