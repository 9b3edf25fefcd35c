package kernelsim

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// Seccomp modes as kept per thread (include/linux/seccomp.h; modeDead is the
// kernel-internal SECCOMP_MODE_DEAD a killed task is left in).
const (
	modeDisabled uint8 = abi.SeccompModeDisabled
	modeStrict   uint8 = abi.SeccompModeStrict
	modeFilter   uint8 = abi.SeccompModeFilter
	modeDead     uint8 = 3
)

// SeccompConfig configures the seccomp layer of a kernel.
//
// Credential model: the guest is an unprivileged user. It may install a
// filter only after prctl(PR_SET_NO_NEW_PRIVS, 1), unless CapSysAdmin grants
// it CAP_SYS_ADMIN in its user namespace (the other way seccomp(2) allows).
type SeccompConfig struct {
	CapSysAdmin bool // the guest holds CAP_SYS_ADMIN; default false

	// Audit receives one JSON object per line for every verdict other than
	// ALLOW (see AuditRecord). Records are buffered and flushed before the
	// process is killed and when Run returns.
	Audit io.Writer
	// Log receives a human-readable line the first time each (syscall,
	// verdict, rule) combination is not enforced because its filter is in
	// dry-run mode ("would have been ...").
	Log io.Writer
}

// ConfigureSeccomp sets the seccomp configuration. Call it before Run.
func (k *Kernel) ConfigureSeccomp(cfg SeccompConfig) {
	k.sec.cfg = cfg
	k.sec.audit = newAuditLog(cfg.Audit)
}

// Filter is a filter the host attaches to the initial process before it
// starts, as a container runtime does (see Kernel.InstallFilter).
type Filter struct {
	Program []bpf.RawInstruction // classic BPF, validated as seccomp(2) does
	Name    string               // how reports name the filter, e.g. the policy file
	Log     bool                 // SECCOMP_FILTER_FLAG_LOG
	// DryRun puts the filter in complain mode: its verdicts are counted,
	// audited and logged as "would have been ...", but never enforced; the
	// process behaves as if the filter were not there.
	DryRun bool
	// Rule, when set, names the rule that decides d ("file:line"), so that
	// reports can attribute a verdict of this filter to its source.
	Rule func(d *bpfvm.SeccompData) string
}

// InstallFilter sets no_new_privs on the initial thread and attaches f as
// its next filter, exactly as the thread's own seccomp(SET_MODE_FILTER)
// would (the same validation and path-length limit, but no privilege check:
// the host installs it). Call it after Start and before Run; filters the
// guest installs later stack on top.
func (k *Kernel) InstallFilter(f Filter) error {
	if k.init == nil || len(k.init.threads) == 0 {
		return errors.New("kernelsim: InstallFilter before Start")
	}
	if len(f.Program) == 0 || len(f.Program) > bpfMaxInsns {
		return fmt.Errorf("installing filter %s: %d instructions (want 1..%d)", f.Name, len(f.Program), bpfMaxInsns)
	}
	prog, err := bpfvm.Load(f.Program)
	if err != nil {
		return fmt.Errorf("installing filter %s: %w", f.Name, err)
	}
	t := k.init.threads[0]
	t.sec.nnp = true
	sf := &secFilter{prog: prog, log: f.Log, complain: f.DryRun, name: f.Name, rule: f.Rule}
	if r := t.attachFilter(sf, 0); r != 0 {
		return fmt.Errorf("installing filter %s: %s", f.Name, abi.Errno(-r))
	}
	return nil
}

// bpfMaxInsns is BPF_MAXINSNS, the longest program seccomp accepts.
const bpfMaxInsns = 4096

// seccompState is a thread's struct seccomp plus its no_new_privs flag.
type seccompState struct {
	mode     uint8
	nnp      bool
	filter   *secFilter   // newest filter (its prev links are the older ones)
	chain    *bpfvm.Chain // the same filters as a bpfvm chain
	cache    *bpfvm.Cache // chain's constant verdicts for Alpha
	memo     *verdictMemo // recent verdicts of chain (argument-dependent ones too)
	complain int          // filters in dry-run mode in the chain
	count    int          // filters installed by the guest, for naming them
	// tracer is the ptrace side of SECCOMP_RET_TRACE; nil while the thread
	// has no tracer with PTRACE_O_TRACESECCOMP.
	tracer seccompTracer
	data   bpfvm.SeccompData // the running syscall's seccomp_data
}

