package kernelsim

import (
	"time"

	"github.com/axpsec/axpsec/abi"
)

// bootTime is the simulated boot instant: CLOCK_MONOTONIC counts from it.
var bootTime = time.Now().Add(-time.Minute)

func putTimespec(t *Thread, addr uint64, d time.Duration) bool {
	b := le(make([]byte, 16))
	b.u64(0, uint64(d/time.Second))
	b.u64(8, uint64(d%time.Second))
	return t.proc.mem.WriteAt(b, addr) == nil
}

// readTimespec reads a struct timespec; ok=false on fault, valid=false if nsec is out of range.
func readTimespec(t *Thread, addr uint64) (d time.Duration, ok, valid bool) {
	b, ok := t.readBytes(addr, 16)
	if !ok {
		return 0, false, false
	}
	sec, nsec := int64(le(b).get64(0)), int64(le(b).get64(8))
	if sec < 0 || nsec < 0 || nsec >= 1e9 {
		return 0, true, false
	}
	if sec > int64(1<<62/time.Second) {
		sec = int64(1 << 62 / time.Second)
	}
	return time.Duration(sec)*time.Second + time.Duration(nsec), true, true
}

// clockNow returns clock clk's value as a duration since its epoch.
func (t *Thread) clockNow(clk uint64) (time.Duration, bool) {
	switch int32(clk) {
	case clockRealtime, clockRealtimeCoarse:
		return time.Duration(time.Now().UnixNano()), true
	case clockMonotonic, clockMonotonicRaw, clockMonotonicCoarse, clockBoottime:
		return time.Since(bootTime), true
	case clockProcessCputime:
		return t.proc.processRuntime(), true
	case clockThreadCputime:
		return t.threadRuntime(), true
	}
	return 0, false
}

func sysGettimeofday(t *Thread, a [6]uint64) int64 {
	if a[0] != 0 {
		now := time.Now()
		b := le(make([]byte, 16))
		b.u64(0, uint64(now.Unix()))
		b.u64(8, uint64(now.Nanosecond()/1000))
		if t.proc.mem.WriteAt(b, a[0]) != nil {
			return errno(abi.EFAULT)
		}
	}
	if a[1] != 0 && t.proc.mem.WriteAt(make([]byte, 8), a[1]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

func sysClockGettime(t *Thread, a [6]uint64) int64 {
	d, ok := t.clockNow(a[0])
	if !ok {
		return errno(abi.EINVAL)
	}
	if !putTimespec(t, a[1], d) {
		return errno(abi.EFAULT)
	}
	return 0
}

func sysClockGetres(t *Thread, a [6]uint64) int64 {
	if _, ok := t.clockNow(a[0]); !ok {
		return errno(abi.EINVAL)
	}
	res := time.Duration(1)
	if c := int32(a[0]); c == clockRealtimeCoarse || c == clockMonotonicCoarse {
		res = time.Second / userHZ
	}
	if a[1] != 0 && !putTimespec(t, a[1], res) {
		return errno(abi.EFAULT)
	}
	return 0
}

func sysNanosleep(t *Thread, a [6]uint64) int64 {
	return t.nanosleep(clockMonotonic, 0, a[0], a[1])
}

func sysClockNanosleep(t *Thread, a [6]uint64) int64 {
	switch int32(a[0]) {
	case clockRealtime, clockMonotonic, clockBoottime:
	case clockThreadCputime:
		return errno(abi.EINVAL)
	default:
		return errno(abi.EOPNOTSUPP)
	}
	return t.nanosleep(a[0], a[1], a[2], a[3])
}

func (t *Thread) nanosleep(clk, flags, req, rem uint64) int64 {
	d, ok, valid := readTimespec(t, req)
	if !ok {
		return errno(abi.EFAULT)
	}
	if !valid {
		return errno(abi.EINVAL)
	}
	now, _ := t.clockNow(clk)
	deadline := now + d
	abs := flags&timerAbstime != 0
	if abs {
		deadline = d
	}
	return t.sleepUntil(clk, deadline, abs, rem)
}

// sleepUntil sleeps until clock clk reaches deadline. Interrupted, it writes
// the remaining time to rem (relative sleeps) and arranges restart_syscall
// to continue the sleep (ERESTART_RESTARTBLOCK).
func (t *Thread) sleepUntil(clk uint64, deadline time.Duration, abs bool, rem uint64) int64 {
	now, _ := t.clockNow(clk)
	if deadline <= now {
		return 0
	}
	timer := time.NewTimer(deadline - now)
	defer timer.Stop()
	if t.block(nil, timer.C) == wokeTimer {
		return 0
	}
	now, _ = t.clockNow(clk)
	if !abs && rem != 0 && !putTimespec(t, rem, max(deadline-now, 0)) {
		return errno(abi.EFAULT)
	}
	t.restartBlock = func(t *Thread) int64 { return t.sleepUntil(clk, deadline, abs, rem) }
	return errno(abi.ERESTART_RESTARTBLOCK)
}

// sysRestartSyscall continues the syscall interrupted with ERESTART_RESTARTBLOCK.
func sysRestartSyscall(t *Thread, _ [6]uint64) int64 {
	fn := t.restartBlock
	t.restartBlock = nil
	if fn == nil {
		return errno(abi.EINTR)
	}
	return fn(t)
}
