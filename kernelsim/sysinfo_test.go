package kernelsim

import (
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// TestIEEEControl checks osf_getsysinfo(GSI_IEEE_FP_CONTROL) and
// osf_setsysinfo(SSI_IEEE_FP_CONTROL) as glibc's fenv uses them.
func TestIEEEControl(t *testing.T) {
	th := newTestThread(t, Config{})
	c := th.cpu
	c.FPCR = 0x680e800000000000&^(3<<58) | 1<<58 // round toward -inf (DYN = 01)
	if _, r19 := th.call(abi.SYS_OSF_GETSYSINFO, osfGSIIEEEFPControl, ioBuf); r19 != 0 {
		t.Fatal("GSI_IEEE_FP_CONTROL failed")
	}
	if v := le(th.getBytes(t, ioBuf, 8)).get64(0); v != 0 {
		t.Errorf("initial control word = %#x", v)
	}
	// Enable INV traps and set the DZE status bit.
	th.putBytes(t, ioBuf, le(make([]byte, 8)))
	w := le(make([]byte, 8))
	w.u64(0, ieeeEnableINVForTest|1<<18)
	th.putBytes(t, ioBuf, w)
	th.call(abi.SYS_OSF_SETSYSINFO, osfSSIIEEEFPControl, ioBuf)
	if c.FPCR&(3<<58) != 1<<58 {
		t.Errorf("rounding mode lost: FPCR %#x", c.FPCR)
	}
	if c.FPCR&(1<<49) != 0 || c.FPCR&(1<<53) == 0 {
		t.Errorf("FPCR %#x: want INVD clear and DZE status set", c.FPCR)
	}
	th.call(abi.SYS_OSF_GETSYSINFO, osfGSIIEEEFPControl, ioBuf+8)
	if v := le(th.getBytes(t, ioBuf+8, 8)).get64(0); v != ieeeEnableINVForTest|1<<18 {
		t.Errorf("control word read back %#x", v)
	}
	for _, tc := range []struct {
		nr      uint64
		args    []uint64
		r0, r19 uint64
	}{
		{abi.SYS_OSF_GETSYSINFO, []uint64{osfGSIIEEEFPControl, 0x7000}, e(abi.EFAULT), 1},
		{abi.SYS_OSF_GETSYSINFO, []uint64{9999, ioBuf}, e(abi.EOPNOTSUPP), 1},
		{abi.SYS_OSF_SETSYSINFO, []uint64{9999, ioBuf}, e(abi.EOPNOTSUPP), 1},
	} {
		if r0, r19 := th.call(tc.nr, tc.args...); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("%d%v = %d, %d", tc.nr, tc.args, r0, r19)
		}
	}
}

// ieeeEnableINVForTest is IEEE_TRAP_ENABLE_INV (asm/fpu.h).
const ieeeEnableINVForTest = 1 << 1

