package kernelsim

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// Guest addresses the seccomp tests use for sock_fprog and the program.
const (
	fprogAddr  = testData
	filterAddr = testData + 0x100
	scratch    = testData + 0x8000
)

// Syscall numbers the tests filter on.
const (
	nrGetppid = abi.SYS_GETPPID
	nrGetxpid = 20
)

var ppid = uint64(os.Getpid())

// asmFilter assembles x/net/bpf instructions.
func asmFilter(t testing.TB, insns ...bpf.Instruction) []bpf.RawInstruction {
	t.Helper()
	raw, err := bpf.Assemble(insns)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// onNr returns a filter answering ret for syscall nr and other otherwise.
func onNr(t testing.TB, nr uint32, ret, other uint32) []bpf.RawInstruction {
	return asmFilter(t,
		bpf.LoadAbsolute{Off: 0, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nr, SkipFalse: 1},
		bpf.RetConstant{Val: ret},
		bpf.RetConstant{Val: other},
	)
}

// putFilter writes raw as a sock_filter array and a sock_fprog pointing at it.
func (th *Thread) putFilter(t testing.TB, raw []bpf.RawInstruction) {
	t.Helper()
	th.putBytes(t, filterAddr, bpfvm.EncodeRaw(raw))
	fp := le(make([]byte, sockFprogSize))
	fp.u16(0, uint16(len(raw)))
	fp.u64(8, filterAddr)
	th.putBytes(t, fprogAddr, fp)
}

// install sets no_new_privs and installs raw with seccomp(SET_MODE_FILTER, flags).
func (th *Thread) install(t testing.TB, raw []bpf.RawInstruction, flags uint64) {
	t.Helper()
	if r0, r19 := th.call(abi.SYS_PRCTL, abi.PR_SET_NO_NEW_PRIVS, 1); r0 != 0 || r19 != 0 {
		t.Fatalf("PR_SET_NO_NEW_PRIVS = %d, %d", r0, r19)
	}
	th.putFilter(t, raw)
	if r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeFilter, flags, fprogAddr); r0 != 0 || r19 != 0 {
		t.Fatalf("seccomp(SET_MODE_FILTER) = %d, %d", r0, r19)
	}
}

