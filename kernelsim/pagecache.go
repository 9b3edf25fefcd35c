package kernelsim

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"syscall"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
)

// The page cache gives MAP_SHARED mappings of regular host files Linux's
// semantics: every such mapping of a file, in any process, at any address
// and page offset, maps the same pages (alphaemu.Frame), so a store by one
// process is seen at once by the others (LL/SC and shared futexes
// included: the futex key is the page). Dirty pages are written back to
// the host file on msync, munmap, the release of an address space (exit,
// exec) and at the end of the run; read(2) writes them back before
// reading the file, write(2) updates them after writing it, ftruncate(2)
// drops the pages past the new end. A page wholly past the end of the file
// is not mapped: an access to it faults in the page if the file has grown
// meanwhile, or raises SIGBUS (BUS_ADRERR) as Linux does.
//
// A page's protection is common to all its mappings (see
// alphaemu.MapFrames): a read-only mapping of a page another process maps
// writable can be written.

// fileID identifies a host file: device and inode.
type fileID struct{ dev, ino uint64 }

// cachedPage is one page of a cached file.
type cachedPage struct {
	frame *alphaemu.Frame
	// clean is the page as the file holds it (last read, written back or
	// updated by write(2)): the frame is dirty where it differs.
	clean []byte
}

// cachedFile is a host file with pages in the cache.
type cachedFile struct {
	id       fileID
	f        *os.File // the cache's own handle (the guest may close its fd)
	writable bool     // f was opened for writing: write-back is possible
	maps     int      // fileMappings referring to the file
	// populated is the number of file pages (from the start) that the
	// mappings have pages for: those the file had when they were made, or
	// has grown to by write(2) or ftruncate(2) since.
	populated uint64
	pages     map[uint64]*cachedPage
}

// fileMapping is a MAP_SHARED mapping of a cached file in one address space.
type fileMapping struct {
	start, end uint64 // guest range
	pgoff      uint64 // file page of start
	prot       alphaemu.Prot
	file       *cachedFile
}

// pageCache is the kernel's cache of MAP_SHARED file pages. The zero value
// is empty and ready.
type pageCache struct {
	mu     sync.Mutex
	files  map[fileID]*cachedFile
	spaces map[*alphaemu.Memory][]fileMapping // sorted by start, non-overlapping
}

// hostID returns the identity of the host file behind h.
func hostID(h *hostFile) (fileID, bool) {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(h.f.Fd()), &st); err != nil {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino}, true
}

// size returns the file's current size.
func (cf *cachedFile) size() (uint64, abi.Errno) {
	fi, err := cf.f.Stat()
	if err != nil {
		return 0, hostErrno(err)
	}
	return uint64(fi.Size()), 0
}

// page returns page idx of the file, reading it in if it is not cached.
func (cf *cachedFile) page(idx uint64) (*cachedPage, abi.Errno) {
	if p := cf.pages[idx]; p != nil {
		return p, 0
	}
	buf := make([]byte, pageSize)
	if _, err := cf.f.ReadAt(buf, int64(idx*pageSize)); err != nil && !errors.Is(err, io.EOF) {
		return nil, hostErrno(err)
	}
	p := &cachedPage{frame: alphaemu.NewFrame(), clean: buf}
	p.frame.WriteAt(buf, 0)
	cf.pages[idx] = p
	return p, 0
}

// writeBack writes the dirty pages among pages [from, to) of the file to
// the host file, each up to the file's size.
func (cf *cachedFile) writeBack(from, to uint64) abi.Errno {
	if !cf.writable || len(cf.pages) == 0 {
		return 0
	}
	size, e := cf.size()
	if e != 0 {
		return e
	}
	cur := make([]byte, pageSize)
	for idx, p := range cf.pages {
		if idx < from || idx >= to || idx*pageSize >= size {
			continue
		}
		p.frame.ReadAt(cur, 0)
		n := min(pageSize, size-idx*pageSize)
		if bytes.Equal(cur[:n], p.clean[:n]) {
			continue
		}
		if _, err := cf.f.WriteAt(cur[:n], int64(idx*pageSize)); err != nil {
			return hostErrno(err)
		}
		copy(p.clean, cur[:n])
	}
	return 0
}

