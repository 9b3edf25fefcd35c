package bpfvm

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

func ri(op uint16, jt, jf uint8, k uint32) bpf.RawInstruction {
	return bpf.RawInstruction{Op: op, Jt: jt, Jf: jf, K: k}
}

var (
	retAllow = ri(opcRetK, 0, 0, abi.SeccompRetAllow)
	retKill  = ri(opcRetK, 0, 0, abi.SeccompRetKillProcess)
)

func TestLoadRejects(t *testing.T) {
	long := make([]bpf.RawInstruction, 4097)
	for i := range long {
		long[i] = retAllow
	}
	tests := []struct {
		name  string
		prog  []bpf.RawInstruction
		index int
		rule  string
	}{
		{"empty", nil, -1, "length 0"},
		{"too long", long, -1, "length 4097"},
		{"unknown opcode", []bpf.RawInstruction{ri(0xff, 0, 0, 0), retAllow}, 0, "unknown classic"},
		{"ret X", []bpf.RawInstruction{ri(0x0e, 0, 0, 0)}, 0, "unknown classic"},
		{"neg X", []bpf.RawInstruction{ri(0x8c, 0, 0, 0), retAllow}, 0, "unknown classic"},
		{"div K zero", []bpf.RawInstruction{ri(opcDivK, 0, 0, 0), retAllow}, 0, "division by zero"},
		{"mod K zero", []bpf.RawInstruction{ri(opcModK, 0, 0, 0), retAllow}, 0, "division by zero"},
		{"lsh 32", []bpf.RawInstruction{ri(opcLshK, 0, 0, 32), retAllow}, 0, "shift"},
		{"rsh 40", []bpf.RawInstruction{ri(opcRshK, 0, 0, 40), retAllow}, 0, "shift"},
		{"mem 16", []bpf.RawInstruction{ri(opcSt, 0, 0, 16), retAllow}, 0, "scratch memory index"},
		{"ldx mem 99", []bpf.RawInstruction{ri(opcLdxMem, 0, 0, 99), retAllow}, 0, "scratch memory index"},
		{"ja out", []bpf.RawInstruction{ri(opcJa, 0, 0, 1), retAllow}, 0, "jump offset"},
		{"ja huge", []bpf.RawInstruction{ri(opcJa, 0, 0, 0xffffffff), retAllow}, 0, "jump offset"},
		{"jeq jt out", []bpf.RawInstruction{ri(0x15, 1, 0, 0), retAllow}, 0, "conditional jump"},
		{"jset jf out", []bpf.RawInstruction{ri(0x4d, 0, 5, 0), retAllow}, 0, "conditional jump"},
		{"jeq last", []bpf.RawInstruction{retAllow, ri(0x15, 0, 0, 0)}, 1, "conditional jump"},
		{"unknown ancillary", []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 0xfffff000+64), retAllow}, 0, "ancillary"},
		{"no ret", []bpf.RawInstruction{retAllow, ri(opcLdImm, 0, 0, 0)}, 1, "not a return"},
		{"read before write", []bpf.RawInstruction{ri(opcLdMem, 0, 0, 3), retAllow}, 0, "M[3]"},
		{"read after write on one path", []bpf.RawInstruction{
			ri(0x15, 0, 1, 0), ri(opcSt, 0, 0, 2), ri(opcLdMem, 0, 0, 2), retAllow}, 2, "M[2]"},
		{"write after ja does not count", []bpf.RawInstruction{
			ri(opcJa, 0, 0, 1), ri(opcSt, 0, 0, 1), ri(opcLdxMem, 0, 0, 1), retAllow}, 2, "M[1]"},
		{"ld abs unaligned", []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 2), retAllow}, 0, "4-aligned"},
		{"ld abs 64", []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 64), retAllow}, 0, "4-aligned"},
		{"ld abs ancillary", []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 0xfffff000), retAllow}, 0, "4-aligned"},
		{"ld H abs", []bpf.RawInstruction{ri(opcLdAbsH, 0, 0, 0), retAllow}, 0, "LD|H|ABS"},
		{"ld B abs", []bpf.RawInstruction{ri(opcLdAbsB, 0, 0, 0), retAllow}, 0, "LD|B|ABS"},
		{"ld ind", []bpf.RawInstruction{ri(opcLdIndW, 0, 0, 0), retAllow}, 0, "LD|W|IND"},
		{"msh", []bpf.RawInstruction{ri(opcLdxMsh, 0, 0, 0), retAllow}, 0, "LDX|B|MSH"},
		{"mod X", []bpf.RawInstruction{ri(0x9c, 0, 0, 0), retAllow}, 0, "ALU|MOD|X"},
		{"mod K", []bpf.RawInstruction{ri(opcModK, 0, 0, 3), retAllow}, 0, "ALU|MOD|K"},
		// bpf_check_classic runs to completion before seccomp_check_filter.
		{"classic error wins over seccomp error", []bpf.RawInstruction{ri(opcLdAbsH, 0, 0, 0), ri(opcDivK, 0, 0, 0), retAllow}, 1, "division"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.prog)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Load = %v, want *ValidationError", err)
			}
			if ve.Index != tc.index || !strings.Contains(ve.Rule, tc.rule) || ve.Errno != abi.EINVAL {
				t.Errorf("got index %d rule %q errno %v; want index %d, rule containing %q, EINVAL", ve.Index, ve.Rule, ve.Errno, tc.index, tc.rule)
			}
		})
	}
}

