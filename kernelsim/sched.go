package kernelsim

import (
	"context"
	"reflect"
	"time"

	"github.com/axpsec/axpsec/alphaemu"
)

// Scheduling model. Every thread runs on its own goroutine, and threads
// execute instructions in parallel, those of one address space included:
// plain instructions take no lock (alphaemu stops the CPUs of an address
// space only while a mapping they may have cached changes, and makes LL/SC
// atomic across them). The kernel lock (Kernel.big) is held while a thread
// runs kernel code (syscalls, faults, signal delivery) and released while
// it executes instructions or blocks. A thread sending a signal to another
// interrupts its CPU, which returns to the kernel at the end of its current
// block.

// timeSlice is how many instructions a thread executes between checks of
// the run's context and instruction limit.
const timeSlice = 1 << 22

// acquire takes the kernel lock.
func (t *Thread) acquire() {
	t.k.big.Lock()
	t.held = true
}

// release gives up the kernel lock.
func (t *Thread) release() {
	t.held = false
	t.k.big.Unlock()
}

// wakeReason says why block returned.
type wakeReason uint8

const (
	wokeChan   wakeReason = iota // the awaited channel was closed
	wokeTimer                    // the timer fired
	wokeSignal                   // a signal arrived, the process is exiting or the run ended
)

// block waits with the kernel lock released until ch is closed, timer
// fires or the thread is interrupted. A nil ch or timer never fires. Threads
// driven directly by tests (not through run) hold no locks and release none.
func (t *Thread) block(ch <-chan struct{}, timer <-chan time.Time) wakeReason {
	for {
		if r := t.blockOnce(ch, timer); r != wokeSignal || t.interrupted() {
			return r
		}
	}
}

// interrupted reports whether a wokeSignal wake-up is real: a signal is
// pending, the thread or its process is going away, or the run is being
// cancelled. A stale wake token (left by a signal that was handled, or
// ignored, before the thread blocked) is not, and the thread sleeps on, as
// Linux's interruptible sleeps do.
func (t *Thread) interrupted() bool {
	return t.signalsPending() || (t.ctx != nil && t.ctx.Err() != nil)
}

// blockOnce is one wait of block: it may return wokeSignal spuriously.
func (t *Thread) blockOnce(ch <-chan struct{}, timer <-chan time.Time) wakeReason {
	if t.signalsPending() {
		return wokeSignal
	}
	var done <-chan struct{}
	if t.ctx != nil {
		done = t.ctx.Done()
	}
	t.sleepStart()
	defer t.sleepEnd()
	held := t.held
	if held {
		t.release()
		defer t.acquire()
	}
	select {
	case <-ch:
		return wokeChan
	case <-timer:
		return wokeTimer
	case <-t.wake:
		return wokeSignal
	case <-done:
		return wokeSignal
	}
}

// blockAny is block for several channels: it returns wokeChan when any of
// chs is closed.
func (t *Thread) blockAny(chs []<-chan struct{}, timer <-chan time.Time) wakeReason {
	if len(chs) <= 1 {
		var ch <-chan struct{}
		if len(chs) == 1 {
			ch = chs[0]
		}
		return t.block(ch, timer)
	}
	for {
		if r := t.blockAnyOnce(chs, timer); r != wokeSignal || t.interrupted() {
			return r
		}
	}
}

// blockAnyOnce is one wait of blockAny: it may return wokeSignal spuriously.
func (t *Thread) blockAnyOnce(chs []<-chan struct{}, timer <-chan time.Time) wakeReason {
	if t.signalsPending() {
		return wokeSignal
	}
	cases := make([]reflect.SelectCase, 0, len(chs)+3)
	for _, ch := range chs {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)})
	}
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(t.wake)})
	if timer != nil {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(timer)})
	}
	if t.ctx != nil {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(t.ctx.Done())})
	}
	t.sleepStart()
	defer t.sleepEnd()
	held := t.held
	if held {
		t.release()
		defer t.acquire()
	}
	i, _, _ := reflect.Select(cases)
	switch {
	case i < len(chs):
		return wokeChan
	case timer != nil && i == len(chs)+1:
		return wokeTimer
	}
	return wokeSignal
}

