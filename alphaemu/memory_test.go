package alphaemu

import (
	"bytes"
	"errors"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

func TestMemoryMapProtect(t *testing.T) {
	m := NewMemory()
	if err := m.Map(0x10000, 3*PageSize-5, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	if got := m.MappedBytes(); got != 3*PageSize {
		t.Errorf("MappedBytes = %d, want %d", got, 3*PageSize)
	}
	for _, bad := range []struct {
		addr, size uint64
	}{{0x10001, PageSize}, {AddrLimit - PageSize, 2 * PageSize}, {^uint64(0) &^ pageMask, PageSize}} {
		if err := m.Map(bad.addr, bad.size, ProtRead); err == nil {
			t.Errorf("Map(%#x, %#x) succeeded", bad.addr, bad.size)
		}
	}
	data := []byte("hello, alpha")
	addr := uint64(0x10000 + PageSize - 4) // crosses a page boundary
	if err := m.WriteAt(data, addr); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(data))
	if err := m.ReadAt(got, addr); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("ReadAt = %q, %v", got, err)
	}
	if s, err := m.ReadString(addr, 100); err != nil || s != string(data) {
		t.Errorf("ReadString = %q, %v", s, err)
	}
	if s, err := m.ReadString(addr, 5); !errors.Is(err, ErrTooLong) || s != "hello" {
		t.Errorf("ReadString max 5 = %q, %v", s, err)
	}

	// Read-only page: WriteAt faults with a permission fault, Poke works.
	if err := m.Protect(0x10000+PageSize, PageSize, ProtRead); err != nil {
		t.Fatal(err)
	}
	var f *Fault
	if err := m.WriteAt(data, addr); !errors.As(err, &f) || f.Unmapped || !f.Write || f.Addr != 0x10000+PageSize {
		t.Errorf("WriteAt to read-only page: %v", err)
	}
	if err := m.Poke(data, addr); err != nil {
		t.Errorf("Poke to read-only page: %v", err)
	}
	if p, ok := m.Prot(0x10000 + PageSize + 5); !ok || p != ProtRead {
		t.Errorf("Prot = %v, %v", p, ok)
	}

	// Protect over a hole fails and changes nothing.
	if err := m.Protect(0x10000, 4*PageSize, ProtRead); !errors.As(err, &f) || !f.Unmapped {
		t.Errorf("Protect over hole: %v", err)
	}
	if p, _ := m.Prot(0x10000); p != ProtRead|ProtWrite {
		t.Errorf("Protect over hole changed first page to %v", p)
	}

	// Unmap the middle page.
	if err := m.Unmap(0x10000+PageSize, PageSize); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Prot(0x10000 + PageSize); ok || m.MappedBytes() != 2*PageSize {
		t.Errorf("after Unmap: mapped %d", m.MappedBytes())
	}
	if err := m.ReadAt(got, addr); !errors.As(err, &f) || !f.Unmapped || f.Addr != 0x10000+PageSize {
		t.Errorf("ReadAt across hole: %v", err)
	}
	// Map replaces pages with fresh zeroed ones.
	m.Map(0x10000, PageSize, ProtRead)
	b := make([]byte, 4)
	m.ReadAt(b, addr)
	if !bytes.Equal(b, make([]byte, 4)) || m.MappedBytes() != 2*PageSize {
		t.Errorf("remapped page not zero: %v, mapped %d", b, m.MappedBytes())
	}
	// Unmapping a huge sparse range is cheap and fine.
	if err := m.Unmap(0, AddrLimit); err != nil || m.MappedBytes() != 0 {
		t.Errorf("Unmap all: %v, mapped %d", err, m.MappedBytes())
	}
}

