package kernelsim

import (
	"time"
)

// CPU time accounting. A thread's user time is the time it spends inside
// CPU.Run; its system time is the time it spends in kernel code, from Run's
// return to the next Run, less the time it sleeps in block (or waits for a
// vfork child or a stopped process to continue). The run loop (sched.go)
// settles both into the thread's and its process's cpuAcct at every Run
// boundary, under the kernel lock; a clock read adds the unsettled time of
// threads executing instructions and of the reading thread itself.

// cpuEpoch is the origin of the monotonic timestamps of CPU accounting,
// an hour in the past so that every timestamp is positive (0 = none).
var cpuEpoch = time.Now().Add(-time.Hour)

// monoNow returns the monotonic clock as a duration since cpuEpoch: one
// clock read, where time.Now takes two (wall and monotonic). The run loop
// takes two timestamps per Run.
func monoNow() time.Duration { return time.Since(cpuEpoch) }

// cpuAcct is the CPU time and context switches of a thread, of all the
// threads a process ever had, or of a process's reaped descendants.
type cpuAcct struct {
	utime, stime  time.Duration
	nvcsw, nivcsw uint64 // voluntary (blocking waits) and involuntary switches
}

// add adds b's counts to a.
func (a *cpuAcct) add(b cpuAcct) {
	a.utime += b.utime
	a.stime += b.stime
	a.nvcsw += b.nvcsw
	a.nivcsw += b.nivcsw
}

// enterUser settles the system time the thread spent since it last left
// CPU.Run and marks the start of its user time. The kernel lock is held.
func (t *Thread) enterUser() {
	now := monoNow()
	if d := now - t.sysStart - t.slept; d > 0 {
		t.acct.stime += d
		t.proc.acct.stime += d
	}
	t.slept = 0
	t.userStart = now
}

// leaveUser settles the user time of a CPU.Run that returned at end, notes
// the process's memory peak and fires the CPU interval timers that expired.
// The kernel lock is held.
func (t *Thread) leaveUser(end time.Duration) {
	p := t.proc
	d := end - t.userStart
	t.acct.utime += d
	p.acct.utime += d
	t.sysStart = end
	p.noteRSS()
	if p.cpuTimersArmed {
		p.expireCPUTimers()
	}
}

// sleptSince records that the thread slept from since until now: the time
// is not system time, and the sleep is a voluntary context switch.
func (t *Thread) sleptSince(since time.Duration) {
	t.slept += monoNow() - since
	t.acct.nvcsw++
	t.proc.acct.nvcsw++
}

// unsettled returns the CPU time the thread has used at now that the run
// loop has not settled yet (now is a monoNow timestamp): the current Run's if it executes instructions,
// else the kernel time since its last Run if it is self (the caller, whose
// kernel time is known not to include a sleep in progress).
func (t *Thread) unsettled(self *Thread, now time.Duration) (user, sys time.Duration) {
	switch {
	case t.inUser:
		return max(now-t.userStart, 0), 0
	case t == self && t.sysStart > 0:
		return 0, max(now-t.sysStart-t.slept, 0)
	}
	return 0, 0
}

// threadCPU returns the thread's user and system time at now (monoNow).
func (t *Thread) threadCPU(now time.Duration) (user, sys time.Duration) {
	u, s := t.unsettled(t, now)
	return t.acct.utime + u, t.acct.stime + s
}

// processCPU returns the user and system time of all of p's threads, past
// and present, at now (monoNow), as the thread self reads it.
func (p *Process) processCPU(self *Thread, now time.Duration) (user, sys time.Duration) {
	user, sys = p.acct.utime, p.acct.stime
	for _, o := range p.threads {
		u, s := o.unsettled(self, now)
		user += u
		sys += s
	}
	return user, sys
}

// noteRSS raises the process's memory peak to its current footprint.
func (p *Process) noteRSS() {
	if m := p.mem.MappedBytes(); m > p.maxRSS {
		p.maxRSS = m
	}
}

// rusage is struct rusage's content as the simulated kernel fills it.
type rusage struct {
	utime, stime  time.Duration
	maxRSS        uint64 // bytes
	minflt        uint64
	nvcsw, nivcsw uint64
}

// getrusage who values.
const (
	rusageSelf     = 0
	rusageChildren = -1
	rusageThread   = 1
	rusageBoth     = -2 // wait4's view of a reaped child (kernel internal)
)

// usage returns p's resource usage for who, as the thread self reads it
// (self may belong to another process, or be nil: then only settled and
// user-mode time counts).
func (p *Process) usage(who int, self *Thread) rusage {
	var r rusage
	if who != rusageChildren {
		p.noteRSS()
		r.utime, r.stime = p.processCPU(self, monoNow())
		r.maxRSS = p.maxRSS
		r.minflt = p.mem.Copies()
		r.nvcsw, r.nivcsw = p.acct.nvcsw, p.acct.nivcsw
	}
	if who != rusageSelf {
		c := p.cacct
		r.utime += c.utime
		r.stime += c.stime
		r.maxRSS = max(r.maxRSS, p.cmaxRSS)
		r.minflt += p.cminflt
		r.nvcsw += c.nvcsw
		r.nivcsw += c.nivcsw
	}
	return r
}

// threadUsage returns RUSAGE_THREAD's usage of t, the calling thread.
func (t *Thread) threadUsage() rusage {
	p := t.proc
	p.noteRSS()
	u, s := t.threadCPU(monoNow())
	return rusage{utime: u, stime: s, maxRSS: p.maxRSS, nvcsw: t.acct.nvcsw, nivcsw: t.acct.nivcsw}
}

// reapUsage adds the usage of the reaped child c and of its own reaped
// descendants to p's children's totals (wait_task_zombie).
func (p *Process) reapUsage(c *Process) {
	r := c.usage(rusageBoth, nil)
	p.cacct.add(cpuAcct{utime: r.utime, stime: r.stime, nvcsw: r.nvcsw, nivcsw: r.nivcsw})
	p.cmaxRSS = max(p.cmaxRSS, r.maxRSS)
	p.cminflt += r.minflt
}

// encode lays r out as the 64-bit Alpha struct rusage: two timevals
// (ru_utime, ru_stime), then fourteen longs from ru_maxrss (KiB) to
// ru_nivcsw.
func (r rusage) encode() []byte {
	b := le(make([]byte, rusageSize))
	putTimevalDown(b, 0, r.utime)
	putTimevalDown(b, 16, r.stime)
	b.u64(32, r.maxRSS/1024)
	b.u64(64, r.minflt)
	b.u64(128, r.nvcsw)
	b.u64(136, r.nivcsw)
	return b
}

// putTimevalDown lays d out as a struct timeval, truncated to whole
// microseconds as getrusage does.
func putTimevalDown(b le, off int, d time.Duration) {
	b.u64(off, uint64(d/time.Second))
	b.u64(off+8, uint64(d%time.Second/time.Microsecond))
}

// clockTicks converts d to clock ticks (USER_HZ), rounding down, without
// overflowing for long durations.
func clockTicks(d time.Duration) uint64 {
	if d < 0 {
		return 0
	}
	return uint64(d/time.Second)*userHZ + uint64(d%time.Second)*userHZ/uint64(time.Second)
}
