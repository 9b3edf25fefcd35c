package alphaemu

import (
	"errors"
	"fmt"
	mbits "math/bits"
	"slices"
	"sync"
	"sync/atomic"
)

// PageSize is the Alpha Linux page size (AT_PAGESZ).
const PageSize = 8192

// AddrLimit is the end of the user address space (Linux/Alpha TASK_SIZE,
// 4 TiB). Pages can only be mapped below it; accesses above it fault.
const AddrLimit = 1 << 42

const (
	pageShift = 13
	pageMask  = PageSize - 1
	l2Bits    = 14
	l1Bits    = 42 - pageShift - l2Bits
	l2Mask    = 1<<l2Bits - 1
)

// Prot is a page protection: a combination of ProtRead, ProtWrite and ProtExec.
type Prot uint8

// Page protection bits. Memory checks them literally: ProtWrite alone does
// not imply ProtRead.
const (
	ProtRead  Prot = 1
	ProtWrite Prot = 2
	ProtExec  Prot = 4
	// protCode marks a page that has decoded instructions; it keeps writes off
	// the fast path so that they can invalidate the decoded code.
	protCode Prot = 8
	// protShared marks a page several address spaces hold for good
	// (MAP_SHARED across a Fork). Its writes stay off the write TLBs: the
	// page may become a code page through another address space, whose
	// CPUs could not drop it from this one's TLBs.
	protShared Prot = 16
	protMask        = ProtRead | ProtWrite | ProtExec
	protFastW       = ProtWrite | protCode | protShared
)

// page is one guest page with its protection and, once executed, its decoded code.
//
// Fields other CPUs read while they run are atomic: the protection, the
// copy-on-write count, the decoded code.
type page struct {
	data   [PageSize]byte
	perm   atomic.Uint32 // Prot bits
	listed atomic.Bool   // in a Memory's codePages
	// lazy marks one of a Memory's shared demand-zero pages (see MapLazy):
	// it stands for every page of that protection not yet written, is
	// never written itself, never holds code and never enters a TLB.
	lazy bool
	// refs is 0 for a page of one address space, else the number of
	// address spaces holding it copy-on-write since a Fork. Such a page is
	// read-only for everyone: it holds no code, never enters a write TLB
	// (a read TLB only of a CPU alone on its Memory, see CPU.rpage) and is
	// copied for the first writer (ownLocked). The count is atomic because
	// its holders run in parallel.
	refs atomic.Int32
	code atomic.Pointer[codePage]
}

// newPage returns a zeroed page of protection prot.
func newPage(prot Prot) *page {
	p := new(page)
	p.perm.Store(uint32(prot))
	return p
}

// prot returns the page's protection bits.
func (p *page) prot() Prot { return Prot(p.perm.Load()) }

// setProt replaces the page's protection bits.
func (p *page) setProt(prot Prot) { p.perm.Store(uint32(prot)) }

// l2Table is a second-level page table. used marks its non-nil slots, so
// that a walk over the mapped pages (Fork, Release) skips the empty ones.
type l2Table struct {
	slots [1 << l2Bits]atomic.Pointer[page]
	used  [1 << l2Bits / 64]uint64 // under Memory.mu
}

// put stores p (nil: none) in slot j and keeps used up to date; the
// Memory's mu must be held, or the Memory not yet visible.
func (t *l2Table) put(j uint64, p *page) {
	t.slots[j].Store(p)
	if p != nil {
		t.used[j/64] |= 1 << (j % 64)
	} else {
		t.used[j/64] &^= 1 << (j % 64)
	}
}

// table returns the page table of l1 index i, creating it; the Memory's mu
// must be held, or the Memory not yet visible.
func (m *Memory) table(i uint64) *l2Table {
	t := m.l1[i].Load()
	if t == nil {
		t = new(l2Table)
		m.l1[i].Store(t)
		k, _ := slices.BinarySearch(m.tables, uint32(i))
		m.tables = slices.Insert(m.tables, k, uint32(i))
	}
	return t
}

