package kernelsim

import (
	"time"

	"github.com/axpsec/axpsec/abi"
)

// fdSets are select's three descriptor bitmaps (read, write, except) as
// arrays of 64-bit words.
type fdSets struct {
	addr [3]uint64
	in   [3][]uint64
}

// readFDSets reads the sets select was given for descriptors below n.
func (t *Thread) readFDSets(n int, r, w, x uint64) (*fdSets, abi.Errno) {
	s := &fdSets{addr: [3]uint64{r, w, x}}
	words := (n + 63) / 64
	for i, a := range s.addr {
		s.in[i] = make([]uint64, words)
		if a == 0 {
			continue
		}
		for j := range s.in[i] {
			v, ok := t.readU64(a + 8*uint64(j))
			if !ok {
				return nil, abi.EFAULT
			}
			s.in[i][j] = v
		}
	}
	return s, 0
}

// check computes the ready sets (do_select): it returns the number of ready
// bits and the sets to write back.
func (t *Thread) checkFDSets(s *fdSets, n int, waits *[]<-chan struct{}) (int64, [3][]uint64, abi.Errno) {
	var out [3][]uint64
	for i := range out {
		out[i] = make([]uint64, len(s.in[i]))
	}
	var ready int64
	for fd := 0; fd < n; fd++ {
		w, bit := fd/64, uint64(1)<<(fd%64)
		want := [3]bool{s.in[0][w]&bit != 0, s.in[1][w]&bit != 0, s.in[2][w]&bit != 0}
		if !want[0] && !want[1] && !want[2] {
			continue
		}
		of := t.proc.files.get(uint64(fd))
		if of == nil {
			return 0, out, abi.EBADF
		}
		r := readiness(of.f, waits)
		got := [3]bool{r&(pollIn|pollHup|pollErr) != 0, r&(pollOut|pollErr) != 0, false}
		for i := range 3 {
			if want[i] && got[i] {
				out[i][w] |= bit
				ready++
			}
		}
	}
	return ready, out, 0
}

// doSelect is the common part of select and pselect6: d < 0 waits forever.
func (t *Thread) doSelect(nfds uint64, r, w, x uint64, d time.Duration, interrupted abi.Errno) (int64, time.Duration) {
	if int32(nfds) < 0 {
		return errno(abi.EINVAL), 0
	}
	n := int(min(uint64(int32(nfds)), t.nofile()))
	s, e := t.readFDSets(n, r, w, x)
	if e != 0 {
		return errno(e), 0
	}
	start := time.Now()
	var out [3][]uint64
	ret := t.pollLoop(d, interrupted, func(waits *[]<-chan struct{}) (int64, abi.Errno) {
		var ready int64
		var e abi.Errno
		ready, out, e = t.checkFDSets(s, n, waits)
		return ready, e
	})
	left := time.Duration(0)
	if d > 0 {
		left = max(d-time.Since(start), 0)
	}
	if ret < 0 {
		return ret, left
	}
	for i, a := range s.addr {
		if a == 0 {
			continue
		}
		for j, v := range out[i] {
			if !t.writeU64(a+8*uint64(j), v) {
				return errno(abi.EFAULT), left
			}
		}
	}
	return ret, left
}

// sysSelect is select(nfds, readfds, writefds, exceptfds, timeval); the
// remaining time is written back, as Linux does.
func sysSelect(t *Thread, a [6]uint64) int64 {
	d := time.Duration(-1)
	if a[4] != 0 {
		v, ok, valid := readTimeval(t, a[4])
		if !ok {
			return errno(abi.EFAULT)
		}
		if !valid {
			return errno(abi.EINVAL)
		}
		d = v
	}
	ret, left := t.doSelect(a[0], a[1], a[2], a[3], d, abi.ERESTARTNOHAND)
	if a[4] != 0 && d >= 0 {
		b := le(make([]byte, 16))
		us := left / time.Microsecond
		b.u64(0, uint64(us/1e6))
		b.u64(8, uint64(us%1e6))
		if t.proc.mem.WriteAt(b, a[4]) != nil && ret >= 0 {
			return errno(abi.EFAULT)
		}
	}
	return ret
}

// sysPselect6 is pselect6(nfds, readfds, writefds, exceptfds, timespec,
// {sigmask, sigsetsize}).
func sysPselect6(t *Thread, a [6]uint64) int64 {
	d := time.Duration(-1)
	if a[4] != 0 {
		v, ok, valid := readTimespec(t, a[4])
		if !ok {
			return errno(abi.EFAULT)
		}
		if !valid {
			return errno(abi.EINVAL)
		}
		d = v
	}
	if a[5] != 0 {
		ss, ok1 := t.readU64(a[5])
		size, ok2 := t.readU64(a[5] + 8)
		if !ok1 || !ok2 {
			return errno(abi.EFAULT)
		}
		if ss != 0 {
			if size != sigsetSize {
				return errno(abi.EINVAL)
			}
			m, ok := t.readU64(ss)
			if !ok {
				return errno(abi.EFAULT)
			}
			t.savedMask, t.hasSavedMask = t.sigMask, true
			t.sigMask = m &^ unblockable
		}
	}
	ret, left := t.doSelect(a[0], a[1], a[2], a[3], d, abi.ERESTARTNOHAND)
	if t.hasSavedMask && ret != errno(abi.ERESTARTNOHAND) {
		t.sigMask, t.hasSavedMask = t.savedMask, false
	}
	if a[4] != 0 && d >= 0 && !putTimespec(t, a[4], left) && ret >= 0 {
		return errno(abi.EFAULT)
	}
	return ret
}
