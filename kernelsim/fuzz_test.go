package kernelsim

import (
	"context"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
)

// FuzzSyscall issues arbitrary syscalls with arbitrary arguments and guest
// memory contents (syscall arguments are untrusted input). The kernel must
// never panic, must keep the SECCOMPv3 register contract, and must stay
// within its memory limit.
func FuzzSyscall(f *testing.F) {
	for _, s := range []struct {
		nr   uint16
		args [3]uint64
		data []byte
	}{
		{abi.SYS_OPENAT, [3]uint64{fdCWD, pathBuf, oRdOnly}, []byte("/dev/zero\x00")},
		{abi.SYS_MMAP, [3]uint64{0, 1 << 20, protRead}, nil},
		{abi.SYS_RT_SIGACTION, [3]uint64{11, pathBuf, ioBuf}, []byte{0x40, 0, 0, 0, 0x10, 0, 0, 0}},
		{abi.SYS_WRITEV, [3]uint64{1, pathBuf, 4}, []byte{0, 0x10, 0x10, 0x10, 0, 0, 0, 0, 9}},
		{abi.SYS_SIGRETURN, [3]uint64{pathBuf, 0, 0}, nil},
		{abi.SYS_RT_SIGRETURN, [3]uint64{testStackTop - 2000, 0, 0}, nil},
		{abi.SYS_MREMAP, [3]uint64{testData, 8192, 1 << 20}, nil},
		{abi.SYS_KILL, [3]uint64{1001, 11, 0}, nil},
		{abi.SYS_PIPE2, [3]uint64{ioBuf, 0, 0}, nil},
		{abi.SYS_GETDENTS64, [3]uint64{0, ioBuf, 100}, nil},
		{abi.SYS_FUTEX, [3]uint64{testData, futexWake | futexPrivateFlag, 1}, nil},
		{abi.SYS_WAIT4, [3]uint64{^uint64(0), ioBuf, wNohang}, nil},
		{abi.SYS_EXECVE, [3]uint64{pathBuf, ioBuf, 0}, []byte("/dev/null\x00")},
		{abi.SYS_SELECT, [3]uint64{64, ioBuf, ioBuf + 64}, nil},
	} {
		f.Add(s.nr, s.args[0], s.args[1], s.args[2], uint64(0), s.data)
	}
	f.Fuzz(func(t *testing.T, nr uint16, a0, a1, a2, a3 uint64, data []byte) {
		th := newTestThread(t, Config{MaxMem: 32 << 20})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		th.ctx = ctx
		if len(data) > testDataSize {
			data = data[:testDataSize]
		}
		th.putBytes(t, testData, data)
		n := uint64(nr) % (nrSyscalls + 8)
		th.call(n, a0, a1, a2, a3, a0^a1, a2^a3)
		c := th.cpu
		if th.proc.exited {
			return
		}
		// A restarted syscall (pc back on the callsys) gets its a3 back in r19.
		if c.R[19] > 1 && c.R[1] != skipNr && c.PC == testCode+4 {
			t.Fatalf("syscall %d: r19 = %d", n, c.R[19])
		}
		if n != abi.SYS_SIGRETURN && n != abi.SYS_RT_SIGRETURN && c.PC != testCode+4 && !th.inHandler() {
			t.Fatalf("syscall %d: pc = %#x", n, c.PC)
		}
		if used := th.proc.mem.MappedBytes(); used > 32<<20+testCodeSize+testDataSize+testStackLen {
			t.Fatalf("syscall %d: %d bytes mapped, over the limit", n, used)
		}
	})
}

// inHandler reports whether a signal handler frame was just set up or the
// syscall is being restarted (pc moved).
func (th *Thread) inHandler() bool {
	return th.cpu.PC == testCode || th.cpu.PC == th.cpu.R[27]
}
