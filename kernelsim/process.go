package kernelsim

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
	"github.com/axpsec/axpsec/alphaemu/loader"
)

// Process is a simulated Linux process: an address space, open files,
// filesystem context and signal handlers shared by its threads.
type Process struct {
	k       *Kernel
	pid     int
	ppid    int
	pgid    int
	sid     int
	mem     *alphaemu.Memory
	mm      *addrSpace
	files   *fdTable
	fs      *fsContext
	sig     *sigHand
	threads []*Thread

	sharedPending sigQueue // process-directed pending signals

	exeGuest string // path /proc/self/exe reports
	exeHost  string // host path of the executable
	creds    creds
	rlimits  [rlimitNlimits]rlimit
	exited   bool
	exit     Exit
	reaped   bool // removed from the process table (detach)
	adopted  bool // re-parented to the reaper when its parent exited

	parent     *Process      // nil for the initial process and orphans without a reaper
	children   []*Process    // live and zombie children
	exitSignal abi.Signal    // sent to the parent at exit (clone's CSIGNAL; 0 = none)
	childEvent chan struct{} // closed and replaced when a child changes state
	vforkDone  chan struct{} // closed when a vfork child execs or exits
	stopped    bool          // stopped by a job-control signal
	stopSig    abi.Signal    // the signal that stopped it
	contEvent  chan struct{} // closed when a stopped process continues
	waitEvent  waitEvent     // state change not yet reported to the parent
	itimer     *time.Timer   // ITIMER_REAL / alarm
	itimerDue  time.Time     // when itimer fires
	itimerIntv time.Duration // ITIMER_REAL reload interval

	cpuTimers      [2]cpuTimer   // ITIMER_VIRTUAL, ITIMER_PROF (sys_itimer.go)
	cpuTimersArmed bool          // one of cpuTimers is armed
	acct           cpuAcct       // sampled CPU time of all its threads, past and present (cputime.go)
	runtime        time.Duration // settled runtime of all its threads, past and present
	split          cpuSplit      // the last user/system split of runtime reported
	cacct          cpuAcct       // CPU time of its reaped children and their reaped descendants
	maxRSS         uint64        // peak memory footprint, bytes
	cmaxRSS        uint64        // largest peak of its reaped descendants, bytes
	cminflt        uint64        // minor faults of its reaped descendants
}

type creds struct{ uid, euid, suid, gid, egid, sgid uint64 }

type rlimit struct{ cur, max uint64 }

// Thread is one simulated thread: a CPU plus per-thread kernel state.
type Thread struct {
	k    *Kernel
	proc *Process
	tid  int
	cpu  *alphaemu.CPU
	ctx  context.Context

	work         uint32 // workSeccomp | workTrace: divert syscall entry to the slow path
	forceSuccess bool   // the running syscall called force_successful_syscall_return
	restartNr    uint64 // syscall to restart (0 = not restartable) after the last syscall
	restartA3    uint64 // r19 at entry of that syscall
	// restartBlock continues a syscall that returned ERESTART_RESTARTBLOCK
	// when restart_syscall runs (current->restart_block.fn).
	restartBlock func(t *Thread) int64

	sigMask  uint64
	pending  sigQueue
	altStack altStack
	// savedMask is restored after the handler frame is set up when
	// hasSavedMask is set (rt_sigsuspend's temporary mask).
	savedMask    uint64
	hasSavedMask bool
	trapArgs     [3]uint64 // pt_regs trap_a0..a2 of the last trap, copied to sigcontext

	held   bool // the thread holds the kernel lock (sched.go)
	inUser bool // the thread executes instructions (under the kernel lock)
	gone   bool // the thread has exited (exit, de_thread or its process's exit)

	clearChildTID uint64
	robustList    uint64
	robustLen     uint64

	scratch []byte
	wake    chan struct{} // signal arrival while sleeping (created on first sleep)

	trace traceState
	sec   seccompState // seccomp mode, filters, no_new_privs (seccomp.go)

	acct     cpuAcct       // the thread's sampled CPU time (cputime.go)
	runtime  time.Duration // settled time on the CPU
	onCPU    time.Duration // monoNow when runtime was last settled or the thread woke; 0 = not running
	sleeping bool          // off the CPU in a sleep
	lastTick uint64        // the tick generation charged up to
	split    cpuSplit      // the last user/system split of runtime reported
}

