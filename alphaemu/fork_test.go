package alphaemu

import (
	"bytes"
	"testing"
)

// TestFork checks copy-on-write and shared pages across Memory.Fork: each
// step writes through one space and reads both.
func TestFork(t *testing.T) {
	const (
		priv   = 0x100000
		shared = 0x200000
		ro     = 0x300000
	)
	m := NewMemory()
	for _, r := range []struct {
		addr uint64
		prot Prot
	}{{priv, ProtRead | ProtWrite}, {shared, ProtRead | ProtWrite}, {ro, ProtRead}} {
		// Demand-zero pages: the first is poked before the fork, the
		// second stays untouched.
		if err := m.MapLazy(r.addr, 2*PageSize, r.prot); err != nil {
			t.Fatal(err)
		}
		if err := m.Poke([]byte("orig"), r.addr); err != nil {
			t.Fatal(err)
		}
	}
	c := m.Fork(func(a uint64) bool { return a >= shared && a < shared+2*PageSize })
	if c.MappedBytes() != m.MappedBytes() {
		t.Fatalf("child maps %d bytes, parent %d", c.MappedBytes(), m.MappedBytes())
	}
	read := func(mem *Memory, a uint64) string {
		b := make([]byte, 4)
		if err := mem.ReadAt(b, a); err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	steps := []struct {
		name         string
		mem          *Memory
		addr         uint64
		data         string
		parent, kid  string
		protectFirst bool
	}{
		{"child writes private", c, priv, "kid1", "orig", "kid1", false},
		{"parent writes private", m, priv, "par1", "par1", "kid1", false},
		{"parent writes second private page", m, priv + PageSize, "par2", "par2", "\x00\x00\x00\x00", false},
		{"child writes shared", c, shared, "shr1", "shr1", "shr1", false},
		{"parent writes shared", m, shared + PageSize, "shr2", "shr2", "shr2", false},
		{"child makes read-only page writable", c, ro, "kid3", "orig", "kid3", true},
	}
	for _, s := range steps {
		if s.protectFirst {
			if err := s.mem.Protect(s.addr, PageSize, ProtRead|ProtWrite); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.mem.WriteAt([]byte(s.data), s.addr); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := read(m, s.addr); got != s.parent {
			t.Errorf("%s: parent reads %q, want %q", s.name, got, s.parent)
		}
		if got := read(c, s.addr); got != s.kid {
			t.Errorf("%s: child reads %q, want %q", s.name, got, s.kid)
		}
	}
	if p, _ := m.Prot(ro); p != ProtRead {
		t.Errorf("parent's page protection changed with the child's: %v", p)
	}
	if err := m.WriteAt([]byte("x"), ro); err == nil {
		t.Error("parent's read-only page became writable")
	}
}

// TestForkCPUStore runs stores on a CPU whose write TLB was filled before
// the fork: they must not reach the child's copy-on-write page.
func TestForkCPUStore(t *testing.T) {
	const code, data = 0x10000, 0x20000
	m := NewMemory()
	if err := m.Map(code, PageSize, ProtRead|ProtExec); err != nil {
		t.Fatal(err)
	}
	if err := m.Map(data, PageSize, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	// stq t0, 0(t1); ldq t2, 0(t1); call_pal callsys
	prog := []uint32{0xb4220000, 0xa4620000, 0x00000083}
	var b bytes.Buffer
	for _, w := range prog {
		b.Write([]byte{byte(w), byte(w >> 8), byte(w >> 16), byte(w >> 24)})
	}
	if err := m.Poke(b.Bytes(), code); err != nil {
		t.Fatal(err)
	}
	c := NewCPU(m)
	run := func(v uint64) {
		c.PC, c.R[1], c.R[2] = code, v, data
		if s := c.Run(c.Retired + 100); s.Reason != StopCallsys {
			t.Fatalf("stop %v", s)
		}
		if c.R[3] != v {
			t.Fatalf("loaded %#x after storing %#x", c.R[3], v)
		}
	}
	run(1) // fills the TLBs
	kid := m.Fork(nil)
	run(2)
	got := make([]byte, 8)
	if err := kid.ReadAt(got, data); err != nil {
		t.Fatal(err)
	}
	if got[0] != 1 {
		t.Errorf("child sees %d after the parent's store, want 1", got[0])
	}
	kc := NewCPU(kid)
	kc.PC, kc.R[1], kc.R[2] = code, 3, data
	if s := kc.Run(100); s.Reason != StopCallsys || kc.R[3] != 3 {
		t.Fatalf("child run: %v, loaded %d", s, kc.R[3])
	}
	if err := m.ReadAt(got, data); err != nil || got[0] != 2 {
		t.Errorf("parent sees %d after the child's store, want 2", got[0])
	}
}
