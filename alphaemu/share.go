package alphaemu

import "runtime"

// CPUs sharing a Memory run in parallel. Plain loads and stores take no
// lock: they go through each CPU's software TLBs, which cache page
// pointers. Whatever could make a cached pointer wrong is done with every
// other CPU of the Memory stopped (exclusive), the way a kernel shoots down
// the TLBs of the processors running an address space:
//
//   - a CPU holds Memory.exec shared for the whole of Run, and checks its
//     interrupt request word (CPU.irq) whenever a block ends;
//   - exclusive raises every attached CPU's request, then takes exec for
//     itself: it waits for the running CPUs to reach the end of their
//     current block, where they let exec go and wait (service);
//   - the change is made, Memory.gen is bumped, and the CPUs resume with
//     their TLBs flushed.
//
// Changes that cannot leave a stale pointer behind (mapping fresh pages,
// granting permissions, replacing a demand-zero or copy-on-write page,
// which never enter a TLB) only take Memory.mu. Lock order: exec, then mu.

// change runs apply under m.mu, stopping the Memory's CPUs first when stale
// reports that the change could leave them with stale translations.
func (m *Memory) change(stale func() bool, apply func()) {
	m.mu.Lock()
	if !stale() {
		apply()
		m.mu.Unlock()
		return
	}
	m.mu.Unlock()
	m.exclusive(nil, apply)
}

// exclusive runs f under m.mu with every CPU attached to m other than self
// outside Run (or waiting in service), then bumps m.gen so that they all
// flush their TLBs. The caller must not hold m.exec (a CPU inside Run lets
// it go first).
func (m *Memory) exclusive(self *CPU, f func()) {
	m.pending.Add(1)
	m.mu.Lock()
	for _, c := range m.cpus {
		if c != self {
			c.irq.Store(1)
		}
	}
	m.mu.Unlock()
	m.exec.Lock()
	m.mu.Lock()
	f()
	m.gen.Add(1)
	m.mu.Unlock()
	m.pending.Add(-1)
	m.exec.Unlock()
}

// attach adds c to the CPUs of m. The second CPU makes m multi-threaded
// (decoded code is then copied on decode, see decodeMore): the switch is
// made with no CPU running, so none is decoding in place at that moment.
func (m *Memory) attach(c *CPU) {
	m.mu.Lock()
	if len(m.cpus) == 0 || m.multi.Load() {
		m.cpus = append(m.cpus, c)
		m.multi.Store(len(m.cpus) > 1)
		m.mu.Unlock()
		return
	}
	m.mu.Unlock()
	m.exclusive(nil, func() {
		m.cpus = append(m.cpus, c)
		m.multi.Store(true)
	})
}

// Detach removes c from the CPUs of its Memory: a CPU whose thread has
// ended. A detached CPU must not Run again. Detach reports whether c was
// the Memory's last CPU.
func (c *CPU) Detach() bool {
	m := c.Mem
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, o := range m.cpus {
		if o == c {
			m.cpus = append(m.cpus[:i:i], m.cpus[i+1:]...)
			break
		}
	}
	m.multi.Store(len(m.cpus) > 1)
	return len(m.cpus) == 0
}

// Attached returns the number of CPUs attached to m.
func (m *Memory) Attached() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.cpus)
}

// Copies returns the number of pages m copied because a Fork had shared
// them copy-on-write.
func (m *Memory) Copies() uint64 { return m.copied.Load() }

// Interrupt makes c's Run return StopInterrupt at the end of its current
// block (or of its next block, if it is not running): a signal for its
// thread, or a request to stop. It may be called from any goroutine.
func (c *CPU) Interrupt() {
	c.kick.Store(true)
	c.irq.Store(1)
}

// service handles c's interrupt request at the end of a block, inside Run:
// it waits out the exclusive changes of c's Memory, flushes the TLBs if
// they changed, and reports whether an Interrupt asked Run to return.
func (c *CPU) service() bool {
	c.irq.Store(0)
	m := c.Mem
	for m.pending.Load() != 0 {
		m.exec.RUnlock()
		runtime.Gosched()
		m.exec.RLock()
	}
	c.syncTLB()
	return c.kick.Swap(false)
}

// syncTLB flushes c's TLBs if its Memory's mappings changed since they
// were filled.
func (c *CPU) syncTLB() {
	if c.tlbGen != c.Mem.gen.Load() {
		c.flushTLB()
	}
}