// TestLoadsStores checks every integer load and store width, sign and zero
// extension, and the unaligned fix-up counter.
func TestLoadsStores(t *testing.T) {
	c := newTestCPU(t, `
		stq t0,0(a0)
		ldbu t2,7(a0)
		ldwu t3,6(a0)
		ldl t4,4(a0)
		ldq t5,0(a0)
		ldl t6,1(a0)      # unaligned, fixed up
		ldq t7,3(a0)      # unaligned, fixed up
		stb t0,16(a0)
		stw t0,18(a0)
		stl t0,20(a0)
		stq t0,25(a0)     # unaligned
		ldq_u s0,31(a0)   # aligned down to 24
		stq_u t0,47(a0)   # aligned down to 40
		ldq s1,40(a0)
		callsys
	`)
	c.R[1] = 0x8899aabbccddeeff
	c.R[16] = dataBase
	runToCallsys(t, c)
	checks := []struct {
		name string
		reg  int
		want uint64
	}{
		{"ldbu", 3, 0x88}, {"ldwu", 4, 0x8899}, {"ldl sign-extends", 5, 0xffffffff8899aabb},
		{"ldq", 6, 0x8899aabbccddeeff}, {"ldl unaligned", 7, 0xffffffffbbccddee},
		{"ldq unaligned", 8, 0x0000008899aabbcc}, {"ldq_u", 9, 0x99aabbccddeeff00},
		{"stq_u", 10, 0x8899aabbccddeeff},
	}
	for _, ck := range checks {
		if c.R[ck.reg] != ck.want {
			t.Errorf("%s: r%d = %#x, want %#x", ck.name, ck.reg, c.R[ck.reg], ck.want)
		}
	}
	mem := make([]byte, 8)
	c.Mem.ReadAt(mem, dataBase+16)
	if want := []byte{0xff, 0, 0xff, 0xee, 0xff, 0xee, 0xdd, 0xcc}; !bytes.Equal(mem, want) {
		t.Errorf("stb/stw/stl wrote % x, want % x", mem, want)
	}
	if c.UnalignedFixups != 3 {
		t.Errorf("UnalignedFixups = %d, want 3", c.UnalignedFixups)
	}
}

// TestMemoryFaults checks SIGSEGV/SIGBUS reporting: si_code, si_addr, the PC
// of the faulting instruction, and that nothing is written by a faulting store.
func TestMemoryFaults(t *testing.T) {
	const unmapped = 0x160000000
	tests := []struct {
		name string
		src  string
		a0   uint64
		want Stop
	}{
		{"load unmapped", "ldq t0,8(a0)", unmapped, Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvMap, Addr: unmapped + 8}},
		{"store read-only", "stl t0,0(a0)", codeBase, Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvAcc, Addr: codeBase}},
		{"ldbu unmapped", "ldbu t0,3(a0)", unmapped, Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvMap, Addr: unmapped + 3}},
		{"ldq_u unmapped", "ldq_u t0,3(a0)", unmapped, Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvMap, Addr: unmapped}},
		{"unaligned ldq crossing into unmapped", "ldq t0,-4(a0)", dataBase + 2*PageSize, Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvAcc, Addr: dataBase + 2*PageSize - 4}},
		{"ldl_l unaligned", "ldl_l t0,2(a0)", dataBase, Stop{Reason: StopFault, Signal: abi.SIGBUS, Code: codeBusAdrAln, Addr: dataBase + 2}},
		{"stq_c unaligned", "stq_c t0,4(a0)", dataBase, Stop{Reason: StopFault, Signal: abi.SIGBUS, Code: codeBusAdrAln, Addr: dataBase + 4}},
		{"ldq null", "ldq t0,0(a0)", 0, Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvMap, Addr: 0}},
		{"ldq above TASK_SIZE", "ldq t0,0(a0)", 1 << 63, Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvMap, Addr: 1 << 63}},
	}
	for _, tc := range tests {
		c := newTestCPU(t, "nop\n"+tc.src+"\ncallsys\n")
		c.R[16] = tc.a0
		c.R[1] = 0x1122334455667788
		if st := c.Run(100); st != tc.want {
			t.Errorf("%s: stop %+v, want %+v", tc.name, st, tc.want)
		}
		if c.PC != codeBase+4 {
			t.Errorf("%s: pc = %#x, want the faulting instruction %#x", tc.name, c.PC, codeBase+4)
		}
	}

	// An unaligned store that would cross into an unmapped page writes nothing.
	c := newTestCPU(t, "stq t0,-4(a0)\ncallsys\n")
	c.R[16], c.R[1] = dataBase+2*PageSize, ^uint64(0)
	if st := c.Run(100); st.Signal != abi.SIGSEGV {
		t.Fatalf("stop %+v", st)
	}
	b := make([]byte, 4)
	c.Mem.ReadAt(b, dataBase+2*PageSize-4)
	if !bytes.Equal(b, make([]byte, 4)) {
		t.Errorf("faulting store wrote % x", b)
	}

	// Jumping to a non-executable page is a fetch fault at the target.
	c = newTestCPU(t, "jmp zero,(a0)\n")
	c.R[16] = dataBase + 8
	want := Stop{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvAcc, Addr: dataBase + 8}
	if st := c.Run(100); st != want || c.PC != dataBase+8 || c.Retired != 1 {
		t.Errorf("exec fault: %+v pc %#x retired %d", st, c.PC, c.Retired)
	}
}