// TestSeccompInstallErrors checks seccomp(2) and prctl's errors in the
// kernel's order of checks (kernel-abi.md §3.1, §3.9, tricky point 15).
func TestSeccompInstallErrors(t *testing.T) {
	allow := asmFilter(t, bpf.RetConstant{Val: abi.SeccompRetAllow})
	halfLoad := []bpf.RawInstruction{{Op: 0x28, K: 0}, {Op: 0x06, K: abi.SeccompRetAllow}}
	unaligned := []bpf.RawInstruction{{Op: 0x20, K: 2}, {Op: 0x06, K: abi.SeccompRetAllow}}
	type setup struct {
		nnp, capAdmin bool
		raw           []bpf.RawInstruction
		len           int    // sock_fprog.len override (0: len(raw))
		ptr           uint64 // sock_fprog.filter override (0: filterAddr)
	}
	tests := []struct {
		name   string
		s      setup
		nr     uint64
		args   []uint64
		want   uint64 // r0
		errFlg uint64 // r19
	}{
		{"unknown flag before anything", setup{}, abi.SYS_SECCOMP, []uint64{1, 1 << 6, 0}, e(abi.EINVAL), 1},
		{"TSYNC+NEW_LISTENER without TSYNC_ESRCH", setup{nnp: true, raw: allow}, abi.SYS_SECCOMP, []uint64{1, 1 | 8, fprogAddr}, e(abi.EINVAL), 1},
		{"WAIT_KILLABLE_RECV without NEW_LISTENER", setup{nnp: true, raw: allow}, abi.SYS_SECCOMP, []uint64{1, 32, fprogAddr}, e(abi.EINVAL), 1},
		{"sock_fprog unreadable", setup{nnp: true}, abi.SYS_SECCOMP, []uint64{1, 0, 0x5000}, e(abi.EFAULT), 1},
		{"len 0 is EINVAL before EACCES", setup{raw: allow, len: -1}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, e(abi.EINVAL), 1},
		{"len 4097 is EINVAL before EACCES", setup{raw: allow, len: 4097}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, e(abi.EINVAL), 1},
		{"no NNP, no CAP_SYS_ADMIN", setup{raw: allow}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, e(abi.EACCES), 1},
		{"prctl: no NNP", setup{raw: allow}, abi.SYS_PRCTL, []uint64{abi.PR_SET_SECCOMP, 2, fprogAddr}, e(abi.EACCES), 1},
		{"CAP_SYS_ADMIN without NNP", setup{capAdmin: true, raw: allow}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, 0, 0},
		{"NULL filter pointer", setup{nnp: true, raw: allow, ptr: 1}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, e(abi.EINVAL), 1},
		{"unreadable instructions", setup{nnp: true, raw: allow, ptr: 0x5000}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, e(abi.EFAULT), 1},
		{"LD|H|ABS rejected", setup{nnp: true, raw: halfLoad}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, e(abi.EINVAL), 1},
		{"unaligned LD|W|ABS rejected", setup{nnp: true, raw: unaligned}, abi.SYS_SECCOMP, []uint64{1, 0, fprogAddr}, e(abi.EINVAL), 1},
		{"every valid flag but the listener", setup{nnp: true, raw: allow}, abi.SYS_SECCOMP, []uint64{1, 1 | 2 | 4 | 16, fprogAddr}, 0, 0},
		{"flags are 32-bit", setup{nnp: true, raw: allow}, abi.SYS_SECCOMP, []uint64{1, 1 << 32, fprogAddr}, 0, 0},
		{"prctl filter", setup{nnp: true, raw: allow}, abi.SYS_PRCTL, []uint64{abi.PR_SET_SECCOMP, 2, fprogAddr}, 0, 0},
		{"prctl unknown mode", setup{}, abi.SYS_PRCTL, []uint64{abi.PR_SET_SECCOMP, 3, 0}, e(abi.EINVAL), 1},
		{"strict with flags", setup{}, abi.SYS_SECCOMP, []uint64{0, 1, 0}, e(abi.EINVAL), 1},
		{"strict with uargs", setup{}, abi.SYS_SECCOMP, []uint64{0, 0, 8}, e(abi.EINVAL), 1},
		{"unknown op", setup{}, abi.SYS_SECCOMP, []uint64{4, 0, 0}, e(abi.EINVAL), 1},
		{"NNP with arg2 != 1", setup{}, abi.SYS_PRCTL, []uint64{abi.PR_SET_NO_NEW_PRIVS, 2}, e(abi.EINVAL), 1},
		{"NNP with arg3", setup{}, abi.SYS_PRCTL, []uint64{abi.PR_SET_NO_NEW_PRIVS, 1, 1}, e(abi.EINVAL), 1},
		{"GET_NNP with args", setup{}, abi.SYS_PRCTL, []uint64{abi.PR_GET_NO_NEW_PRIVS, 1}, e(abi.EINVAL), 1},
		{"GET_NNP set", setup{nnp: true}, abi.SYS_PRCTL, []uint64{abi.PR_GET_NO_NEW_PRIVS}, 1, 0},
		{"GET_NNP clear", setup{}, abi.SYS_PRCTL, []uint64{abi.PR_GET_NO_NEW_PRIVS}, 0, 0},
		{"GET_SECCOMP disabled", setup{}, abi.SYS_PRCTL, []uint64{abi.PR_GET_SECCOMP}, 0, 0},
		{"unknown prctl option", setup{}, abi.SYS_PRCTL, []uint64{0x7fff}, e(abi.EINVAL), 1},
		{"ACTION_AVAIL flags", setup{}, abi.SYS_SECCOMP, []uint64{2, 1, scratch}, e(abi.EINVAL), 1},
		{"ACTION_AVAIL unreadable", setup{}, abi.SYS_SECCOMP, []uint64{2, 0, 0x5000}, e(abi.EFAULT), 1},
		{"NOTIF_SIZES flags", setup{}, abi.SYS_SECCOMP, []uint64{3, 1, scratch}, e(abi.EINVAL), 1},
		{"NOTIF_SIZES unwritable", setup{}, abi.SYS_SECCOMP, []uint64{3, 0, testCode}, e(abi.EFAULT), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.k.ConfigureSeccomp(SeccompConfig{CapSysAdmin: tc.s.capAdmin})
			th.sec.nnp = tc.s.nnp
			if tc.s.raw != nil {
				th.putFilter(t, tc.s.raw)
				fp := le(th.getBytes(t, fprogAddr, sockFprogSize))
				switch {
				case tc.s.len == -1:
					fp.u16(0, 0)
				case tc.s.len != 0:
					fp.u16(0, uint16(tc.s.len))
				}
				switch tc.s.ptr {
				case 1:
					fp.u64(8, 0)
				case 0:
				default:
					fp.u64(8, tc.s.ptr)
				}
				th.putBytes(t, fprogAddr, fp)
			}
			r0, r19 := th.call(tc.nr, tc.args...)
			if r0 != tc.want || r19 != tc.errFlg {
				t.Fatalf("got r0=%d r19=%d, want r0=%d r19=%d", r0, r19, tc.want, tc.errFlg)
			}
			wantMode := uint64(modeDisabled)
			if tc.want == 0 && tc.s.raw != nil {
				wantMode = uint64(modeFilter)
			}
			if r0, _ := th.call(abi.SYS_PRCTL, abi.PR_GET_SECCOMP); r0 != wantMode {
				t.Errorf("PR_GET_SECCOMP = %d, want %d", r0, wantMode)
			}
		})
	}
}

