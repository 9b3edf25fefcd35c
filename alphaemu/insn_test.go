package alphaemu

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/axpsec/axpsec/alphaemu/asm"
)

// Reference semantics written directly from the spec (alpha-isa.md §2.3-2.7),
// byte by byte where the spec is byte-wise, to compare the fast paths against.

func refBytes(v uint64) (b [8]uint64) {
	for i := range b {
		b[i] = v >> (8 * i) & 0xff
	}
	return
}

func refZapnot(a uint64, m uint64) uint64 {
	var r uint64
	for i := 0; i < 8; i++ {
		if m&(1<<i) != 0 {
			r |= a & (0xff << (8 * i))
		}
	}
	return r
}

func refCmpbge(a, b uint64) uint64 {
	x, y := refBytes(a), refBytes(b)
	var r uint64
	for i := range x {
		if x[i] >= y[i] {
			r |= 1 << i
		}
	}
	return r
}

var bmOf = map[byte]uint64{'b': 0x01, 'w': 0x03, 'l': 0x0f, 'q': 0xff}

// refByteOp implements EXT/INS/MSK x L/H for width w in byte-mask terms.
func refByteOp(kind string, w byte, a, b uint64) uint64 {
	s := b & 7
	bm := bmOf[w]
	switch kind {
	case "extl":
		return refZapnot(a>>(8*s), bm)
	case "exth":
		if s == 0 {
			return refZapnot(a, bm)
		}
		return refZapnot(a<<(64-8*s), bm)
	case "insl":
		return refZapnot(a, bm) << (8 * s)
	case "insh":
		if s == 0 {
			return 0
		}
		return refZapnot(a, bm) >> (64 - 8*s)
	case "mskl":
		return refZapnot(a, ^(bm<<s)&0xff)
	case "mskh":
		return refZapnot(a, ^((bm<<s)>>8)&0xff)
	}
	panic(kind)
}

func refSext32(v uint64) uint64 { return uint64(int64(int32(v))) }