// Start creates the initial process running the Alpha program at host path
// exe with argv and envv (argv[0] included).
func (k *Kernel) Start(exe string, argv, envv []string) error {
	if k.init != nil {
		return fmt.Errorf("kernelsim: Start called twice")
	}
	fsc, err := newFSContext(k.cfg.Root)
	if err != nil {
		return err
	}
	if err := fsc.addSysroot(k.cfg.Sysroot); err != nil {
		return err
	}
	absExe, err := filepath.Abs(exe)
	if err != nil {
		return fmt.Errorf("resolving %s: %w", exe, err)
	}
	f, err := os.Open(absExe)
	if err != nil {
		return fmt.Errorf("opening program: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("opening program: %w", err)
	}
	if st.IsDir() {
		return fmt.Errorf("opening program %s: is a directory", exe)
	}
	p := k.newProcess(fsc)
	p.exeHost = absExe
	p.exeGuest = fsc.guestPathOf(absExe)
	if len(argv) == 0 {
		argv = []string{exe}
	}
	opts := loader.Options{
		Argv:    argv,
		Envv:    envv,
		ExecFn:  p.exeGuest,
		Sysroot: k.cfg.Sysroot,
		MaxMem:  k.maxMem,
	}
	if _, err := rand.Read(opts.Random[:]); err != nil {
		return fmt.Errorf("AT_RANDOM: %w", err)
	}
	c := p.creds
	opts.UID, opts.EUID, opts.GID, opts.EGID = c.uid, c.euid, c.gid, c.egid
	img, err := loader.Load(p.mem, f, st.Size(), opts)
	if err != nil {
		return fmt.Errorf("loading %s: %w", exe, err)
	}
	if used := p.mem.MappedBytes(); used > k.stats.PeakMem {
		k.stats.PeakMem = used
	}
	p.mm.setBrk(img.BrkStart)
	p.mm.stackTop, p.mm.stackBottom = img.StackTop, img.StackBottom
	t := p.newThread(alphaemu.NewCPU(p.mem))
	img.InitCPU(t.cpu)
	k.init = p
	return nil
}

// newProcess creates an empty process with fresh memory and stdio.
func (k *Kernel) newProcess(fsc *fsContext) *Process {
	pid := k.allocPID()
	uid, gid := uint64(os.Getuid()), uint64(os.Getgid())
	p := &Process{
		k:          k,
		pid:        pid,
		ppid:       os.Getpid(),
		pgid:       pid,
		sid:        pid,
		mem:        alphaemu.NewMemory(),
		files:      newFDTable(),
		fs:         fsc,
		sig:        &sigHand{},
		childEvent: make(chan struct{}),
		exitSignal: abi.SIGCHLD,
		creds:      creds{uid, uid, uid, gid, gid, gid},
	}
	p.mm = newAddrSpace(p.mem, k)
	k.procs[pid] = p
	p.files.install(0, openStdio(k.cfg.Stdin, nil, 0), oRdOnly)
	p.files.install(1, openStdio(nil, k.cfg.Stdout, 1), oWrOnly)
	p.files.install(2, openStdio(nil, k.cfg.Stderr, 2), oWrOnly)
	for i := range p.rlimits {
		p.rlimits[i] = rlimit{rlimInfinity, rlimInfinity}
	}
	p.rlimits[rlimitStack] = rlimit{8 << 20, rlimInfinity}
	p.rlimits[rlimitNofile] = rlimit{maxFDs, maxFDs}
	return p
}

// newThread adds a thread running on cpu to p.
func (p *Process) newThread(cpu *alphaemu.CPU) *Thread {
	tid := p.pid
	if len(p.threads) > 0 {
		tid = p.k.allocPID()
	}
	t := &Thread{k: p.k, proc: p, tid: tid, cpu: cpu, wake: make(chan struct{}, 1)}
	p.k.tasks++
	if p.k.tracer != nil {
		t.work |= workTrace
	}
	p.threads = append(p.threads, t)
	return t
}

func (p *Process) retired() uint64 {
	var n uint64
	for _, t := range p.threads {
		n += t.cpu.Retired
	}
	return n
}

// exitGroup ends the process with e (exit_group, fatal signals). A core
// dump is reported only while RLIMIT_CORE allows one (unlimited by default).
func (p *Process) exitGroup(e Exit) {
	if p.exited {
		return
	}
	if p.rlimits[rlimitCore].cur == 0 {
		e.Core = false
	}
	p.exited = true
	p.exit = e
	p.files.closeAll()
	if tr := p.k.tracer; tr != nil {
		if e.Signal != 0 {
			writef(tr.w, "%s+++ %s +++\n", tr.prefix(p.pid), e)
		} else {
			writef(tr.w, "%s+++ exited with %d +++\n", tr.prefix(p.pid), e.Code)
		}
	}
	if p == p.k.init {
		p.k.exit = e
		p.k.exited = true
	}
	for _, o := range p.threads {
		o.wakeUp()
	}
	p.k.procExited(p)
}

// guestPathOf maps a host path to the path the guest sees for it: relative to
// the guest root when inside it, else the host path itself (as qemu-user does).
func (fs *fsContext) guestPathOf(host string) string {
	if fs.hostRoot != "" {
		if rel, err := filepath.Rel(fs.hostRoot, host); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return "/" + filepath.ToSlash(rel)
		}
	}
	return host
}

