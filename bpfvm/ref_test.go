package bpfvm

import (
	"encoding/binary"
	"math/rand/v2"

	"golang.org/x/net/bpf"
)

// refRun is a deliberately simple reference interpreter: it walks the raw
// program, decoding every opcode on every step and reading seccomp_data from
// its little-endian byte encoding. prog must have passed validation.
func refRun(prog []bpf.RawInstruction, data []byte) uint32 {
	var a, x uint32
	var m [16]uint32
	for pc := 0; ; pc++ {
		in := prog[pc]
		k := in.K
		var src uint32
		if in.Op&0x08 != 0 {
			src = x
		} else {
			src = k
		}
		switch in.Op & 0x07 {
		case 0x00: // LD
			switch in.Op & 0xe0 {
			case 0x20:
				a = binary.LittleEndian.Uint32(data[k:])
			case 0x80:
				a = 64
			case 0x00:
				a = k
			case 0x60:
				a = m[k]
			}
		case 0x01: // LDX
			switch in.Op & 0xe0 {
			case 0x80:
				x = 64
			case 0x00:
				x = k
			case 0x60:
				x = m[k]
			}
		case 0x02:
			m[k] = a
		case 0x03:
			m[k] = x
		case 0x04: // ALU
			switch in.Op & 0xf0 {
			case 0x00:
				a += src
			case 0x10:
				a -= src
			case 0x20:
				a *= src
			case 0x30:
				if src == 0 {
					return 0
				}
				a /= src
			case 0x40:
				a |= src
			case 0x50:
				a &= src
			case 0x60:
				a <<= src % 32
			case 0x70:
				a >>= src % 32
			case 0x80:
				a = 0 - a
			case 0xa0:
				a ^= src
			}
		case 0x05: // JMP
			var cond bool
			switch in.Op & 0xf0 {
			case 0x00:
				pc += int(k)
				continue
			case 0x10:
				cond = a == src
			case 0x20:
				cond = a > src
			case 0x30:
				cond = a >= src
			case 0x40:
				cond = a&src != 0
			}
			if cond {
				pc += int(in.Jt)
			} else {
				pc += int(in.Jf)
			}
		case 0x06:
			if in.Op&0x18 == 0x10 {
				return a
			}
			return k
		case 0x07:
			if in.Op&0x80 != 0 {
				a = x
			} else {
				x = a
			}
		}
	}
}

// progGen generates random programs that pass seccomp validation, with
// operands biased towards interesting values and loads that hit every word
// of seccomp_data.
type progGen struct {
	r     *rand.Rand
	xnet  bool // stay in the subset x/net/bpf runs like the kernel: no NEG (its VM cannot run it), no shifts by X (it does not mask the count), no LDX|LEN (it decodes it as LD|LEN)
	memOK bool // allow scratch memory
}

var interesting = []uint32{0, 1, 2, 3, 4, 31, 32, 63, 64, 1000, 1001, 0x7f, 0xff, 0x1000, 0x7fff0000, 0x80000000, 0xffffffff, 0xc000003e, 0xc0009026, 0x50000, 0x30005}

func (g *progGen) konst() uint32 {
	if g.r.IntN(3) == 0 {
		return g.r.Uint32()
	}
	return interesting[g.r.IntN(len(interesting))]
}

// gen returns a valid program of n instructions (n >= 1).
func (g *progGen) gen(n int) []bpf.RawInstruction {
	prog := make([]bpf.RawInstruction, n)
	written := uint16(0) // cells written on every path so far (kept simple: only straight-line stores before any jump count)
	jumped := false
	for pc := 0; pc < n-1; pc++ {
		left := n - pc - 1 // instructions after this one
		var in bpf.RawInstruction
		switch c := g.r.IntN(20); {
		case c < 5:
			in = bpf.RawInstruction{Op: opcLdAbsW, K: uint32(g.r.IntN(16)) * 4}
		case c < 6:
			ops := []uint16{opcLdImm, opcLdxImm, opcLdLen, opcLdxLen, opcTax, opcTxa}
			in = bpf.RawInstruction{Op: ops[g.r.IntN(len(ops))], K: g.konst()}
			if g.xnet && in.Op == opcLdxLen {
				in.Op = opcLdxImm
			}
		case c < 10:
			aop := aluOps[g.r.IntN(len(aluOps))]
			src := uint16(srcK)
			if g.r.IntN(2) == 0 {
				src = srcX
			}
			in = bpf.RawInstruction{Op: classALU | aop | src, K: g.konst()}
			if src == srcK && (aop == aluLSH || aop == aluRSH) {
				in.K %= 32
			}
			if src == srcK && aop == aluDIV && in.K == 0 {
				in.K = 3
			}
			if src == srcX && (aop == aluLSH || aop == aluRSH) && g.xnet {
				in.Op = classALU | aluADD | srcX
			}
			if !g.xnet && g.r.IntN(8) == 0 {
				in = bpf.RawInstruction{Op: opcNeg}
			}
		case c < 12 && g.memOK:
			cell := uint32(g.r.IntN(16))
			if !jumped && g.r.IntN(2) == 0 {
				in = bpf.RawInstruction{Op: []uint16{opcSt, opcStx}[g.r.IntN(2)], K: cell}
				written |= 1 << cell
			} else if written != 0 {
				for written&(1<<cell) == 0 {
					cell = uint32(g.r.IntN(16))
				}
				in = bpf.RawInstruction{Op: []uint16{opcLdMem, opcLdxMem}[g.r.IntN(2)], K: cell}
			} else {
				in = bpf.RawInstruction{Op: opcTax}
			}
		case c < 18:
			jumped = true
			cond := jmpConds[g.r.IntN(len(jmpConds))]
			src := uint16(srcK)
			if g.r.IntN(4) == 0 {
				src = srcX
			}
			in = bpf.RawInstruction{Op: classJMP | cond | src, K: g.konst(), Jt: g.off(left), Jf: g.off(left)}
		case c < 19:
			jumped = true
			in = bpf.RawInstruction{Op: opcJa, K: uint32(g.off(left))}
		default:
			in = g.ret()
		}
		prog[pc] = in
	}
	prog[n-1] = g.ret()
	return prog
}

func (g *progGen) off(left int) uint8 {
	lim := min(left, 256)
	if g.r.IntN(3) == 0 {
		return 0
	}
	return uint8(g.r.IntN(lim))
}

var genActions = []uint32{0x7fff0000, 0x7ffc0000, 0x7ff00000, 0x7fc00000, 0x00050000, 0x00030000, 0x00000000, 0x80000000, 0x7ffe0000, 0x00010000}

func (g *progGen) ret() bpf.RawInstruction {
	if g.r.IntN(4) == 0 {
		return bpf.RawInstruction{Op: opcRetA}
	}
	act := genActions[g.r.IntN(len(genActions))]
	if act&0xffff0000 == 0x00050000 || act == 0x00030000 {
		act |= uint32(g.r.IntN(5000))
	}
	return bpf.RawInstruction{Op: opcRetK, K: act}
}

// data returns a random seccomp_data with values biased towards those the
// programs compare against.
func (g *progGen) data() SeccompData {
	d := SeccompData{Nr: int32(g.konst()), Arch: g.konst(), InstructionPointer: uint64(g.konst())<<32 | uint64(g.konst())}
	if g.r.IntN(4) == 0 {
		d.Nr = int32(g.r.IntN(600))
	}
	for i := range d.Args {
		d.Args[i] = uint64(g.konst())<<32 | uint64(g.konst())
	}
	return d
}
