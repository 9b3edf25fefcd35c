package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
)

// maxFDs is the number of file descriptors a process may hold (RLIMIT_NOFILE).
const maxFDs = 1024

// openFile is an open file description: shared by dup'ed descriptors.
type openFile struct {
	f     file
	flags uint32 // Alpha O_* status and access flags
	refs  int
}

// fdEntry is one descriptor slot.
type fdEntry struct {
	of      *openFile
	cloexec bool
}

// fdTable is a process's descriptor table.
type fdTable struct {
	fds []fdEntry
}

func newFDTable() *fdTable { return &fdTable{fds: make([]fdEntry, 0, 16)} }

// get returns the open file for fd, or nil.
func (ft *fdTable) get(fd uint64) *openFile {
	if fd < uint64(len(ft.fds)) {
		return ft.fds[fd].of
	}
	return nil
}

// install puts a new open file description at fd (which must be free).
func (ft *fdTable) install(fd int, f file, flags uint32) {
	ft.set(fd, &openFile{f: f, flags: flags}, flags&oCloexec != 0)
}

func (ft *fdTable) set(fd int, of *openFile, cloexec bool) {
	for len(ft.fds) <= fd {
		ft.fds = append(ft.fds, fdEntry{})
	}
	of.refs++
	ft.fds[fd] = fdEntry{of: of, cloexec: cloexec}
}

// lowestFree returns the lowest free descriptor >= min below limit, or EMFILE.
func (ft *fdTable) lowestFree(min int, limit uint64) (int, abi.Errno) {
	for fd := min; uint64(fd) < limit; fd++ {
		if fd >= len(ft.fds) || ft.fds[fd].of == nil {
			return fd, 0
		}
	}
	return -1, abi.EMFILE
}

// add installs f at the lowest free descriptor.
func (ft *fdTable) add(f file, flags uint32, limit uint64) (int, abi.Errno) {
	fd, e := ft.lowestFree(0, limit)
	if e != 0 {
		return -1, e
	}
	ft.install(fd, f, flags)
	return fd, 0
}

// close releases fd, closing the file when its last reference goes.
func (ft *fdTable) close(fd uint64) abi.Errno {
	of := ft.get(fd)
	if of == nil {
		return abi.EBADF
	}
	ft.fds[fd] = fdEntry{}
	return of.release()
}

func (of *openFile) release() abi.Errno {
	of.refs--
	if of.refs == 0 {
		return of.f.close()
	}
	return 0
}

// closeAll closes every descriptor (process exit).
func (ft *fdTable) closeAll() {
	for fd := range ft.fds {
		if ft.fds[fd].of != nil {
			ft.close(uint64(fd))
		}
	}
}
