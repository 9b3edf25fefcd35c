package kernelsim

import (
	"math/bits"
	"time"
)

// CPU time accounting, as Linux does it with tick-based accounting. A
// thread's runtime (sum_exec_runtime) is the time it is on a CPU: from
// its start or a wake-up to its next sleep (block, waitKillable) or its
// end, measured with the monotonic clock at those points only. Its user
// and system time are sampled by the accounting tick (cputime_tick.go).
// The CPU clocks report runtimes; getrusage, times and wait4 report the
// runtime split in the ratio of the sampled user and system time
// (cputime_adjust); ITIMER_VIRTUAL and ITIMER_PROF count the samples.
// Everything is under the kernel lock.

// cpuAcct is the sampled CPU time and the context switches of a thread,
// of all the threads a process ever had, or of a process's reaped
// descendants (whose times are split runtimes).
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

// cpuSplit is a runtime split into user and system time, the last one
// reported (Linux's prev_cputime): reports never go backwards.
type cpuSplit struct{ utime, stime time.Duration }

// runStart puts a thread that starts running on the CPU.
func (t *Thread) runStart() {
	startTicks()
	t.onCPU = monoNow()
	t.lastTick = tickGen.Load()
}

// runEnd takes a thread that stops running off the CPU for good.
func (t *Thread) runEnd() {
	t.settleRuntime()
	t.onCPU = 0
	stopTicks()
}

// sleepStart takes the thread off the CPU for a sleep, a voluntary
// context switch: its runtime and ticks so far are settled.
func (t *Thread) sleepStart() {
	t.settleRuntime()
	t.sleeping = true
	t.acct.nvcsw++
	t.proc.acct.nvcsw++
}

// sleepEnd puts a running thread back on the CPU after a sleep; the ticks
// that went by while it slept are not its.
func (t *Thread) sleepEnd() {
	t.sleeping = false
	if t.onCPU != 0 {
		t.onCPU = monoNow()
		t.lastTick = tickGen.Load()
	}
}

// settleRuntime adds the time on the CPU since onCPU to the thread's and
// its process's runtime, and charges the ticks since the last boundary
// to system time.
func (t *Thread) settleRuntime() {
	if t.onCPU == 0 || t.sleeping {
		return
	}
	t.tickKernel()
	now := monoNow()
	d := now - t.onCPU
	t.onCPU = now
	t.runtime += d
	t.proc.runtime += d
}

// unsettled returns the runtime the thread has not settled at now (a
// monoNow timestamp): none while it sleeps or does not run.
func (t *Thread) unsettled(now time.Duration) time.Duration {
	if t.onCPU == 0 || t.sleeping {
		return 0
	}
	return max(now-t.onCPU, 0)
}

// threadRuntime is CLOCK_THREAD_CPUTIME_ID.
func (t *Thread) threadRuntime() time.Duration { return t.runtime + t.unsettled(monoNow()) }

// processRuntime is CLOCK_PROCESS_CPUTIME_ID: the runtime of every thread
// the process ever had.
func (p *Process) processRuntime() time.Duration {
	now := monoNow()
	r := p.runtime
	for _, o := range p.threads {
		r += o.unsettled(now)
	}
	return r
}

// sampledCPU returns the process's sampled user and system time,
// uncharged ticks of its running threads included.
func (p *Process) sampledCPU() (user, sys time.Duration) {
	user, sys = p.acct.utime, p.acct.stime
	for _, o := range p.threads {
		u, s := o.unchargedTicks()
		user += u
		sys += s
	}
	return user, sys
}

// adjust splits runtime rtime in the ratio of sampled times utime and
// stime, never reporting less than prev, which it updates (Linux's
// cputime_adjust).
func (prev *cpuSplit) adjust(rtime, utime, stime time.Duration) (time.Duration, time.Duration) {
	if prev.utime+prev.stime >= rtime {
		return prev.utime, prev.stime
	}
	switch {
	case stime <= 0:
		stime = 0
	case utime <= 0:
		stime = rtime
	default:
		hi, lo := bits.Mul64(uint64(stime), uint64(rtime))
		q, _ := bits.Div64(hi, lo, uint64(stime)+uint64(utime))
		stime = min(time.Duration(q), rtime)
	}
	stime = max(stime, prev.stime)
	utime = rtime - stime
	if utime < prev.utime {
		utime = prev.utime
		stime = rtime - utime
	}
	*prev = cpuSplit{utime, stime}
	return utime, stime
}

// cpuTimes returns the process's user and system time (RUSAGE_SELF, times).
func (p *Process) cpuTimes() (user, sys time.Duration) {
	return p.split.adjust(p.processRuntime(), p.acct.utime, p.acct.stime)
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

// usage returns p's resource usage for who.
func (p *Process) usage(who int) rusage {
	var r rusage
	if who != rusageChildren {
		p.noteRSS()
		r.utime, r.stime = p.cpuTimes()
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
	u, s := t.split.adjust(t.threadRuntime(), t.acct.utime, t.acct.stime)
	return rusage{utime: u, stime: s, maxRSS: p.maxRSS, nvcsw: t.acct.nvcsw, nivcsw: t.acct.nivcsw}
}

// reapUsage adds the usage of the reaped child c and of its own reaped
// descendants to p's children's totals (wait_task_zombie).
func (p *Process) reapUsage(c *Process) {
	r := c.usage(rusageBoth)
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
