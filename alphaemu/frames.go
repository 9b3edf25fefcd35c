package alphaemu

import "fmt"

// Frame is a handle on one guest page that several address spaces map at
// once, at any address: a page of the kernel's page cache, which every
// MAP_SHARED mapping of a file maps. Stores through any mapping (plain,
// store-conditional, the kernel's futex updates) go to the one page, so
// every mapping sees them at once.
//
// A mapped frame is shared for good (see protShared): its protection is
// the page's, common to all its mappings.
type Frame struct{ p *page }

// NewFrame returns a zeroed frame, mapped nowhere yet.
func NewFrame() *Frame {
	return &Frame{p: newPage(protShared)}
}

// ReadAt copies the frame from byte off into b and returns the bytes
// copied (fewer than len(b) at the page's end; 0 if off is past it).
func (f *Frame) ReadAt(b []byte, off int) int {
	if off < 0 || off >= PageSize {
		return 0
	}
	return copyOut(b, f.p, uint64(off))
}

// WriteAt copies b into the frame at byte off and returns the bytes copied
// (fewer than len(b) at the page's end; 0 if off is past it). Decoded
// instructions of the page are discarded, as a guest store would.
func (f *Frame) WriteAt(b []byte, off int) int {
	if off < 0 || off >= PageSize {
		return 0
	}
	f.dropCode()
	return copyIn(f.p, uint64(off), b)
}

// dropCode discards the frame's decoded instructions, if any. The page is
// shared (protShared), so sharedCode guards them, not a Memory's mu.
func (f *Frame) dropCode() {
	if f.p.code.Load() == nil && f.p.prot()&protCode == 0 {
		return
	}
	sharedCode.Lock()
	defer sharedCode.Unlock()
	if cp := f.p.code.Load(); cp != nil {
		cp.dead.Store(true)
		f.p.code.Store(nil)
	}
	f.p.perm.And(^uint32(protCode))
}

// MapFrames maps frames[i] at addr+i*PageSize, replacing any pages mapped
// there (which stops the Memory's CPUs, as Map does). addr must be
// page-aligned. The frames' protection becomes the union of prot and what
// their other mappings granted: a page has one protection for all its
// mappings, and taking a permission away from another address space's
// mapping would make its accesses fault.
func (m *Memory) MapFrames(addr uint64, frames []*Frame, prot Prot) error {
	end, err := checkRange("map frames", addr, uint64(len(frames))*PageSize)
	if err != nil {
		return err
	}
	for i, f := range frames {
		if f == nil || f.p == nil {
			return fmt.Errorf("map frames %#x: frame %d is nil", addr, i)
		}
	}
	m.change(func() bool { return m.anyMapped(addr, end) }, func() {
		for i, f := range frames {
			a := addr + uint64(i)*PageSize
			t := m.table(a >> (pageShift + l2Bits))
			j := (a >> pageShift) & l2Mask
			old := t.slots[j].Load()
			if old == f.p {
				f.p.perm.Or(uint32(prot&protMask | protShared))
				continue
			}
			if old == nil {
				m.pages.Add(1)
			} else {
				m.release(old)
			}
			f.p.perm.Or(uint32(prot&protMask | protShared))
			t.put(j, f.p)
		}
	})
	return nil
}