// fileFor returns the cached file of h, adding it (with a handle of its
// own) if it is not cached.
func (pc *pageCache) fileFor(h *hostFile, writable bool) (*cachedFile, abi.Errno) {
	id, ok := hostID(h)
	if !ok {
		return nil, abi.ENODEV
	}
	cf := pc.files[id]
	if cf != nil && (cf.writable || !writable) {
		return cf, 0
	}
	fd, err := syscall.Dup(int(h.f.Fd()))
	if err != nil {
		return nil, hostErrno(err)
	}
	syscall.CloseOnExec(fd)
	f := os.NewFile(uintptr(fd), h.name)
	if cf != nil {
		// A writable handle replaces a read-only one.
		_ = cf.f.Close()
		cf.f, cf.writable = f, true
		return cf, 0
	}
	cf = &cachedFile{id: id, f: f, writable: writable, pages: map[uint64]*cachedPage{}}
	if pc.files == nil {
		pc.files = map[fileID]*cachedFile{}
		pc.spaces = map[*alphaemu.Memory][]fileMapping{}
	}
	pc.files[id] = cf
	return cf, 0
}

// mapFile maps [start, start+n) of mem to the file of h from byte off (page
// aligned) as a MAP_SHARED mapping: the cached pages up to the file's end,
// nothing past it. writable tells whether h was opened for writing.
func (pc *pageCache) mapFile(mem *alphaemu.Memory, h *hostFile, writable bool, start, n, off uint64, prot alphaemu.Prot) abi.Errno {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	cf, e := pc.fileFor(h, writable)
	if e != 0 {
		return e
	}
	if e := pc.mapCached(mem, cf, start, n, off/pageSize, prot); e != 0 {
		pc.dropIfUnused(cf)
		return e
	}
	return 0
}

// mapCached maps [start, start+n) of mem to cf from file page pgoff on.
// pc.mu must be held.
func (pc *pageCache) mapCached(mem *alphaemu.Memory, cf *cachedFile, start, n, pgoff uint64, prot alphaemu.Prot) abi.Errno {
	size, e := cf.size()
	if e != 0 {
		return e
	}
	var frames []*alphaemu.Frame
	for i := uint64(0); i < n/pageSize && (pgoff+i)*pageSize < size; i++ {
		p, e := cf.page(pgoff + i)
		if e != 0 {
			return e
		}
		frames = append(frames, p.frame)
	}
	if err := mem.MapFrames(start, frames, prot); err != nil {
		return abi.ENOMEM
	}
	pc.insert(mem, fileMapping{start: start, end: start + n, pgoff: pgoff, prot: prot, file: cf})
	cf.populated = max(cf.populated, pageUp(size)/pageSize)
	return 0
}

// populate maps the pages of cf the file has grown to (it is size bytes
// long now) into every mapping covering them, so that the kernel's own
// accesses to them (a write(2) from the mapping) succeed too, as the guest's
// do (see fault). pc.mu must be held.
func (pc *pageCache) populate(cf *cachedFile, size uint64) {
	n := pageUp(size) / pageSize
	if n <= cf.populated {
		return
	}
	for mem, l := range pc.spaces {
		for _, fm := range l {
			if fm.file != cf {
				continue
			}
			for idx := max(fm.pgoff, cf.populated); idx < min(n, fm.pgoff+(fm.end-fm.start)/pageSize); idx++ {
				addr := fm.start + (idx-fm.pgoff)*pageSize
				if _, ok := mem.Prot(addr); ok {
					continue
				}
				p, e := cf.page(idx)
				if e != 0 || mem.MapFrames(addr, []*alphaemu.Frame{p.frame}, fm.prot) != nil {
					return // the pages left out fault in (see fault)
				}
			}
		}
	}
	cf.populated = n
}

// covering returns mem's file mapping holding all of [start, end).
func (pc *pageCache) covering(mem *alphaemu.Memory, start, end uint64) (fileMapping, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	fm, ok := pc.mappingAt(mem, start)
	return fm, ok && fm.end >= end
}

// remapFile moves the file pages of fm at [old, old+oldN) to [dst, dst+newN)
// (mremap): the old range is written back and unmapped, the new one maps
// the same file pages from the same file offset.
func (m *addrSpace) remapFile(fm fileMapping, old, oldN, dst, newN uint64) int64 {
	if newN > oldN {
		if e := m.charge(newN - oldN); e != 0 {
			return errno(e)
		}
	}
	pc := &m.k.pages
	pc.mu.Lock()
	fm.file.maps++ // keep the file cached across the unmap
	pc.mu.Unlock()
	m.unmapRuns(old, old+oldN)
	pc.mu.Lock()
	fm.file.maps--
	e := pc.mapCached(m.mem, fm.file, dst, newN, fm.pgoff+(old-fm.start)/pageSize, fm.prot)
	if e != 0 {
		pc.dropIfUnused(fm.file)
	}
	pc.mu.Unlock()
	if e != 0 {
		return errno(e)
	}
	m.addFile(dst, dst+newN)
	return int64(dst)
}

// insert records fm among mem's mappings.
func (pc *pageCache) insert(mem *alphaemu.Memory, fm fileMapping) {
	l := pc.spaces[mem]
	i := sort.Search(len(l), func(i int) bool { return l[i].start >= fm.start })
	l = append(l, fileMapping{})
	copy(l[i+1:], l[i:])
	l[i] = fm
	pc.spaces[mem] = l
	fm.file.maps++
}

