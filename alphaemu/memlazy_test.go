package alphaemu

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// ownPages counts the materialised (not demand-zero) pages of m.
func ownPages(m *Memory) int {
	n := 0
	m.each(func(_ uint64, p *page) {
		if !p.lazy {
			n++
		}
	})
	return n
}

// TestMapLazyMatchesMap runs random sequences of memory operations on a
// Memory mapped with Map and on one mapped with MapLazy: every result must
// be the same, and the lazy one must only hold the pages written to.
func TestMapLazyMatchesMap(t *testing.T) {
	const base, npages = 0x200000, 6
	prots := []Prot{ProtRead | ProtWrite, ProtRead, ProtWrite, ProtRead | ProtWrite | ProtExec, 0}
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 42))
		eager, lazy := NewMemory(), NewMemory()
		var log []string
		check := func(what string, a, b any) {
			t.Helper()
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Fatalf("seed %d: %s: Map gives %v, MapLazy gives %v\nops: %v", seed, what, a, b, log)
			}
		}
		if err := eager.Map(base, npages*PageSize, ProtRead|ProtWrite); err != nil {
			t.Fatal(err)
		}
		if err := lazy.MapLazy(base, npages*PageSize, ProtRead|ProtWrite); err != nil {
			t.Fatal(err)
		}
		for range 40 {
			addr := base - PageSize + rng.Uint64N((npages+2)*PageSize)
			n := 1 + rng.IntN(3*PageSize/2)
			pg := base + rng.Uint64N(npages)*PageSize
			size := (1 + rng.Uint64N(3)) * PageSize
			prot := prots[rng.IntN(len(prots))]
			switch op := rng.IntN(9); op {
			case 0, 1:
				buf := make([]byte, n)
				for i := range buf {
					buf[i] = byte(rng.Uint32())
				}
				log = append(log, fmt.Sprintf("write %#x+%d", addr, n))
				check("WriteAt", eager.WriteAt(buf, addr), lazy.WriteAt(buf, addr))
			case 2:
				log = append(log, fmt.Sprintf("poke %#x", addr))
				check("Poke", eager.Poke([]byte{1, 2, 3}, addr), lazy.Poke([]byte{1, 2, 3}, addr))
			case 3, 4:
				b1, b2 := make([]byte, n), make([]byte, n)
				e1, e2 := eager.ReadAt(b1, addr), lazy.ReadAt(b2, addr)
				check("ReadAt error", e1, e2)
				check("ReadAt data", b1, b2)
			case 5:
				s1, e1 := eager.ReadString(addr, n)
				s2, e2 := lazy.ReadString(addr, n)
				check("ReadString", []any{s1, e1}, []any{s2, e2})
			case 6:
				log = append(log, fmt.Sprintf("protect %#x+%#x %v", pg, size, prot))
				check("Protect", eager.Protect(pg, size, prot), lazy.Protect(pg, size, prot))
			case 7:
				log = append(log, fmt.Sprintf("unmap %#x+%#x", pg, size))
				check("Unmap", eager.Unmap(pg, size), lazy.Unmap(pg, size))
			case 8:
				log = append(log, fmt.Sprintf("map %#x+%#x %v", pg, size, prot))
				check("Map", eager.Map(pg, size, prot), lazy.MapLazy(pg, size, prot))
			}
			p1, ok1 := eager.Prot(addr)
			p2, ok2 := lazy.Prot(addr)
			check("Prot", []any{p1, ok1}, []any{p2, ok2})
			check("MappedBytes", eager.MappedBytes(), lazy.MappedBytes())
		}
		for a := uint64(base - PageSize); a < base+(npages+1)*PageSize; a += PageSize {
			p1, p2 := eager.lookup(a), lazy.lookup(a)
			if (p1 == nil) != (p2 == nil) || p1 != nil && (p1.prot() != p2.prot() || !bytes.Equal(p1.data[:], p2.data[:])) {
				t.Fatalf("seed %d: page %#x differs\nops: %v", seed, a, log)
			}
		}
	}
}