// TestIdentityAndLimits covers the small informational syscalls.
func TestIdentityAndLimits(t *testing.T) {
	th := newTestThread(t, Config{})
	steps := []struct {
		name    string
		nr      uint64
		args    []uint64
		r0, r19 uint64
		check   func(t *testing.T)
	}{
		{name: "set_tid_address", nr: abi.SYS_SET_TID_ADDRESS, args: []uint64{ioBuf}, r0: 1001},
		{name: "set_robust_list", nr: abi.SYS_SET_ROBUST_LIST, args: []uint64{ioBuf, 24}, r0: 0},
		{name: "set_robust_list bad len", nr: abi.SYS_SET_ROBUST_LIST, args: []uint64{ioBuf, 16}, r0: e(abi.EINVAL), r19: 1},
		{name: "prlimit64 stack", nr: abi.SYS_PRLIMIT64, args: []uint64{0, rlimitStack, 0, ioBuf}, check: func(t *testing.T) {
			if l := le(th.getBytes(t, ioBuf, 16)); l.get64(0) != 8<<20 || l.get64(8) != rlimInfinity {
				t.Errorf("RLIMIT_STACK = %#x/%#x", l.get64(0), l.get64(8))
			}
		}},
		{name: "getrlimit nofile", nr: abi.SYS_GETRLIMIT, args: []uint64{rlimitNofile, ioBuf}, check: func(t *testing.T) {
			if l := le(th.getBytes(t, ioBuf, 16)); l.get64(0) != maxFDs {
				t.Errorf("RLIMIT_NOFILE = %d", l.get64(0))
			}
		}},
		{name: "getrlimit bad", nr: abi.SYS_GETRLIMIT, args: []uint64{99, ioBuf}, r0: e(abi.EINVAL), r19: 1},
		{name: "prlimit64 other pid", nr: abi.SYS_PRLIMIT64, args: []uint64{4242, 3, 0, ioBuf}, r0: e(abi.ESRCH), r19: 1},
		{name: "uname", nr: abi.SYS_UNAME, args: []uint64{ioBuf}, check: func(t *testing.T) {
			b := th.getBytes(t, ioBuf, 6*65)
			if string(b[:6]) != "Linux\x00" || string(b[4*65:4*65+6]) != "alpha\x00" {
				t.Errorf("uname: %q / %q", b[:6], b[4*65:4*65+6])
			}
		}},
		{name: "getrandom", nr: abi.SYS_GETRANDOM, args: []uint64{ioBuf, 16, grndNonblock}, r0: 16},
		{name: "getrandom bad flags", nr: abi.SYS_GETRANDOM, args: []uint64{ioBuf, 16, 0x100}, r0: e(abi.EINVAL), r19: 1},
		{name: "clock_gettime bad clock", nr: abi.SYS_CLOCK_GETTIME, args: []uint64{99, ioBuf}, r0: e(abi.EINVAL), r19: 1},
		{name: "clock_gettime coarse", nr: abi.SYS_CLOCK_GETTIME, args: []uint64{clockRealtimeCoarse, ioBuf}, check: func(t *testing.T) {
			if s := le(th.getBytes(t, ioBuf, 16)).get64(0); s < 1700000000 {
				t.Errorf("CLOCK_REALTIME_COARSE sec = %d", s)
			}
		}},
		{name: "nanosleep", nr: abi.SYS_NANOSLEEP, args: []uint64{ioBuf + 0x800, 0}},
		{name: "times", nr: abi.SYS_TIMES, args: []uint64{0}},
		{name: "sysinfo", nr: abi.SYS_SYSINFO, args: []uint64{ioBuf}, check: func(t *testing.T) {
			if l := le(th.getBytes(t, ioBuf, 112)); l.get64(32) != DefaultMaxMem || l.get32(104) != 1 {
				t.Errorf("sysinfo totalram %d mem_unit %d", l.get64(32), l.get32(104))
			}
		}},
	}
	th.putBytes(t, ioBuf+0x800, le(make([]byte, 16))) // a zero timespec
	for _, s := range steps {
		r0, r19 := th.call(s.nr, s.args...)
		if s.check == nil && s.nr != abi.SYS_TIMES && (r0 != s.r0 || r19 != s.r19) {
			t.Errorf("%s = %d, %d; want %d, %d", s.name, r0, r19, s.r0, s.r19)
		}
		if s.check != nil {
			if r19 != 0 {
				t.Errorf("%s failed: %d", s.name, r0)
				continue
			}
			s.check(t)
		}
	}
}

func TestFutexSingleThread(t *testing.T) {
	th := newTestThread(t, Config{})
	th.putBytes(t, ioBuf, []byte{5, 0, 0, 0})
	ts := le(make([]byte, 16))
	ts.u64(8, 1000000) // 1 ms
	th.putBytes(t, ioBuf+16, ts)
	for _, tc := range []struct {
		name    string
		args    []uint64
		r0, r19 uint64
	}{
		{"wake", []uint64{ioBuf, futexWake | futexPrivateFlag, 1}, 0, 0},
		{"wait value changed", []uint64{ioBuf, futexWait | futexPrivateFlag, 4, 0}, e(abi.EAGAIN), 1},
		{"wait times out", []uint64{ioBuf, futexWait, 5, ioBuf + 16}, e(abi.ETIMEDOUT), 1},
		{"unaligned", []uint64{ioBuf + 1, futexWait, 5, 0}, e(abi.EINVAL), 1},
		{"fault", []uint64{0x7000, futexWait, 5, 0}, e(abi.EFAULT), 1},
		{"unknown op", []uint64{ioBuf, 99, 0}, e(abi.ENOSYS), 1},
	} {
		if r0, r19 := th.call(abi.SYS_FUTEX, tc.args...); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("%s: %d, %d; want %d, %d", tc.name, r0, r19, tc.r0, tc.r19)
		}
	}
}