func bu(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// operateRefs maps each integer operate mnemonic to its reference semantics.
var operateRefs = map[string]func(a, b uint64) uint64{
	"addl": func(a, b uint64) uint64 { return refSext32(a + b) }, "s4addl": func(a, b uint64) uint64 { return refSext32(a*4 + b) },
	"s8addl": func(a, b uint64) uint64 { return refSext32(a*8 + b) }, "subl": func(a, b uint64) uint64 { return refSext32(a - b) },
	"s4subl": func(a, b uint64) uint64 { return refSext32(a*4 - b) }, "s8subl": func(a, b uint64) uint64 { return refSext32(a*8 - b) },
	"addq": func(a, b uint64) uint64 { return a + b }, "s4addq": func(a, b uint64) uint64 { return a*4 + b },
	"s8addq": func(a, b uint64) uint64 { return a*8 + b }, "subq": func(a, b uint64) uint64 { return a - b },
	"s4subq": func(a, b uint64) uint64 { return a*4 - b }, "s8subq": func(a, b uint64) uint64 { return a*8 - b },
	"cmpbge": refCmpbge,
	"cmpult": func(a, b uint64) uint64 { return bu(a < b) }, "cmpule": func(a, b uint64) uint64 { return bu(a <= b) },
	"cmpeq": func(a, b uint64) uint64 { return bu(a == b) }, "cmplt": func(a, b uint64) uint64 { return bu(int64(a) < int64(b)) },
	"cmple": func(a, b uint64) uint64 { return bu(int64(a) <= int64(b)) },
	"and":   func(a, b uint64) uint64 { return a & b }, "andnot": func(a, b uint64) uint64 { return a &^ b },
	"or": func(a, b uint64) uint64 { return a | b }, "ornot": func(a, b uint64) uint64 { return a | ^b },
	"xor": func(a, b uint64) uint64 { return a ^ b }, "eqv": func(a, b uint64) uint64 { return ^(a ^ b) },
	"zap":    func(a, b uint64) uint64 { return refZapnot(a, ^b&0xff) },
	"zapnot": func(a, b uint64) uint64 { return refZapnot(a, b&0xff) },
	"srl":    func(a, b uint64) uint64 { return a >> (b & 63) }, "sll": func(a, b uint64) uint64 { return a << (b & 63) },
	"sra":  func(a, b uint64) uint64 { return uint64(int64(a) >> (b & 63)) },
	"mull": func(a, b uint64) uint64 { return refSext32(a * b) }, "mulq": func(a, b uint64) uint64 { return a * b },
	"umulh": func(a, b uint64) uint64 { h, _ := bits.Mul64(a, b); return h },
	"perr": func(a, b uint64) uint64 {
		x, y := refBytes(a), refBytes(b)
		var s uint64
		for i := range x {
			s += max(x[i], y[i]) - min(x[i], y[i])
		}
		return s
	},
	"minub8": func(a, b uint64) uint64 { return lanes(a, b, 8, false, false) },
	"maxub8": func(a, b uint64) uint64 { return lanes(a, b, 8, false, true) },
	"minsb8": func(a, b uint64) uint64 { return lanes(a, b, 8, true, false) },
	"maxsb8": func(a, b uint64) uint64 { return lanes(a, b, 8, true, true) },
	"minuw4": func(a, b uint64) uint64 { return lanes(a, b, 16, false, false) },
	"maxuw4": func(a, b uint64) uint64 { return lanes(a, b, 16, false, true) },
	"minsw4": func(a, b uint64) uint64 { return lanes(a, b, 16, true, false) },
	"maxsw4": func(a, b uint64) uint64 { return lanes(a, b, 16, true, true) },
}

func init() {
	for _, kind := range []string{"ext", "ins", "msk"} {
		for _, w := range "bwlq" {
			for _, h := range "lh" {
				if h == 'h' && w == 'b' {
					continue
				}
				k, wb := kind+string(h), byte(w)
				operateRefs[kind+string(w)+string(h)] = func(a, b uint64) uint64 { return refByteOp(k, wb, a, b) }
			}
		}
	}
}

// lanes is a reference MVI min/max over 8-bit or 16-bit lanes.
func lanes(a, b uint64, width int, signed, isMax bool) uint64 {
	var r uint64
	for i := 0; i < 64; i += width {
		x, y := a>>i&(1<<width-1), b>>i&(1<<width-1)
		xv, yv := int64(x), int64(y)
		if signed {
			xv, yv = int64(x<<(64-width))>>(64-width), int64(y<<(64-width))>>(64-width)
		}
		v := x
		if (isMax && yv > xv) || (!isMax && yv < xv) {
			v = y
		}
		r |= v << i
	}
	return r
}

var edgeValues = []uint64{
	0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
	0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x0123456789abcdef, 0xfedcba9876543210,
}

// TestOperateDifferential runs every integer operate instruction, register and
// literal forms, on edge and random operands and compares with the reference.
func TestOperateDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for mn, ref := range operateRefs {
		t.Run(mn, func(t *testing.T) {
			c := newTestCPU(t, fmt.Sprintf("%s t0,t1,t2\ncallsys\n", mn))
			// The literal form: the same word with Rb replaced by literal 0xa5.
			w := asm.MustAssemble(mn+" t0,t1,t2\ncallsys\n", codeBase)
			w[0] = w[0]&^(0xff<<13) | 0xa5<<13 | 1<<12
			lit := cpuWithWords(t, w)
			check := func(c *CPU, a, b uint64) {
				c.PC, c.R[1], c.R[2], c.R[3] = codeBase, a, b, 0xdead
				runToCallsys(t, c)
				if got, want := c.R[3], ref(a, b); got != want {
					t.Fatalf("%s(%#x, %#x) = %#x, want %#x", mn, a, b, got, want)
				}
			}
			vals := append([]uint64{}, edgeValues...)
			for i := 0; i < 200; i++ {
				vals = append(vals, rng.Uint64())
			}
			for _, a := range vals {
				for _, b := range edgeValues {
					check(c, a, b)
				}
				check(c, a, rng.Uint64())
				check(lit, a, 0xa5)
			}
		})
	}
}

