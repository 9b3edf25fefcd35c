package kernelsim

import (
	"time"

	"github.com/axpsec/axpsec/abi"
)

// futex operations (include/uapi/linux/futex.h).
const (
	futexWait          = 0
	futexWake          = 1
	futexRequeue       = 3
	futexCmpRequeue    = 4
	futexWakeOp        = 5
	futexWaitBitset    = 9
	futexWakeBitset    = 10
	futexPrivateFlag   = 128
	futexClockRealtime = 256
	futexCmdMask       = 0x7f
	futexBitsetAny     = 0xffffffff

	futexWaiters    = 0x80000000 // robust futex word: waiters present
	futexOwnerDied  = 0x40000000 // robust futex word: owner died
	futexTIDMask    = 0x3fffffff
	robustListLimit = 2048 // ROBUST_LIST_LIMIT
)

// futexKey names a futex word as Linux's get_futex_key does: a private
// futex (FUTEX_PRIVATE_FLAG, or a word outside MAP_SHARED memory) by its
// address space and address, a shared one in MAP_SHARED memory by its page
// and offset, which are the same in every process sharing the page.
type futexKey struct {
	space any
	addr  uint64
}

// futexWaiter is a thread blocked in FUTEX_WAIT.
type futexWaiter struct {
	t      *Thread
	key    futexKey
	bitset uint32
	woken  chan struct{} // closed by a wake
}

// futexQueues holds the waiters of every futex word (under the kernel lock).
type futexQueues map[futexKey][]*futexWaiter

func (q futexQueues) remove(w *futexWaiter) {
	ws := q[w.key]
	for i, o := range ws {
		if o == w {
			ws = append(ws[:i:i], ws[i+1:]...)
			break
		}
	}
	if len(ws) == 0 {
		delete(q, w.key)
	} else {
		q[w.key] = ws
	}
}

