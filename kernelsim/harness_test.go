package kernelsim

import (
	"context"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
	"github.com/axpsec/axpsec/alphaemu/asm"
)

// Test address-space layout: code, data and stack pages mapped by newTestThread.
const (
	testCode     = 0x10000000
	testCodeSize = 64 << 10
	testData     = 0x10100000
	testDataSize = 64 << 10
	testStackTop = 0x10400000
	testStackLen = 256 << 10
	testBrk      = 0x10800000
)

// newTestThread returns the initial thread of a process with code, data and
// stack mapped and no program: tests drive syscalls directly or load code.
func newTestThread(t testing.TB, cfg Config) *Thread {
	t.Helper()
	k := New(cfg)
	fsc, err := newFSContext(cfg.Root)
	if err != nil {
		t.Fatal(err)
	}
	p := k.newProcess(fsc)
	p.exeGuest, p.exeHost = "/bin/prog", "/nonexistent/prog"
	for _, m := range []struct {
		addr, size uint64
		prot       alphaemu.Prot
	}{
		{testCode, testCodeSize, alphaemu.ProtRead | alphaemu.ProtExec},
		{testData, testDataSize, alphaemu.ProtRead | alphaemu.ProtWrite},
		// An executable stack, so the kernel's on-stack sigreturn trampoline runs.
		{testStackTop - testStackLen, testStackLen, alphaemu.ProtRead | alphaemu.ProtWrite | alphaemu.ProtExec},
	} {
		if err := p.mem.Map(m.addr, m.size, m.prot); err != nil {
			t.Fatal(err)
		}
	}
	p.mm.setBrk(testBrk)
	th := p.newThread(alphaemu.NewCPU(p.mem))
	th.cpu.R[30] = testStackTop - 256
	th.cpu.PC = testCode
	th.ctx = context.Background()
	k.init = p
	k.start = time.Now()
	return th
}

// call performs syscall nr with args as if a callsys at testCode had trapped,
// then runs the return-to-user work (signals, restart). It returns r0 and r19.
// It holds the thread's run token and the kernel lock as run does, so that
// threads and processes the syscall creates run safely beside the test.
func (th *Thread) call(nr uint64, args ...uint64) (uint64, uint64) {
	th.acquire()
	defer th.release()
	c := th.cpu
	c.R[0] = nr
	for i := range 6 {
		c.R[16+i] = 0
		if i < len(args) {
			c.R[16+i] = args[i]
		}
	}
	c.PC = testCode + 4
	th.syscall()
	th.exitToUser()
	return c.R[0], c.R[19]
}

// load assembles src at testCode and points the CPU at it.
func (th *Thread) load(t testing.TB, src string) {
	t.Helper()
	words, err := asm.Assemble(src, testCode)
	if err != nil {
		t.Fatalf("assembling test program: %v", err)
	}
	b := le(make([]byte, 4*len(words)))
	for i, w := range words {
		b.u32(4*i, w)
	}
	if err := th.proc.mem.Poke(b, testCode); err != nil {
		t.Fatal(err)
	}
	th.cpu.PC = testCode
}

// runProgram runs the loaded program to its exit.
func (th *Thread) runProgram(t testing.TB) Exit {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := th.run(ctx); err != nil {
		t.Fatalf("run: %v", err)
	}
	if !th.proc.exited {
		t.Fatal("program did not exit")
	}
	return th.proc.exit
}

// putBytes writes b into guest memory at addr (ignoring protection).
func (th *Thread) putBytes(t testing.TB, addr uint64, b []byte) {
	t.Helper()
	if err := th.proc.mem.Poke(b, addr); err != nil {
		t.Fatal(err)
	}
}

// getBytes reads n bytes of guest memory at addr.
func (th *Thread) getBytes(t testing.TB, addr uint64, n int) []byte {
	t.Helper()
	b, ok := th.readBytes(addr, n)
	if !ok {
		t.Fatalf("reading %d bytes at %#x failed", n, addr)
	}
	return b
}

// putString writes a NUL-terminated string at addr.
func (th *Thread) putString(t testing.TB, addr uint64, s string) uint64 {
	th.putBytes(t, addr, append([]byte(s), 0))
	return addr
}

func e(x abi.Errno) uint64 { return uint64(x) }

// loadAt assembles src at addr (inside the code area).
func (th *Thread) loadAt(t testing.TB, src string, addr uint64) {
	t.Helper()
	words, err := asm.Assemble(src, addr)
	if err != nil {
		t.Fatalf("assembling test program: %v", err)
	}
	b := le(make([]byte, 4*len(words)))
	for i, w := range words {
		b.u32(4*i, w)
	}
	th.putBytes(t, addr, b)
}
