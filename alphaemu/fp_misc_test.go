package alphaemu

import (
	"testing"
)

func TestFPMisc(t *testing.T) {
	m1, p2 := fpT(-1), fpT(2)
	cases := []fpCase{
		{name: "cpys", op: 0x17, fn: 0x020, a: m1, b: p2, want: fpT(-2)},
		{name: "cpysn", op: 0x17, fn: 0x021, a: m1, b: p2, want: fpT(2)},
		{name: "cpyse", op: 0x17, fn: 0x022, a: fpT(-4), b: fpT(1.5), want: fpT(-6)},
		{name: "fcmoveq -0", op: 0x17, fn: 0x02A, a: fpNegZero, b: p2, want: p2},
		{name: "fcmoveq 1", op: 0x17, fn: 0x02A, a: fpT(1), b: p2, want: fpSentinel},
		{name: "fcmovne -0", op: 0x17, fn: 0x02B, a: fpNegZero, b: p2, want: fpSentinel},
		{name: "fcmovlt -0", op: 0x17, fn: 0x02C, a: fpNegZero, b: p2, want: fpSentinel},
		{name: "fcmovlt -1", op: 0x17, fn: 0x02C, a: m1, b: p2, want: p2},
		{name: "fcmovge -0", op: 0x17, fn: 0x02D, a: fpNegZero, b: p2, want: p2},
		{name: "fcmovle -0", op: 0x17, fn: 0x02E, a: fpNegZero, b: p2, want: p2},
		{name: "fcmovgt -0", op: 0x17, fn: 0x02F, a: fpNegZero, b: p2, want: fpSentinel},
		{name: "fcmovgt nan", op: 0x17, fn: 0x02F, a: fpQNaN, b: p2, want: p2},
		{name: "fcmovlt -nan", op: 0x17, fn: 0x02C, a: fpQNaN | fpNegZero, b: p2, want: p2},
		{name: "cvtlq", op: 0x17, fn: 0x010, unary: true, b: fpLW(-2), want: uint64(1<<64 - 2)},
		{name: "cvtlq max", op: 0x17, fn: 0x010, unary: true, b: fpLW(0x7fffffff), want: 0x7fffffff},
		{name: "cvtql", op: 0x17, fn: 0x030, unary: true, b: 5, want: fpLW(5)},
		{name: "cvtql negative", op: 0x17, fn: 0x030, unary: true, b: uint64(1<<64 - 7), want: fpLW(-7)},
		{name: "cvtql overflow", op: 0x17, fn: 0x030, unary: true, b: 1<<40 | 3, want: fpLW(3), status: fpcrIOV | fpcrINE},
		{name: "cvtql/v overflow", op: 0x17, fn: 0x130, unary: true, b: 1 << 31, want: fpLW(-1 << 31), status: fpcrIOV | fpcrINE, sig: fpSIGFPE, code: codeFltInv},
		{name: "cvtql/sv overflow", op: 0x17, fn: 0x530, unary: true, b: 1 << 31, want: fpLW(-1 << 31), status: fpcrIOV},
		{name: "cvtql/sv overflow INV enabled", op: 0x17, fn: 0x530, unary: true, swcr: swcrEnaINV, b: 1 << 31, want: fpLW(-1 << 31), status: fpcrIOV, sig: fpSIGFPE, code: codeFltInv},
		{name: "FLTL undefined", op: 0x17, fn: 0x023, a: m1, b: p2, want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},

		{name: "itofs", op: 0x14, fn: 0x004, b: 0x3fc00000, want: fpT(1.5)},
		{name: "itofs ignores high bits", op: 0x14, fn: 0x004, b: 0xffffffff_7f800000, want: fpPInf},
		{name: "itoft", op: 0x14, fn: 0x024, b: 0x0123456789abcdef, want: 0x0123456789abcdef},
		{name: "itoff", op: 0x14, fn: 0x014, b: 0x000040c0, want: fpG(1.5)},
		{name: "sqrtt needs fa=31", op: 0x14, fn: 0x5AB, a: fpT(4), b: fpT(4), want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},
		{name: "ITFP undefined", op: 0x14, fn: 0x0AC, unary: true, b: fpT(4), want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},

		{name: "IEEE /I without /S", op: 0x16, fn: 0x2A0, a: fpT(1), b: fpT(1), want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},
		{name: "cvttq needs fa=31", op: 0x16, fn: 0x52F, a: fpT(1), b: fpT(1), want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},
		{name: "cmpteq with rounding", op: 0x16, fn: 0x025, a: fpT(1), b: fpT(1), want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},
		{name: "cvtqt/su undefined", op: 0x16, fn: 0x5BE, unary: true, b: 1, want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},

		{name: "cmpteq/su 0 -0", op: 0x16, fn: 0x5A5, a: 0, b: fpNegZero, want: fpTwo},
		{name: "cmptlt/su 1 2", op: 0x16, fn: 0x5A6, a: fpT(1), b: fpT(2), want: fpTwo},
		{name: "cmptlt/su -inf 1", op: 0x16, fn: 0x5A6, a: fpNInf, b: fpT(1), want: fpTwo},
		{name: "cmptle/su 2 1", op: 0x16, fn: 0x5A7, a: fpT(2), b: fpT(1), want: 0},
		{name: "cmptle/su 1 1", op: 0x16, fn: 0x5A7, a: fpT(1), b: fpT(1), want: fpTwo},
		{name: "cmptlt/su -2 -1", op: 0x16, fn: 0x5A6, a: fpT(-2), b: fpT(-1), want: fpTwo},
		{name: "cmptlt/su denormals", op: 0x16, fn: 0x5A6, a: 1, b: 2, want: fpTwo, status: fpcrIOV},
		{name: "cmptlt/su denormals DMZ", op: 0x16, fn: 0x5A6, swcr: swcrMapDMZ, a: 1, b: 2, want: 0},
		{name: "cmptlt/su qnan", op: 0x16, fn: 0x5A6, a: fpQNaN, b: fpT(1), want: 0, status: fpcrINV},
		{name: "cmpteq/su qnan", op: 0x16, fn: 0x5A5, a: fpQNaN, b: fpQNaN, want: 0},
		{name: "cmpteq/su snan", op: 0x16, fn: 0x5A5, a: fpT(1), b: 0x7ff0000000000001, want: 0, status: fpcrINV},
		{name: "cmptun/su qnan", op: 0x16, fn: 0x5A4, a: fpT(1), b: fpQNaN, want: fpTwo},
		{name: "cmptun/su ordered", op: 0x16, fn: 0x5A4, a: fpT(1), b: fpPInf, want: 0},
		{name: "cmptle/su nan INV enabled", op: 0x16, fn: 0x5A7, swcr: swcrEnaINV, a: fpQNaN, b: fpT(1), want: 0, status: fpcrINV, sig: fpSIGFPE, code: codeFltInv},
		{name: "cmpteq inf without /S", op: 0x16, fn: 0x0A5, a: fpPInf, b: fpPInf, want: fpTwo},
		{name: "cmpteq nan without /S traps", op: 0x16, fn: 0x0A5, a: fpQNaN, b: fpT(1), want: fpSentinel, status: fpcrINV, sig: fpSIGFPE, code: codeFltInv},

		{name: "addg", op: 0x15, fn: 0x0A0, a: fpG(1), b: fpG(2), want: fpG(3)},
		{name: "subg/c", op: 0x15, fn: 0x021, a: fpG(1), b: fpG(3), want: fpG(-2)},
		{name: "mulg", op: 0x15, fn: 0x0A2, a: fpG(1.5), b: fpG(-4), want: fpG(-6)},
		{name: "divg", op: 0x15, fn: 0x0A3, a: fpG(1), b: fpG(4), want: fpG(0.25)},
		{name: "divg by zero", op: 0x15, fn: 0x0A3, a: fpG(1), b: 0, want: fpVAXDirtyZero},
		{name: "addg zero", op: 0x15, fn: 0x0A0, a: 0, b: 0, want: 0},
		{name: "addg reserved operand", op: 0x15, fn: 0x0A0, a: fpNegZero, b: fpG(1), want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},
		{name: "addf", op: 0x15, fn: 0x080, a: fpG(1), b: fpG(2), want: fpG(3)},
		{name: "divf/c", op: 0x15, fn: 0x003, a: fpG(1), b: fpG(3), want: fpLoadF(0xaaaa3faa)},
		{name: "divf", op: 0x15, fn: 0x083, a: fpG(1), b: fpG(3), want: fpLoadF(0xaaab3faa)},
		{name: "cmpgeq", op: 0x15, fn: 0x0A5, a: fpG(2), b: fpG(2), want: fpTwo},
		{name: "cmpglt", op: 0x15, fn: 0x0A6, a: fpG(2), b: fpG(1), want: 0},
		{name: "cmpgle", op: 0x15, fn: 0x0A7, a: fpG(-2), b: fpG(1), want: fpTwo},
		{name: "cvtgq", op: 0x15, fn: 0x0AF, unary: true, b: fpG(-7.9), want: uint64(1<<64 - 7)},
		{name: "cvtgq saturates", op: 0x15, fn: 0x0AF, unary: true, b: fpG(1e30), want: 1<<63 - 1},
		{name: "cvtqg", op: 0x15, fn: 0x0BE, unary: true, b: 5, want: fpG(5)},
		{name: "cvtqf", op: 0x15, fn: 0x0BC, unary: true, b: uint64(1<<64 - 3), want: fpG(-3)},
		{name: "cvtgf", op: 0x15, fn: 0x0AC, unary: true, b: fpG(0.5), want: fpG(0.5)},
		{name: "cvtdg is illegal", op: 0x15, fn: 0x09E, unary: true, b: fpG(1), want: fpSentinel, sig: fpSIGILL, code: codeIllOpc},
		{name: "sqrtg", op: 0x14, fn: 0x0AA, unary: true, b: fpG(4), want: fpG(2)},
		{name: "sqrtf/c", op: 0x14, fn: 0x00A, unary: true, b: fpG(9), want: fpG(3)},
	}
	for _, tc := range cases {
		tc.run(t)
	}
}