// TestSeccompModeTransitions: strict cannot follow filter, filter cannot
// follow strict, and the path-length limit gives ENOMEM.
func TestSeccompModeTransitions(t *testing.T) {
	th := newTestThread(t, Config{})
	th.install(t, asmFilter(t, bpf.RetConstant{Val: abi.SeccompRetAllow}), 0)
	if r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeStrict, 0, 0); r0 != e(abi.EINVAL) || r19 != 1 {
		t.Errorf("strict after filter: %d, %d", r0, r19)
	}

	th = newTestThread(t, Config{})
	th.sec.nnp = true
	th.sec.mode = modeStrict
	th.putFilter(t, asmFilter(t, bpf.RetConstant{Val: abi.SeccompRetAllow}))
	if r := th.setModeFilter(0, fprogAddr); r != errno(abi.EINVAL) {
		t.Errorf("filter after strict: %d", r)
	}

	th = newTestThread(t, Config{})
	big := make([]bpf.RawInstruction, bpfMaxInsns)
	for i := range big {
		big[i] = bpf.RawInstruction{Op: 0x06, K: abi.SeccompRetAllow}
	}
	th.sec.nnp = true
	th.putFilter(t, big)
	// Install until the path limit refuses (bpfvm computes the kernel's
	// per-filter cost); the refusal is ENOMEM and leaves the chain alone.
	n := 0
	for ; n < 40; n++ {
		r0, r19 := th.call(abi.SYS_SECCOMP, 1, 0, fprogAddr)
		if r19 != 0 {
			if r0 != e(abi.ENOMEM) {
				t.Fatalf("filter %d: errno %d, want ENOMEM", n+1, r0)
			}
			break
		}
	}
	if n == 0 || n == 40 || th.sec.chain.Len() != n {
		t.Fatalf("%d filters installed, chain has %d", n, th.sec.chain.Len())
	}
	prog, err := bpfvm.Load(big)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := th.sec.chain.Attach(prog); err == nil {
		t.Fatal("bpfvm accepts the filter the kernel refused")
	}
}

// TestSeccompQueries checks GET_ACTION_AVAIL and GET_NOTIF_SIZES.
func TestSeccompQueries(t *testing.T) {
	th := newTestThread(t, Config{})
	for _, tc := range []struct {
		action uint32
		want   uint64
	}{
		{abi.SeccompRetKillProcess, 0}, {abi.SeccompRetKillThread, 0}, {abi.SeccompRetTrap, 0},
		{abi.SeccompRetErrno, 0}, {abi.SeccompRetUserNotif, 0}, {abi.SeccompRetTrace, 0},
		{abi.SeccompRetLog, 0}, {abi.SeccompRetAllow, 0},
		{abi.SeccompRetErrno | 5, e(abi.EOPNOTSUPP)}, {0x00010000, e(abi.EOPNOTSUPP)},
		{abi.SeccompRetAllow | 1, e(abi.EOPNOTSUPP)},
	} {
		b := le(make([]byte, 4))
		b.u32(0, tc.action)
		th.putBytes(t, scratch, b)
		if r0, _ := th.call(abi.SYS_SECCOMP, abi.SeccompGetActionAvail, 0, scratch); r0 != tc.want {
			t.Errorf("ACTION_AVAIL(%#x) = %d, want %d", tc.action, r0, tc.want)
		}
	}
	if r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompGetNotifSizes, 0, scratch); r0 != 0 || r19 != 0 {
		t.Fatalf("NOTIF_SIZES = %d, %d", r0, r19)
	}
	if got := th.getBytes(t, scratch, 6); !bytes.Equal(got, []byte{80, 0, 24, 0, 64, 0}) {
		t.Errorf("notif sizes = %v, want 80, 24, 64", got)
	}
}

// TestSeccompActions checks each action's effect on the registers, the
// signal queue and the process (kernel-abi.md §3.5; tricky points 5, 6, 9,
// 16, 17, 18).
func TestSeccompActions(t *testing.T) {
	const a3 = 7
	tests := []struct {
		name    string
		ret     uint32
		r0, r19 uint64
		r1      uint64
		exit    *Exit
	}{
		{"ALLOW", abi.SeccompRetAllow, ppid, 0, nrGetppid, nil},
		{"LOG", abi.SeccompRetLog, ppid, 0, nrGetppid, nil},
		{"ERRNO(1)", abi.SeccompRetErrno | 1, 1, 1, skipNr, nil},
		{"ERRNO(0) is success with 0", abi.SeccompRetErrno, 0, 0, skipNr, nil},
		{"ERRNO(4095)", abi.SeccompRetErrno | 4095, 4095, 1, skipNr, nil},
		{"ERRNO(4096) clamps", abi.SeccompRetErrno | 4096, 4095, 1, skipNr, nil},
		{"ERRNO(65535) clamps", abi.SeccompRetErrno | 0xffff, 4095, 1, skipNr, nil},
		{"ERRNO(ERESTARTNOINTR) with no signal pending is an error", abi.SeccompRetErrno | uint32(abi.ERESTARTNOINTR), uint64(abi.ERESTARTNOINTR), 1, skipNr, nil},
		{"ERRNO(ERESTARTSYS) with no signal pending is an error", abi.SeccompRetErrno | uint32(abi.ERESTARTSYS), uint64(abi.ERESTARTSYS), 1, skipNr, nil},
		{"TRACE without tracer is ENOSYS", abi.SeccompRetTrace | 3, e(abi.ENOSYS), 1, skipNr, nil},
		{"USER_NOTIF without listener is ENOSYS", abi.SeccompRetUserNotif, e(abi.ENOSYS), 1, skipNr, nil},
		{"TRAP, default SIGSYS: core", abi.SeccompRetTrap | 9, nrGetppid, a3, skipNr, &Exit{Signal: abi.SIGSYS, Core: true}},
		{"KILL_THREAD of the last thread", abi.SeccompRetKillThread, 0, 0, 0, &Exit{Signal: abi.SIGSYS, Core: true}},
		{"KILL_PROCESS", abi.SeccompRetKillProcess, 0, 0, 0, &Exit{Signal: abi.SIGSYS, Core: true}},
		{"unknown action kills the process", 0x00010000, 0, 0, 0, &Exit{Signal: abi.SIGSYS, Core: true}},
		{"unknown action above ALLOW kills too", 0x7ffe0000, 0, 0, 0, &Exit{Signal: abi.SIGSYS, Core: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.install(t, onNr(t, nrGetppid, tc.ret, abi.SeccompRetAllow), 0)
			th.cpu.R[19] = a3
			r0, r19 := th.call(nrGetppid, 1, 2, 3, a3)
			if tc.exit != nil {
				if !th.proc.exited || th.proc.exit != *tc.exit {
					t.Fatalf("exit = %v (exited %v), want %v", th.proc.exit, th.proc.exited, *tc.exit)
				}
				return
			}
			if th.proc.exited {
				t.Fatalf("process exited: %v", th.proc.exit)
			}
			if r0 != tc.r0 || r19 != tc.r19 || th.cpu.R[1] != tc.r1 || th.cpu.R[2] != nrGetppid {
				t.Errorf("r0=%d r19=%d r1=%#x r2=%d; want r0=%d r19=%d r1=%#x r2=%d",
					r0, r19, th.cpu.R[1], th.cpu.R[2], tc.r0, tc.r19, tc.r1, nrGetppid)
			}
		})
	}
}

