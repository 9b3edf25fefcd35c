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
)

// sysFutex implements futex for a process with one thread: waits block until
// the timeout, a signal or the end of the run (no other thread can wake
// them), wakes find no waiters.
func sysFutex(t *Thread, a [6]uint64) int64 {
	uaddr, op, val, timeout := a[0], a[1], uint32(a[2]), a[3]
	switch op & futexCmdMask {
	case futexWait, futexWaitBitset:
		if uaddr%4 != 0 {
			return errno(abi.EINVAL)
		}
		if op&futexCmdMask == futexWaitBitset && uint32(a[5]) == 0 {
			return errno(abi.EINVAL)
		}
		b, ok := t.readBytes(uaddr, 4)
		if !ok {
			return errno(abi.EFAULT)
		}
		if le(b).get32(0) != val {
			return errno(abi.EAGAIN)
		}
		return t.futexSleep(op, timeout)
	case futexWake, futexWakeBitset, futexRequeue, futexCmpRequeue, futexWakeOp:
		if uaddr%4 != 0 {
			return errno(abi.EINVAL)
		}
		return 0
	}
	return errno(abi.ENOSYS)
}

// futexSleep waits for the (relative for FUTEX_WAIT, absolute for
// FUTEX_WAIT_BITSET) timeout, if any.
func (t *Thread) futexSleep(op, timeout uint64) int64 {
	if timeout == 0 {
		for !t.signalsPending() && t.ctx.Err() == nil {
			t.sleep(nil)
		}
		return errno(abi.ERESTARTSYS)
	}
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
	if deadline > now {
		timer := time.NewTimer(deadline - now)
		defer timer.Stop()
		if t.wake == nil {
			t.wake = make(chan struct{}, 1)
		}
		if !t.signalsPending() {
			select {
			case <-timer.C:
				return errno(abi.ETIMEDOUT)
			case <-t.wake:
			case <-t.ctx.Done():
			}
		}
		return errno(abi.ERESTARTSYS)
	}
	return errno(abi.ETIMEDOUT)
}
