package kernelsim

import (
	"sort"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// region is a mapped range [start, end) the kernel knows about.
type region struct {
	start, end uint64
	anon       bool // anonymous (MADV_DONTNEED zero-fills it)
	shared     bool // MAP_SHARED: fork shares its pages instead of copying them
	file       bool // MAP_SHARED file mapping: its pages past the file's end are holes
}

// addrSpace is a process's memory map: the regions mmap/brk created, plus
// regions discovered in the page tables (mapped by the ELF loader). The page
// tables in alphaemu.Memory are the authority on what is mapped; the region
// list makes the free-area search fast.
type addrSpace struct {
	mem         *alphaemu.Memory
	k           *Kernel
	regions     []region // sorted, non-overlapping
	brkStart    uint64
	brk         uint64
	stackTop    uint64
	stackBottom uint64
}

func newAddrSpace(mem *alphaemu.Memory, k *Kernel) *addrSpace {
	return &addrSpace{mem: mem, k: k}
}

func pageUp(x uint64) uint64   { return (x + pageSize - 1) &^ (pageSize - 1) }
func pageDown(x uint64) uint64 { return x &^ (pageSize - 1) }

func (m *addrSpace) setBrk(start uint64) {
	start = pageUp(start)
	m.brkStart, m.brk = start, start
}

// remove drops [start, end) from the region list, splitting regions.
func (m *addrSpace) remove(start, end uint64) {
	out := m.regions[:0:0]
	for _, r := range m.regions {
		if r.end <= start || r.start >= end {
			out = append(out, r)
			continue
		}
		if r.start < start {
			head := r
			head.end = start
			out = append(out, head)
		}
		if r.end > end {
			tail := r
			tail.start = end
			out = append(out, tail)
		}
	}
	m.regions = out
}

// add records [start, end) as mapped.
func (m *addrSpace) add(start, end uint64, anon bool) {
	m.remove(start, end)
	i := sort.Search(len(m.regions), func(i int) bool { return m.regions[i].start >= start })
	m.regions = append(m.regions, region{})
	copy(m.regions[i+1:], m.regions[i:])
	m.regions[i] = region{start: start, end: end, anon: anon}
}

// addFile records [start, start+n) as a MAP_SHARED file mapping.
func (m *addrSpace) addFile(start, end uint64) {
	m.add(start, end, false)
	for i := range m.regions {
		if r := &m.regions[i]; r.start == start && r.end == end {
			r.shared, r.file = true, true
		}
	}
}

// markShared flags the known regions inside [start, end) as MAP_SHARED.
func (m *addrSpace) markShared(start, end uint64) {
	for i := range m.regions {
		if r := &m.regions[i]; r.start >= start && r.end <= end {
			r.shared = true
		}
	}
}

// sharedAt reports whether addr lies in a MAP_SHARED region.
func (m *addrSpace) sharedAt(addr uint64) bool {
	i := sort.Search(len(m.regions), func(i int) bool { return m.regions[i].end > addr })
	return i < len(m.regions) && m.regions[i].start <= addr && m.regions[i].shared
}

// fork returns a copy of the address space for a child process: private
// pages are copied, MAP_SHARED pages are shared.
func (m *addrSpace) fork() *addrSpace {
	c := *m
	c.regions = append([]region(nil), m.regions...)
	c.mem = m.mem.Fork(m.sharedAt)
	m.k.pages.fork(m.mem, c.mem)
	return &c
}

// firstMapped returns the first mapped page in [start, end) per the page
// tables, or end if none is.
func (m *addrSpace) firstMapped(start, end uint64) uint64 {
	for a := start; a < end; a += pageSize {
		if _, ok := m.mem.Prot(a); ok {
			return a
		}
	}
	return end
}

// allMapped reports whether every page of [start, end) is mapped.
func (m *addrSpace) allMapped(start, end uint64) bool {
	for a := start; a < end; a += pageSize {
		if _, ok := m.mem.Prot(a); !ok {
			return false
		}
	}
	return true
}

// free reports whether [start, end) is entirely unmapped and inside user
// space (the holes of file mappings past the file's end are not free).
func (m *addrSpace) free(start, end uint64) bool {
	if end <= start || end > taskSize || start < pageSize {
		return false
	}
	for _, r := range m.regions {
		if r.file && r.start < end && r.end > start {
			return false
		}
	}
	return m.firstMapped(start, end) == end
}

// findFree returns the lowest free range of length n at or above the mmap
// base (bottom-up, like Alpha's arch_get_unmapped_area), or 0.
func (m *addrSpace) findFree(n uint64) uint64 {
	cand := uint64(taskUnmappedBase)
	for cand+n <= taskSize && cand+n > cand {
		// Skip known regions overlapping the candidate.
		moved := false
		for _, r := range m.regions {
			if r.start < cand+n && r.end > cand {
				cand = r.end
				moved = true
			}
		}
		if moved {
			continue
		}
		// Verify against the page tables; record foreign mappings found.
		a := m.firstMapped(cand, cand+n)
		if a == cand+n {
			return cand
		}
		e := a
		for e < taskSize {
			if _, ok := m.mem.Prot(e); !ok {
				break
			}
			e += pageSize
		}
		m.add(a, e, false)
		cand = e
	}
	return 0
}

// charge checks that mapping n more bytes stays within the memory limit.
func (m *addrSpace) charge(n uint64) abi.Errno {
	used := m.k.mappedTotal(m.mem)
	if used+n > m.k.maxMem || used+n < used {
		m.k.memHit = true
		return abi.ENOMEM
	}
	if used+n > m.k.stats.PeakMem {
		m.k.stats.PeakMem = used + n
	}
	return 0
}

// mappedTotal is the guest memory of the whole process tree: the mapped
// bytes of every distinct address space of a live process, and of mem.
func (k *Kernel) mappedTotal(mem *alphaemu.Memory) uint64 {
	total := mem.MappedBytes()
	seen := map[*alphaemu.Memory]bool{mem: true}
	for _, p := range k.procs {
		if !p.exited && !seen[p.mem] {
			seen[p.mem] = true
			total += p.mem.MappedBytes()
		}
	}
	return total
}

// mapAnon maps fresh zeroed pages at [start, start+n), replacing any file
// mapping there.
func (m *addrSpace) mapAnon(start, n uint64, prot alphaemu.Prot, anon bool) abi.Errno {
	if e := m.charge(n); e != 0 {
		return e
	}
	m.k.pages.unmap(m.mem, start, start+n)
	if err := m.mem.MapLazy(start, n, prot); err != nil {
		return abi.ENOMEM
	}
	m.add(start, start+n, anon)
	return 0
}

// unmap removes [start, start+n).
func (m *addrSpace) unmap(start, n uint64) abi.Errno {
	if err := m.mem.Unmap(start, n); err != nil {
		return abi.EINVAL
	}
	m.remove(start, start+n)
	return 0
}

// anonAt reports whether addr lies in a known anonymous region.
func (m *addrSpace) anonAt(addr uint64) bool {
	for _, r := range m.regions {
		if addr >= r.start && addr < r.end {
			return r.anon
		}
	}
	return false
}

// protFromLinux converts PROT_* bits to page protections.
func protFromLinux(p uint64) alphaemu.Prot {
	var r alphaemu.Prot
	if p&protRead != 0 {
		r |= alphaemu.ProtRead
	}
	if p&protWrite != 0 {
		r |= alphaemu.ProtWrite
	}
	if p&protExec != 0 {
		r |= alphaemu.ProtExec
	}
	return r
}
