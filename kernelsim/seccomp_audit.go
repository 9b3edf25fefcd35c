package kernelsim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// AuditRecord is one line of the seccomp audit log: a verdict other than
// ALLOW. Addresses and arguments are hexadecimal strings, so that 64-bit
// values survive JSON readers that use float64 numbers.
type AuditRecord struct {
	Time    string    `json:"time"` // RFC 3339 with nanoseconds, UTC
	PID     int       `json:"pid"`
	TID     int       `json:"tid"`
	PC      string    `json:"pc"` // address after the callsys, as the filter sees it
	Syscall string    `json:"syscall"`
	Nr      int32     `json:"nr"`
	Args    [6]string `json:"args"`
	Action  string    `json:"action"`           // e.g. ERRNO(1), KILL_PROCESS
	Filter  string    `json:"filter,omitempty"` // the filter that decided
	Rule    string    `json:"rule,omitempty"`   // file:line of the deciding policy rule
	DryRun  bool      `json:"dry_run,omitempty"`
	// Logged tells whether Linux would also send an audit message for this
	// verdict (default actions_logged, the filter's LOG flag).
	Logged bool `json:"logged"`
}

// auditLog writes AuditRecords as JSON lines.
type auditLog struct {
	w   *bufio.Writer
	enc *json.Encoder
	err error // first write error; later records are dropped
}

func newAuditLog(w io.Writer) *auditLog {
	if w == nil {
		return nil
	}
	bw := bufio.NewWriter(w)
	return &auditLog{w: bw, enc: json.NewEncoder(bw)}
}

// record appends one record for the verdict ret on sd.
func (a *auditLog) record(t *Thread, sd *bpfvm.SeccompData, ret uint32, action, filter, rule string, dryRun, logged bool) {
	if a.err != nil {
		return
	}
	r := AuditRecord{
		Time:    time.Now().UTC().Format(time.RFC3339Nano),
		PID:     t.proc.pid,
		TID:     t.tid,
		PC:      hex(sd.InstructionPointer),
		Syscall: syscallName(sd.Nr),
		Nr:      sd.Nr,
		Action:  action,
		Filter:  filter,
		Rule:    rule,
		DryRun:  dryRun,
		Logged:  logged,
	}
	for i, v := range sd.Args {
		r.Args[i] = hex(v)
	}
	a.err = a.enc.Encode(&r)
}

// flush writes buffered records out: before a kill and when Run returns.
func (a *auditLog) flush() {
	if a.err == nil {
		a.err = a.w.Flush()
	}
}

func hex(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }

// syscallName names an Alpha syscall number as filters see it.
func syscallName(nr int32) string {
	if name, ok := abi.Alpha.SyscallName(int(nr)); ok {
		return name
	}
	return "syscall_" + strconv.Itoa(int(nr))
}

// seccompKernel is the kernel-wide part of the seccomp layer.
type seccompKernel struct {
	cfg    SeccompConfig
	audit  *auditLog
	stats  seccompCounters
	logged map[wouldBeKey]bool // dry-run lines already written
}

// wouldBeKey identifies a dry-run log line.
type wouldBeKey struct {
	nr     int32
	action string
	rule   string
}

// logWouldBe writes a dry-run line the first time the combination occurs.
func (ks *seccompKernel) logWouldBe(nr int32, action, rule, filter string) {
	k := wouldBeKey{nr, action, rule}
	if ks.logged[k] {
		return
	}
	if ks.logged == nil {
		ks.logged = map[wouldBeKey]bool{}
	}
	ks.logged[k] = true
	by := filter
	if rule != "" {
		by = "rule " + rule
	}
	writef(ks.cfg.Log, "axpsec: dry run: %s (%d) would have been %s by %s\n", syscallName(nr), nr, action, by)
}

// FlushAudit writes out buffered audit records (call it after Run) and
// reports the first error writing the audit log.
func (k *Kernel) FlushAudit() error {
	a := k.sec.audit
	if a == nil {
		return nil
	}
	a.flush()
	if a.err != nil {
		return fmt.Errorf("writing seccomp audit log: %w", a.err)
	}
	return nil
}

// Verdict kinds counted by seccompCounters, in order of precedence.
const (
	vKillProcess = iota
	vKillThread
	vTrap
	vErrno
	vUserNotif
	vTrace
	vLog
	vAllow
	numVerdicts
)

// verdictNames are the names SeccompStats uses for the verdict kinds.
var verdictNames = [numVerdicts]string{"KILL_PROCESS", "KILL_THREAD", "TRAP", "ERRNO", "USER_NOTIF", "TRACE", "LOG", "ALLOW"}

