package alphaemu

import (
	"encoding/binary"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
)

// deadlockGuard is how long a test waits for CPUs that must finish: only a
// deadlock (CPUs that cannot run in parallel) takes that long.
const deadlockGuard = 60 * time.Second

// runAll runs every CPU in its own goroutine until its first stop and
// returns the stops; it fails the test if they do not all stop in time.
func runAll(t *testing.T, cpus ...*CPU) []Stop {
	t.Helper()
	stops := make([]Stop, len(cpus))
	var wg sync.WaitGroup
	for i, c := range cpus {
		wg.Go(func() { stops[i] = c.Run(1 << 40) })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(deadlockGuard):
		for _, c := range cpus {
			c.Interrupt()
		}
		<-done
		t.Fatalf("CPUs did not finish: stops %+v", stops)
	}
	return stops
}

// addCPU returns a new CPU on c's memory starting at the label offset off
// (in instructions) of the test program, with a0 = dataBase.
func addCPU(c *CPU, off uint64) *CPU {
	n := NewCPU(c.Mem)
	n.PC, n.R[16] = codeBase+4*off, dataBase
	return n
}

// TestParallelHandshake runs two CPUs of one address space that can only
// finish if they execute at the same time: each waits, spinning without
// any system call, for a store by the other.
func TestParallelHandshake(t *testing.T) {
	const src = `
	# CPU 0 (offset 0): flag0 = 1, wait for flag1, flag2 = 7
	lda t0, 1
	stq t0, 0(a0)
w1:	ldq t1, 8(a0)
	beq t1, w1
	lda t0, 7
	stq t0, 16(a0)
	call_pal 0x83
	# CPU 1 (offset 8): wait for flag0, flag1 = 1, wait for flag2
w0:	ldq t1, 0(a0)
	beq t1, w0
	lda t0, 1
	stq t0, 8(a0)
w2:	ldq t1, 16(a0)
	beq t1, w2
	call_pal 0x83
`
	c0 := newTestCPU(t, src)
	c0.R[16] = dataBase
	c1 := addCPU(c0, 8)
	for i, st := range runAll(t, c0, c1) {
		if st.Reason != StopCallsys {
			t.Errorf("CPU %d stopped with %+v", i, st)
		}
	}
}

// TestParallelLLSC runs CPUs incrementing shared counters with LDQ_L/STQ_C
// and LDL_L/STL_C retry loops: no increment may be lost. A second run adds
// a CPU after the code was decoded by the first (the attach completes it).
func TestParallelLLSC(t *testing.T) {
	const rounds = 20000
	const src = `
	lda t3, 20000
loop:	ldq_l t0, 0(a0)
	addq t0, 1, t0
	stq_c t0, 0(a0)
	beq t0, loop
retry:	ldl_l t1, 8(a0)
	subl t1, 3, t1
	stl_c t1, 8(a0)
	beq t1, retry
	ldq t2, 16(a0)
	addq t2, 1, t2
	stq t2, 16(a0)
	subq t3, 1, t3
	bne t3, loop
	call_pal 0x83
`
	for _, n := range []int{2, 4} {
		c0 := newTestCPU(t, src)
		c0.R[16] = dataBase
		cpus := []*CPU{c0}
		for range n - 1 {
			cpus = append(cpus, addCPU(c0, 0))
		}
		for i, st := range runAll(t, cpus...) {
			if st.Reason != StopCallsys {
				t.Fatalf("CPU %d stopped with %+v", i, st)
			}
		}
		var b [24]byte
		if err := c0.Mem.ReadAt(b[:], dataBase); err != nil {
			t.Fatal(err)
		}
		q, l := binary.LittleEndian.Uint64(b[:]), int32(binary.LittleEndian.Uint32(b[8:]))
		if q != uint64(n*rounds) || l != int32(-3*n*rounds) {
			t.Errorf("%d CPUs: quadword counter %d, longword counter %d; want %d and %d", n, q, l, n*rounds, -3*n*rounds)
		}
		// The plain load/add/store counter races: it may lose increments
		// but never gain any.
		if plain := binary.LittleEndian.Uint64(b[16:]); plain > uint64(n*rounds) || plain == 0 {
			t.Errorf("%d CPUs: plain counter %d, want 1..%d", n, plain, n*rounds)
		}
	}
}