// dropIfUnused forgets cf, writing its dirty pages back, once no mapping
// refers to it.
func (pc *pageCache) dropIfUnused(cf *cachedFile) abi.Errno {
	if cf.maps > 0 {
		return 0
	}
	e := cf.writeBack(0, ^uint64(0))
	if err := cf.f.Close(); err != nil && e == 0 {
		e = hostErrno(err)
	}
	delete(pc.files, cf.id)
	return e
}

// unmap forgets mem's file mappings in [start, end), writing back their
// dirty pages. The caller unmaps the pages themselves.
func (pc *pageCache) unmap(mem *alphaemu.Memory, start, end uint64) abi.Errno {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	l := pc.spaces[mem]
	if len(l) == 0 {
		return 0
	}
	var out []fileMapping
	var e abi.Errno
	var gone []*cachedFile
	for _, fm := range l {
		if fm.end <= start || fm.start >= end {
			out = append(out, fm)
			continue
		}
		lo, hi := max(fm.start, start), min(fm.end, end)
		if we := fm.file.writeBack(fm.pgoff+(lo-fm.start)/pageSize, fm.pgoff+(hi-fm.start)/pageSize); we != 0 && e == 0 {
			e = we
		}
		fm.file.maps--
		if fm.start < start {
			head := fm
			head.end = start
			out = append(out, head)
			fm.file.maps++
		}
		if fm.end > end {
			tail := fm
			tail.start = end
			tail.pgoff += (end - fm.start) / pageSize
			out = append(out, tail)
			fm.file.maps++
		}
		gone = append(gone, fm.file)
	}
	if len(out) == 0 {
		delete(pc.spaces, mem)
	} else {
		pc.spaces[mem] = out
	}
	for _, cf := range gone {
		if pc.files[cf.id] == cf {
			if de := pc.dropIfUnused(cf); de != 0 && e == 0 {
				e = de
			}
		}
	}
	return e
}

// mapped reports whether addr lies in one of mem's file mappings, even on
// a page past the end of the file that has no page mapped.
func (pc *pageCache) mapped(mem *alphaemu.Memory, addr uint64) bool {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	_, ok := pc.mappingAt(mem, addr)
	return ok
}

// mappingAt returns mem's file mapping holding addr. pc.mu must be held.
func (pc *pageCache) mappingAt(mem *alphaemu.Memory, addr uint64) (fileMapping, bool) {
	l := pc.spaces[mem]
	i := sort.Search(len(l), func(i int) bool { return l[i].end > addr })
	if i < len(l) && l[i].start <= addr {
		return l[i], true
	}
	return fileMapping{}, false
}

// sync writes back the dirty pages of mem's file mappings in [start, end)
// (msync).
func (pc *pageCache) sync(mem *alphaemu.Memory, start, end uint64) abi.Errno {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for _, fm := range pc.spaces[mem] {
		if fm.end <= start || fm.start >= end {
			continue
		}
		lo, hi := max(fm.start, start), min(fm.end, end)
		if e := fm.file.writeBack(fm.pgoff+(lo-fm.start)/pageSize, fm.pgoff+(hi-fm.start+pageSize-1)/pageSize); e != 0 {
			return e
		}
	}
	return 0
}

// fork gives child (a Fork of parent, which shares the mapped frames) the
// file mappings of parent.
func (pc *pageCache) fork(parent, child *alphaemu.Memory) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for _, fm := range pc.spaces[parent] {
		pc.insert(child, fm)
	}
}

// fault handles a memory fault at addr in mem's file mappings: a page past
// the end of the file when the mapping was made is mapped if the file now
// reaches it (handled: the instruction is retried); otherwise the access
// is past the end of the file (sigbus). Both are false for a fault outside
// file mappings or on a mapped page (a permission fault).
func (pc *pageCache) fault(mem *alphaemu.Memory, addr uint64) (handled, sigbus bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	fm, ok := pc.mappingAt(mem, addr)
	if !ok {
		return false, false
	}
	if _, mapped := mem.Prot(addr); mapped {
		return false, false // a permission fault: SIGSEGV
	}
	page := pageDown(addr)
	idx := fm.pgoff + (page-fm.start)/pageSize
	size, e := fm.file.size()
	if e != 0 || idx*pageSize >= size {
		return false, true
	}
	p, e := fm.file.page(idx)
	if e != 0 || mem.MapFrames(page, []*alphaemu.Frame{p.frame}, fm.prot) != nil {
		return false, true
	}
	return true, false
}

