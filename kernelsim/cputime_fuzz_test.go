package kernelsim

import (
	"encoding/binary"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// FuzzItimer feeds setitimer arbitrary timer numbers and struct itimerval
// contents and checks the result against a model: EINVAL for a bad timer
// or timeval, else getitimer reports the interval as set (seconds capped
// at maxTimevalSec) and, for the CPU timers of a thread that runs no
// instructions, the value as set; ITIMER_REAL's value is at most the one
// set or, once it fired, its interval.
func FuzzItimer(f *testing.F) {
	f.Add(uint8(1), int64(0), int64(250000), int64(1), int64(0))
	f.Add(uint8(2), int64(1), int64(0), int64(0), int64(0))
	f.Add(uint8(0), int64(0), int64(0), int64(0), int64(1))
	f.Add(uint8(1), int64(-1), int64(0), int64(1), int64(0))
	f.Add(uint8(2), int64(0), int64(1e6), int64(1), int64(0))
	f.Add(uint8(2), int64(1<<62), int64(0), int64(1<<62), int64(999999))
	f.Add(uint8(3), int64(0), int64(0), int64(1), int64(0))
	f.Fuzz(func(t *testing.T, which uint8, isec, iusec, vsec, vusec int64) {
		th := newTestThread(t, Config{})
		b := le(make([]byte, 32))
		for i, v := range []int64{isec, iusec, vsec, vusec} {
			b.u64(8*i, uint64(v))
		}
		if err := th.proc.mem.WriteAt(b, testData+64); err != nil {
			t.Fatal(err)
		}
		r, e := th.call(sysnr(t, "setitimer"), uint64(which), testData+64, 0)
		valid := isec >= 0 && vsec >= 0 && iusec >= 0 && vusec >= 0 && iusec < 1e6 && vusec < 1e6
		if which > itimerProf || !valid {
			if e == 0 || abi.Errno(r) != abi.EINVAL {
				t.Fatalf("setitimer(%d, %v) = %d (error %d), want EINVAL", which, []int64{isec, iusec, vsec, vusec}, r, e)
			}
			return
		}
		if e != 0 {
			t.Fatalf("setitimer(%d, %v) failed: %d", which, []int64{isec, iusec, vsec, vusec}, r)
		}
		capped := func(sec, usec int64) uint64 {
			return uint64(min(sec, maxTimevalSec))*1e6 + uint64(usec)
		}
		got := th.callRead(t, 32, "getitimer", uint64(which), testData)
		us := func(off int) uint64 {
			sec, usec := binary.LittleEndian.Uint64(got[off:]), binary.LittleEndian.Uint64(got[off+8:])
			if usec >= 1e6 {
				t.Fatalf("getitimer reports %d microseconds", usec)
			}
			return sec*1e6 + usec
		}
		wi := capped(isec, iusec)
		if gi := us(0); gi != wi {
			t.Errorf("interval %d us, want %d", gi, wi)
		}
		gv, wv := us(16), capped(vsec, vusec)
		switch {
		case wv == 0 && gv != 0:
			t.Errorf("disarmed timer reports %d us", gv)
		case which == itimerReal && gv > max(wv, wi):
			// It may have fired already and been reloaded.
			t.Errorf("ITIMER_REAL value %d us, more than the %d set and the interval %d", gv, wv, wi)
		case which != itimerReal && gv != wv:
			t.Errorf("CPU timer value %d us, want %d", gv, wv)
		}
		th.k.big.Lock()
		th.k.stopITimer(th.proc)
		th.k.big.Unlock()
	})
}