// TestCMOV checks that conditional moves leave Rc alone when false.
func TestCMOV(t *testing.T) {
	conds := map[string]func(int64) bool{
		"cmoveq": func(v int64) bool { return v == 0 }, "cmovne": func(v int64) bool { return v != 0 },
		"cmovlt": func(v int64) bool { return v < 0 }, "cmovge": func(v int64) bool { return v >= 0 },
		"cmovle": func(v int64) bool { return v <= 0 }, "cmovgt": func(v int64) bool { return v > 0 },
		"cmovlbs": func(v int64) bool { return v&1 != 0 }, "cmovlbc": func(v int64) bool { return v&1 == 0 },
	}
	for mn, cond := range conds {
		c := newTestCPU(t, mn+" t0,t1,t2\ncallsys\n")
		for _, a := range edgeValues {
			c.PC, c.R[1], c.R[2], c.R[3] = codeBase, a, 0x1234, 0x5678
			runToCallsys(t, c)
			want := uint64(0x5678)
			if cond(int64(a)) {
				want = 0x1234
			}
			if c.R[3] != want {
				t.Errorf("%s with t0=%#x: t2 = %#x, want %#x", mn, a, c.R[3], want)
			}
		}
	}
}

// TestOneOperand covers the Rb-only and constant instructions.
func TestOneOperand(t *testing.T) {
	tests := []struct {
		src  string
		b    uint64
		want uint64
	}{
		{"sextb t1,t2", 0x80, 0xffffffffffffff80},
		{"sextb t1,t2", 0x1237f, 0x7f},
		{"sextw t1,t2", 0x18000, 0xffffffffffff8000},
		{"ctpop t1,t2", 0xf0f0, 8},
		{"ctpop t1,t2", ^uint64(0), 64},
		{"ctlz t1,t2", 0, 64},
		{"ctlz t1,t2", 1, 63},
		{"cttz t1,t2", 0, 64},
		{"cttz t1,t2", 0x8000000000000000, 63},
		{"unpkbw t1,t2", 0x11223344, 0x0011002200330044},
		{"unpkbl t1,t2", 0x3344, 0x0000003300000044},
		{"pkwb t1,t2", 0x0011002200330044, 0x11223344},
		{"pklb t1,t2", 0x0000003300000044, 0x3344},
		{"amask t1,t2", ^uint64(0), 0xffffffffffffecf8},
		{"amask t1,t2", 1, 0},
		{"implver t2", 0, 2},
	}
	for _, tc := range tests {
		c := newTestCPU(t, tc.src+"\ncallsys\n")
		c.R[2] = tc.b
		runToCallsys(t, c)
		if c.R[3] != tc.want {
			t.Errorf("%s with t1=%#x: t2 = %#x, want %#x", tc.src, tc.b, c.R[3], tc.want)
		}
	}
}

// TestR31 checks that R31 reads zero after every kind of write to it, and
// that loads into R31 never fault (they are prefetches).
func TestR31(t *testing.T) {
	c := newTestCPU(t, `
		addq t0,t0,zero
		lda zero,5(t0)
		ldah zero,5(t0)
		ldq zero,0(zero)
		ldl zero,1(zero)
		ldq_u zero,0(sp)
		ldbu zero,0(zero)
		ldl_l zero,0(zero)
		cmoveq zero,t0,zero
		mov t0,zero
		rpcc zero
		bsr zero,next
	next:
		mov zero,t2
		callsys
	`)
	c.R[1] = 77
	runToCallsys(t, c)
	if c.R[31] != 0 || c.R[3] != 0 {
		t.Fatalf("R31 = %#x, t2 = %#x, want 0", c.R[31], c.R[3])
	}
}