func TestFPCRMoves(t *testing.T) {
	c := &CPU{FPCR: InitialFPCR}
	c.F[1] = ^uint64(0)
	if sig, _, _ := c.execFP(fpWord(0x17, 1, 1, 0x024, 1)); sig != 0 {
		t.Fatalf("mt_fpcr: signal %v", sig)
	}
	if c.FPCR != 0xffff800000000000 {
		t.Errorf("after mt_fpcr -1: FPCR = %#x", c.FPCR)
	}
	c.F[1] = 0x0c00000000000000 // DYN = +inf, SUM written without status
	c.execFP(fpWord(0x17, 1, 1, 0x024, 1))
	c.execFP(fpWord(0x17, 2, 2, 0x025, 2))
	if c.F[2] != 0x0c00000000000000 {
		t.Errorf("mf_fpcr = %#x, want 0x0c00000000000000", c.F[2])
	}
	// mt_fpcr takes effect at once for /D instructions.
	c.F[1], c.F[2] = fpT(1), fpT(0x1p-60)
	c.execFP(fpWord(0x16, 1, 2, tADDT+fpqSU+fprD, 3))
	if c.F[3] != fpT(1)+1 {
		t.Errorf("addt/sud after DYN=+inf: %#x", c.F[3])
	}
}

func TestIEEEControl(t *testing.T) {
	cases := []struct {
		name     string
		swcr     uint64
		fpcr     uint64 // FPCR before the set
		wantFPCR uint64
	}{
		{"defaults", 0, InitialFPCR, InitialFPCR},
		{"keeps rounding mode", 0, 0x0c00000000000000, 0x6c0e800000000000},
		{"enable INV DZE OVF", swcrEnaINV | swcrEnaDZE | swcrEnaOVF, InitialFPCR, 0x6800800000000000},
		{"enable UNF INE DNO", swcrEnaUNF | swcrEnaINE | swcrEnaDNO, InitialFPCR, 0x080e000000000000},
		{"status", swcrStaINV | swcrStaDNO, InitialFPCR, 0xea1e800000000000},
		{"map DMZ UMZ", swcrMapDMZ | swcrMapUMZ, InitialFPCR, 0x780f800000000000},
		{"status cleared", 0, 0xe9fe800000000000, InitialFPCR},
	}
	for _, tc := range cases {
		c := &CPU{FPCR: tc.fpcr}
		c.SetIEEEControl(tc.swcr | 1<<63 | 1<<40) // bits outside IEEE_SW_MASK are dropped
		if c.FPCR != tc.wantFPCR {
			t.Errorf("%s: FPCR %#x, want %#x", tc.name, c.FPCR, tc.wantFPCR)
		}
		if got := c.IEEEControl(); got != tc.swcr {
			t.Errorf("%s: IEEEControl %#x, want %#x", tc.name, got, tc.swcr)
		}
	}
	// GSI takes the status from the FPCR, where FP instructions record it.
	c := &CPU{FPCR: InitialFPCR}
	c.SetIEEEControl(swcrEnaINE)
	c.F[1] = fpT(1)
	c.execFP(fpWord(0x16, 1, 31, tDIVT+fpqSU, 3))
	if got := c.IEEEControl(); got != swcrEnaINE|swcrStaDZE {
		t.Errorf("IEEEControl after 1/0 = %#x", got)
	}
}