// spinProg stores an increasing count to 0(a0) forever (offset 0) and
// reads a word of 8(a0) forever (offset 4).
const spinProg = `
	lda t0, 1
loop:	stq t0, 0(a0)
	addq t0, 1, t0
	br loop
rloop:	ldq t1, 8(a0)
	br rloop
`

// waitCount waits until the count at dataBase of m reaches at least 1000.
func waitCount(t *testing.T, m *Memory) {
	t.Helper()
	deadline := time.Now().Add(deadlockGuard)
	var b [8]byte
	for time.Now().Before(deadline) {
		if err := m.ReadAt(b[:], dataBase); err != nil {
			t.Fatal(err)
		}
		if binary.LittleEndian.Uint64(b[:]) >= 1000 {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the storing CPU never ran")
}

// TestShootdown changes the mappings under running CPUs: once Unmap or
// Protect returns, no CPU may store into (or, unmapped, read) the page
// any more, and a Fork is a consistent snapshot that later stores of the
// parent's CPUs do not reach.
func TestShootdown(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(m *Memory) *Memory
		want   []Stop // of the storing and the reading CPU; StopInterrupt: still running
	}{
		{"unmap", func(m *Memory) *Memory {
			if err := m.Unmap(dataBase, PageSize); err != nil {
				t.Fatal(err)
			}
			return nil
		}, []Stop{
			{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvMap, Addr: dataBase},
			{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvMap, Addr: dataBase + 8},
		}},
		{"protect read-only", func(m *Memory) *Memory {
			if err := m.Protect(dataBase, PageSize, ProtRead); err != nil {
				t.Fatal(err)
			}
			return nil
		}, []Stop{
			{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvAcc, Addr: dataBase},
			{Reason: StopInterrupt},
		}},
		{"protect none", func(m *Memory) *Memory {
			if err := m.Protect(dataBase, PageSize, 0); err != nil {
				t.Fatal(err)
			}
			return nil
		}, []Stop{
			{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvAcc, Addr: dataBase},
			{Reason: StopFault, Signal: abi.SIGSEGV, Code: codeSegvAcc, Addr: dataBase + 8},
		}},
		{"map over", func(m *Memory) *Memory {
			if err := m.Map(dataBase, PageSize, ProtRead|ProtWrite); err != nil {
				t.Fatal(err)
			}
			return nil
		}, []Stop{{Reason: StopInterrupt}, {Reason: StopInterrupt}}},
		{"fork", func(m *Memory) *Memory { return m.Fork(nil) }, []Stop{{Reason: StopInterrupt}, {Reason: StopInterrupt}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newTestCPU(t, spinProg)
			w.R[16] = dataBase
			r := addCPU(w, 4)
			m := w.Mem
			old := m.lookup(dataBase)
			stops := []chan Stop{make(chan Stop, 1), make(chan Stop, 1)}
			for i, c := range []*CPU{w, r} {
				go func() { stops[i] <- c.Run(1 << 40) }()
			}
			waitCount(t, m)
			child := tc.change(m)
			frozen := binary.LittleEndian.Uint64(old.data[:8])
			var snap [8]byte
			if child != nil {
				if err := child.ReadAt(snap[:], dataBase); err != nil {
					t.Fatal(err)
				}
			}
			// CPUs that must fault do so by themselves; the others are
			// interrupted after a while.
			var got [2]Stop
			for i, c := range []*CPU{w, r} {
				if tc.want[i].Reason == StopFault {
					continue
				}
				time.Sleep(5 * time.Millisecond)
				c.Interrupt()
			}
			for i := range got {
				select {
				case got[i] = <-stops[i]:
				case <-time.After(deadlockGuard):
					w.Interrupt()
					r.Interrupt()
					t.Fatalf("CPU %d did not stop", i)
				}
			}
			if got[0] != tc.want[0] || got[1] != tc.want[1] {
				t.Errorf("stops: storing CPU %+v, reading CPU %+v; want %+v", got[0], got[1], tc.want)
			}
			if tc.name != "map over" && tc.name != "fork" {
				if now := binary.LittleEndian.Uint64(old.data[:8]); now != frozen {
					t.Errorf("the old page changed from %d to %d after the change returned", frozen, now)
				}
			}
			if child != nil {
				var again [8]byte
				if err := child.ReadAt(again[:], dataBase); err != nil {
					t.Fatal(err)
				}
				if again != snap {
					t.Errorf("child's page changed from %x to %x after the fork", snap, again)
				}
			}
		})
	}
}

// TestInterrupt stops CPUs in endless loops and resumes them: a loop of
// fast-path instructions, and one that takes the full executor on every
// iteration (LL/SC), which must not postpone the poll forever.
func TestInterrupt(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"fast", spinProg},
		{"llsc", `
	lda t0, 1
loop:	ldq_l t1, 0(a0)
	addq t1, 1, t1
	stq_c t1, 0(a0)
	br loop
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCPU(t, tc.src)
			c.R[16] = dataBase
			done := make(chan Stop)
			go func() { done <- c.Run(1 << 40) }()
			waitCount(t, c.Mem)
			c.Interrupt()
			select {
			case st := <-done:
				if st.Reason != StopInterrupt || c.PC < codeBase || c.PC >= codeBase+20 {
					t.Fatalf("stop %+v at pc %#x, want an interrupt inside the loop", st, c.PC)
				}
			case <-time.After(deadlockGuard):
				t.Fatal("the CPU ignored the interrupt")
			}
			before := c.Retired
			if st := c.Run(c.Retired + 1000); st.Reason != StopLimit || c.Retired < before+1000 {
				t.Errorf("resumed: stop %+v, retired %d more", st, c.Retired-before)
			}
		})
	}
}

// TestDecodeMore checks how code is decoded: in place by a CPU alone on
// its Memory, and, once a second CPU is attached, into a whole-decoded copy
// that replaces the old version (marked dead, its records unchanged).
func TestDecodeMore(t *testing.T) {
	c := newTestCPU(t, "nop\ncall_pal 0x83\nnop\nnop\ncall_pal 0x83")
	runToCallsys(t, c)
	undecoded := func(cp *codePage) int {
		n := 0
		for _, d := range cp.insns[:PageSize/4] {
			if d.op == opUndecoded {
				n++
			}
		}
		return n
	}
	old := c.Mem.lookup(codeBase).code.Load()
	n := undecoded(old)
	if n == 0 || n == PageSize/4 {
		t.Fatalf("%d records undecoded after the first run, want a few decoded in place", n)
	}
	d := NewCPU(c.Mem)
	if !c.Mem.multi.Load() {
		t.Fatal("memory not multi-threaded with two CPUs")
	}
	runToCallsys(t, c)
	cur := c.Mem.lookup(codeBase).code.Load()
	if cur == old || !old.dead.Load() || undecoded(cur) != 0 || undecoded(old) != n {
		t.Errorf("after a miss with two CPUs: new version %v, old dead %v, undecoded new %d old %d (was %d)",
			cur != old, old.dead.Load(), undecoded(cur), undecoded(old), n)
	}
	d.Detach()
	if c.Mem.multi.Load() {
		t.Error("memory still multi-threaded after the second CPU detached")
	}
}

// writerProg stores the count t0 = 0, 1, ... a1-1 into word t0 mod 256 of
// the 2 KiB at a0, then makes a system call.
const writerProg = `
loop:	and t0, 255, t1
	s8addq t1, a0, t2
	stq t0, 0(t2)
	addq t0, 1, t0
	cmpult t0, a1, t1
	bne t1, loop
	call_pal 0x83
`

// writerWords reads the 256 words CPU i of TestForkUnderWriters writes.
func writerWords(t *testing.T, m *Memory, i int) []uint64 {
	t.Helper()
	var b [256 * 8]byte
	if err := m.ReadAt(b[:], writerBase(i)); err != nil {
		t.Fatal(err)
	}
	w := make([]uint64, 256)
	for j := range w {
		w[j] = binary.LittleEndian.Uint64(b[j*8:])
	}
	return w
}

// writerBase is where CPU i of TestForkUnderWriters writes: two CPUs on
// each of the two data pages.
func writerBase(i int) uint64 { return dataBase + uint64(i%2)*PageSize + uint64(i/2)*2048 }

// TestForkUnderWriters forks an address space over and over while four
// CPUs write its two pages, two per page, and releases every other child
// at once (its copy-on-write pages go back to the parent while the parent
// writes them). Every snapshot must hold only values its CPU wrote, and
// never change afterwards; the parent must end with every CPU's last
// stores: a copy-on-write copy made by one CPU must not lose another's.
func TestForkUnderWriters(t *testing.T) {
	const rounds = 1 << 21
	w0 := newTestCPU(t, writerProg)
	cpus := []*CPU{w0, addCPU(w0, 0), addCPU(w0, 0), addCPU(w0, 0)}
	for i, c := range cpus {
		c.R[16], c.R[17] = writerBase(i), rounds
	}
	m := w0.Mem
	stops := make(chan Stop, len(cpus))
	for _, c := range cpus {
		go func() { stops <- c.Run(1 << 40) }()
	}
	type snapshot struct {
		m     *Memory
		words [4][]uint64
	}
	var kept []snapshot
	deadline := time.After(deadlockGuard)
	forks := 0
	for running := len(cpus); running > 0; {
		select {
		case st := <-stops:
			if st.Reason != StopCallsys {
				t.Fatalf("a writing CPU stopped with %+v", st)
			}
			running--
			continue
		case <-deadline:
			for _, c := range cpus {
				c.Interrupt()
			}
			t.Fatal("the writing CPUs did not finish")
		default:
		}
		child := m.Fork(nil)
		forks++
		var s snapshot
		s.m = child
		for i := range cpus {
			s.words[i] = writerWords(t, child, i)
			for j, v := range s.words[i] {
				if v != 0 && v%256 != uint64(j) {
					t.Fatalf("fork %d: CPU %d's word %d holds %d, a value it never stored there", forks, i, j, v)
				}
			}
		}
		if forks%2 == 0 {
			child.Release()
		} else {
			kept = append(kept, s)
		}
	}
	for k, s := range kept {
		for i := range cpus {
			if now := writerWords(t, s.m, i); !slices.Equal(now, s.words[i]) {
				t.Errorf("kept child %d: CPU %d's words changed after the fork", k, i)
			}
		}
	}
	for i := range cpus {
		for j, v := range writerWords(t, m, i) {
			if want := uint64(rounds - 256 + j); v != want {
				t.Fatalf("parent after %d forks: CPU %d's word %d = %d, want %d (a store was lost)", forks, i, j, v, want)
			}
		}
	}
	t.Logf("%d forks while the CPUs wrote", forks)
}

// TestSharedLLSCAcrossSpaces increments counters on a page a Fork shared
// for good (MAP_SHARED) from CPUs of both address spaces with LDQ_L/STQ_C
// and LDL_L/STL_C, while the kernel side subtracts from the longword with
// Update32 (a futex operation): no update may be lost on either side.
func TestSharedLLSCAcrossSpaces(t *testing.T) {
	const rounds, kernelOps = 1 << 18, 1 << 18
	const src = `
	ldah t3, 4
loop:	ldq_l t0, 0(a0)
	addq t0, 1, t0
	stq_c t0, 0(a0)
	beq t0, loop
retry:	ldl_l t1, 8(a0)
	subl t1, 3, t1
	stl_c t1, 8(a0)
	beq t1, retry
	subq t3, 1, t3
	bne t3, loop
	call_pal 0x83
`
	p0 := newTestCPU(t, src)
	p0.R[16] = dataBase
	child := p0.Mem.Fork(func(addr uint64) bool { return addr == dataBase })
	c0 := NewCPU(child)
	c0.PC, c0.R[16] = codeBase, dataBase
	cpus := []*CPU{p0, addCPU(p0, 0), c0, addCPU(c0, 0)}
	done := make(chan error)
	go func() {
		for range kernelOps {
			if _, err := child.Update32(dataBase+8, func(old uint32) (uint32, bool) { return old - 3, true }); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i, st := range runAll(t, cpus...) {
		if st.Reason != StopCallsys {
			t.Fatalf("CPU %d stopped with %+v", i, st)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, m := range []*Memory{p0.Mem, child} {
		var b [12]byte
		if err := m.ReadAt(b[:], dataBase); err != nil {
			t.Fatal(err)
		}
		q, l := binary.LittleEndian.Uint64(b[:]), int32(binary.LittleEndian.Uint32(b[8:]))
		if q != 4*rounds || l != -3*(4*rounds+kernelOps) {
			t.Errorf("quadword counter %d, longword counter %d; want %d and %d", q, l, 4*rounds, -3*(4*rounds+kernelOps))
		}
	}
}

// TestExecShootdown takes a running CPU's code page away under it: once
// Protect (removing execute permission) or Unmap returns, the CPU, looping
// on the page without leaving it, must fault on its next instruction fetch
// at a block end instead of going on with the decoded code it holds.
func TestExecShootdown(t *testing.T) {
	const loop = `
	lda t0, 1
loop:	stq t0, 0(a0)
	addq t0, 1, t0
	br loop
`
	for _, tc := range []struct {
		name   string
		change func(m *Memory) error
		code   int32
	}{
		{"protect read-only", func(m *Memory) error { return m.Protect(codeBase, PageSize, ProtRead) }, codeSegvAcc},
		{"protect read-write", func(m *Memory) error { return m.Protect(codeBase, PageSize, ProtRead|ProtWrite) }, codeSegvAcc},
		{"unmap", func(m *Memory) error { return m.Unmap(codeBase, PageSize) }, codeSegvMap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCPU(t, loop)
			c.R[16] = dataBase
			// A second CPU makes the Memory multi-threaded, as in a process
			// whose other thread changes the mapping.
			NewCPU(c.Mem)
			stop := make(chan Stop, 1)
			go func() { stop <- c.Run(1 << 40) }()
			waitCount(t, c.Mem)
			if err := tc.change(c.Mem); err != nil {
				t.Fatal(err)
			}
			select {
			case st := <-stop:
				if st.Reason != StopFault || st.Signal != abi.SIGSEGV || st.Code != tc.code || st.Addr < codeBase+4 || st.Addr >= codeBase+16 {
					t.Errorf("stop %+v, want SIGSEGV code %d at an instruction of the loop", st, tc.code)
				}
			case <-time.After(deadlockGuard):
				c.Interrupt()
				<-stop
				t.Fatal("the CPU kept executing a page it may no longer execute")
			}
		})
	}
}

// TestOwnedAfterCopy replays, step by step, a race of two CPUs of a parent
// writing a page a Fork shared: one looks the page up, the other replaces
// it with a copy (letting go of it), the child takes it back and writes
// it. The first must not find the page its own any more: its store would
// land in the child's page (forkthreads.c saw a child's snapshot change).
func TestOwnedAfterCopy(t *testing.T) {
	c := newTestCPU(t, "call_pal 0x83")
	m := c.Mem
	NewCPU(m) // a second CPU: the parent is multi-threaded
	child := m.Fork(nil)
	p := m.lookup(dataBase) // the first CPU's lookup
	m.mu.Lock()
	m.ownLocked(dataBase) // the second CPU's copy
	m.mu.Unlock()
	if err := child.WriteAt([]byte{1}, dataBase); err != nil {
		t.Fatal(err)
	}
	if child.lookup(dataBase) != p {
		t.Fatal("the child copied a page no one else held")
	}
	if m.owned(dataBase, p) {
		t.Error("the parent finds the child's page its own")
	}
	if q := m.lookup(dataBase); !m.owned(dataBase, q) {
		t.Error("the parent's copy is not its own")
	}
}

// TestReadCOWPage checks where a CPU reads a page shared copy-on-write:
// in place (and cached) when alone on its Memory, through Memory.access
// (which re-checks the mapping after reading) when other CPUs could
// replace the page while it reads.
func TestReadCOWPage(t *testing.T) {
	c := newTestCPU(t, "call_pal 0x83")
	m := c.Mem
	child := m.Fork(nil)
	p := m.lookup(dataBase)
	if got := c.rpage(dataBase); got != p || c.rtlb.entry(dataBase).page != p {
		t.Errorf("alone: rpage %p (cached %v), want the shared page read in place", got, c.rtlb.entry(dataBase).page == p)
	}
	d := NewCPU(m)
	c.flushTLB()
	if got := c.rpage(dataBase); got != nil || c.rtlb.entry(dataBase).tag != noPage {
		t.Errorf("with another CPU: rpage %p, want nil (read through access)", got)
	}
	if err := child.WriteAt([]byte{9}, dataBase); err != nil {
		t.Fatal(err)
	}
	var b [1]byte
	if v, f := c.loadSlow(dataBase, 1); f != nil || v != 0 {
		t.Errorf("parent reads %d (%v) after the child's write, want 0", v, f)
	}
	if err := child.ReadAt(b[:], dataBase); err != nil || b[0] != 9 {
		t.Errorf("child reads %d (%v), want 9", b[0], err)
	}
	d.Detach()
}