// TestMapLazyAllocatesOnWrite checks that demand-zero pages cost nothing
// until written, executed or poked, and then exactly one page each.
func TestMapLazyAllocatesOnWrite(t *testing.T) {
	const stack = 8 << 20
	top := uint64(0x120000000)
	tests := []struct {
		name string
		op   func(m *Memory) error
		own  int
	}{
		{"none", func(*Memory) error { return nil }, 0},
		{"read", func(m *Memory) error { return m.ReadAt(make([]byte, 3*PageSize), top-4*PageSize) }, 0},
		{"protect", func(m *Memory) error { return m.Protect(top-stack, stack, ProtRead|ProtExec) }, 0},
		{"write", func(m *Memory) error { return m.WriteAt([]byte{1}, top-1) }, 1},
		{"write across", func(m *Memory) error { return m.WriteAt([]byte{1, 2}, top-PageSize-1) }, 2},
		{"poke", func(m *Memory) error { return m.Poke(make([]byte, 2*PageSize), top-2*PageSize) }, 2},
		{"exec", func(m *Memory) error {
			if err := m.Protect(top-PageSize, PageSize, ProtRead|ProtExec); err != nil {
				return err
			}
			c := NewCPU(m)
			c.PC = top - PageSize
			// The zero word is call_pal halt: privileged, so SIGILL.
			if st := c.Run(1 << 20); st.Reason != StopFault || st.Addr != top-PageSize+4 {
				return fmt.Errorf("zero page ran to %+v, want an illegal instruction", st)
			}
			return nil
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMemory()
			if err := m.MapLazy(top-stack, stack, ProtRead|ProtWrite); err != nil {
				t.Fatal(err)
			}
			if err := tt.op(m); err != nil {
				t.Fatal(err)
			}
			if got := ownPages(m); got != tt.own {
				t.Errorf("%d pages materialised, want %d", got, tt.own)
			}
			if m.MappedBytes() != stack {
				t.Errorf("MappedBytes = %d, want %d", m.MappedBytes(), stack)
			}
		})
	}
}

// TestLazyPagesCPU runs loads and stores on demand-zero pages through the
// CPU's TLBs and compares registers and memory with eagerly mapped pages.
func TestLazyPagesCPU(t *testing.T) {
	const src = `
	lda t0, 5
	sll t0, 30, t0
	ldq t1, 8(t0)
	lda t2, 1234
	ldq t7, 8(t0)
	stq t2, 8(t0)
	ldq t3, 8(t0)
	ldq t4, 8200(t0)
	ldbu s0, 8201(t0)
	stb t2, 8201(t0)
	ldbu t5, 8201(t0)
	ldq t6, 8200(t0)
	ldq s1, 8(t0)
	call_pal 0x83
`
	run := func(lazy bool) *CPU {
		c := newTestCPU(t, src)
		if lazy {
			if err := c.Mem.MapLazy(dataBase, 2*PageSize, ProtRead|ProtWrite); err != nil {
				t.Fatal(err)
			}
		}
		runToCallsys(t, c)
		return c
	}
	eager, lazy := run(false), run(true)
	if eager.R != lazy.R {
		t.Errorf("registers differ:\neager %x\nlazy  %x", eager.R, lazy.R)
	}
	if lazy.R[4] != 1234 || lazy.R[6] != 1234&0xff || lazy.R[7] != 1234<<8&0xff00 {
		t.Errorf("t3 = %d, t5 = %d, t6 = %#x", lazy.R[4], lazy.R[6], lazy.R[7])
	}
	for a := uint64(dataBase); a < dataBase+2*PageSize; a += PageSize {
		if !bytes.Equal(eager.Mem.lookup(a).data[:], lazy.Mem.lookup(a).data[:]) {
			t.Errorf("page %#x differs", a)
		}
	}
	if got := ownPages(lazy.Mem) - 1; got != 2 { // minus the code page
		t.Errorf("%d data pages materialised, want 2", got)
	}
}

// BenchmarkMapStack maps an 8 MiB stack and writes to its top four pages,
// as a process start does: eagerly (Map, the reference) and on demand
// (MapLazy).
func BenchmarkMapStack(b *testing.B) {
	const stack, top = 8 << 20, 0x120000000
	for _, bm := range []struct {
		name string
		mapf func(m *Memory, addr, size uint64, prot Prot) error
	}{{"Map", (*Memory).Map}, {"MapLazy", (*Memory).MapLazy}} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				m := NewMemory()
				if err := bm.mapf(m, top-stack, stack, ProtRead|ProtWrite); err != nil {
					b.Fatal(err)
				}
				for a := uint64(top - 4*PageSize); a < top; a += PageSize {
					if err := m.WriteAt([]byte{1}, a); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
