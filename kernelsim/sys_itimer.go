package kernelsim

import (
	"time"

	"github.com/axpsec/axpsec/abi"
)

// Interval timers.
const (
	itimerReal    = 0
	itimerVirtual = 1
	itimerProf    = 2
)

// maxTimevalSec caps the seconds of a timeval read from the guest (about
// 36 years): sums of such durations (a CPU timer's expiry plus its
// interval) cannot overflow, as Linux saturates at KTIME_MAX.
const maxTimevalSec = int64(1 << 60 / time.Second)

// readTimeval reads a struct timeval (two 64-bit longs); valid is false
// for a negative value or microseconds out of range. Seconds beyond
// maxTimevalSec count as maxTimevalSec.
func readTimeval(t *Thread, addr uint64) (d time.Duration, ok, valid bool) {
	b, ok := t.readBytes(addr, 16)
	if !ok {
		return 0, false, false
	}
	sec, usec := int64(le(b).get64(0)), int64(le(b).get64(8))
	if sec < 0 || usec < 0 || usec >= 1e6 {
		return 0, true, false
	}
	sec = min(sec, maxTimevalSec)
	return time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond, true, true
}

// timevalBytes lays d out as a struct timeval, rounding up to whole
// microseconds as the kernel does for a pending timer.
func timevalBytes(b le, off int, d time.Duration) {
	us := (d + time.Microsecond - 1) / time.Microsecond
	b.u64(off, uint64(us/1e6))
	b.u64(off+8, uint64(us%1e6))
}

// itimerNow returns ITIMER_REAL's interval and remaining time.
func (p *Process) itimerNow() (intv, left time.Duration) {
	if p.itimer == nil {
		return p.itimerIntv, 0
	}
	return p.itimerIntv, max(time.Until(p.itimerDue), time.Microsecond)
}

// armITimer (re)starts ITIMER_REAL to fire after d (0 disarms it).
func (k *Kernel) armITimer(p *Process, d, intv time.Duration) {
	k.stopITimer(p)
	p.itimerIntv = intv
	if d == 0 {
		return
	}
	p.itimerDue = time.Now().Add(d)
	var tm *time.Timer
	tm = time.AfterFunc(d, func() {
		k.big.Lock()
		defer k.big.Unlock()
		if p.itimer != tm || p.exited {
			return
		}
		p.itimer = nil
		p.signalProcess(sigInfo{signo: abi.SIGALRM, code: siKernel, kind: siKill})
		if p.itimerIntv > 0 && !p.exited {
			k.armITimer(p, p.itimerIntv, p.itimerIntv)
		}
	})
	p.itimer = tm
}

// stopITimer disarms ITIMER_REAL.
func (k *Kernel) stopITimer(p *Process) {
	if p.itimer != nil {
		p.itimer.Stop()
		p.itimer = nil
	}
}

// cpuTimer is ITIMER_VIRTUAL or ITIMER_PROF: it expires when the process's
// user time (VIRTUAL) or user plus system time (PROF) reaches expires (0 =
// disarmed), and is then rearmed incr later (0 = not rearmed).
type cpuTimer struct{ expires, incr time.Duration }

// cpuTimerSignal is the signal each CPU timer sends, indexed by which-1.
var cpuTimerSignal = [2]abi.Signal{abi.SIGVTALRM, abi.SIGPROF}

// cpuClock returns the process CPU clock that timer which counts: its
// sampled user time, or user plus system time.
func (p *Process) cpuClock(which int) time.Duration {
	u, s := p.sampledCPU()
	if which == itimerVirtual {
		return u
	}
	return u + s
}

// armCPUTimer (re)starts ITIMER_VIRTUAL or ITIMER_PROF to expire after the
// process has used val more of its clock (0 disarms it).
func (p *Process) armCPUTimer(which int, val, intv time.Duration) {
	it := &p.cpuTimers[which-1]
	*it = cpuTimer{incr: intv}
	if val > 0 {
		it.expires = p.cpuClock(which) + val
	}
	p.cpuTimersArmed = p.cpuTimers[0].expires != 0 || p.cpuTimers[1].expires != 0
}

// cpuTimerNow returns a CPU timer's interval and remaining time (a timer
// due but not yet fired reports 1µs left, as ITIMER_REAL does).
func (p *Process) cpuTimerNow(which int) (intv, left time.Duration) {
	it := p.cpuTimers[which-1]
	if it.expires == 0 {
		return it.incr, 0
	}
	return it.incr, max(it.expires-p.cpuClock(which), time.Microsecond)
}

// expireCPUTimers sends the signals of the CPU timers whose clock, as
// charged so far, reached their expiry, and rearms or disarms
// them (check_cpu_itimer: one expiry per check).
func (p *Process) expireCPUTimers() {
	clocks := [2]time.Duration{p.acct.utime, p.acct.utime + p.acct.stime}
	for i := range p.cpuTimers {
		it := &p.cpuTimers[i]
		if it.expires == 0 || clocks[i] < it.expires {
			continue
		}
		if it.incr > 0 {
			it.expires += it.incr
		} else {
			it.expires = 0
		}
		p.signalProcess(sigInfo{signo: cpuTimerSignal[i], code: siKernel, kind: siKill})
	}
	p.cpuTimersArmed = p.cpuTimers[0].expires != 0 || p.cpuTimers[1].expires != 0
}

// sysSetitimer is setitimer(which, new, old) with 64-bit timevals.
func sysSetitimer(t *Thread, a [6]uint64) int64 {
	which := a[0]
	if which > itimerProf {
		return errno(abi.EINVAL)
	}
	var intv, val time.Duration
	if a[1] != 0 {
		var ok, valid bool
		if intv, ok, valid = readTimeval(t, a[1]); ok && valid {
			val, ok, valid = readTimeval(t, a[1]+16)
		}
		if !ok {
			return errno(abi.EFAULT)
		}
		if !valid {
			return errno(abi.EINVAL)
		}
	}
	if a[2] != 0 {
		if r := sysGetitimer(t, [6]uint64{which, a[2]}); r != 0 {
			return r
		}
	}
	if which == itimerReal {
		t.k.armITimer(t.proc, val, intv)
	} else {
		t.proc.armCPUTimer(int(which), val, intv)
	}
	return 0
}

// sysGetitimer is getitimer(which, value).
func sysGetitimer(t *Thread, a [6]uint64) int64 {
	if a[0] > itimerProf {
		return errno(abi.EINVAL)
	}
	b := le(make([]byte, 32))
	intv, left := t.proc.itimerNow()
	if a[0] != itimerReal {
		intv, left = t.proc.cpuTimerNow(int(a[0]))
	}
	timevalBytes(b, 0, intv)
	timevalBytes(b, 16, left)
	if t.proc.mem.WriteAt(b, a[1]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}
