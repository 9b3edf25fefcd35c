package kernelsim

import (
	"math"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// sysBrk is osf_brk: brk(0) returns the break; a request that cannot be
// granted returns -ENOMEM (not the old break, as generic brk does).
func sysBrk(t *Thread, a [6]uint64) int64 {
	m := t.proc.mm
	req := a[0]
	if req == 0 {
		return int64(m.brk)
	}
	if req < m.brkStart || req > taskSize {
		return errno(abi.ENOMEM)
	}
	oldTop, newTop := pageUp(m.brk), pageUp(req)
	switch {
	case newTop < oldTop:
		m.unmapRuns(newTop, oldTop)
	case newTop > oldTop:
		if !m.free(oldTop, newTop) {
			return errno(abi.ENOMEM)
		}
		if l := t.proc.getRlimit(rlimitData); newTop-m.brkStart > l.cur {
			return errno(abi.ENOMEM)
		}
		if e := m.mapAnon(oldTop, newTop-oldTop, alphaemu.ProtRead|alphaemu.ProtWrite, true); e != 0 {
			return errno(e)
		}
	}
	m.brk = req
	return int64(req)
}

// unmapRuns unmaps the mapped pages of [start, end), leaving holes alone,
// after writing back the file pages mapped there.
func (m *addrSpace) unmapRuns(start, end uint64) {
	m.k.pages.unmap(m.mem, start, end)
	a := start
	for a < end {
		a = m.firstMapped(a, end)
		if a == end {
			break
		}
		e := a
		for e < end {
			if _, ok := m.mem.Prot(e); !ok {
				break
			}
			e += pageSize
		}
		m.unmap(a, e-a)
		a = e
	}
	m.remove(start, end)
}

// sysMmap is osf_mmap(addr, len, prot, flags, fd, offset-in-bytes).
func sysMmap(t *Thread, a [6]uint64) int64 {
	addr, length, prot, flags, fd, off := a[0], a[1], a[2], a[3], a[4], a[5]
	m := t.proc.mm
	if length == 0 || off%pageSize != 0 {
		return errno(abi.EINVAL)
	}
	n := pageUp(length)
	if n == 0 || n > taskSize {
		return errno(abi.ENOMEM)
	}
	switch flags & mapTypeMask {
	case mapShared, mapPrivate, mapSharedValidate:
	default:
		return errno(abi.EINVAL)
	}
	if prot&^(protRead|protWrite|protExec) != 0 {
		return errno(abi.EINVAL)
	}
	var src file
	var writable bool // src is open for writing
	anon := flags&mapAnonymous != 0
	if !anon {
		of := t.proc.files.get(fd)
		if of == nil {
			return errno(abi.EBADF)
		}
		if d, ok := of.f.(*device); ok && d.minor == 5 { // /dev/zero
			anon = true
		} else {
			if _, ok := of.f.(*hostFile); !ok {
				return errno(abi.ENODEV)
			}
			acc := of.flags & oAccMode
			if acc == oWrOnly || (flags&mapTypeMask != mapPrivate && prot&protWrite != 0 && acc != oRdWr) {
				return errno(abi.EACCES)
			}
			src, writable = of.f, acc == oRdWr
		}
	}
	if src != nil && (off > math.MaxInt64 || n > math.MaxInt64-off) {
		return errno(abi.EOVERFLOW) // past the largest file offset
	}
	fixed := flags&(mapFixed|mapFixedNoreplace) != 0
	var start uint64
	switch {
	case fixed:
		if addr%pageSize != 0 {
			return errno(abi.EINVAL)
		}
		if addr+n > taskSize || addr+n < addr || addr < pageSize {
			return errno(abi.ENOMEM)
		}
		if flags&mapFixed == 0 && !m.free(addr, addr+n) {
			return errno(abi.EEXIST)
		}
		start = addr
	case addr != 0 && m.free(pageUp(addr), pageUp(addr)+n):
		start = pageUp(addr)
	default:
		start = m.findFree(n)
		if start == 0 {
			return errno(abi.ENOMEM)
		}
	}
	if src != nil && flags&mapTypeMask != mapPrivate {
		return m.mapShared(src.(*hostFile), writable, start, n, off, protFromLinux(prot), fixed)
	}
	if e := m.mapAnon(start, n, protFromLinux(prot), anon); e != 0 {
		return errno(e)
	}
	if flags&mapTypeMask != mapPrivate {
		m.markShared(start, start+n)
	}
	if src != nil {
		buf := make([]byte, min(n, 1<<20))
		for done := uint64(0); done < n; {
			chunk := buf[:min(uint64(len(buf)), n-done)]
			got, e := src.pread(chunk, int64(off+done))
			if e != 0 {
				m.unmapRuns(start, start+n)
				return errno(e)
			}
			if got == 0 {
				break
			}
			if t.proc.mem.Poke(chunk[:got], start+done) != nil {
				break
			}
			done += uint64(got)
		}
	}
	return int64(start)
}

// mapShared maps [start, start+n) to the file of h from byte off, shared
// through the page cache; a fixed mapping first replaces what was there.
func (m *addrSpace) mapShared(h *hostFile, writable bool, start, n, off uint64, prot alphaemu.Prot, fixed bool) int64 {
	if !regular(h) {
		return errno(abi.ENODEV)
	}
	if e := m.charge(n); e != 0 {
		return errno(e)
	}
	if fixed {
		m.unmapRuns(start, start+n)
	}
	if e := m.k.pages.mapFile(m.mem, h, writable, start, n, off, prot); e != 0 {
		return errno(e)
	}
	m.addFile(start, start+n)
	return int64(start)
}

// msync flags (asm/mman.h on Alpha).
const (
	msAsync      = 1
	msSync       = 2
	msInvalidate = 4
)

// sysMsync writes back the dirty file pages of [addr, addr+len): both
// MS_SYNC and MS_ASYNC write at once. A range not wholly mapped is
// synced where mapped and fails with ENOMEM.
func sysMsync(t *Thread, a [6]uint64) int64 {
	addr, length, flags := a[0], a[1], a[2]
	if flags&^(msAsync|msSync|msInvalidate) != 0 || addr%pageSize != 0 ||
		(flags&msAsync != 0 && flags&msSync != 0) {
		return errno(abi.EINVAL)
	}
	end := addr + pageUp(length)
	if end < addr {
		return errno(abi.ENOMEM)
	}
	m := t.proc.mm
	hole := false
	for p := addr; p < end && !hole; p += pageSize {
		_, ok := m.mem.Prot(p)
		hole = !ok && !t.k.pages.mapped(m.mem, p)
	}
	if e := t.k.pages.sync(m.mem, addr, end); e != 0 {
		return errno(abi.EIO)
	}
	if hole {
		return errno(abi.ENOMEM)
	}
	return 0
}

func sysMunmap(t *Thread, a [6]uint64) int64 {
	addr, length := a[0], a[1]
	if addr%pageSize != 0 || length == 0 || addr+pageUp(length) > taskSize || addr+pageUp(length) < addr {
		return errno(abi.EINVAL)
	}
	t.proc.mm.unmapRuns(addr, addr+pageUp(length))
	return 0
}

// Protection flags mprotect accepts besides PROT_READ/WRITE/EXEC.
const (
	protGrowsdown = 0x01000000
	protGrowsup   = 0x02000000
)

func sysMprotect(t *Thread, a [6]uint64) int64 {
	addr, length, prot := a[0], a[1], a[2]
	if addr%pageSize != 0 || prot&^(protRead|protWrite|protExec|protGrowsdown|protGrowsup) != 0 {
		return errno(abi.EINVAL)
	}
	n := pageUp(length)
	if n == 0 {
		return 0
	}
	m := t.proc.mm
	if addr+n < addr || !m.allMapped(addr, addr+n) {
		return errno(abi.ENOMEM)
	}
	if m.mem.Protect(addr, n, protFromLinux(prot)) != nil {
		return errno(abi.ENOMEM)
	}
	return 0
}

func sysMadvise(t *Thread, a [6]uint64) int64 {
	addr, length, advice := a[0], a[1], a[2]
	if addr%pageSize != 0 {
		return errno(abi.EINVAL)
	}
	n := pageUp(length)
	m := t.proc.mm
	if n == 0 {
		return 0
	}
	if addr+n < addr || !m.allMapped(addr, addr+n) {
		return errno(abi.ENOMEM)
	}
	if advice == madvDontneed {
		// Private anonymous pages read back as zero afterwards (shared
		// ones keep their contents); the runs of such pages are
		// discarded at once.
		private := func(p uint64) bool { return m.anonAt(p) && !m.sharedAt(p) }
		for p := addr; p < addr+n; {
			if !private(p) {
				p += pageSize
				continue
			}
			run := p
			for p < addr+n && private(p) {
				p += pageSize
			}
			if m.mem.Discard(run, p-run) != nil {
				return errno(abi.ENOMEM)
			}
		}
	}
	return 0
}

func sysMremap(t *Thread, a [6]uint64) int64 {
	old, oldLen, newLen, flags, newAddr := a[0], a[1], a[2], a[3], a[4]
	m := t.proc.mm
	if old%pageSize != 0 || flags&^(mremapMaymove|mremapFixed) != 0 ||
		(flags&mremapFixed != 0 && flags&mremapMaymove == 0) {
		return errno(abi.EINVAL)
	}
	oldN, newN := pageUp(oldLen), pageUp(newLen)
	if newN == 0 || oldN == 0 {
		return errno(abi.EINVAL)
	}
	fm, isFile := t.k.pages.covering(m.mem, old, old+oldN)
	if old+oldN < old || (!isFile && !m.allMapped(old, old+oldN)) {
		return errno(abi.EFAULT)
	}
	move := m.move
	if isFile {
		move = func(old, oldN, dst, newN uint64) int64 { return m.remapFile(fm, old, oldN, dst, newN) }
	}
	if flags&mremapFixed != 0 {
		if newAddr%pageSize != 0 || newAddr+newN > taskSize || newAddr+newN < newAddr {
			return errno(abi.EINVAL)
		}
		if newAddr < old+oldN && old < newAddr+newN {
			return errno(abi.EINVAL)
		}
		m.unmapRuns(newAddr, newAddr+newN)
		return move(old, oldN, newAddr, newN)
	}
	if newN <= oldN {
		m.unmapRuns(old+newN, old+oldN)
		return int64(old)
	}
	if m.free(old+oldN, old+newN) {
		if isFile {
			return move(old, oldN, old, newN)
		}
		prot, _ := m.mem.Prot(old + oldN - pageSize)
		if e := m.mapAnon(old+oldN, newN-oldN, prot, m.anonAt(old)); e != 0 {
			return errno(e)
		}
		return int64(old)
	}
	if flags&mremapMaymove == 0 {
		return errno(abi.ENOMEM)
	}
	dst := m.findFree(newN)
	if dst == 0 {
		return errno(abi.ENOMEM)
	}
	return move(old, oldN, dst, newN)
}

// move copies the pages of [old, old+oldN) to dst (page protections kept),
// maps the rest of [dst, dst+newN) like the last old page, and unmaps the old range.
func (m *addrSpace) move(old, oldN, dst, newN uint64) int64 {
	anon := m.anonAt(old)
	if e := m.charge(newN); e != 0 {
		return errno(e)
	}
	page := make([]byte, pageSize)
	var prot alphaemu.Prot
	for off := uint64(0); off < newN; off += pageSize {
		if off < oldN {
			prot, _ = m.mem.Prot(old + off)
		}
		if err := m.mem.Map(dst+off, pageSize, prot); err != nil {
			m.unmapRuns(dst, dst+off)
			return errno(abi.ENOMEM)
		}
		if off >= oldN {
			continue
		}
		if err := m.mem.Protect(old+off, pageSize, alphaemu.ProtRead); err != nil {
			return errno(abi.EFAULT)
		}
		if m.mem.ReadAt(page, old+off) != nil || m.mem.Poke(page, dst+off) != nil {
			return errno(abi.EFAULT)
		}
	}
	m.add(dst, dst+newN, anon)
	m.unmapRuns(old, old+oldN)
	return int64(dst)
}
