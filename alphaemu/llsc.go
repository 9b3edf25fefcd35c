package alphaemu

import "fmt"

// loadLocked performs the load of an aligned LDL_L or LDQ_L: an atomic
// load, sign-extended for LDL_L.
func (c *CPU) loadLocked(a, size uint64) (uint64, *Fault) {
	p := c.rpage(a)
	if p == nil {
		v, f := c.loadSlow(a, size)
		if f != nil {
			return 0, f
		}
		if size == 4 {
			v = sext32(v)
		}
		return v, nil
	}
	if size == 4 {
		return sext32(uint64(atomicLoad32(p, a))), nil
	}
	return atomicLoad64(p, a), nil
}

// storeConditional performs an aligned STL_C or STQ_C whose address holds
// the lock: it stores v if the word still holds the value the load-locked
// read, atomically with respect to every other CPU and address space
// sharing the page, and returns 1 if it did. Another CPU's store of a
// different value in between makes it fail, as the lost lock flag would;
// one of the same value goes unnoticed (qemu behaves the same).
func (c *CPU) storeConditional(a, size, v uint64) (uint64, *Fault) {
	p, f := c.Mem.storePage(a, ProtWrite)
	c.storeDone(a, size)
	if f != nil {
		return 0, f
	}
	var ok bool
	if size == 4 {
		ok = cas32(p, a, uint32(c.lockValue), uint32(v))
	} else {
		ok = cas64(p, a, c.lockValue, v)
	}
	return b2u(ok), nil
}

// Update32 atomically replaces the 32-bit word at the 4-byte-aligned addr
// by f(old), unless f reports false, and returns old: the kernel's atomic
// operations on user memory (futex operations, robust-list cleanup), atomic
// with respect to guest CPUs' load-locked/store-conditional sequences and
// to other address spaces sharing the page. The word must be writable,
// else a *Fault is returned.
func (m *Memory) Update32(addr uint64, f func(old uint32) (uint32, bool)) (uint32, error) {
	if addr&3 != 0 {
		return 0, fmt.Errorf("update %#x: address not 4-byte aligned", addr)
	}
	for {
		p, flt := m.storePage(addr, ProtRead|ProtWrite)
		if flt != nil {
			return 0, flt
		}
		old := atomicLoad32(p, addr)
		v, store := f(old)
		if !store || cas32(p, addr, old, v) {
			return old, nil
		}
	}
}

// PageID identifies the page holding addr (nil if none is mapped): the
// same value in every address space sharing the page, as the kernel keys
// shared futexes by page. A demand-zero page is materialised first (its
// stand-in is common to many pages), so the identity of a page of a
// MAP_SHARED mapping never changes while it is mapped.
func (m *Memory) PageID(addr uint64) any {
	if p := m.lookup(addr); p == nil {
		return nil
	} else if !p.lazy {
		return p
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if p := m.ownLocked(addr); p != nil {
		return p
	}
	return nil
}