// TestSeccompTrapSiginfo checks the forced SIGSYS of RET_TRAP: the siginfo,
// the rollback, the skip leaving r0 = original nr and r19 = original a3, and
// that a blocked or ignored SIGSYS cannot stop it (tricky points 8, 9, 19).
func TestSeccompTrapSiginfo(t *testing.T) {
	th := newTestThread(t, Config{})
	th.install(t, onNr(t, nrGetppid, abi.SeccompRetTrap|0x1234, abi.SeccompRetAllow), 0)
	c := th.cpu
	c.R[0], c.R[16], c.R[19] = nrGetppid, 11, 0
	c.PC = testCode + 4
	th.syscall()
	if c.R[0] != nrGetppid || c.R[19] != 0 || c.R[1] != skipNr || c.R[2] != nrGetppid {
		t.Errorf("after TRAP: r0=%d r19=%d r1=%#x r2=%d", c.R[0], c.R[19], c.R[1], c.R[2])
	}
	if th.pending.mask != sigBit(abi.SIGSYS) {
		t.Fatalf("pending = %#x, want SIGSYS only", th.pending.mask)
	}
	got := th.pending.info[abi.SIGSYS].encode()
	want := le(make([]byte, sigInfoSize))
	want.u32(0, uint32(abi.SIGSYS))
	want.u32(4, 0x1234)
	want.u32(8, abi.SysSeccomp)
	want.u64(16, testCode+4)
	want.u32(24, nrGetppid)
	want.u32(28, abi.AuditArchAlpha)
	if !bytes.Equal(got, want) {
		t.Errorf("siginfo\n got %x\nwant %x", got, []byte(want))
	}

	for _, how := range []string{"blocked", "ignored"} {
		th := newTestThread(t, Config{})
		if how == "blocked" {
			th.sigMask = sigBit(abi.SIGSYS)
		} else {
			th.proc.sig.act[abi.SIGSYS].handler = sigIgn
		}
		th.install(t, onNr(t, nrGetppid, abi.SeccompRetTrap, abi.SeccompRetAllow), 0)
		th.call(nrGetppid)
		if !th.proc.exited || th.proc.exit != (Exit{Signal: abi.SIGSYS, Core: true}) {
			t.Errorf("TRAP with SIGSYS %s: exit %v (exited %v)", how, th.proc.exit, th.proc.exited)
		}
	}
}

// TestSeccompStacking checks precedence across filters: the lowest action
// wins, and on equal actions the newest filter's data (tricky point 11).
func TestSeccompStacking(t *testing.T) {
	errnoR := func(n uint32) uint32 { return abi.SeccompRetErrno | n }
	tests := []struct {
		name           string
		older, newer   uint32
		r0, r19        uint64
		killed, forced bool
	}{
		{"tie: newest data wins", errnoR(3), errnoR(5), 5, 1, false, false},
		{"tie reversed", errnoR(5), errnoR(3), 3, 1, false, false},
		{"older KILL beats newer ERRNO", abi.SeccompRetKillProcess, errnoR(5), 0, 0, true, false},
		{"newer TRAP beats older ERRNO", errnoR(5), abi.SeccompRetTrap, 0, 0, false, true},
		{"ERRNO beats TRACE", errnoR(9), abi.SeccompRetTrace, 9, 1, false, false},
		{"LOG beats ALLOW", abi.SeccompRetAllow, abi.SeccompRetLog, ppid, 0, false, false},
		{"ERRNO(0) still beats LOG", abi.SeccompRetLog, errnoR(0), 0, 0, false, false},
		{"KILL_PROCESS beats KILL_THREAD", abi.SeccompRetKillThread, abi.SeccompRetKillProcess, 0, 0, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.install(t, onNr(t, nrGetppid, tc.older, abi.SeccompRetAllow), 0)
			th.install(t, onNr(t, nrGetppid, tc.newer, abi.SeccompRetAllow), 0)
			c := th.cpu
			c.R[0], c.R[19] = nrGetppid, 0
			c.PC = testCode + 4
			th.syscall()
			if tc.killed {
				if !th.proc.exited {
					t.Fatal("not killed")
				}
				return
			}
			if tc.forced {
				if th.pending.mask != sigBit(abi.SIGSYS) {
					t.Fatal("no SIGSYS")
				}
				return
			}
			if c.R[0] != tc.r0 || c.R[19] != tc.r19 {
				t.Errorf("r0=%d r19=%d, want %d %d", c.R[0], c.R[19], tc.r0, tc.r19)
			}
		})
	}
}