// Memory is a guest address space of 8 KiB pages held in a two-level page
// table: no map lookup per access.
//
// Several CPUs may run on one Memory in parallel (the threads of a
// process), and its methods may be called while they run: loads and stores
// take no lock; a change that could leave a running CPU with a stale
// translation (unmapping, replacing or write-protecting pages, Fork, a
// writable page's first execution) first stops every CPU of the Memory at
// the end of its current block, as a TLB shoot-down does (see exclusive).
type Memory struct {
	l1        [1 << l1Bits]atomic.Pointer[l2Table]
	pages     atomic.Uint64       // number of mapped pages
	gen       atomic.Uint64       // bumped whenever CPUs' TLBs may hold stale entries; never 0
	copied    atomic.Uint64       // pages copied because a Fork shared them
	mu        sync.Mutex          // serialises changes of the page tables and of decoded code
	codePages []*page             // pages holding decoded code (flushed by IMB); under mu
	zero      [protMask + 1]*page // demand-zero stand-ins per protection (MapLazy); under mu
	cpus      []*CPU              // CPUs attached to the Memory; under mu
	tables    []uint32            // l1 indexes holding a page table, in order; under mu
	multi     atomic.Bool         // more than one CPU attached: decoded code is copied on decode (decodeMore)

	// exec is held shared by every CPU inside Run and exclusively by a
	// change that needs every CPU stopped; pending counts such changes in
	// progress.
	exec    sync.RWMutex
	pending atomic.Int32
}

// ErrTooLong is returned by ReadString when no NUL byte occurs within the limit.
var ErrTooLong = errors.New("string not terminated within limit")

// Fault describes a failed guest memory access.
type Fault struct {
	Addr     uint64 // first byte that could not be accessed
	Write    bool   // the access was a write
	Exec     bool   // the access was an instruction fetch
	Unmapped bool   // no page was mapped (otherwise a permission failure)
}

// Error implements error.
func (f *Fault) Error() string {
	kind := "read"
	switch {
	case f.Exec:
		kind = "exec"
	case f.Write:
		kind = "write"
	}
	why := "permission denied"
	if f.Unmapped {
		why = "unmapped"
	}
	return fmt.Sprintf("guest %s fault at %#x: %s", kind, f.Addr, why)
}

// NewMemory returns an empty address space.
func NewMemory() *Memory {
	m := new(Memory)
	m.gen.Store(1)
	return m
}

// lookup returns the page holding addr, or nil.
func (m *Memory) lookup(addr uint64) *page {
	i := addr >> (pageShift + l2Bits)
	if i >= 1<<l1Bits {
		return nil
	}
	t := m.l1[i].Load()
	if t == nil {
		return nil
	}
	return t.slots[(addr>>pageShift)&l2Mask].Load()
}

// each calls f for every mapped page in address order. The Memory's mu
// must be held, or no one else use the Memory.
func (m *Memory) each(f func(addr uint64, p *page)) {
	for _, i := range m.tables {
		t := m.l1[i].Load()
		for w, bits := range t.used {
			for bits != 0 {
				j := uint64(w*64 + mbits.TrailingZeros64(bits))
				bits &= bits - 1
				f(uint64(i)<<(pageShift+l2Bits)|j<<pageShift, t.slots[j].Load())
			}
		}
	}
}

// rpage returns the page holding addr if it is readable.
func (m *Memory) rpage(addr uint64) *page {
	p := m.lookup(addr)
	if p == nil || p.prot()&ProtRead == 0 {
		return nil
	}
	return p
}