func TestRaiseIEEE(t *testing.T) {
	cases := []struct {
		name      string
		enable    uint64
		old, exc  uint64
		code      int32
		signal    bool
		wantState uint64
	}{
		{"disabled", 0, 0, swcrStaDZE, 0, false, swcrStaDZE},
		{"enabled", swcrEnaDZE, 0, swcrStaDZE, fpeFltDiv, true, swcrEnaDZE | swcrStaDZE},
		{"priority", swcrEnable, 0, swcrStaINE | swcrStaOVF, fpeFltOvf, true, swcrEnable | swcrStaINE | swcrStaOVF},
		{"old exceptions do not signal", swcrEnaINV, swcrStaINV, swcrStaINE, 0, false, swcrEnaINV | swcrStaINV | swcrStaINE},
		{"non-status bits ignored", swcrEnaINE, 0, swcrEnaINV | swcrStaINE, fpeFltRes, true, swcrEnaINE | swcrStaINE},
	}
	for _, tc := range cases {
		c := &CPU{FPCR: InitialFPCR}
		c.SetIEEEControl(tc.enable | tc.old)
		code, sig := c.RaiseIEEE(tc.exc)
		if code != tc.code || sig != tc.signal {
			t.Errorf("%s: code %d signal %v, want %d %v", tc.name, code, sig, tc.code, tc.signal)
		}
		if got := c.IEEEControl(); got != tc.wantState {
			t.Errorf("%s: state %#x, want %#x", tc.name, got, tc.wantState)
		}
	}
}
