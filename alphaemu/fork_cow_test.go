package alphaemu

import (
	"encoding/binary"
	"fmt"
	"sync"
	"testing"
)

// cowProg writes through the CPU when a0 is not 0 (otherwise it only
// decodes its page): a store to the first data page after a load of it,
// and a load-locked/store-conditional increment of the second after a load
// of it, each read back. t1 is the value stored.
const cowProg = `
	beq a0, done
	lda t0, 5
	sll t0, 30, t0
	ldq t2, 0(t0)
	stq t1, 0(t0)
	ldq t3, 0(t0)
	ldq t6, 8192(t0)
	ldq_l t4, 8192(t0)
	addq t4, 1, t4
	stq_c t4, 8192(t0)
	ldq t5, 8192(t0)
done:
	call_pal 0x83
`

// cowPages is the number of data pages of the copy-on-write tests.
const cowPages = 6

// cowFamily is a parent, its child and its grandchild, each with a CPU
// that has run cowProg's decode-only path.
type cowFamily struct {
	cpus [3]*CPU
}

// newCOWFamily maps cowPages data pages holding 100+page number in their
// first quadwords, runs the parent's CPU, forks the child, runs it, forks
// the grandchild and runs it.
func newCOWFamily(t *testing.T) *cowFamily {
	t.Helper()
	c := newTestCPU(t, cowProg)
	if err := c.Mem.Map(dataBase+2*PageSize, (cowPages-2)*PageSize, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	for i := range uint64(cowPages) {
		if err := c.Mem.Poke(binary.LittleEndian.AppendUint64(nil, 100+i), dataBase+i*PageSize); err != nil {
			t.Fatal(err)
		}
	}
	f := &cowFamily{}
	for i := range f.cpus {
		if i > 0 {
			c = NewCPU(f.cpus[i-1].Mem.Fork(nil))
		}
		c.PC = codeBase
		runToCallsys(t, c)
		f.cpus[i] = c
	}
	return f
}

// quad reads the quadword at a of m.
func quad(t *testing.T, m *Memory, a uint64) uint64 {
	t.Helper()
	var b [8]byte
	if err := m.ReadAt(b[:], a); err != nil {
		t.Fatal(err)
	}
	return binary.LittleEndian.Uint64(b[:])
}

// TestForkCOW writes once into a page shared copy-on-write by a parent, its
// child and its grandchild, by every kind of write, and checks that exactly
// the writer's page was copied and changed: the others still share the
// original.
func TestForkCOW(t *testing.T) {
	ops := []struct {
		name  string
		pages []uint64 // data pages written
		write func(t *testing.T, c *CPU)
	}{
		{"cpu stq and stq_c", []uint64{0, 1}, func(t *testing.T, c *CPU) {
			c.PC, c.R[16], c.R[2] = codeBase, 1, 7
			runToCallsys(t, c)
			if c.R[3] != 100 || c.R[4] != 7 || c.R[7] != 101 || c.R[5] != 1 || c.R[6] != 102 {
				t.Errorf("old %d, new %d, before stq_c %d, stq_c %d, after %d; want 100 7 101 1 102",
					c.R[3], c.R[4], c.R[7], c.R[5], c.R[6])
			}
		}},
		{"WriteAt", []uint64{2}, func(t *testing.T, c *CPU) {
			if err := c.Mem.WriteAt([]byte{7}, dataBase+2*PageSize); err != nil {
				t.Fatal(err)
			}
		}},
		{"Poke", []uint64{3}, func(t *testing.T, c *CPU) {
			if err := c.Mem.Poke([]byte{7}, dataBase+3*PageSize); err != nil {
				t.Fatal(err)
			}
		}},
		{"WriteAt across pages", []uint64{3, 4}, func(t *testing.T, c *CPU) {
			b := make([]byte, PageSize+1)
			b[PageSize] = 7
			b[0] = 7
			if err := c.Mem.WriteAt(b, dataBase+3*PageSize); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, op := range ops {
		for w, who := range []string{"parent", "child", "grandchild"} {
			t.Run(op.name+" by "+who, func(t *testing.T) {
				f := newCOWFamily(t)
				var before [3]uint64
				for i, c := range f.cpus {
					before[i] = c.Mem.copied.Load()
				}
				op.write(t, f.cpus[w])
				for i, c := range f.cpus {
					want := uint64(0)
					if i == w {
						want = uint64(len(op.pages))
					}
					if got := c.Mem.copied.Load() - before[i]; got != want {
						t.Errorf("process %d copied %d pages, want %d", i, got, want)
					}
				}
				for pg := range uint64(cowPages) {
					a := dataBase + pg*PageSize
					written := false
					for _, p := range op.pages {
						written = written || p == pg
					}
					for i, c := range f.cpus {
						got := quad(t, c.Mem, a)
						if i == w && written {
							if got == 100+pg {
								t.Errorf("process %d: page %d unchanged by its own write", i, pg)
							}
						} else if got != 100+pg {
							t.Errorf("process %d: page %d reads %d, want %d", i, pg, got, 100+pg)
						}
					}
					other := f.cpus[(w+1)%3].Mem.lookup(a)
					if f.cpus[(w+2)%3].Mem.lookup(a) != other {
						t.Errorf("page %d no longer shared by the processes that did not write it", pg)
					}
					if own := f.cpus[w].Mem.lookup(a); (own == other) == written {
						t.Errorf("page %d: writer shares it %v, wrote it %v", pg, own == other, written)
					}
				}
			})
		}
	}
}

// TestForkCOWHolders checks the holder count: each of three holders
// writing in turn copies the page except the last, which takes it back;
// an unmap or a change of protection lets go of it too.
func TestForkCOWHolders(t *testing.T) {
	const a = dataBase + 2*PageSize
	tests := []struct {
		name   string
		steps  []func(m *Memory) error
		copies [3]uint64
	}{
		{"three writes", []func(m *Memory) error{
			func(m *Memory) error { return m.WriteAt([]byte{1}, a) },
			func(m *Memory) error { return m.WriteAt([]byte{2}, a) },
			func(m *Memory) error { return m.WriteAt([]byte{3}, a) },
		}, [3]uint64{1, 1, 0}},
		{"unmap, write, write", []func(m *Memory) error{
			func(m *Memory) error { return m.Unmap(a, PageSize) },
			func(m *Memory) error { return m.WriteAt([]byte{2}, a) },
			func(m *Memory) error { return m.WriteAt([]byte{3}, a) },
		}, [3]uint64{0, 1, 0}},
		{"protect, protect, write", []func(m *Memory) error{
			func(m *Memory) error { return m.Protect(a, PageSize, ProtRead) },
			func(m *Memory) error { return m.Protect(a, PageSize, ProtRead|ProtExec) },
			func(m *Memory) error { return m.WriteAt([]byte{3}, a) },
		}, [3]uint64{1, 1, 0}},
		{"remap, protect, protect", []func(m *Memory) error{
			func(m *Memory) error { return m.Map(a, PageSize, ProtRead) },
			func(m *Memory) error { return m.Protect(a, PageSize, ProtRead) },
			func(m *Memory) error { return m.Protect(a, PageSize, ProtRead) },
		}, [3]uint64{0, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newCOWFamily(t)
			for i, step := range tt.steps {
				m := f.cpus[i].Mem
				before := m.copied.Load()
				if err := step(m); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if got := m.copied.Load() - before; got != tt.copies[i] {
					t.Errorf("step %d copied %d pages, want %d", i, got, tt.copies[i])
				}
			}
			if got := quad(t, f.cpus[0].Mem, dataBase); got != 100 {
				t.Errorf("untouched page reads %d", got)
			}
		})
	}
}

// TestForkCOWProtect changes the protection of a copy-on-write page in the
// child: the parent's page keeps its protection and contents, and a write
// to the child's read-only page faults.
func TestForkCOWProtect(t *testing.T) {
	f := newCOWFamily(t)
	par, kid := f.cpus[0].Mem, f.cpus[1].Mem
	const a = dataBase + 2*PageSize
	if err := kid.Protect(a, PageSize, ProtRead); err != nil {
		t.Fatal(err)
	}
	if err := kid.WriteAt([]byte{1}, a); err == nil {
		t.Error("write to the child's read-only page succeeded")
	}
	if p, _ := par.Prot(a); p != ProtRead|ProtWrite {
		t.Errorf("parent's protection %v", p)
	}
	if err := par.WriteAt([]byte{1}, a); err != nil {
		t.Fatal(err)
	}
	if got := quad(t, kid, a); got != 102 {
		t.Errorf("child reads %d after the parent's write, want 102", got)
	}
	// A CPU store to the child's page, made writable again, stays in the child.
	if err := kid.Protect(a, PageSize, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	c := f.cpus[1]
	c.PC, c.R[16], c.R[2] = codeBase, 1, 9
	runToCallsys(t, c)
	if got := quad(t, par, dataBase); got != 100 {
		t.Errorf("parent reads %d after the child's store", got)
	}
}

// TestForkCOWCode checks pages holding code: a page decoded before the fork
// is the child's own copy at once (decoded code belongs to one space), a
// page first executed after the fork is copied for the process executing
// it, and a write to code in one process does not reach the other's.
func TestForkCOWCode(t *testing.T) {
	f := newCOWFamily(t)
	par, kid, gkid := f.cpus[0].Mem, f.cpus[1].Mem, f.cpus[2].Mem
	if par.lookup(codeBase) == kid.lookup(codeBase) || kid.lookup(codeBase) == gkid.lookup(codeBase) {
		t.Fatal("decoded code page shared across a fork")
	}
	if par.lookup(codeBase).code.Load() == nil || par.lookup(codeBase).refs.Load() != 0 {
		t.Error("parent's code page lost its decoded code or became copy-on-write")
	}
	// The child overwrites its first instruction with call_pal callsys: its
	// run stops at once, the parent's still runs the whole program.
	if err := kid.Poke([]byte{0x83, 0, 0, 0}, codeBase); err != nil {
		t.Fatal(err)
	}
	kc := f.cpus[1]
	kc.PC, kc.R[16], kc.R[2] = codeBase, 1, 5
	runToCallsys(t, kc)
	if kc.PC != codeBase+4 {
		t.Errorf("child stopped at %#x, want %#x", kc.PC, codeBase+4)
	}
	pc := f.cpus[0]
	pc.PC, pc.R[16], pc.R[2] = codeBase, 1, 5
	runToCallsys(t, pc)
	if pc.R[4] != 5 {
		t.Errorf("parent's program did not run: t3 = %d", pc.R[4])
	}

	// An executable page never run before the fork is shared, then copied
	// by the first process that executes it.
	const x = dataBase + 5*PageSize
	m := NewMemory()
	if err := m.Map(x, PageSize, ProtRead|ProtExec); err != nil {
		t.Fatal(err)
	}
	if err := m.Poke([]byte{0x83, 0, 0, 0}, x); err != nil {
		t.Fatal(err)
	}
	k := m.Fork(nil)
	if m.lookup(x) != k.lookup(x) {
		t.Fatal("undecoded page not shared")
	}
	c := NewCPU(k)
	c.PC = x
	runToCallsys(t, c)
	if k.copied.Load() != 1 || m.lookup(x) == k.lookup(x) || m.lookup(x).code.Load() != nil {
		t.Errorf("child copied %d pages; parent's page decoded %v", k.copied.Load(), m.lookup(x).code.Load() != nil)
	}
}

// TestForkCOWParallel runs a parent and several forks of it in parallel,
// each writing its own values over pages they share copy-on-write, through
// WriteAt and CPU stores (run it with -race): each sees only its own writes.
func TestForkCOWParallel(t *testing.T) {
	f := newCOWFamily(t)
	cpus := []*CPU{f.cpus[0], f.cpus[1], f.cpus[2]}
	for range 3 {
		cpus = append(cpus, NewCPU(f.cpus[0].Mem.Fork(nil)))
	}
	for _, c := range cpus[1:] {
		cpus = append(cpus, NewCPU(c.Mem.Fork(nil)))
	}
	errs := make([]error, len(cpus))
	var wg sync.WaitGroup
	for i, c := range cpus {
		wg.Go(func() {
			errs[i] = cowWorker(c, uint64(i))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
}

// cowWorker writes 1000*id+page into every data page but the first two
// (left to the CPU) of c's memory, half of them in reverse order, runs the
// CPU's stores, and checks everything reads back.
func cowWorker(c *CPU, id uint64) error {
	m := c.Mem
	for k := range uint64(cowPages - 2) {
		pg := 2 + k
		if id%2 == 1 {
			pg = cowPages - 1 - k
		}
		if err := m.WriteAt(binary.LittleEndian.AppendUint64(nil, 1000*id+pg), dataBase+pg*PageSize); err != nil {
			return err
		}
	}
	c.PC, c.R[16], c.R[2] = codeBase, 1, 1000*id
	if st := c.Run(1 << 20); st.Reason != StopCallsys {
		return fmt.Errorf("stop %+v", st)
	}
	var b [8]byte
	for pg := range uint64(cowPages) {
		want := 1000*id + pg
		switch pg {
		case 0:
			want = 1000 * id
		case 1:
			want = 102
		}
		if err := m.ReadAt(b[:], dataBase+pg*PageSize); err != nil {
			return err
		}
		if got := binary.LittleEndian.Uint64(b[:]); got != want {
			return fmt.Errorf("page %d reads %d, want %d", pg, got, want)
		}
	}
	return nil
}

// TestForkRelease checks that pages shared copy-on-write go back to the
// parent without a copy once the child's address space is released (exit
// or exec), and that the parent's copies stay correct.
func TestForkRelease(t *testing.T) {
	m := NewMemory()
	if err := m.Map(dataBase, 4*PageSize, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteAt([]byte{1}, dataBase); err != nil {
		t.Fatal(err)
	}
	child := m.Fork(nil)
	grand := child.Fork(nil)
	child.Release()
	if child.MappedBytes() != 0 {
		t.Errorf("released child maps %d bytes", child.MappedBytes())
	}
	// The grandchild still holds the pages: the parent copies.
	if err := m.WriteAt([]byte{2}, dataBase); err != nil {
		t.Fatal(err)
	}
	if got := m.copied.Load(); got != 1 {
		t.Errorf("parent copied %d pages with the grandchild alive, want 1", got)
	}
	grand.Release()
	if err := m.WriteAt([]byte{3}, dataBase+PageSize); err != nil {
		t.Fatal(err)
	}
	if got := m.copied.Load(); got != 1 {
		t.Errorf("parent copied %d pages after every other holder was released, want 1", got)
	}
	var b [1]byte
	for i, want := range []byte{2, 3} {
		if err := m.ReadAt(b[:], dataBase+uint64(i)*PageSize); err != nil || b[0] != want {
			t.Errorf("page %d reads %d (%v), want %d", i, b[0], err, want)
		}
	}
}
