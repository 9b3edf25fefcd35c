package kernelsim

import (
	"sync"

	"github.com/axpsec/axpsec/abi"
)

// pipeCapacity is the pipe buffer size (Linux default: 16 pages of 4 KiB = 64 KiB).
const pipeCapacity = 65536

// pipe is an in-kernel pipe shared by its two ends. It is safe for use by
// several threads: blocked readers and writers wait on changed.
type pipe struct {
	mu      sync.Mutex
	buf     []byte
	readers int
	writers int
	changed chan struct{} // closed and replaced on every state change
}

func newPipe() *pipe {
	return &pipe{readers: 1, writers: 1, changed: make(chan struct{})}
}

// notify wakes waiters; p.mu must be held.
func (p *pipe) notify() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// wait releases p.mu until the pipe changes or the thread is interrupted.
// It returns false when interrupted (the caller returns ERESTARTSYS).
func (p *pipe) wait(t *Thread) bool {
	ch := p.changed
	p.mu.Unlock()
	ok := t.sleep(ch)
	p.mu.Lock()
	return ok
}

// pipeEnd is one end of a pipe.
type pipeEnd struct {
	streamBase
	p      *pipe
	writer bool
}

func (e *pipeEnd) path() string { return "pipe:[]" }

func (e *pipeEnd) read(t *Thread, b []byte, nonblock bool) (int, abi.Errno) {
	if e.writer {
		return 0, abi.EBADF
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 {
		if p.writers == 0 || len(b) == 0 {
			return 0, 0
		}
		if nonblock {
			return 0, abi.EAGAIN
		}
		if !p.wait(t) {
			return 0, abi.ERESTARTSYS
		}
	}
	n := copy(b, p.buf)
	p.buf = p.buf[:copy(p.buf, p.buf[n:])]
	p.notify()
	return n, 0
}

func (e *pipeEnd) write(t *Thread, b []byte, nonblock bool) (int, abi.Errno) {
	if !e.writer {
		return 0, abi.EBADF
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	done := 0
	for done < len(b) {
		if p.readers == 0 {
			t.sendSignal(sigInfo{signo: abi.SIGPIPE, code: siUser, pid: int32(t.proc.pid), uid: uint32(t.proc.creds.uid)}, true)
			if done > 0 {
				return done, 0
			}
			return 0, abi.EPIPE
		}
		room := pipeCapacity - len(p.buf)
		if room == 0 {
			if nonblock {
				if done > 0 {
					return done, 0
				}
				return 0, abi.EAGAIN
			}
			if !p.wait(t) {
				if done > 0 {
					return done, 0
				}
				return 0, abi.ERESTARTSYS
			}
			continue
		}
		n := min(room, len(b)-done)
		p.buf = append(p.buf, b[done:done+n]...)
		done += n
		p.notify()
	}
	return done, 0
}

func (e *pipeEnd) stat() (statInfo, abi.Errno) {
	return statInfo{mode: sIFIFO | 0o600, nlink: 1, blksize: 4096, ino: 2}, 0
}

func (e *pipeEnd) ioctl(t *Thread, req, arg uint64) int64 {
	if req == ioctlFIONREAD {
		e.p.mu.Lock()
		n := len(e.p.buf)
		e.p.mu.Unlock()
		if !t.writeU32(arg, uint32(n)) {
			return errno(abi.EFAULT)
		}
		return 0
	}
	return errno(abi.ENOTTY)
}

func (e *pipeEnd) close() abi.Errno {
	p := e.p
	p.mu.Lock()
	if e.writer {
		p.writers--
	} else {
		p.readers--
	}
	p.notify()
	p.mu.Unlock()
	return 0
}