// TestSeccompData checks what the filter sees: nr = low 32 bits of r1,
// AUDIT_ARCH_ALPHA, pc after callsys, r16..r21 as little-endian words
// (tricky points 3, 4, 27). A filter returns ERRNO(word & 0x7ff) for the
// word at each offset (avoiding 512..516, which the skip gate would treat
// as restart codes).
func TestSeccompData(t *testing.T) {
	args := []uint64{0x101, 0x222, 0x303, 0xffffffff_fffffc04, 0x505, 0x606}
	tests := []struct {
		off  uint32
		nr   uint64
		want uint64
	}{
		{0, nrGetppid, nrGetppid & 0x7ff},
		{0, 1<<32 | nrGetppid, nrGetppid & 0x7ff}, // nr is the low word
		{4, nrGetppid, uint64(abi.AuditArchAlpha & 0x7ff)},
		{8, nrGetppid, (testCode + 4) & 0x7ff},
		{12, nrGetppid, 0},
		{16, nrGetppid, 0x101}, {24, nrGetppid, 0x222}, {32, nrGetppid, 0x303},
		{40, nrGetppid, 0x404}, {44, nrGetppid, 0x7ff}, // sign-extended int: high word all ones
		{48, nrGetppid, 0x505}, {56, nrGetppid, 0x606},
	}
	for _, tc := range tests {
		th := newTestThread(t, Config{})
		th.install(t, asmFilter(t,
			bpf.LoadAbsolute{Off: tc.off, Size: 4},
			bpf.ALUOpConstant{Op: bpf.ALUOpAnd, Val: 0x7ff},
			bpf.ALUOpConstant{Op: bpf.ALUOpOr, Val: abi.SeccompRetErrno},
			bpf.RetA{},
		), 0)
		r0, r19 := th.call(tc.nr, args...)
		wantErr := uint64(1)
		if tc.want == 0 {
			wantErr = 0 // ERRNO(0): success with 0
		}
		if r0 != tc.want || r19 != wantErr {
			t.Errorf("offset %d, nr %#x: r0=%#x r19=%d, want %#x", tc.off, tc.nr, r0, r19, tc.want)
		}
	}
}

// TestSeccompNrWidth: the filter sees the low 32 bits, dispatch checks 64
// (tricky points 3 and 4).
func TestSeccompNrWidth(t *testing.T) {
	th := newTestThread(t, Config{})
	th.install(t, asmFilter(t,
		bpf.LoadAbsolute{Off: 0, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nrGetppid, SkipTrue: 1},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0xffffffff, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetAllow},
		bpf.RetConstant{Val: abi.SeccompRetErrno | 99},
	), 0)
	for _, tc := range []struct {
		nr      uint64
		r0, r19 uint64
	}{
		{nrGetppid, ppid, 0},
		{1<<32 | nrGetppid, e(abi.ENOSYS), 1}, // allowed as getppid, dispatched out of range
		{0xffffffff, e(abi.ENOSYS), 1},        // -1 to the filter, not a skip for entry.S
		{nrGetxpid, 99, 1},
	} {
		if r0, r19 := th.call(tc.nr); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("nr %#x: r0=%d r19=%d, want %d %d", tc.nr, r0, r19, tc.r0, tc.r19)
		}
	}
}

// TestSeccompArchMismatch: a filter written for another architecture kills.
func TestSeccompArchMismatch(t *testing.T) {
	for _, tc := range []struct {
		arch   uint32
		killed bool
	}{{abi.AuditArchX86_64, true}, {abi.AuditArchAlpha, false}} {
		th := newTestThread(t, Config{})
		th.install(t, asmFilter(t,
			bpf.LoadAbsolute{Off: 4, Size: 4},
			bpf.JumpIf{Cond: bpf.JumpEqual, Val: tc.arch, SkipFalse: 1},
			bpf.RetConstant{Val: abi.SeccompRetAllow},
			bpf.RetConstant{Val: abi.SeccompRetKillProcess},
		), 0)
		th.call(nrGetppid)
		if th.proc.exited != tc.killed {
			t.Errorf("filter for arch %#x: killed = %v", tc.arch, th.proc.exited)
		}
	}
}

