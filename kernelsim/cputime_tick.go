package kernelsim

import (
	"sync"
	"sync/atomic"
	"time"
)

// The accounting tick. Like Linux/Alpha's timer interrupt (HZ = 1024), it
// charges CPU time to user or system mode by sampling: a goroutine advances
// tickGen every tickPeriod while any guest thread runs, and a thread that
// crosses a mode boundary (Run entry or return, the start of a sleep)
// charges the ticks that went by since its last boundary to the mode it was
// in. The run loop's cost is one atomic load per boundary: no clock read
// on the system call path.

// tickPeriod is the accounting tick (TICK_NSEC for HZ = 1024).
const tickPeriod = time.Second / 1024

// cpuTimerSlice bounds a Run while the process has an armed CPU interval
// timer: a thread spinning without system calls charges its ticks, and
// its timers expire, at least every cpuTimerSlice instructions (under a
// millisecond) rather than every timeSlice.
const cpuTimerSlice = 1 << 18

// tickGen counts ticks since cpuEpoch; ticks holds the ticker's state.
var (
	tickGen atomic.Uint64
	ticks   struct {
		sync.Mutex
		users int           // threads running (run loops)
		stop  chan struct{} // closed to stop the ticker goroutine
	}
)

// cpuEpoch is the origin of the monotonic timestamps of CPU accounting,
// an hour in the past so that every timestamp is positive (0 = none).
var cpuEpoch = time.Now().Add(-time.Hour)

// monoNow returns the monotonic clock as a duration since cpuEpoch: one
// clock read, where time.Now takes two (wall and monotonic).
func monoNow() time.Duration { return time.Since(cpuEpoch) }

// startTicks counts a running thread, starting the ticker for the first.
func startTicks() {
	ticks.Lock()
	defer ticks.Unlock()
	ticks.users++
	if ticks.users == 1 {
		ticks.stop = make(chan struct{})
		advanceTicks()
		go tickLoop(ticks.stop)
	}
}

// stopTicks uncounts a thread that stopped running, stopping the ticker
// after the last.
func stopTicks() {
	ticks.Lock()
	defer ticks.Unlock()
	ticks.users--
	if ticks.users == 0 {
		close(ticks.stop)
	}
}

// tickLoop advances tickGen until stop is closed.
func tickLoop(stop <-chan struct{}) {
	tk := time.NewTicker(tickPeriod)
	defer tk.Stop()
	for {
		select {
		case <-tk.C:
			advanceTicks()
		case <-stop:
			return
		}
	}
}

// advanceTicks sets tickGen from the monotonic clock, so that ticks the Go
// scheduler delayed or dropped are not lost: they are charged to the mode
// each thread is found in next.
func advanceTicks() {
	g := uint64(monoNow() / tickPeriod)
	for {
		old := tickGen.Load()
		if g <= old || tickGen.CompareAndSwap(old, g) {
			return
		}
	}
}

// tickKernel charges the ticks since the thread's last boundary to system
// time, at Run entry. The kernel lock is held.
func (t *Thread) tickKernel() {
	if g := tickGen.Load(); g != t.lastTick {
		t.chargeTicks(g, false)
	}
}

// tickUser charges the ticks of the Run that just returned to user time.
// The kernel lock is held.
func (t *Thread) tickUser() {
	if g := tickGen.Load(); g != t.lastTick {
		t.chargeTicks(g, true)
	}
}

// chargeTicks charges the ticks from the thread's last boundary to tick
// generation g to user or system time, then notes the process's memory
// peak and fires its CPU interval timers that expired.
func (t *Thread) chargeTicks(g uint64, user bool) {
	p := t.proc
	d := time.Duration(g-t.lastTick) * tickPeriod
	t.lastTick = g
	if user {
		t.acct.utime += d
		p.acct.utime += d
	} else {
		t.acct.stime += d
		p.acct.stime += d
	}
	p.noteRSS()
	if p.cpuTimersArmed {
		p.expireCPUTimers()
	}
}

// unchargedTicks returns the ticks a thread has not charged yet, as user or
// system time by the mode it is in (none while it sleeps).
func (t *Thread) unchargedTicks() (user, sys time.Duration) {
	g := tickGen.Load()
	if t.sleeping || t.onCPU == 0 || g <= t.lastTick {
		return 0, 0
	}
	d := time.Duration(g-t.lastTick) * tickPeriod
	if t.inUser {
		return d, 0
	}
	return 0, d
}