// fileChanged keeps the cached pages of the file of h coherent with a
// write(2) of data at byte off: the pages take the data (and hold it as
// clean), and the mappings get the pages the file grew to.
func (pc *pageCache) fileChanged(h *hostFile, off int64, data []byte) {
	cf := pc.cached(h)
	if cf == nil || off < 0 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pos := uint64(off)
	for len(data) > 0 {
		in := int(pos % pageSize)
		n := min(len(data), pageSize-in)
		if p := cf.pages[pos/pageSize]; p != nil {
			p.frame.WriteAt(data[:n], in)
			copy(p.clean[in:], data[:n])
		}
		data = data[n:]
		pos += uint64(n)
	}
	if pos > cf.populated*pageSize {
		if size, e := cf.size(); e == 0 {
			pc.populate(cf, size)
		}
	}
}

// cached returns the cached file of h, or nil.
func (pc *pageCache) cached(h *hostFile) *cachedFile {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.files) == 0 {
		return nil
	}
	id, ok := hostID(h)
	if !ok {
		return nil
	}
	return pc.files[id]
}

// beforeRead writes back the dirty pages of the file of f, so that a
// read(2) sees what the mappings stored.
func (pc *pageCache) beforeRead(f file) abi.Errno {
	h, ok := f.(*hostFile)
	if !ok {
		return 0
	}
	cf := pc.cached(h)
	if cf == nil {
		return 0
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return cf.writeBack(0, ^uint64(0))
}

// afterWrite updates the cached pages of the file of f after a write of
// data at off (off < 0: at the file position, now just past the data).
func (pc *pageCache) afterWrite(f file, off int64, data []byte) {
	h, ok := f.(*hostFile)
	if !ok || len(data) == 0 || pc.cached(h) == nil {
		return
	}
	if off < 0 {
		pos, e := h.seek(0, 1)
		if e != 0 {
			return
		}
		off = pos - int64(len(data))
	}
	pc.fileChanged(h, off, data)
}

// truncated drops the cached pages of the file of h past its new size,
// unmapping them from every address space (an access then raises SIGBUS),
// and zeroes the rest of the page holding the new end; pages the file grew
// to are mapped.
func (pc *pageCache) truncated(h *hostFile, size uint64) {
	cf := pc.cached(h)
	if cf == nil {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for idx, p := range cf.pages {
		switch {
		case idx*pageSize >= size:
			delete(cf.pages, idx)
			pc.unmapPage(cf, idx)
		case (idx+1)*pageSize > size:
			in := int(size - idx*pageSize)
			zero := make([]byte, pageSize-in)
			p.frame.WriteAt(zero, in)
			copy(p.clean[in:], zero)
		}
	}
	cf.populated = min(cf.populated, pageUp(size)/pageSize)
	pc.populate(cf, size)
}

// unmapPage unmaps page idx of cf from every address space mapping it.
func (pc *pageCache) unmapPage(cf *cachedFile, idx uint64) {
	for mem, l := range pc.spaces {
		for _, fm := range l {
			if fm.file == cf && idx >= fm.pgoff && idx < fm.pgoff+(fm.end-fm.start)/pageSize {
				_ = mem.Unmap(fm.start+(idx-fm.pgoff)*pageSize, pageSize)
			}
		}
	}
}

// drain writes back every dirty page and empties the cache: the end of
// the run. It reports the first write-back error.
func (pc *pageCache) drain() error {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	var first error
	for _, cf := range pc.files {
		cf.maps = 0
		if e := pc.dropIfUnused(cf); e != 0 && first == nil {
			first = fmt.Errorf("page cache: write-back of %s: %v", cf.f.Name(), e)
		}
	}
	clear(pc.spaces)
	return first
}

// drainPages writes back the page cache at the end of the run; a failure
// is the run's error.
func (k *Kernel) drainPages() {
	if err := k.pages.drain(); err != nil {
		k.fail(err)
	}
}

// releaseSpace releases mem, the address space of a process that exited or
// exec'ed, after writing back and forgetting its file mappings.
func (k *Kernel) releaseSpace(mem *alphaemu.Memory) {
	k.pages.unmap(mem, 0, taskSize)
	mem.Release()
}

// busFault turns a fault of t in a file mapping into what Linux does: a
// page the file has grown to is mapped and the access retried (true is
// returned), a page past the end of the file raises SIGBUS with BUS_ADRERR.
func (t *Thread) busFault(s *alphaemu.Stop) bool {
	if s.Signal != abi.SIGSEGV {
		return false
	}
	handled, sigbus := t.k.pages.fault(t.proc.mem, s.Addr)
	if sigbus {
		s.Signal, s.Code = abi.SIGBUS, busAdrerr
	}
	return handled
}

// busAdrerr is BUS_ADRERR: a nonexistent physical address (past the end
// of a mapped file).
const busAdrerr = 2