// TestSeccompStrict checks strict mode: read, write, exit and rt_sigreturn
// pass; sigreturn, exit_group and the rest die by SIGKILL without core
// (tricky point 10).
func TestSeccompStrict(t *testing.T) {
	tests := []struct {
		name   string
		nr     uint64
		args   []uint64
		killed bool
	}{
		{"write", abi.SYS_WRITE, []uint64{1, scratch, 0}, false},
		{"read", abi.SYS_READ, []uint64{99, scratch, 0}, false},
		{"sigreturn", abi.SYS_SIGRETURN, []uint64{scratch}, true},
		{"exit_group", abi.SYS_EXIT_GROUP, []uint64{0}, true},
		{"getppid", nrGetppid, nil, true},
		{"prctl itself", abi.SYS_PRCTL, []uint64{abi.PR_GET_SECCOMP}, true},
		{"nr with high bits set", 1<<32 | abi.SYS_WRITE, []uint64{1, scratch, 0}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			if r0, r19 := th.call(abi.SYS_PRCTL, abi.PR_SET_SECCOMP, abi.SeccompModeStrict, 0xdead); r0 != 0 || r19 != 0 {
				t.Fatalf("PR_SET_SECCOMP strict: %d %d", r0, r19)
			}
			th.call(tc.nr, tc.args...)
			if th.proc.exited != tc.killed {
				t.Fatalf("killed = %v, want %v", th.proc.exited, tc.killed)
			}
			if tc.killed && th.proc.exit != (Exit{Signal: abi.SIGKILL}) {
				t.Errorf("exit %v, want SIGKILL without core", th.proc.exit)
			}
		})
	}
	// rt_sigreturn is allowed: it restores a frame (here an unreadable one,
	// which the kernel answers with SIGSEGV, not SIGKILL).
	th := newTestThread(t, Config{})
	th.call(abi.SYS_SECCOMP, abi.SeccompSetModeStrict, 0, 0)
	th.call(abi.SYS_RT_SIGRETURN, 0x5000)
	if th.proc.exit.Signal == abi.SIGKILL {
		t.Error("rt_sigreturn killed by strict mode")
	}
}

// fakeTracer is a ptrace tracer for RET_TRACE: it applies edit at the
// PTRACE_EVENT_SECCOMP stop.
type fakeTracer struct {
	stops []uint16
	edit  func(t *Thread)
	fatal bool
}

func (f *fakeTracer) seccompStop(t *Thread, data uint16) bool {
	f.stops = append(f.stops, data)
	if f.edit != nil {
		f.edit(t)
	}
	return !f.fatal
}

// TestSeccompTraceRecheck checks RET_TRACE with a tracer: the filters run
// again after the stop; a second TRACE allows; a tracer's r1 = -1 skips with
// r0 = original nr and r19 = original a3 (tricky points 9, 16).
func TestSeccompTraceRecheck(t *testing.T) {
	// getppid → TRACE(1); getxpid → ERRNO(33); else ALLOW.
	filter := asmFilter(t,
		bpf.LoadAbsolute{Off: 0, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nrGetppid, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetTrace | 1},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nrGetxpid, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetErrno | 33},
		bpf.RetConstant{Val: abi.SeccompRetAllow},
	)
	tests := []struct {
		name    string
		edit    func(t *Thread)
		fatal   bool
		r0, r19 uint64
	}{
		{"no change: second TRACE allows", nil, false, ppid, 0},
		{"tracer switches to a denied syscall", func(t *Thread) { t.cpu.R[1] = nrGetxpid }, false, 33, 1},
		{"tracer switches to an allowed one", func(t *Thread) { t.cpu.R[1] = abi.SYS_GETTID }, false, 1001, 0},
		{"tracer skips: r0 = nr, r19 = a3", func(t *Thread) { t.cpu.R[1] = skipNr }, false, nrGetppid, 0},
		{"tracer skips with a result", func(t *Thread) { t.cpu.R[1] = skipNr; t.cpu.R[0] = 42 }, false, 42, 0},
		{"fatal signal pending: skip", nil, true, nrGetppid, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			th.install(t, filter, 0)
			tr := &fakeTracer{edit: tc.edit, fatal: tc.fatal}
			th.sec.tracer = tr
			r0, r19 := th.call(nrGetppid)
			if r0 != tc.r0 || r19 != tc.r19 {
				t.Errorf("r0=%d r19=%d, want %d %d", r0, r19, tc.r0, tc.r19)
			}
			if len(tr.stops) != 1 || tr.stops[0] != 1 {
				t.Errorf("stops = %v, want one with data 1", tr.stops)
			}
		})
	}
}

