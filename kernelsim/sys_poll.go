package kernelsim

import (
	"time"

	"github.com/axpsec/axpsec/abi"
)

// poll event bits (the low bits are the same on Alpha as elsewhere).
const (
	pollIn   = 0x1
	pollOut  = 0x4
	pollErr  = 0x8
	pollHup  = 0x10
	pollNval = 0x20
)

// pollfdSize is sizeof(struct pollfd): int fd, short events, short revents.
const pollfdSize = 8

// readiness returns the poll bits f reports now. Pipes report their real
// state and add the channel announcing their next change to waits; files,
// devices and host streams are always ready.
func readiness(f file, waits *[]<-chan struct{}) uint16 {
	pe, ok := f.(*pipeEnd)
	if !ok {
		return pollIn | pollOut
	}
	p := pe.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if waits != nil {
		*waits = append(*waits, p.changed)
	}
	var r uint16
	if pe.writer {
		if p.readers == 0 {
			r |= pollErr
		} else if len(p.buf) < pipeCapacity {
			r |= pollOut
		}
	} else {
		if len(p.buf) > 0 {
			r |= pollIn
		}
		if p.writers == 0 {
			r |= pollHup
		}
	}
	return r
}

// doPoll fills in revents for the pollfd array at addr and returns how many
// descriptors are ready; waits collects what to wait on if none is.
func (t *Thread) doPoll(addr, n uint64, waits *[]<-chan struct{}) (int64, abi.Errno) {
	if n > t.nofile() {
		return 0, abi.EINVAL
	}
	raw, ok := t.readBytes(addr, int(n*pollfdSize))
	if !ok {
		return 0, abi.EFAULT
	}
	b := le(raw)
	var ready int64
	for i := 0; i < int(n); i++ {
		fd := int32(b.get32(i * pollfdSize))
		events := uint16(b[i*pollfdSize+4]) | uint16(b[i*pollfdSize+5])<<8
		var rev uint16
		if fd >= 0 {
			if of := t.proc.files.get(uint64(fd)); of == nil {
				rev = pollNval
			} else {
				rev = readiness(of.f, waits) & (events | pollErr | pollHup)
			}
		}
		b.u16(i*pollfdSize+6, rev)
		if rev != 0 {
			ready++
		}
	}
	if t.proc.mem.WriteAt(b, addr) != nil {
		return 0, abi.EFAULT
	}
	return ready, 0
}

// pollLoop evaluates check until it reports ready descriptors or an error,
// waiting between evaluations for a change of the pipes check listed, for
// up to d (forever if d < 0). It returns 0 on timeout and interrupted when a
// signal arrives first.
func (t *Thread) pollLoop(d time.Duration, interrupted abi.Errno, check func(waits *[]<-chan struct{}) (int64, abi.Errno)) int64 {
	var timer <-chan time.Time
	if d >= 0 {
		tm := time.NewTimer(d)
		defer tm.Stop()
		timer = tm.C
	}
	for {
		var waits []<-chan struct{}
		n, e := check(&waits)
		if e != 0 {
			return errno(e)
		}
		if n > 0 || d == 0 {
			return n
		}
		switch t.blockAny(waits, timer) {
		case wokeTimer:
			return 0
		case wokeSignal:
			return errno(interrupted)
		}
	}
}

// sysPoll is poll(fds, nfds, timeout_ms).
func sysPoll(t *Thread, a [6]uint64) int64 {
	d := time.Duration(int32(a[2])) * time.Millisecond
	return t.pollLoop(d, abi.EINTR, func(w *[]<-chan struct{}) (int64, abi.Errno) { return t.doPoll(a[0], a[1], w) })
}

// sysPpoll is ppoll(fds, nfds, tsp, sigmask, sigsetsize).
func sysPpoll(t *Thread, a [6]uint64) int64 {
	d := time.Duration(-1)
	if a[2] != 0 {
		v, ok, valid := readTimespec(t, a[2])
		if !ok {
			return errno(abi.EFAULT)
		}
		if !valid {
			return errno(abi.EINVAL)
		}
		d = v
	}
	if a[3] != 0 {
		if a[4] != sigsetSize {
			return errno(abi.EINVAL)
		}
		m, ok := t.readU64(a[3])
		if !ok {
			return errno(abi.EFAULT)
		}
		t.savedMask, t.hasSavedMask = t.sigMask, true
		t.sigMask = m &^ unblockable
	}
	n := t.pollLoop(d, abi.ERESTARTNOHAND, func(w *[]<-chan struct{}) (int64, abi.Errno) { return t.doPoll(a[0], a[1], w) })
	// The temporary mask stays only for a handler about to run.
	if t.hasSavedMask && n != errno(abi.ERESTARTNOHAND) {
		t.sigMask, t.hasSavedMask = t.savedMask, false
	}
	return n
}