// contextError returns the typed cause of a cancelled context.
func contextError(ctx context.Context) error {
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return ctx.Err()
}

// palTrap handles the PAL calls the CPU does not (bpt, bugchk, gentrap, unknown).
func (t *Thread) palTrap(fn uint32) {
	pc := t.cpu.PC
	switch fn {
	case palBpt:
		t.forceSignal(sigInfo{signo: abi.SIGTRAP, code: trapBrkpt, kind: siFault, addr: pc})
	case palBugchk:
		t.forceSignal(sigInfo{signo: abi.SIGTRAP, kind: siFault, addr: pc})
	case palGentrap:
		sig, code := gentrapSignal(int64(t.cpu.R[16]))
		t.forceSignal(sigInfo{signo: sig, code: code, kind: siFault, addr: pc})
	default:
		t.forceSignal(sigInfo{signo: abi.SIGILL, code: 1 /* ILL_ILLOPC */, kind: siFault, addr: pc})
	}
}

// gentrapSignal maps a gentrap code (a0) to the signal Linux's do_entIF sends.
func gentrapSignal(code int64) (abi.Signal, int32) {
	switch code {
	case genIntovf:
		return abi.SIGFPE, fpeIntovf
	case genIntdiv:
		return abi.SIGFPE, fpeIntdiv
	case genFltovf:
		return abi.SIGFPE, fpeFltovf
	case genFltdiv:
		return abi.SIGFPE, fpeFltdiv
	case genFltund:
		return abi.SIGFPE, fpeFltund
	case genFltinv:
		return abi.SIGFPE, fpeFltinv
	case genFltine:
		return abi.SIGFPE, fpeFltres
	case genRoprand:
		return abi.SIGFPE, 0
	}
	return abi.SIGTRAP, 0
}

// fault delivers a synchronous fault reported by the CPU.
func (t *Thread) fault(s alphaemu.Stop) {
	if t.busFault(&s) {
		return // a page of a mapped file that has grown: retry the access
	}
	if s.Signal == abi.SIGSEGV || s.Signal == abi.SIGBUS {
		t.trapArgs = [3]uint64{s.Addr, 0, 0}
	}
	t.forceSignal(sigInfo{signo: s.Signal, code: s.Code, kind: siFault, addr: s.Addr})
}