// TestSeccompRestartFiltered: a skip that leaves ERESTART_RESTARTBLOCK, with
// a signal pending, restarts through restart_syscall (412), which is
// filtered again (tricky point 20).
func TestSeccompRestartFiltered(t *testing.T) {
	th := newTestThread(t, Config{})
	th.install(t, asmFilter(t,
		bpf.LoadAbsolute{Off: 0, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nrGetppid, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetErrno | uint32(abi.ERESTART_RESTARTBLOCK)},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: abi.SYS_RESTART_SYSCALL, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetErrno | 77},
		bpf.RetConstant{Val: abi.SeccompRetAllow},
	), 0)
	c := th.cpu
	c.R[0], c.R[19] = nrGetppid, 0
	c.PC = testCode + 4
	th.syscall()
	// Linux replays a syscall only from do_signal, i.e. with a signal
	// pending: one arrives during the call and its default action ignores it.
	th.pending.add(sigInfo{signo: abi.SIGCHLD})
	th.handleSignals()
	if c.PC != testCode || c.R[0] != abi.SYS_RESTART_SYSCALL {
		t.Fatalf("after restart setup: pc=%#x r0=%d", c.PC, c.R[0])
	}
	// The CPU re-executes the callsys with r0 = 412.
	c.PC = testCode + 4
	th.syscall()
	if c.R[0] != 77 || c.R[19] != 1 {
		t.Fatalf("restart_syscall: r0=%d r19=%d, want ERRNO 77 from the filter", c.R[0], c.R[19])
	}
	st := th.k.SeccompStats()
	if st.Checked != 2 || st.Verdicts["ERRNO"] != 2 {
		t.Errorf("stats %+v", st)
	}

	// The replay uses the original number (r2), not the one a tracer put
	// in r1: getppid is traced and switched to gettid, which the filter
	// answers with ERESTARTNOINTR.
	th = newTestThread(t, Config{})
	th.install(t, asmFilter(t,
		bpf.LoadAbsolute{Off: 0, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nrGetppid, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetTrace},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: abi.SYS_GETTID, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetErrno | uint32(abi.ERESTARTNOINTR)},
		bpf.RetConstant{Val: abi.SeccompRetAllow},
	), 0)
	th.sec.tracer = &fakeTracer{edit: func(t *Thread) { t.cpu.R[1] = abi.SYS_GETTID }}
	c = th.cpu
	c.R[0], c.R[19] = nrGetppid, 0
	c.PC = testCode + 4
	th.syscall()
	th.pending.add(sigInfo{signo: abi.SIGCHLD})
	th.handleSignals()
	if c.PC != testCode || c.R[0] != nrGetppid {
		t.Fatalf("replay: pc=%#x r0=%d, want the original getppid", c.PC, c.R[0])
	}
}

// TestSeccompCacheStats checks that constant verdicts come from the cache
// and that arg-dependent ones do not.
func TestSeccompCacheStats(t *testing.T) {
	th := newTestThread(t, Config{})
	th.install(t, asmFilter(t,
		bpf.LoadAbsolute{Off: 0, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nrGetppid, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetAllow},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nrGetxpid, SkipFalse: 4},
		bpf.LoadAbsolute{Off: 16, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0, SkipFalse: 1},
		bpf.RetConstant{Val: abi.SeccompRetAllow},
		bpf.RetConstant{Val: abi.SeccompRetErrno | 1},
		bpf.RetConstant{Val: abi.SeccompRetErrno | 2},
	), 0)
	base := th.k.SeccompStats()
	for range 3 {
		th.call(nrGetppid)
	}
	th.call(nrGetxpid, 0)
	th.call(nrGetxpid, 1)
	th.call(abi.SYS_GETTID)
	st := th.k.SeccompStats()
	if st.Checked-base.Checked != 6 || st.Cached-base.Cached != 4 {
		t.Errorf("checked %d cached %d, want 6 and 4", st.Checked-base.Checked, st.Cached-base.Cached)
	}
	if st.Verdicts["ERRNO"] != 2 {
		t.Errorf("verdicts %v", st.Verdicts)
	}
	if len(st.Denied) != 2 || st.Denied[0].Count != 1 {
		t.Errorf("denied %+v", st.Denied)
	}
	if st.Syscalls[0].Name != "getppid" || st.Syscalls[0].Count != 3 {
		t.Errorf("syscalls %+v", st.Syscalls)
	}

	// The memo answers a repeated argument-dependent call, and only an
	// identical one; a new filter starts a new memo.
	for _, tc := range []struct {
		a0, r0, r19 uint64
		memo        uint64
	}{{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 1001, 0, 0}, {0, 1001, 0, 1}, {1, 1, 1, 0}} {
		before := th.k.SeccompStats().Memo
		if r0, r19 := th.call(nrGetxpid, tc.a0); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("getxpid(%d) = %d, %d", tc.a0, r0, r19)
		}
		if got := th.k.SeccompStats().Memo - before; got != tc.memo {
			t.Errorf("getxpid(%d): %d memo hits, want %d", tc.a0, got, tc.memo)
		}
	}
	// (The filter answers seccomp(2) itself with ERRNO: attach directly.)
	th.putFilter(t, onNr(t, nrGetxpid, abi.SeccompRetErrno|9, abi.SeccompRetAllow))
	if r := th.setModeFilter(0, fprogAddr); r != 0 {
		t.Fatalf("setModeFilter = %d", r)
	}
	if r0, r19 := th.call(nrGetxpid, 1); r0 != 9 || r19 != 1 {
		t.Errorf("after a new filter: %d, %d, want ERRNO(9)", r0, r19)
	}
}

