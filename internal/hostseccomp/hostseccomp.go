// Package hostseccomp uses the host Linux kernel as a reference for seccomp
// filters: whether seccomp(SECCOMP_SET_MODE_FILTER) accepts a program, and
// what happens when a process running under it makes a syscall.
//
// A small C helper (helper.c.txt, compiled with the host gcc at test time) reads
// a batch of requests and serves each in a freshly forked process: it sets
// PR_SET_NO_NEW_PRIVS, installs the filter (after any earlier filters of
// the request, to test stacks), and either reports the errno of
// the installation or, from a second thread, issues the raw syscall and
// reports its return value, the SIGSYS siginfo of a TRAP (caught with an
// SA_SIGINFO handler), the silent death of the thread (KILL_THREAD) or the
// death of the whole process (KILL_PROCESS). Core dumps are disabled.
//
// The outcome of a syscall is mapped back to a seccomp return value by
// Outcome.Verdict. Only syscall numbers the host does not implement give
// unambiguous answers (an allowed call then fails with ENOSYS): on x86_64 use
// numbers from 1000 up to 2^30-1 (bit 30 selects the x32 ABI). Some actions
// cannot be told apart this way; Observable maps a seccomp return value to
// the one Verdict reports, so tests compare Observable(expected) with the
// host's Verdict:
//
//   - ALLOW, LOG, TRACE (no tracer: ENOSYS), USER_NOTIF (no listener: ENOSYS)
//     and ERRNO(ENOSYS) all look like ALLOW;
//   - ERRNO data above 4095 is clamped to 4095 by the kernel;
//   - the instruction pointer the kernel puts in seccomp_data is an address
//     inside the helper's libc, so filters should not depend on it;
//   - seccomp_data.arch is the host's (AUDIT_ARCH_X86_64 on x86_64).
package hostseccomp

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/internal/testtool"
)

//go:embed helper.c.txt
var helperSource []byte

// Harness runs requests through a compiled helper.
type Harness struct {
	path string
}

// Build compiles the helper with the C compiler cc into dir.
func Build(cc, dir string) (*Harness, error) {
	src := filepath.Join(dir, "hostseccomp.c")
	if err := os.WriteFile(src, helperSource, 0o644); err != nil {
		return nil, fmt.Errorf("hostseccomp: writing helper source: %w", err)
	}
	bin := filepath.Join(dir, "hostseccomp")
	out, err := exec.Command(cc, "-O2", "-Wall", "-pthread", "-o", bin, src).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("hostseccomp: compiling helper with %s: %w\n%s", cc, err, out)
	}
	return &Harness{path: bin}, nil
}

var (
	availOnce sync.Once
	availH    *Harness
	availErr  error
)

// Available returns a harness for tests, building the helper once per test
// binary. When the host has no C compiler, or refuses seccomp filters (or
// does not answer a trivial filter as expected), the test is skipped, or
// failed when testtool.Required (AXPSEC_REQUIRE_TOOLS) is set.
func Available(t testing.TB) *Harness {
	t.Helper()
	cc := testtool.Look(t, "gcc")
	availOnce.Do(func() {
		dir, err := os.MkdirTemp("", "axpsec-hostseccomp-")
		if err != nil {
			availErr = err
			return
		}
		h, err := Build(cc, dir)
		if err != nil {
			availErr = err
			return
		}
		allow := []bpf.RawInstruction{{Op: 0x06, K: abi.SeccompRetAllow}}
		errno := []bpf.RawInstruction{{Op: 0x06, K: abi.SeccompRetErrno | 13}}
		out, err := h.Run([]Request{{Filter: allow, Nr: 1000}, {Filter: errno, Nr: 1000}})
		if err != nil {
			availErr = err
			return
		}
		for i, want := range []uint32{abi.SeccompRetAllow, abi.SeccompRetErrno | 13} {
			if v, err := out[i].Verdict(); err != nil || v != want {
				availErr = fmt.Errorf("host seccomp probe %d: got %q (%v), want %#x", i, out[i].Raw, err, want)
				return
			}
		}
		availH = h
	})
	if availErr != nil {
		testtool.Unavailable(t, "host seccomp: %v", availErr)
	}
	return availH
}

// Request is one filter to install (after Earlier ones), and optionally a
// syscall to issue under them.
type Request struct {
	Filter    []bpf.RawInstruction   // at most 65535 instructions (sock_fprog.len is 16 bits)
	Earlier   [][]bpf.RawInstruction // installed before Filter, oldest first (at most 63); each must allow seccomp(2), see AllowSeccomp
	CheckOnly bool                   // only install the filters and report the errno
	Nr        int                    // syscall number
	Args      [6]uint64              // syscall arguments
}

// hostNRSeccomp is __NR_seccomp on x86_64.
const hostNRSeccomp = 317

// AllowSeccomp returns filter behind a 4-instruction guard that allows the
// seccomp(2) syscall (x86_64 numbering) and otherwise runs filter unchanged
// (A is reset to 0). Earlier filters of a Request need it: each later
// installation is itself a syscall judged by the filters already installed.
func AllowSeccomp(filter []bpf.RawInstruction) []bpf.RawInstruction {
	guard := []bpf.RawInstruction{
		{Op: 0x20, K: 0}, // A = sys_number
		{Op: 0x15, Jt: 0, Jf: 1, K: hostNRSeccomp}, // if (A != seccomp) goto body
		{Op: 0x06, K: abi.SeccompRetAllow},         // return ALLOW
		{Op: 0x00, K: 0},                           // body: A = 0
	}
	return append(guard, filter...)
}

