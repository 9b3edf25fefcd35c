package alphaemu

import (
	"errors"
	"fmt"
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
	protCode  Prot = 8
	protMask       = ProtRead | ProtWrite | ProtExec
	protFastW      = ProtWrite | protCode
)

// page is one guest page with its protection and, once executed, its decoded code.
type page struct {
	data   [PageSize]byte
	prot   Prot
	listed bool // in Memory.codePages
	// lazy marks one of a Memory's shared demand-zero pages (see MapLazy):
	// it stands for every page of that protection not yet written, is
	// never written itself, never holds code and never enters a TLB.
	lazy bool
	// refs is 0 for a page of one address space, else the number of
	// address spaces holding it copy-on-write since a Fork. Such a page is
	// read-only for everyone: like a demand-zero stand-in it holds no code,
	// never enters a TLB and is copied for the first writer (own). The
	// count is atomic because its holders run in parallel.
	refs atomic.Int32
	code *codePage
}

type l2Table [1 << l2Bits]*page

// Memory is a guest address space of 8 KiB pages held in a two-level page
// table: no map lookup per access. Several CPUs may share one Memory; Map,
// Unmap and Protect must not run concurrently with their Run calls.
type Memory struct {
	l1        [1 << l1Bits]*l2Table
	pages     uint64              // number of mapped pages
	gen       uint64              // bumped whenever CPUs' TLBs may hold stale entries; never 0
	codePages []*page             // pages holding decoded code (flushed by IMB)
	zero      [protMask + 1]*page // demand-zero stand-ins per protection (MapLazy)
	copied    uint64              // pages copied because a Fork shared them
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
func NewMemory() *Memory { return &Memory{gen: 1} }

// lookup returns the page holding addr, or nil.
func (m *Memory) lookup(addr uint64) *page {
	i := addr >> (pageShift + l2Bits)
	if i >= 1<<l1Bits {
		return nil
	}
	t := m.l1[i]
	if t == nil {
		return nil
	}
	return t[(addr>>pageShift)&l2Mask]
}

// rpage returns the page holding addr if it is readable.
func (m *Memory) rpage(addr uint64) *page {
	p := m.lookup(addr)
	if p == nil || p.prot&ProtRead == 0 {
		return nil
	}
	return p
}

// wpage returns the page holding addr if it is writable and holds no decoded
// code, materialising a demand-zero page.
func (m *Memory) wpage(addr uint64) *page {
	p := m.lookup(addr)
	if p == nil || p.prot&protFastW != ProtWrite {
		return nil
	}
	return m.own(addr, p)
}

// slot returns the page-table slot of addr, which must be mapped.
func (m *Memory) slot(addr uint64) **page {
	return &m.l1[addr>>(pageShift+l2Bits)][(addr>>pageShift)&l2Mask]
}

// own returns p, the page holding addr, or the private page that replaces
// it when p is a demand-zero stand-in (a fresh zeroed page) or a page shared
// copy-on-write with other address spaces (a copy): the page about to be
// written or decoded. Neither kind is ever in a TLB, so none goes stale.
func (m *Memory) own(addr uint64, p *page) *page {
	switch {
	case p.lazy:
		np := &page{prot: p.prot}
		*m.slot(addr) = np
		return np
	case p.exclusive():
		return p
	}
	np := m.copyPage(p, p.prot)
	*m.slot(addr) = np
	return np
}

// copyPage returns a private copy of the copy-on-write page p with
// protection prot, and lets go of p.
func (m *Memory) copyPage(p *page, prot Prot) *page {
	np := &page{prot: prot, data: p.data}
	p.refs.Add(-1)
	m.copied++
	return np
}

// exclusive reports whether p belongs to one address space only, taking
// back a copy-on-write page whose other holders have all let go of it (no
// one else can take it again: only a holder's Fork shares it).
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

// release lets go of p, the page of a slot about to be unmapped or replaced.
func (m *Memory) release(p *page) {
	if p.refs.Load() != 0 {
		p.refs.Add(-1)
		return
	}
	m.dropCode(p)
}

// zeroPage returns the demand-zero stand-in for pages of protection prot.
func (m *Memory) zeroPage(prot Prot) *page {
	prot &= protMask
	if m.zero[prot] == nil {
		m.zero[prot] = &page{prot: prot, lazy: true}
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

// Map maps fresh zeroed pages over [addr, addr+size), replacing any existing
// ones. addr must be page-aligned; size is rounded up to whole pages.
func (m *Memory) Map(addr, size uint64, prot Prot) error {
	return m.mapPages("map", addr, size, prot, nil)
}

// MapLazy is Map for demand-zero pages, as Linux maps a stack or private
// anonymous memory: until a page is first written (or executed, or poked) it
// reads as zeros, shares one stand-in with the other untouched pages and
// costs no memory. The pages count as mapped. Do not use it for pages that a
// Fork shares between address spaces.
func (m *Memory) MapLazy(addr, size uint64, prot Prot) error {
	return m.mapPages("map", addr, size, prot, m.zeroPage(prot))
}

// mapPages maps [addr, addr+size) to fresh pages, or to the demand-zero
// stand-in zero when it is not nil.
func (m *Memory) mapPages(op string, addr, size uint64, prot Prot, zero *page) error {
	end, err := checkRange(op, addr, size)
	if err != nil {
		return err
	}
	for a := addr; a < end; a += PageSize {
		i := a >> (pageShift + l2Bits)
		t := m.l1[i]
		if t == nil {
			t = new(l2Table)
			m.l1[i] = t
		}
		slot := &t[(a>>pageShift)&l2Mask]
		if *slot == nil {
			m.pages++
		} else {
			m.release(*slot)
		}
		if zero != nil {
			*slot = zero
		} else {
			*slot = &page{prot: prot & protMask}
		}
	}
	m.gen++
	return nil
}

// Unmap removes the pages in [addr, addr+size); holes are ignored.
func (m *Memory) Unmap(addr, size uint64) error {
	end, err := checkRange("unmap", addr, size)
	if err != nil {
		return err
	}
	for a := addr; a < end; a += PageSize {
		t := m.l1[a>>(pageShift+l2Bits)]
		if t == nil {
			a |= 1<<(pageShift+l2Bits) - 1
			a -= PageSize - 1
			continue
		}
		slot := &t[(a>>pageShift)&l2Mask]
		if *slot != nil {
			m.release(*slot)
			*slot = nil
			m.pages--
		}
	}
	m.gen++
	return nil
}

// Protect changes the protection of [addr, addr+size). Every page must be
// mapped; otherwise nothing changes and a *Fault with Unmapped is returned.
func (m *Memory) Protect(addr, size uint64, prot Prot) error {
	end, err := checkRange("protect", addr, size)
	if err != nil {
		return err
	}
	for a := addr; a < end; a += PageSize {
		if m.lookup(a) == nil {
			return fmt.Errorf("protect %#x: %w", addr, &Fault{Addr: a, Unmapped: true})
		}
	}
	for a := addr; a < end; a += PageSize {
		p := m.lookup(a)
		switch {
		case p.prot&protMask == prot&protMask:
		case p.lazy:
			*m.slot(a) = m.zeroPage(prot)
		case !p.exclusive():
			*m.slot(a) = m.copyPage(p, prot&protMask)
		default:
			m.dropCode(p)
			p.prot = prot & protMask
		}
	}
	m.gen++
	return nil
}

// Prot returns the protection of the page holding addr, and false if none is mapped.
func (m *Memory) Prot(addr uint64) (Prot, bool) {
	p := m.lookup(addr)
	if p == nil {
		return 0, false
	}
	return p.prot & protMask, true
}

// MappedBytes returns the size of all mapped pages.
func (m *Memory) MappedBytes() uint64 { return m.pages * PageSize }

// access copies between p and guest memory at addr, page by page, requiring
// need on every page (0: only mapped). write copies from p into the guest.
func (m *Memory) access(p []byte, addr uint64, need Prot, write bool) error {
	for len(p) > 0 {
		pg := m.lookup(addr)
		if pg == nil || pg.prot&need != need {
			return &Fault{Addr: addr, Write: write, Unmapped: pg == nil}
		}
		off := addr & pageMask
		var n int
		if write {
			pg = m.own(addr, pg)
			if pg.prot&protCode != 0 {
				m.dropCode(pg)
			}
			n = copy(pg.data[off:], p)
		} else {
			n = copy(p, pg.data[off:])
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
	for len(buf) < max {
		pg := m.lookup(addr)
		if pg == nil || pg.prot&ProtRead == 0 {
			return string(buf), &Fault{Addr: addr, Unmapped: pg == nil}
		}
		chunk := pg.data[addr&pageMask:]
		if rest := max - len(buf); len(chunk) > rest {
			chunk = chunk[:rest]
		}
		for i, b := range chunk {
			if b == 0 {
				return string(append(buf, chunk[:i]...)), nil
			}
		}
		buf = append(buf, chunk...)
		addr += uint64(len(chunk))
	}
	return string(buf), fmt.Errorf("read string at %#x: %w", addr-uint64(len(buf)), ErrTooLong)
}

// dropCode discards the decoded instructions of p, if any.
func (m *Memory) dropCode(p *page) {
	if p.code != nil {
		p.code.dead = true
		p.code = nil
	}
	if p.prot&protCode != 0 {
		p.prot &^= protCode
	}
}

// flushCode discards every decoded instruction (IMB).
func (m *Memory) flushCode() {
	for _, p := range m.codePages {
		m.dropCode(p)
		p.listed = false
	}
	clear(m.codePages)
	m.codePages = m.codePages[:0]
}