// wpage returns the page holding addr if it is writable and holds no decoded
// code and is not shared, materialising a demand-zero page.
func (m *Memory) wpage(addr uint64) *page {
	p := m.lookup(addr)
	if p == nil || p.prot()&protFastW != ProtWrite {
		return nil
	}
	if m.owned(addr, p) {
		return p
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ownLocked(addr)
}

// storePage returns the page holding addr ready for a store in place (a
// store-conditional, a syscall writing user memory): writable, private or
// shared for good, its decoded code (if any) discarded. need is the
// protection the store requires (0 for Poke).
func (m *Memory) storePage(addr uint64, need Prot) (*page, *Fault) {
	p := m.lookup(addr)
	if p == nil || p.prot()&need != need {
		return nil, &Fault{Addr: addr, Write: true, Unmapped: p == nil}
	}
	if p.prot()&protCode == 0 && m.owned(addr, p) {
		return p, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p = m.ownLocked(addr)
	if p == nil || p.prot()&need != need {
		return nil, &Fault{Addr: addr, Write: true, Unmapped: p == nil}
	}
	m.dropCode(p)
	return p, nil
}

// slot returns the page-table slot of addr, which must be mapped.
func (m *Memory) slot(addr uint64) *atomic.Pointer[page] {
	return &m.l1[addr>>(pageShift+l2Bits)].Load().slots[(addr>>pageShift)&l2Mask]
}

// ownLocked returns the page holding addr (nil if none) after replacing it
// with a private page if it is a demand-zero stand-in (by a fresh zeroed
// page) or shared copy-on-write with other address spaces (by a copy): the
// page about to be written or decoded. Neither kind is in a write TLB; a
// read TLB holding the copy-on-write page is dealt with by copyPage. m.mu
// must be held.
func (m *Memory) ownLocked(addr uint64) *page {
	p := m.lookup(addr)
	switch {
	case p == nil:
		return nil
	case p.lazy:
		np := newPage(p.prot())
		m.slot(addr).Store(np)
		return np
	case p.exclusive():
		return p
	}
	return m.copyPage(addr, p, p.prot())
}

// owned reports, without m.mu, whether p, which the page table held for
// addr, is m's alone and still mapped there: a page a store may go to in
// place. A copy-on-write page whose other holders all let go of it is not
// taken back here (ownLocked does it under m.mu): another CPU of m may have
// replaced it with a copy meanwhile, leaving it to another address space,
// which may own it by now. copyPage replaces the page before letting go of
// it, so a page found again in the table after its count read 0 is m's.
func (m *Memory) owned(addr uint64, p *page) bool {
	return !p.lazy && p.refs.Load() == 0 && m.lookup(addr) == p
}

// copyPage replaces the copy-on-write page p mapped at addr with a private
// copy of protection prot, lets go of p (after the replacement: see owned)
// and returns the copy. A read TLB may hold p (see CPU.rpage): Memory.gen
// is bumped so that its CPU drops it before it runs again. m.mu must be
// held.
func (m *Memory) copyPage(addr uint64, p *page, prot Prot) *page {
	np := newPage(prot &^ protCode)
	np.data = p.data
	m.slot(addr).Store(np)
	p.refs.Add(-1)
	m.copied.Add(1)
	m.gen.Add(1)
	return np
}

// exclusive reports whether p belongs to one address space only (or is
// shared for good), taking back a copy-on-write page whose other holders
// have all let go of it (no one else can take it again: only a holder's
// Fork shares it).
func (p *page) exclusive() bool {
	switch p.refs.Load() {
	case 0:
		return true
	case 1:
		p.refs.Store(0)
		return true
	}
	return false
}

// release lets go of p, the page of a slot about to be unmapped or
// replaced. m.mu must be held.
func (m *Memory) release(p *page) {
	if p.refs.Load() != 0 {
		p.refs.Add(-1)
		return
	}
	m.dropCode(p)
}

// zeroPage returns the demand-zero stand-in for pages of protection prot.
// m.mu must be held, or m not yet visible to anyone else.
func (m *Memory) zeroPage(prot Prot) *page {
	prot &= protMask
	if m.zero[prot] == nil {
		m.zero[prot] = newPage(prot)
		m.zero[prot].lazy = true
	}
	return m.zero[prot]
}

// checkRange validates a page-aligned range and returns its end.
func checkRange(op string, addr, size uint64) (uint64, error) {
	if addr&pageMask != 0 {
		return 0, fmt.Errorf("%s %#x: address not page-aligned", op, addr)
	}
	end := (addr + size + pageMask) &^ pageMask
	if end < addr || end > AddrLimit {
		return 0, fmt.Errorf("%s %#x+%#x: range outside the user address space", op, addr, size)
	}
	return end, nil
}

// mappedIn calls f for every mapped page of [addr, end), skipping absent
// page tables whole, until f returns false.
func (m *Memory) mappedIn(addr, end uint64, f func(t *l2Table, j uint64, p *page) bool) {
	for a := addr; a < end; a += PageSize {
		t := m.l1[a>>(pageShift+l2Bits)].Load()
		if t == nil {
			a |= 1<<(pageShift+l2Bits) - 1
			a -= PageSize - 1
			continue
		}
		j := (a >> pageShift) & l2Mask
		if p := t.slots[j].Load(); p != nil && !f(t, j, p) {
			return
		}
	}
}

// anyMapped reports whether a page of [addr, end) is mapped.
func (m *Memory) anyMapped(addr, end uint64) bool {
	found := false
	m.mappedIn(addr, end, func(*l2Table, uint64, *page) bool {
		found = true
		return false
	})
	return found
}

// Map maps fresh zeroed pages over [addr, addr+size), replacing any existing
// ones. addr must be page-aligned; size is rounded up to whole pages.
func (m *Memory) Map(addr, size uint64, prot Prot) error {
	return m.mapPages(addr, size, prot, false)
}

// MapLazy is Map for demand-zero pages, as Linux maps a stack or private
// anonymous memory: until a page is first written (or executed, or poked) it
// reads as zeros, shares one stand-in with the other untouched pages and
// costs no memory. The pages count as mapped. Do not use it for pages that a
// Fork shares between address spaces.
func (m *Memory) MapLazy(addr, size uint64, prot Prot) error {
	return m.mapPages(addr, size, prot, true)
}

// mapPages maps [addr, addr+size) to fresh pages, or to the demand-zero
// stand-in when lazy. Replacing mapped pages stops the Memory's CPUs.
func (m *Memory) mapPages(addr, size uint64, prot Prot, lazy bool) error {
	end, err := checkRange("map", addr, size)
	if err != nil {
		return err
	}
	m.change(func() bool { return m.anyMapped(addr, end) }, func() {
		var zero *page
		if lazy {
			zero = m.zeroPage(prot)
		}
		for a := addr; a < end; a += PageSize {
			t := m.table(a >> (pageShift + l2Bits))
			j := (a >> pageShift) & l2Mask
			if old := t.slots[j].Load(); old == nil {
				m.pages.Add(1)
			} else {
				m.release(old)
			}
			if zero != nil {
				t.put(j, zero)
			} else {
				t.put(j, newPage(prot&protMask))
			}
		}
	})
	return nil
}

// Unmap removes the pages in [addr, addr+size); holes are ignored.
func (m *Memory) Unmap(addr, size uint64) error {
	end, err := checkRange("unmap", addr, size)
	if err != nil {
		return err
	}
	if !m.anyMapped(addr, end) {
		return nil
	}
	m.exclusive(nil, func() {
		m.mappedIn(addr, end, func(t *l2Table, j uint64, p *page) bool {
			m.release(p)
			t.put(j, nil)
			m.pages.Add(^uint64(0))
			return true
		})
	})
	return nil
}

// Release unmaps every page of m, the address space of a process that
// exited or exec'ed: the pages it shares copy-on-write go back to their
// other holders, which then write them without a copy.
func (m *Memory) Release() {
	m.exclusive(nil, func() {
		m.each(func(_ uint64, p *page) { m.release(p) })
		for _, i := range m.tables {
			m.l1[i].Store(nil)
		}
		m.tables = nil
		m.pages.Store(0)
	})
}

// Discard makes the private pages of [addr, addr+size) demand-zero again
// (MADV_DONTNEED on private anonymous memory): they read as zeros and give
// their memory back. Pages already demand-zero, pages shared with other
// address spaces for good and holes are left alone; only a range holding
// written pages stops the Memory's CPUs.
func (m *Memory) Discard(addr, size uint64) error {
	end, err := checkRange("discard", addr, size)
	if err != nil {
		return err
	}
	written := func(p *page) bool { return p != nil && !p.lazy && p.prot()&protShared == 0 }
	m.change(func() bool {
		for a := addr; a < end; a += PageSize {
			if written(m.lookup(a)) {
				return true
			}
		}
		return false
	}, func() {
		for a := addr; a < end; a += PageSize {
			if p := m.lookup(a); written(p) {
				m.release(p)
				m.slot(a).Store(m.zeroPage(p.prot()))
			}
		}
	})
	return nil
}

// Protect changes the protection of [addr, addr+size). Every page must be
// mapped; otherwise nothing changes and a *Fault with Unmapped is returned.
// Taking a permission away stops the Memory's CPUs; granting one does not.
func (m *Memory) Protect(addr, size uint64, prot Prot) error {
	end, err := checkRange("protect", addr, size)
	if err != nil {
		return err
	}
	prot &= protMask
	for a := addr; a < end; a += PageSize {
		if m.lookup(a) == nil {
			return fmt.Errorf("protect %#x: %w", addr, &Fault{Addr: a, Unmapped: true})
		}
	}
	narrows := func() bool {
		for a := addr; a < end; a += PageSize {
			if p := m.lookup(a); p != nil && p.prot()&protMask&^prot != 0 {
				return true
			}
		}
		return false
	}
	m.change(narrows, func() {
		for a := addr; a < end; a += PageSize {
			p := m.lookup(a)
			switch {
			case p == nil: // unmapped meanwhile by the Memory's owner: nothing to protect
			case p.prot()&protMask == prot:
			case p.lazy:
				m.slot(a).Store(m.zeroPage(prot))
			case !p.exclusive():
				m.copyPage(a, p, prot)
			default:
				m.dropCode(p)
				p.setProt(prot | p.prot()&protShared)
			}
		}
	})
	return nil
}

// Prot returns the protection of the page holding addr, and false if none is mapped.
func (m *Memory) Prot(addr uint64) (Prot, bool) {
	p := m.lookup(addr)
	if p == nil {
		return 0, false
	}
	return p.prot() & protMask, true
}

// MappedBytes returns the size of all mapped pages.
func (m *Memory) MappedBytes() uint64 { return m.pages.Load() * PageSize }

// access copies between p and guest memory at addr, page by page, requiring
// need on every page (0: only mapped). write copies from p into the guest.
func (m *Memory) access(p []byte, addr uint64, need Prot, write bool) error {
	for len(p) > 0 {
		var pg *page
		if write {
			var f *Fault
			if pg, f = m.storePage(addr, need); f != nil {
				return f
			}
		} else if pg = m.lookup(addr); pg == nil || pg.prot()&need != need {
			return &Fault{Addr: addr, Unmapped: pg == nil}
		}
		var n int
		if write {
			n = copyIn(pg, addr, p)
		} else {
			n = copyOut(p, pg, addr)
			if m.lookup(addr) != pg {
				// Replaced while being read: a copy-on-write page's
				// other holder may have written it meanwhile. Read
				// again from what is mapped now.
				continue
			}
		}
		p = p[n:]
		addr += uint64(n)
		if addr == 0 && len(p) > 0 {
			return &Fault{Addr: addr, Write: write, Unmapped: true}
		}
	}
	return nil
}

// ReadAt copies guest memory at addr into p, checking read permission like
// copy_from_user. It returns a *Fault on failure.
func (m *Memory) ReadAt(p []byte, addr uint64) error {
	return m.access(p, addr, ProtRead, false)
}

// WriteAt copies p into guest memory at addr, checking write permission like
// copy_to_user. It returns a *Fault on failure.
func (m *Memory) WriteAt(p []byte, addr uint64) error {
	return m.access(p, addr, ProtWrite, true)
}

// Poke copies p into guest memory at addr ignoring protections (ELF loading);
// the pages must be mapped.
func (m *Memory) Poke(p []byte, addr uint64) error {
	return m.access(p, addr, 0, true)
}

// ReadString reads a NUL-terminated string at addr, scanning at most max
// bytes. Without a NUL in that range it returns the bytes read and ErrTooLong.
func (m *Memory) ReadString(addr uint64, max int) (string, error) {
	var buf []byte
	var chunk [256]byte
	for len(buf) < max {
		pg := m.lookup(addr)
		if pg == nil || pg.prot()&ProtRead == 0 {
			return string(buf), &Fault{Addr: addr, Unmapped: pg == nil}
		}
		c := chunk[:min(len(chunk), max-len(buf), int(PageSize-addr&pageMask))]
		copyOut(c, pg, addr)
		if m.lookup(addr) != pg {
			continue // replaced while being read (see access)
		}
		for i, b := range c {
			if b == 0 {
				return string(append(buf, c[:i]...)), nil
			}
		}
		buf = append(buf, c...)
		addr += uint64(len(c))
	}
	return string(buf), fmt.Errorf("read string at %#x: %w", addr-uint64(len(buf)), ErrTooLong)
}