// Kind classifies an Outcome.
type Kind int

// Outcome kinds.
const (
	Installed    Kind = iota // CheckOnly: InstallErrno is 0 (all accepted) or the errno of the first refusal
	Rejected                 // a filter was refused with InstallErrno
	Returned                 // the syscall returned Ret with Errno
	Trapped                  // SIGSYS was delivered: SigCode, SigErrno, SigSyscall, SigArch
	ThreadKilled             // the calling thread died silently, the process survived
	Signaled                 // the process died from Signal
)

// Outcome is what the host did with one Request.
type Outcome struct {
	Kind         Kind
	InstallErrno int
	Ret          int64
	Errno        int
	SigCode      int
	SigErrno     int
	SigSyscall   int
	SigArch      uint32
	Signal       int
	Raw          string // the helper's answer line
}

// Run serves the requests with one helper process (one fork per request).
func (h *Harness) Run(reqs []Request) ([]Outcome, error) {
	le := binary.LittleEndian
	var in []byte
	for i, r := range reqs {
		filters := append(append([][]bpf.RawInstruction(nil), r.Earlier...), r.Filter)
		if len(filters) > 64 {
			return nil, fmt.Errorf("hostseccomp: request %d: %d filters (at most 64)", i, len(filters))
		}
		kind := uint32(1)
		if r.CheckOnly {
			kind = 0
		}
		in = le.AppendUint32(in, kind)
		in = le.AppendUint32(in, uint32(len(filters)))
		for _, f := range filters {
			if len(f) > 65535 {
				return nil, fmt.Errorf("hostseccomp: request %d: %d instructions do not fit sock_fprog", i, len(f))
			}
			in = le.AppendUint32(in, uint32(len(f)))
			for _, ins := range f {
				in = le.AppendUint16(in, ins.Op)
				in = append(in, ins.Jt, ins.Jf)
				in = le.AppendUint32(in, ins.K)
			}
		}
		in = le.AppendUint64(in, uint64(int64(r.Nr)))
		for _, a := range r.Args {
			in = le.AppendUint64(in, a)
		}
	}
	// Every request ends within 10 s (the helper's watchdog); this bounds a
	// helper that misbehaves anyway.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.path)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("hostseccomp: helper: %w: %s", err, stderr.Bytes())
	}
	res := make([]Outcome, 0, len(reqs))
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		o, err := parseOutcome(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("hostseccomp: request %d: %w", len(res), err)
		}
		res = append(res, o)
	}
	if len(res) != len(reqs) {
		return nil, fmt.Errorf("hostseccomp: %d answers for %d requests: %s", len(res), len(reqs), stderr.Bytes())
	}
	return res, nil
}

func parseOutcome(line string) (Outcome, error) {
	f := strings.Fields(line)
	o := Outcome{Raw: line}
	nums := make([]int64, len(f))
	for i := 1; i < len(f); i++ {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return o, fmt.Errorf("bad answer %q: %w", line, err)
		}
		nums[i] = n
	}
	want := map[string]int{"INSTALL": 2, "REJECT": 2, "RET": 3, "TRAP": 5, "THREADKILLED": 1, "SIGNALED": 2, "EXITED": 2}
	if len(f) == 0 || want[f[0]] != len(f) {
		return o, fmt.Errorf("bad answer %q", line)
	}
	switch f[0] {
	case "INSTALL":
		o.Kind, o.InstallErrno = Installed, int(nums[1])
	case "REJECT":
		o.Kind, o.InstallErrno = Rejected, int(nums[1])
	case "RET":
		o.Kind, o.Ret, o.Errno = Returned, nums[1], int(nums[2])
	case "TRAP":
		o.Kind, o.SigCode, o.SigErrno, o.SigSyscall, o.SigArch = Trapped, int(nums[1]), int(nums[2]), int(nums[3]), uint32(nums[4])
	case "THREADKILLED":
		o.Kind = ThreadKilled
	case "SIGNALED":
		o.Kind, o.Signal = Signaled, int(nums[1])
	default:
		return o, fmt.Errorf("helper process exited unexpectedly: %q", line)
	}
	return o, nil
}

// Check reports the errno seccomp(SECCOMP_SET_MODE_FILTER) returns for
// filter (0 if the kernel accepts it).
func (h *Harness) Check(filter []bpf.RawInstruction) (int, error) {
	out, err := h.Run([]Request{{Filter: filter, CheckOnly: true}})
	if err != nil {
		return 0, err
	}
	return out[0].InstallErrno, nil
}

// Verdict installs filter, issues syscall nr with args, and returns the
// observed verdict (see Outcome.Verdict).
func (h *Harness) Verdict(filter []bpf.RawInstruction, nr int, args [6]uint64) (uint32, error) {
	out, err := h.Run([]Request{{Filter: filter, Nr: nr, Args: args}})
	if err != nil {
		return 0, err
	}
	return out[0].Verdict()
}