// verdictKind maps a filter result to its kind (unknown actions count as
// KILL_PROCESS, which is what they do).
func verdictKind(ret uint32) int {
	switch ret & abi.SeccompRetActionFull {
	case abi.SeccompRetAllow:
		return vAllow
	case abi.SeccompRetLog:
		return vLog
	case abi.SeccompRetTrace:
		return vTrace
	case abi.SeccompRetUserNotif:
		return vUserNotif
	case abi.SeccompRetErrno:
		return vErrno
	case abi.SeccompRetTrap:
		return vTrap
	case abi.SeccompRetKillThread:
		return vKillThread
	}
	return vKillProcess
}

// seccompCounters are the filter-step counters behind SeccompStats.
type seccompCounters struct {
	cached      uint64
	memo        uint64
	strictKills uint64
	verdicts    [numVerdicts]uint64
	seen        [nrSyscalls + 1]uint64 // per nr; the last slot counts numbers outside the table
	denied      [nrSyscalls + 1]uint64 // verdicts other than ALLOW and LOG
}

// count records one verdict of the filter chain.
func (s *seccompCounters) count(nr int32, ret uint32, from int) {
	switch from {
	case fromCache:
		s.cached++
	case fromMemo:
		s.memo++
	}
	i := uint32(nr)
	if i > nrSyscalls {
		i = nrSyscalls
	}
	s.seen[i]++
	if ret != abi.SeccompRetAllow {
		s.countOther(i, ret)
	}
}

// countAllowCached is count for the hot path: an ALLOW from the constant
// cache, for a number inside the table.
func (s *seccompCounters) countAllowCached(nr uint32) {
	s.cached++
	s.seen[nr]++
}

// countAllowMemo is count for an ALLOW from the memo (nr is inside the
// table: the memo holds only numbers the filters saw, checked by the caller).
func (s *seccompCounters) countAllowMemo(nr uint32) {
	s.memo++
	s.seen[min(nr, nrSyscalls)]++
}

// countOther records a verdict other than ALLOW. checked and the ALLOW
// count are derived from seen when the stats are read.
func (s *seccompCounters) countOther(i uint32, ret uint32) {
	v := verdictKind(ret)
	s.verdicts[v]++
	if v < vLog {
		s.denied[i]++
	}
}

// SeccompStats summarises the verdicts of the seccomp filter step.
type SeccompStats struct {
	Checked     uint64            // syscalls evaluated by a filter chain
	Cached      uint64            // of which decided by the constant-verdict cache without running a filter
	Memo        uint64            // of which found in the memo of recent seccomp_data without running a filter
	Verdicts    map[string]uint64 // verdict counts by action (ALLOW, ERRNO, KILL_PROCESS, ...)
	StrictKills uint64            // threads killed by strict mode
	Syscalls    []SyscallCount    // every syscall number seen by a filter chain, most frequent first
	Denied      []SyscallCount    // syscalls with a verdict other than ALLOW or LOG, most frequent first
}

// SyscallCount is how often one syscall number got somewhere.
type SyscallCount struct {
	Nr    int    // Alpha syscall number; -1 stands for every number outside the table
	Name  string // Alpha name
	Count uint64
}

// SeccompStats returns the counters of the seccomp filter step.
func (k *Kernel) SeccompStats() SeccompStats {
	s := &k.sec.stats
	st := SeccompStats{Cached: s.cached, Memo: s.memo, StrictKills: s.strictKills, Verdicts: map[string]uint64{}}
	for _, n := range s.seen {
		st.Checked += n
	}
	allow := st.Checked
	for v, n := range s.verdicts {
		if n != 0 {
			st.Verdicts[verdictNames[v]] = n
			allow -= n
		}
	}
	if allow != 0 {
		st.Verdicts[verdictNames[vAllow]] = allow
	}
	st.Syscalls = topCounts(s.seen[:])
	st.Denied = topCounts(s.denied[:])
	return st
}

// topCounts lists the non-zero per-number counts, most frequent first.
func topCounts(c []uint64) []SyscallCount {
	var out []SyscallCount
	for nr, n := range c {
		if n == 0 {
			continue
		}
		sc := SyscallCount{Nr: nr, Name: syscallName(int32(nr)), Count: n}
		if nr == nrSyscalls {
			sc.Nr, sc.Name = -1, "(out of range)"
		}
		out = append(out, sc)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}