// TestInstallFilterDryRunAndAudit checks a host-installed dry-run filter:
// nothing is denied, each verdict is audited with its rule, logged once; a
// guest filter stacked on top is enforced.
func TestInstallFilterDryRunAndAudit(t *testing.T) {
	var audit, log bytes.Buffer
	th := newTestThread(t, Config{})
	th.k.ConfigureSeccomp(SeccompConfig{Audit: &audit, Log: &log})
	err := th.k.InstallFilter(Filter{
		Program: onNr(t, nrGetppid, abi.SeccompRetKillProcess, abi.SeccompRetErrno|1),
		Name:    "p.toml",
		DryRun:  true,
		Rule: func(d *bpfvm.SeccompData) string {
			if d.Nr == nrGetppid {
				return "p.toml:3"
			}
			return ""
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !th.sec.nnp {
		t.Error("InstallFilter did not set no_new_privs")
	}
	for range 2 {
		if r0, r19 := th.call(nrGetppid); r0 != ppid || r19 != 0 {
			t.Fatalf("dry-run getppid = %d, %d", r0, r19)
		}
	}
	if r0, _ := th.call(abi.SYS_GETTID); r0 != 1001 {
		t.Fatalf("dry-run gettid = %d", r0)
	}
	// The guest stacks an enforced filter: its ERRNO applies; the dry-run
	// KILL is reported but not enforced.
	th.install(t, onNr(t, nrGetppid, abi.SeccompRetErrno|5, abi.SeccompRetAllow), 0)
	if r0, r19 := th.call(nrGetppid); r0 != 5 || r19 != 1 {
		t.Fatalf("guest filter under dry run: %d, %d", r0, r19)
	}
	if err := th.k.FlushAudit(); err != nil {
		t.Fatal(err)
	}
	var recs []AuditRecord
	for _, line := range strings.Split(strings.TrimSpace(audit.String()), "\n") {
		var r AuditRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		recs = append(recs, r)
	}
	want := []struct {
		syscall, action, rule, filter string
		dry                           bool
	}{
		{"getppid", "KILL_PROCESS", "p.toml:3", "p.toml", true},
		{"getppid", "KILL_PROCESS", "p.toml:3", "p.toml", true},
		{"gettid", "ERRNO(1)", "", "p.toml", true},
		// prctl and seccomp of th.install: ERRNO(1) would-be verdicts.
		{"prctl", "ERRNO(1)", "", "p.toml", true},
		{"seccomp", "ERRNO(1)", "", "p.toml", true},
		{"getppid", "KILL_PROCESS", "p.toml:3", "p.toml", true},
		{"getppid", "ERRNO(5)", "", "guest filter 1", false},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d audit records, want %d:\n%s", len(recs), len(want), audit.String())
	}
	for i, w := range want {
		r := recs[i]
		if r.Syscall != w.syscall || r.Action != w.action || r.Rule != w.rule || r.Filter != w.filter || r.DryRun != w.dry {
			t.Errorf("record %d = %+v, want %+v", i, r, w)
		}
		if r.PID != 1001 || r.TID != 1001 || r.PC != "0x10000004" {
			t.Errorf("record %d: pid %d tid %d pc %s", i, r.PID, r.TID, r.PC)
		}
	}
	wantLog := "axpsec: dry run: getppid (532) would have been KILL_PROCESS by rule p.toml:3\n" +
		"axpsec: dry run: gettid (378) would have been ERRNO(1) by p.toml\n" +
		"axpsec: dry run: prctl (348) would have been ERRNO(1) by p.toml\n" +
		"axpsec: dry run: seccomp (514) would have been ERRNO(1) by p.toml\n"
	if log.String() != wantLog {
		t.Errorf("log:\n%s\nwant:\n%s", log.String(), wantLog)
	}
}

// TestAuditFlushedBeforeKill: the record of the fatal call is written out
// before the process dies, without FlushAudit.
func TestAuditFlushedBeforeKill(t *testing.T) {
	var audit bytes.Buffer
	th := newTestThread(t, Config{})
	th.k.ConfigureSeccomp(SeccompConfig{Audit: &audit})
	if err := th.k.InstallFilter(Filter{Program: onNr(t, nrGetppid, abi.SeccompRetKillProcess, abi.SeccompRetAllow), Name: "p"}); err != nil {
		t.Fatal(err)
	}
	th.call(nrGetppid, 0xfeed)
	if !th.proc.exited {
		t.Fatal("not killed")
	}
	var r AuditRecord
	if err := json.Unmarshal(audit.Bytes(), &r); err != nil {
		t.Fatalf("audit %q: %v", audit.String(), err)
	}
	if r.Action != "KILL_PROCESS" || r.Args[0] != "0xfeed" || !r.Logged || r.Nr != nrGetppid {
		t.Errorf("record %+v", r)
	}
}

// TestInstallFilterErrors: host installation validates like seccomp(2).
func TestInstallFilterErrors(t *testing.T) {
	th := newTestThread(t, Config{})
	for _, f := range []Filter{
		{Name: "empty"},
		{Name: "invalid", Program: []bpf.RawInstruction{{Op: 0x28}, {Op: 0x06}}},
	} {
		if err := th.k.InstallFilter(f); err == nil {
			t.Errorf("%s: no error", f.Name)
		}
	}
	if err := New(Config{}).InstallFilter(Filter{Program: onNr(t, 1, 0, 0)}); err == nil {
		t.Error("InstallFilter before Start: no error")
	}
}
