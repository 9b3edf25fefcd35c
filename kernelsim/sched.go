package kernelsim

import (
	"context"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/axpsec/axpsec/alphaemu"
)

// Scheduling model. Every thread runs on its own goroutine. Two locks
// protect the kernel:
//
//   - a run token per memory group: the threads of one address space, and
//     processes sharing MAP_SHARED pages, take turns with it. A thread holds
//     its token while it executes instructions and while it runs kernel code,
//     and hands it over at the end of each time slice (sharedSlice
//     instructions when the token has several users) and whenever it blocks.
//     Because alphaemu's Run drops the LL/SC lock whenever it returns, a
//     store-conditional whose load-locked preceded a hand-over fails, so
//     LL/SC sequences stay atomic across the group. Independent processes
//     have their own tokens and run in parallel.
//   - the kernel lock (Kernel.big), held while a thread runs kernel code
//     (syscalls, faults, signal delivery) and released while it executes
//     instructions or blocks. Plain instructions take no lock at all.
//
// Lock order: run token, then kernel lock. A blocking syscall releases both
// (kernel lock first) and takes them back in order.

// sharedSlice is the time slice, in instructions, of a thread whose run
// token has other users.
const sharedSlice = 1 << 15

// soloSlice is the time slice of a thread alone on its token: only the
// context and instruction limits are checked between slices.
const soloSlice = 1 << 22

// runToken serialises the threads sharing guest memory (a channel holding
// one token: waiting threads get it in FIFO order).
type runToken struct {
	ch    chan struct{}
	users atomic.Int32 // threads using the token
}

func newRunToken() *runToken {
	tk := &runToken{ch: make(chan struct{}, 1)}
	tk.ch <- struct{}{}
	return tk
}

func (tk *runToken) lock()   { <-tk.ch }
func (tk *runToken) unlock() { tk.ch <- struct{}{} }

// acquire takes the thread's run token and the kernel lock.
func (t *Thread) acquire() {
	t.tok.lock()
	t.k.big.Lock()
	t.held = true
}

// release gives up the kernel lock and the run token.
func (t *Thread) release() {
	t.held = false
	t.k.big.Unlock()
	t.tok.unlock()
}

// wakeReason says why block returned.
type wakeReason uint8

const (
	wokeChan   wakeReason = iota // the awaited channel was closed
	wokeTimer                    // the timer fired
	wokeSignal                   // a signal arrived, the process is exiting or the run ended
)

// block waits with the thread's locks released until ch is closed, timer
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
	for !t.proc.exited && !t.gone {
		c := t.cpu
		slice := uint64(soloSlice)
		if t.tok.users.Load() > 1 {
			slice = sharedSlice
		}
		limit := c.Retired + slice
		if maxInsns != 0 && limit > maxInsns {
			limit = maxInsns
		}
		t.k.big.Unlock()
		stop := c.Run(limit)
		t.k.big.Lock()
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
		case alphaemu.StopLimit:
			if maxInsns != 0 && c.Retired >= maxInsns {
				return &LimitError{Kind: LimitInsns, Limit: maxInsns}
			}
			if t.tok.users.Load() > 1 {
				t.release()
				t.acquire()
			}
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

// leave removes an ending thread from its process and its run token.
func (t *Thread) leave() {
	p := t.proc
	t.gone = true
	t.tok.users.Add(-1)
	t.k.tasks--
	t.k.retiredDone += t.cpu.Retired
	for i, o := range p.threads {
		if o == t {
			p.threads = append(p.threads[:i:i], p.threads[i+1:]...)
			break
		}
	}
}
