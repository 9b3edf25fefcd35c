package hostseccomp

import (
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

func ret(k uint32) []bpf.RawInstruction { return []bpf.RawInstruction{{Op: 0x06, K: k}} }

// TestHostVerdicts checks the harness against filters whose host behaviour
// is known.
func TestHostVerdicts(t *testing.T) {
	h := Available(t)
	// if (nr == 1001) return ERRNO | arg0 low word; else return TRAP(7)
	argErrno := []bpf.RawInstruction{
		{Op: 0x20, K: 0}, {Op: 0x15, Jt: 0, Jf: 3, K: 1001}, {Op: 0x20, K: 16}, {Op: 0x44, K: abi.SeccompRetErrno}, {Op: 0x16},
		{Op: 0x06, K: abi.SeccompRetTrap | 7},
	}
	tests := []struct {
		name   string
		filter []bpf.RawInstruction
		nr     int
		args   [6]uint64
		want   uint32
		check  func(o Outcome) bool
	}{
		{"allow", ret(abi.SeccompRetAllow), 1000, [6]uint64{}, abi.SeccompRetAllow, nil},
		{"log", ret(abi.SeccompRetLog), 1000, [6]uint64{}, abi.SeccompRetAllow, nil},
		{"trace without tracer", ret(abi.SeccompRetTrace | 3), 1000, [6]uint64{}, abi.SeccompRetAllow, nil},
		{"user notif without listener", ret(abi.SeccompRetUserNotif), 1000, [6]uint64{}, abi.SeccompRetAllow, nil},
		{"errno", ret(abi.SeccompRetErrno | 13), 1000, [6]uint64{}, abi.SeccompRetErrno | 13, nil},
		{"errno 0 succeeds", ret(abi.SeccompRetErrno), 1000, [6]uint64{}, abi.SeccompRetErrno, nil},
		{"errno clamped", ret(abi.SeccompRetErrno | 5000), 1000, [6]uint64{}, abi.SeccompRetErrno | 4095, nil},
		{"trap", ret(abi.SeccompRetTrap | 0xffff), 1234, [6]uint64{}, abi.SeccompRetTrap | 0xffff,
			func(o Outcome) bool { return o.SigSyscall == 1234 && o.SigArch == abi.AuditArchX86_64 }},
		{"kill thread", ret(abi.SeccompRetKillThread), 1000, [6]uint64{}, abi.SeccompRetKillThread, nil},
		{"kill process", ret(abi.SeccompRetKillProcess), 1000, [6]uint64{}, abi.SeccompRetKillProcess, nil},
		{"unknown action kills", ret(0x00010000), 1000, [6]uint64{}, abi.SeccompRetKillProcess, nil},
		{"args reach the filter", argErrno, 1001, [6]uint64{0xffffffff_00000021}, abi.SeccompRetErrno | 0x21, nil},
		{"nr reaches the filter", argErrno, 1002, [6]uint64{0x21}, abi.SeccompRetTrap | 7, nil},
	}
	reqs := make([]Request, len(tests))
	for i, tc := range tests {
		reqs[i] = Request{Filter: tc.filter, Nr: tc.nr, Args: tc.args}
	}
	out, err := h.Run(reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range tests {
		got, err := out[i].Verdict()
		if err != nil || got != tc.want {
			t.Errorf("%s: verdict %#x (%v) from %q, want %#x", tc.name, got, err, out[i].Raw, tc.want)
		}
		if got := Observable(tc.filter[len(tc.filter)-1].K); tc.filter[len(tc.filter)-1].Op == 0x06 && len(tc.filter) == 1 && got != tc.want {
			t.Errorf("%s: Observable = %#x, want %#x", tc.name, got, tc.want)
		}
		if tc.check != nil && !tc.check(out[i]) {
			t.Errorf("%s: unexpected details %+v", tc.name, out[i])
		}
	}
}

func TestHostCheck(t *testing.T) {
	h := Available(t)
	tests := []struct {
		name   string
		filter []bpf.RawInstruction
		want   int
	}{
		{"accepted", ret(abi.SeccompRetAllow), 0},
		{"empty", nil, 22},
		{"half-word load", []bpf.RawInstruction{{Op: 0x28}, {Op: 0x06}}, 22},
		{"no return", []bpf.RawInstruction{{Op: 0x06}, {Op: 0x00}}, 22},
	}
	for _, tc := range tests {
		got, err := h.Check(tc.filter)
		if err != nil || got != tc.want {
			t.Errorf("%s: Check = %d, %v; want %d", tc.name, got, err, tc.want)
		}
	}
	v, err := h.Verdict(ret(abi.SeccompRetErrno|1), 1000, [6]uint64{})
	if err != nil || v != abi.SeccompRetErrno|1 {
		t.Errorf("Verdict = %#x, %v", v, err)
	}
}

// TestHostStacks checks requests with several filters: the kernel's
// combination and its path-length limit.
func TestHostStacks(t *testing.T) {
	h := Available(t)
	big := make([]bpf.RawInstruction, 4096)
	for i := range big {
		big[i] = bpf.RawInstruction{Op: 0x06, K: abi.SeccompRetAllow}
	}
	// The kernel counts eBPF lengths: 4096 "return ALLOW" translate to
	// 3+2*4096 = 8195 instructions, +4 per earlier filter; three of them
	// leave room for 32768-3*8199 = 8171, i.e. 4084 returns.
	three := [][]bpf.RawInstruction{big, big, big}
	out, err := h.Run([]Request{
		{Earlier: [][]bpf.RawInstruction{AllowSeccomp(ret(abi.SeccompRetErrno | 1))}, Filter: ret(abi.SeccompRetErrno | 2), Nr: 1000},
		{Earlier: [][]bpf.RawInstruction{AllowSeccomp(ret(abi.SeccompRetTrap | 1))}, Filter: ret(abi.SeccompRetErrno | 2), Nr: 1000},
		// Without the guard the second installation is refused by the first filter.
		{Earlier: [][]bpf.RawInstruction{ret(abi.SeccompRetErrno | 1)}, Filter: ret(abi.SeccompRetAllow), Nr: 1000},
		{Earlier: three, Filter: big[:4085], CheckOnly: true},
		{Earlier: three, Filter: big[:4084], CheckOnly: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := out[0].Verdict(); err != nil || v != abi.SeccompRetErrno|2 {
		t.Errorf("equal actions: %#x, %v; want the newest filter's ERRNO(2)", v, err)
	}
	if v, err := out[1].Verdict(); err != nil || v != abi.SeccompRetTrap|1 {
		t.Errorf("older TRAP: %#x, %v; want TRAP(1)", v, err)
	}
	if out[2].Kind != Rejected || out[2].InstallErrno != 1 {
		t.Errorf("unguarded earlier filter: %q, want REJECT 1", out[2].Raw)
	}
	if out[3].InstallErrno != 12 || out[4].InstallErrno != 0 {
		t.Errorf("path limit: errno %d and %d, want ENOMEM (12) and 0", out[3].InstallErrno, out[4].InstallErrno)
	}
}

func TestParseOutcome(t *testing.T) {
	for _, bad := range []string{"", "RET 1", "TRAP x 1 2 3", "NOPE 1", "EXITED 3"} {
		if _, err := parseOutcome(bad); err == nil {
			t.Errorf("parseOutcome(%q) succeeded", bad)
		}
	}
}