// seccompTracer is a ptrace tracer that asked for PTRACE_EVENT_SECCOMP stops.
type seccompTracer interface {
	// seccompStop reports PTRACE_EVENT_SECCOMP with the filter's 16-bit data
	// and returns when the tracer resumes the thread; the tracer may have
	// changed any register. It returns false if a fatal signal is pending.
	seccompStop(t *Thread, data uint16) bool
}

// secFilter is one attached filter with the metadata the kernel keeps
// beside the program (struct seccomp_filter).
type secFilter struct {
	prev     *secFilter
	prog     *bpfvm.Program
	log      bool // SECCOMP_FILTER_FLAG_LOG
	complain bool // dry-run: verdicts are not enforced
	name     string
	rule     func(d *bpfvm.SeccompData) string
	// listener is the notification queue of a filter installed with
	// SECCOMP_FILTER_FLAG_NEW_LISTENER.
	listener     *notifListener
	waitKillable bool // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
}

// filterAt returns the i-th filter of the thread's chain, 0 being the newest.
func (s *seccompState) filterAt(i int) *secFilter {
	f := s.filter
	for ; i > 0 && f != nil; i-- {
		f = f.prev
	}
	return f
}

// attachFilter links f on top of the thread's chain: the final steps of
// seccomp_set_mode_filter (mode check, path limit, TSYNC, cache, mode
// switch). It returns 0, a negative errno, or with TSYNC the positive tid of
// a thread that cannot be synchronised.
func (t *Thread) attachFilter(f *secFilter, flags uint64) int64 {
	s := &t.sec
	if s.mode != modeDisabled && s.mode != modeFilter {
		return errno(abi.EINVAL)
	}
	if f.listener != nil {
		// has_duplicate_listener: one listener per chain.
		for w := s.filter; w != nil; w = w.prev {
			if w.listener != nil && !w.listener.closed {
				return errno(abi.EBUSY)
			}
		}
	}
	chain, err := s.chain.Attach(f.prog)
	if err != nil {
		var ve *bpfvm.ValidationError
		if errors.As(err, &ve) {
			return errno(ve.Errno)
		}
		return errno(abi.ENOMEM)
	}
	if flags&abi.SeccompFilterFlagTSync != 0 {
		if tid := t.tsyncBlocker(); tid != 0 {
			if flags&abi.SeccompFilterFlagTSyncESRCH != 0 {
				return errno(abi.ESRCH)
			}
			return int64(tid)
		}
	}
	f.prev = s.filter
	s.filter, s.chain = f, chain
	s.cache = chain.Cache(abi.Alpha)
	s.memo = &verdictMemo{}
	if f.complain {
		s.complain++
	}
	s.mode = modeFilter
	t.work |= workSeccomp
	if flags&abi.SeccompFilterFlagTSync != 0 {
		t.tsync()
	}
	return 0
}

// tsyncBlocker is seccomp_can_sync_threads: the tid of the first other live
// thread of the process whose filters are not an ancestor of the caller's
// chain (and that has filters), or 0 when every thread can be synchronised.
func (t *Thread) tsyncBlocker() int {
	for _, o := range t.proc.threads {
		if o == t || o.gone {
			continue
		}
		if o.sec.mode == modeDisabled || (o.sec.mode == modeFilter && t.sec.hasAncestor(o.sec.filter)) {
			continue
		}
		return o.tid
	}
	return 0
}

// hasAncestor reports whether f is nil or one of s's filters (is_ancestor).
func (s *seccompState) hasAncestor(f *secFilter) bool {
	if f == nil {
		return true
	}
	for w := s.filter; w != nil; w = w.prev {
		if w == f {
			return true
		}
	}
	return false
}

// tsync is seccomp_sync_threads: every other live thread of the process
// gets the caller's chain, its no_new_privs if set, and filter mode.
func (t *Thread) tsync() {
	for _, o := range t.proc.threads {
		if o == t || o.gone {
			continue
		}
		o.sec.filter, o.sec.chain, o.sec.cache, o.sec.memo = t.sec.filter, t.sec.chain, t.sec.cache, t.sec.memo
		o.sec.complain = t.sec.complain
		if t.sec.nnp {
			o.sec.nnp = true
		}
		o.sec.mode = modeFilter
		o.work |= workSeccomp
	}
}
