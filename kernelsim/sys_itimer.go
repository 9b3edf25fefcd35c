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

// readTimeval reads a struct timeval (two 64-bit longs); valid is false
// for a negative value or microseconds out of range.
func readTimeval(t *Thread, addr uint64) (d time.Duration, ok, valid bool) {
	b, ok := t.readBytes(addr, 16)
	if !ok {
		return 0, false, false
	}
	sec, usec := int64(le(b).get64(0)), int64(le(b).get64(8))
	if sec < 0 || usec < 0 || usec >= 1e6 {
		return 0, true, false
	}
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

// sysSetitimer is setitimer(which, new, old) with 64-bit timevals. Only
// ITIMER_REAL fires; ITIMER_VIRTUAL and ITIMER_PROF are accepted and report
// themselves disarmed.
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
	}
	return 0
}

// sysGetitimer is getitimer(which, value).
func sysGetitimer(t *Thread, a [6]uint64) int64 {
	if a[0] > itimerProf {
		return errno(abi.EINVAL)
	}
	b := le(make([]byte, 32))
	if a[0] == itimerReal {
		intv, left := t.proc.itimerNow()
		timevalBytes(b, 0, intv)
		timevalBytes(b, 16, left)
	}
	if t.proc.mem.WriteAt(b, a[1]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}
