package kernelsim

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/axpsec/axpsec/abi"
)

// DefaultMaxMem is the guest memory limit used when Config.MaxMem is 0 (1 GiB).
const DefaultMaxMem = 1 << 30

// Config configures a simulated Linux/Alpha kernel.
type Config struct {
	Root    string // guest root directory, resolved traversal-safe with os.Root ("" = no filesystem access beyond stdio, /dev/null-like devices and the executable)
	Sysroot string // host directory holding the dynamic loader for PT_INTERP binaries (passed to the loader)

	Stdin  io.Reader // guest fd 0 (an *os.File is used directly); nil reads as empty
	Stdout io.Writer // guest fd 1; nil discards
	Stderr io.Writer // guest fd 2; nil discards

	Trace   io.Writer // strace-like lines with Alpha syscall names and decoded arguments; nil = off
	Verbose io.Writer // unknown syscalls are reported here once per number; nil = off

	MaxInsns uint64        // retired-instruction limit of the whole process tree; 0 = unlimited
	MaxMem   uint64        // bytes of guest memory mapped by the whole process tree; 0 = DefaultMaxMem
	Timeout  time.Duration // wall-clock limit; 0 = none

	ABI ABIProfile // syscall return convention; the zero value is SECCOMPv3
}

// Kernel is a simulated Linux/Alpha kernel running one process tree.
type Kernel struct {
	cfg      Config
	maxMem   uint64
	mu       sync.Mutex
	nextPID  int
	init     *Process
	exit     Exit
	exited   bool
	memHit   bool // a request was refused because of MaxMem
	start    time.Time
	elapsed  time.Duration
	stats    Stats
	reported [nrSyscalls + 1]bool // unknown syscalls already reported to Verbose
	tracer   *tracer
	sec      seccompKernel // seccomp configuration, audit log, counters (seccomp.go)

	big         sync.Mutex       // the kernel lock (sched.go)
	procs       map[int]*Process // live and zombie processes by pid
	tasks       int              // live threads, bounded by MaxTasks
	retiredDone uint64           // instructions retired by threads that have exited
	insns       uint64           // instructions retired by every thread, for Config.MaxInsns
	insnsLent   uint64           // sum of the slices threads are running
	wg          sync.WaitGroup   // one per running thread goroutine
	runCtx      context.Context
	cancel      context.CancelCauseFunc
	errMu       sync.Mutex
	runErr      error
	futexes     futexQueues // futex waiters (sys_futex.go)
	pages       pageCache   // MAP_SHARED pages of host files (pagecache.go)
}

// Exit is a process's fate: an exit code or a terminating signal.
type Exit struct {
	Code   int        // exit status (0-255) when Signal is 0
	Signal abi.Signal // terminating signal, 0 if the process exited
	Core   bool       // the signal's default action dumps core
}

// ShellStatus returns the status a shell would report: the exit code, or 128+signal.
func (e Exit) ShellStatus() int {
	if e.Signal != 0 {
		return 128 + int(e.Signal)
	}
	return e.Code
}

// String describes the exit ("exit 3", "killed by SIGSEGV (core dumped)").
func (e Exit) String() string {
	if e.Signal == 0 {
		return fmt.Sprintf("exit %d", e.Code)
	}
	s := "killed by " + e.Signal.String()
	if e.Core {
		s += " (core dumped)"
	}
	return s
}

// Stats are the counters printed by axpsec run --stats.
type Stats struct {
	Retired  uint64        // instructions retired by all threads
	Syscalls uint64        // syscalls entered (including skipped and unknown ones)
	Signals  uint64        // signals delivered to handlers
	Elapsed  time.Duration // wall-clock time spent in Run
	PeakMem  uint64        // largest guest memory footprint seen, in bytes
}

// New returns a kernel configured by cfg. It starts nothing until Start.
func New(cfg Config) *Kernel {
	k := &Kernel{cfg: cfg, maxMem: cfg.MaxMem, nextPID: 1000, procs: map[int]*Process{}, futexes: futexQueues{}}
	if k.maxMem == 0 {
		k.maxMem = DefaultMaxMem
	}
	if cfg.Trace != nil {
		k.tracer = &tracer{w: cfg.Trace}
	}
	return k
}

// Stats returns the kernel's counters. Call it once Run has returned:
// the instruction counts of running threads change without the kernel lock.
func (k *Kernel) Stats() Stats {
	k.big.Lock()
	defer k.big.Unlock()
	s := k.stats
	s.Elapsed = k.elapsed
	s.Retired = k.retiredDone
	for _, p := range k.procs {
		s.Retired += p.retired()
	}
	return s
}

func (k *Kernel) allocPID() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.nextPID++
	return k.nextPID
}

// Run runs until every process of the tree has exited and returns the initial process's fate.
// err reports host-side problems and limits: it wraps a *LimitError for
// --max-insns, --max-mem and --timeout.
func (k *Kernel) Run(ctx context.Context) (Exit, error) {
	if k.init == nil {
		return Exit{}, fmt.Errorf("kernelsim: Run before Start")
	}
	if k.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, k.cfg.Timeout, &LimitError{Kind: LimitTimeout, Limit: uint64(k.cfg.Timeout)})
		defer cancel()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	k.runCtx, k.cancel = ctx, cancel
	k.start = time.Now()
	k.spawn(k.init.threads[0], ctx)
	k.wg.Wait()
	k.drainPages()
	k.elapsed = time.Since(k.start)
	if k.runErr != nil {
		return Exit{}, k.runErr
	}
	if k.memHit && (k.exit.Signal != 0 || k.exit.Code != 0) {
		return k.exit, &LimitError{Kind: LimitMem, Limit: k.maxMem}
	}
	return k.exit, nil
}

// openStdio returns the file behind a configured stdio stream (fd 0 reads r,
// fds 1 and 2 write w). A nil reader reads as empty, a nil writer discards.
func openStdio(r io.Reader, w io.Writer, fd int) file {
	name := fmt.Sprintf("/dev/fd/%d", fd)
	if f, ok := r.(*os.File); ok && f != nil {
		return &hostFile{f: f, noClose: true, name: name}
	}
	if f, ok := w.(*os.File); ok && f != nil {
		return &hostFile{f: f, noClose: true, name: name}
	}
	if fd == 0 && r == nil {
		r = strings.NewReader("")
	}
	if fd != 0 && w == nil {
		w = io.Discard
	}
	return &streamFile{r: r, w: w}
}