func TestLoadAccepts(t *testing.T) {
	max := make([]bpf.RawInstruction, 4096)
	for i := range max {
		max[i] = retAllow
	}
	tests := []struct {
		name string
		prog []bpf.RawInstruction
	}{
		{"single ret", []bpf.RawInstruction{retAllow}},
		{"4096", max},
		{"ret A", []bpf.RawInstruction{ri(opcRetA, 0, 0, 0)}},
		{"all loads", []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 0), ri(opcLdAbsW, 0, 0, 60), ri(opcLdLen, 0, 0, 0), ri(opcLdxLen, 0, 0, 0), retAllow}},
		{"write then read", []bpf.RawInstruction{ri(opcStx, 0, 0, 15), ri(opcLdMem, 0, 0, 15), retAllow}},
		{"write on both paths", []bpf.RawInstruction{
			ri(0x15, 0, 2, 0), ri(opcSt, 0, 0, 4), ri(opcJa, 0, 0, 1), ri(opcSt, 0, 0, 4), ri(opcLdMem, 0, 0, 4), retAllow}},
		// The kernel's pass keeps validity flowing past RET.
		{"validity flows through ret", []bpf.RawInstruction{ri(opcSt, 0, 0, 0), retKill, ri(opcLdMem, 0, 0, 0), retAllow}},
		// After a jump the fall-through is treated as fully valid.
		{"fall-through after jump is valid", []bpf.RawInstruction{ri(opcJa, 0, 0, 1), ri(opcLdMem, 0, 0, 7), retAllow}},
		{"ja to last", []bpf.RawInstruction{ri(opcJa, 0, 0, 1), retKill, retAllow}},
		{"jeq to last", []bpf.RawInstruction{ri(0x15, 1, 0, 0), retKill, retAllow}},
		{"shift 31", []bpf.RawInstruction{ri(opcLshK, 0, 0, 31), ri(opcRshK, 0, 0, 31), retAllow}},
		{"neg tax txa", []bpf.RawInstruction{ri(opcNeg, 0, 0, 0), ri(opcTax, 0, 0, 0), ri(opcTxa, 0, 0, 0), retAllow}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(tc.prog)
			if err != nil {
				t.Fatal(err)
			}
			got := p.Instructions()
			if len(got) != len(tc.prog) {
				t.Fatalf("Instructions() has %d instructions, want %d", len(got), len(tc.prog))
			}
			for i := range got {
				if got[i] != tc.prog[i] {
					t.Errorf("Instructions()[%d] = %+v, want %+v", i, got[i], tc.prog[i])
				}
			}
		})
	}
}

func TestLoadBytes(t *testing.T) {
	prog := []bpf.RawInstruction{ri(opcLdAbsW, 0, 0, 4), ri(0x15, 1, 0, abi.AuditArchAlpha), retKill, retAllow}
	b := EncodeRaw(prog)
	if len(b) != 32 || b[0] != 0x20 || b[4] != 4 || b[8+2] != 1 {
		t.Fatalf("EncodeRaw = % x", b)
	}
	p, err := LoadBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Run(&SeccompData{Arch: abi.AuditArchAlpha}); got != abi.SeccompRetAllow {
		t.Errorf("Run = %#x", got)
	}
	if _, err := LoadBytes(b[:31]); err == nil || !strings.Contains(err.Error(), "8-byte") {
		t.Errorf("LoadBytes(31 bytes) = %v", err)
	}
}