// spawn starts a goroutine running t in ctx until t or its process exits.
func (k *Kernel) spawn(t *Thread, ctx context.Context) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		if err := t.run(ctx); err != nil {
			k.fail(err)
		}
	}()
}

// fail records the first host-side error of the run and stops every thread.
func (k *Kernel) fail(err error) {
	k.errMu.Lock()
	if k.runErr == nil {
		k.runErr = err
	}
	k.errMu.Unlock()
	if k.cancel != nil {
		k.cancel(err)
	}
}

// run executes the thread until it or its process exits, or a limit is hit.
func (t *Thread) run(ctx context.Context) error {
	t.ctx = ctx
	t.acquire()
	defer t.release()
	defer t.leave()
	done := ctx.Done()
	maxInsns := t.k.cfg.MaxInsns
	t.runStart()
	defer t.runEnd()
	for !t.proc.exited && !t.gone {
		c := t.cpu
		slice := uint64(timeSlice)
		if maxInsns != 0 {
			// The limit is the whole tree's: each thread's slice is its
			// share of what neither the finished slices nor the ones
			// running in parallel have used, so that the threads
			// overshoot it by a block each at most.
			if t.k.insns >= maxInsns {
				return &LimitError{Kind: LimitInsns, Limit: maxInsns}
			}
			left := maxInsns - t.k.insns
			if left <= t.k.insnsLent {
				// Everything left is lent to running threads: wait for
				// them to give back what they do not use.
				t.release()
				time.Sleep(20 * time.Microsecond)
				t.acquire()
				continue
			}
			left -= t.k.insnsLent
			slice = min(slice, max(left/uint64(max(t.k.tasks, 1)), 1))
		}
		if t.proc.cpuTimersArmed {
			slice = min(slice, cpuTimerSlice) // charge ticks often enough to fire on time
		}
		t.k.insnsLent += slice
		before := c.Retired
		t.inUser = true
		t.tickKernel()
		t.k.big.Unlock()
		stop := c.Run(before + slice)
		t.k.big.Lock()
		t.inUser = false
		t.tickUser()
		t.k.insns += c.Retired - before
		t.k.insnsLent -= slice
		if t.proc.exited || t.gone {
			// Killed while running: what stopped it never happens.
			break
		}
		switch stop.Reason {
		case alphaemu.StopCallsys:
			t.syscall()
		case alphaemu.StopPAL:
			t.palTrap(stop.PAL)
		case alphaemu.StopFault:
			t.fault(stop)
		case alphaemu.StopLimit, alphaemu.StopInterrupt:
			// A slice's end (the limits are checked above), a signal or
			// the thread's end (handled below).
		}
		select {
		case <-done:
			return contextError(ctx)
		default:
		}
		t.exitToUser()
		for p := t.proc; p.stopped && !p.exited && !t.gone && ctx.Err() == nil; {
			// Another thread took a stop signal: the whole process stops.
			t.waitKillable(p.contEvent)
		}
	}
	return nil
}

// leave removes an ending thread from its process and its CPU from its
// address space, which is released once no thread uses it if it is no
// longer the process's or the process has been reaped.
func (t *Thread) leave() {
	p := t.proc
	t.gone = true
	if t.cpu.Detach() && (t.cpu.Mem != p.mem || p.reaped) {
		t.k.releaseSpace(t.cpu.Mem)
	}
	t.k.tasks--
	t.k.retiredDone += t.cpu.Retired
	for i, o := range p.threads {
		if o == t {
			p.threads = append(p.threads[:i:i], p.threads[i+1:]...)
			break
		}
	}
}

// dropCPU detaches the thread's CPU from its address space, releasing the
// address space when no thread uses it any more (its copy-on-write pages
// go back to the processes still sharing them): a clone that failed, the
// old program of an exec.
func (t *Thread) dropCPU() {
	if t.cpu.Detach() {
		t.k.releaseSpace(t.cpu.Mem)
	}
}