// wake wakes up to n waiters of key whose bitset meets bitset.
func (q futexQueues) wake(key futexKey, n int, bitset uint32) int {
	woken := 0
	ws := q[key]
	kept := ws[:0:0]
	for _, w := range ws {
		if woken < n && w.bitset&bitset != 0 {
			close(w.woken)
			woken++
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		delete(q, key)
	} else {
		q[key] = kept
	}
	return woken
}

// requeue wakes up to n waiters of from and moves up to m others to to.
func (q futexQueues) requeue(from, to futexKey, n, m int) int {
	done := q.wake(from, n, futexBitsetAny)
	ws := q[from]
	moved := 0
	for len(ws) > 0 && moved < m {
		w := ws[0]
		ws = ws[1:]
		w.key = to
		q[to] = append(q[to], w)
		moved++
	}
	if len(ws) == 0 {
		delete(q, from)
	} else {
		q[from] = ws
	}
	return done + moved
}

// futexKey returns the key of the futex word at addr; private is
// FUTEX_PRIVATE_FLAG.
func (t *Thread) futexKey(addr uint64, private bool) futexKey {
	p := t.proc
	if !private && p.mm.sharedAt(addr) {
		if id := p.mem.PageID(addr); id != nil {
			return futexKey{id, addr % pageSize}
		}
	}
	return futexKey{p.mem, addr}
}

// sysFutex is futex(uaddr, op, val, timeout|val2, uaddr2, val3).
func sysFutex(t *Thread, a [6]uint64) int64 {
	uaddr, op, val := a[0], a[1], uint32(a[2])
	cmd := op & futexCmdMask
	if uaddr%4 != 0 {
		return errno(abi.EINVAL)
	}
	if op&futexClockRealtime != 0 && cmd != futexWaitBitset && cmd != futexWait {
		return errno(abi.ENOSYS)
	}
	q := t.k.futexes
	private := op&futexPrivateFlag != 0
	switch cmd {
	case futexWait, futexWaitBitset:
		bitset := uint32(futexBitsetAny)
		if cmd == futexWaitBitset {
			bitset = uint32(a[5])
			if bitset == 0 {
				return errno(abi.EINVAL)
			}
		}
		return t.futexWait(op, uaddr, val, a[3], bitset)
	case futexWake, futexWakeBitset:
		bitset := uint32(futexBitsetAny)
		if cmd == futexWakeBitset {
			bitset = uint32(a[5])
			if bitset == 0 {
				return errno(abi.EINVAL)
			}
		}
		return int64(q.wake(t.futexKey(uaddr, private), int(int32(val)), bitset))
	case futexRequeue, futexCmpRequeue:
		if int32(val) < 0 || int32(a[3]) < 0 || a[4]%4 != 0 {
			return errno(abi.EINVAL)
		}
		if cmd == futexCmpRequeue {
			cur, ok := t.readU32(uaddr)
			if !ok {
				return errno(abi.EFAULT)
			}
			if cur != uint32(a[5]) {
				return errno(abi.EAGAIN)
			}
		}
		return int64(q.requeue(t.futexKey(uaddr, private), t.futexKey(a[4], private), int(val), int(int32(a[3]))))
	case futexWakeOp:
		return t.futexWakeOp(uaddr, a[4], int(int32(val)), int(int32(a[3])), uint32(a[5]), private)
	}
	return errno(abi.ENOSYS)
}

// futexWakeOp is FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake nr on
// uaddr and, if the old value of *uaddr2 passes the comparison, nr2 on uaddr2.
func (t *Thread) futexWakeOp(uaddr, uaddr2 uint64, nr, nr2 int, enc uint32, private bool) int64 {
	if uaddr2%4 != 0 {
		return errno(abi.EINVAL)
	}
	op, cmp := (enc>>28)&7, (enc>>24)&15
	oparg, cmparg := int32(enc<<8)>>20, int32(enc<<20)>>20
	if (enc>>28)&8 != 0 {
		oparg = 1 << (uint32(oparg) & 31)
	}
	if op > 4 {
		return errno(abi.ENOSYS)
	}
	// The update is atomic with respect to the guest's LL/SC sequences on
	// other CPUs, as the kernel's futex_atomic_op_inuser is.
	old, err := t.proc.mem.Update32(uaddr2, func(old uint32) (uint32, bool) {
		switch op {
		case 0:
			return uint32(oparg), true
		case 1:
			return old + uint32(oparg), true
		case 2:
			return old | uint32(oparg), true
		case 3:
			return old &^ uint32(oparg), true
		}
		return old ^ uint32(oparg), true
	})
	if err != nil {
		return errno(abi.EFAULT)
	}
	var pass bool
	switch o := int32(old); cmp {
	case 0:
		pass = o == cmparg
	case 1:
		pass = o != cmparg
	case 2:
		pass = o < cmparg
	case 3:
		pass = o <= cmparg
	case 4:
		pass = o > cmparg
	case 5:
		pass = o >= cmparg
	default:
		// Linux compares after the update: the word has changed.
		return errno(abi.ENOSYS)
	}
	n := t.k.futexes.wake(t.futexKey(uaddr, private), nr, futexBitsetAny)
	if pass {
		n += t.k.futexes.wake(t.futexKey(uaddr2, private), nr2, futexBitsetAny)
	}
	return int64(n)
}

// futexWait blocks while *uaddr == val until a wake, the (relative for
// FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET) timeout or a signal.
func (t *Thread) futexWait(op, uaddr uint64, val uint32, timeout uint64, bitset uint32) int64 {
	var timer *time.Timer
	if timeout != 0 {
		d, ok, valid := readTimespec(t, timeout)
		if !ok {
			return errno(abi.EFAULT)
		}
		if !valid {
			return errno(abi.EINVAL)
		}
		clk := uint64(clockMonotonic)
		if op&futexClockRealtime != 0 {
			clk = clockRealtime
		}
		now, _ := t.clockNow(clk)
		deadline := now + d
		if op&futexCmdMask == futexWaitBitset {
			deadline = d
		}
		if deadline <= now {
			return errno(abi.ETIMEDOUT)
		}
		timer = time.NewTimer(deadline - now)
		defer timer.Stop()
	}
	cur, ok := t.readU32(uaddr)
	if !ok {
		return errno(abi.EFAULT)
	}
	if cur != val {
		return errno(abi.EAGAIN)
	}
	w := &futexWaiter{t: t, key: t.futexKey(uaddr, op&futexPrivateFlag != 0), bitset: bitset, woken: make(chan struct{})}
	t.k.futexes[w.key] = append(t.k.futexes[w.key], w)
	var tc <-chan time.Time
	if timer != nil {
		tc = timer.C
	}
	why := t.block(w.woken, tc)
	select {
	case <-w.woken:
		return 0
	default:
	}
	t.k.futexes.remove(w)
	if why == wokeTimer {
		return errno(abi.ETIMEDOUT)
	}
	return errno(abi.ERESTARTSYS)
}

// readU32 reads a little-endian u32 from guest memory.
func (t *Thread) readU32(addr uint64) (uint32, bool) {
	var b [4]byte
	if t.proc.mem.ReadAt(b[:], addr) != nil {
		return 0, false
	}
	return le(b[:]).get32(0), true
}

// exitMM is mm_release for an exiting thread: robust futexes it holds are
// marked OWNER_DIED (waking a waiter), and CLONE_CHILD_CLEARTID's word is
// zeroed and woken.
func (t *Thread) exitMM() {
	t.exitRobustList()
	if a := t.clearChildTID; a != 0 {
		t.clearChildTID = 0
		if t.writeU32(a, 0) {
			t.k.futexes.wake(t.futexKey(a, false), 1, futexBitsetAny)
		}
	}
}

// exitRobustList walks the thread's robust list (exit_robust_list).
func (t *Thread) exitRobustList() {
	head := t.robustList
	if head == 0 {
		return
	}
	t.robustList = 0
	next, ok1 := t.readU64(head)
	off, ok2 := t.readU64(head + 8)
	pending, ok3 := t.readU64(head + 16)
	if !ok1 || !ok2 || !ok3 {
		return
	}
	for i := 0; next != head && i < robustListLimit; i++ {
		entry := next &^ 1
		n, ok := t.readU64(entry)
		if entry != pending&^1 {
			t.robustDied(entry + off)
		}
		if !ok {
			return
		}
		next = n
	}
	if pending != 0 {
		t.robustDied((pending &^ 1) + off)
	}
}

// robustDied marks the robust futex at addr OWNER_DIED if the thread owns
// it (handle_futex_death: a compare-and-swap, atomic with respect to the
// guest's LL/SC on other CPUs), waking a waiter if there is one.
func (t *Thread) robustDied(addr uint64) {
	if addr%4 != 0 {
		return
	}
	old, err := t.proc.mem.Update32(addr, func(v uint32) (uint32, bool) {
		return v&futexWaiters | futexOwnerDied, v&futexTIDMask == uint32(t.tid)
	})
	if err == nil && old&futexTIDMask == uint32(t.tid) && old&futexWaiters != 0 {
		t.k.futexes.wake(t.futexKey(addr, false), 1, futexBitsetAny)
	}
}