// TestFaultRetiredTail checks qemu's counting at a faulting instruction: the
// plugin adds the whole translation block at entry, so the rest of the block
// up to its ending branch (or PAL call, or 512 instructions) counts too.
func TestFaultRetiredTail(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want uint64
	}{
		// block: nop, nop, ldq (fault), nop, nop, br -> 6 counted
		{"to branch", "nop\nnop\nldq t0,0(zero)\nnop\nnop\nbr zero,end\nnop\nend:\ncallsys\n", 6},
		// block ends at callsys
		{"to callsys", "ldq t0,0(zero)\nnop\ncallsys\nnop\n", 3},
		// block ends at an illegal instruction
		{"to illegal", "ldq t0,0(zero)\nnop\n.long 0x04000000\nnop\nnop\ncallsys\n", 3},
		// rduniq/wruniq/imb do not end qemu's blocks
		{"through rduniq", "ldq t0,0(zero)\nrduniq\nimb\nbr zero,x\nx:\ncallsys\n", 4},
		// /V overflow traps count the tail too
		{"overflow", "addq/v t0,t0,t1\nnop\nbeq zero,x\nx:\ncallsys\n", 3},
	}
	for _, tc := range tests {
		c := newTestCPU(t, tc.src)
		c.R[1] = 1 << 62
		if st := c.Run(1000); st.Reason != StopFault {
			t.Fatalf("%s: stop %+v", tc.name, st)
		}
		if c.Retired != tc.want {
			t.Errorf("%s: retired %d, want %d", tc.name, c.Retired, tc.want)
		}
	}

	// A block entered by a branch starts at the target; more than 512
	// straight-line instructions split into qemu blocks of 512.
	words := make([]uint32, 0, 1200)
	words = append(words, 0xc3e00000) // br zero,+0 (to the next instruction)
	for len(words) < 1100 {
		words = append(words, 0x47ff041f)
	}
	words[600] = 0xa43f0000 // ldq t0,0(zero): faults; its qemu block is insns 513..1024
	words = append(words, 0x00000083)
	c := cpuWithWords(t, words)
	c.Run(1 << 20)
	if want := uint64(1 + 1024); c.Retired != want {
		t.Errorf("512-split: retired %d, want %d", c.Retired, want)
	}

	// A conditional branch not taken also starts a qemu block: here the
	// blocks are [0,11), [11,523), [523,1035) and the fault is at 530.
	words = words[:0]
	for len(words) < 1100 {
		words = append(words, 0x47ff041f)
	}
	words[10] = 0xf7e00005 // bne zero,+5: never taken
	words[530] = 0xa43f0000
	words = append(words, 0x00000083)
	c = cpuWithWords(t, words)
	c.Run(1 << 20)
	if want := uint64(1035); c.Retired != want {
		t.Errorf("block after a branch not taken: retired %d, want %d", c.Retired, want)
	}
}

// TestLLSC checks load-locked/store-conditional success, failure and lock clearing.
func TestLLSC(t *testing.T) {
	c := newTestCPU(t, `
		ldq_l t0,0(a0)
		addq t0,1,t0
		stq_c t0,0(a0)     # succeeds: t0 = 1
		stq_c t2,0(a0)     # no lock: fails, t2 = 0
		ldl_l t3,8(a0)
		stl t4,8(a0)       # changes the locked value
		stl_c t3,8(a0)     # qemu compares values: fails
		ldl_l t5,8(a0)
		callsys
		stl_c t5,8(a0)     # the lock was cleared by the syscall stop
		callsys
	`)
	c.R[16], c.R[2], c.R[5] = dataBase, 99, 7
	c.Mem.WriteAt([]byte{41}, dataBase)
	runToCallsys(t, c)
	v := make([]byte, 1)
	c.Mem.ReadAt(v, dataBase)
	if c.R[1] != 1 || c.R[3] != 0 || v[0] != 42 || c.R[4] != 0 {
		t.Errorf("t0 = %d t2 = %d t3 = %d mem = %d; want 1 0 0 42", c.R[1], c.R[3], c.R[4], v[0])
	}
	runToCallsys(t, c)
	if c.R[6] != 0 {
		t.Errorf("stl_c after a syscall stop succeeded")
	}
}
