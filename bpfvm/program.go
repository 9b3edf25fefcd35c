package bpfvm

import (
	"encoding/binary"
	"fmt"
	"sync"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
)

// SeccompData is struct seccomp_data, the input of a seccomp filter. Filters
// read it as sixteen 32-bit words in little-endian word order (as on Alpha):
// nr at offset 0, arch at 4, the low and high halves of InstructionPointer at
// 8 and 12, and the low and high halves of Args[i] at 16+8i and 20+8i.
type SeccompData struct {
	Nr                 int32
	Arch               uint32
	InstructionPointer uint64
	Args               [6]uint64
}

// Word returns the 32-bit word a filter's `LD|W|ABS off` reads, for a
// 4-aligned off below 64 (other offsets return 0).
func (d *SeccompData) Word(off uint32) uint32 {
	switch {
	case off == 0:
		return uint32(d.Nr)
	case off == 4:
		return d.Arch
	case off == 8:
		return uint32(d.InstructionPointer)
	case off == 12:
		return uint32(d.InstructionPointer >> 32)
	case off >= 16 && off < dataSize && off&3 == 0:
		v := d.Args[(off-16)/8]
		if off&4 != 0 {
			v >>= 32
		}
		return uint32(v)
	}
	return 0
}

// Bytes returns the 64-byte little-endian encoding of d, as the kernel lays
// out struct seccomp_data on a little-endian machine.
func (d *SeccompData) Bytes() []byte {
	b := make([]byte, dataSize)
	for off := uint32(0); off < dataSize; off += 4 {
		binary.LittleEndian.PutUint32(b[off:], d.Word(off))
	}
	return b
}

// Program is a validated, ready-to-run seccomp filter. It is immutable and
// safe for concurrent use.
type Program struct {
	orig    []bpf.RawInstruction // as supplied: the kernel's saved original program
	insns   []insn               // pre-decoded form (analysis, Trace)
	fast    []insn               // insns with fused runs, executed by Run
	convLen int                  // length of the kernel's eBPF translation

	mu     sync.Mutex
	consts map[uint32][]cacheEntry // per audit arch: the program's constant results (cache.go)
}

// Load validates insns exactly as seccomp(SECCOMP_SET_MODE_FILTER) does and
// prepares the program for Run. A rejected program yields a *ValidationError
// naming the instruction, the rule and the kernel's errno.
func Load(insns []bpf.RawInstruction) (*Program, error) {
	if err := validate(insns); err != nil {
		return nil, err
	}
	p := &Program{orig: append([]bpf.RawInstruction(nil), insns...)}
	p.insns = decode(p.orig)
	p.fast = fuse(p.insns, p.orig)
	p.convLen = convertedLen(p.orig)
	return p, nil
}

// LoadBytes decodes raw sock_filter records (8 bytes each, little-endian:
// u16 code, u8 jt, u8 jf, u32 k) and loads them with Load.
func LoadBytes(b []byte) (*Program, error) {
	insns, err := DecodeRaw(b)
	if err != nil {
		return nil, err
	}
	return Load(insns)
}

// DecodeRaw splits raw little-endian sock_filter records into instructions
// without validating them.
func DecodeRaw(b []byte) ([]bpf.RawInstruction, error) {
	if len(b)%8 != 0 {
		return nil, &ValidationError{Index: -1, Rule: fmt.Sprintf("%d bytes is not a whole number of 8-byte sock_filter records", len(b)), Errno: abi.EINVAL}
	}
	insns := make([]bpf.RawInstruction, len(b)/8)
	for i := range insns {
		r := b[8*i:]
		insns[i] = bpf.RawInstruction{Op: binary.LittleEndian.Uint16(r), Jt: r[2], Jf: r[3], K: binary.LittleEndian.Uint32(r[4:])}
	}
	return insns, nil
}

// EncodeRaw encodes instructions as raw little-endian sock_filter records.
func EncodeRaw(insns []bpf.RawInstruction) []byte {
	b := make([]byte, 8*len(insns))
	for i, in := range insns {
		r := b[8*i:]
		binary.LittleEndian.PutUint16(r, in.Op)
		r[2], r[3] = in.Jt, in.Jf
		binary.LittleEndian.PutUint32(r[4:], in.K)
	}
	return b
}

// Instructions returns a copy of the program as it was supplied to Load
// (before the kernel's internal rewrites such as LEN → 64), like the saved
// original the kernel reports through PTRACE_SECCOMP_GET_FILTER.
func (p *Program) Instructions() []bpf.RawInstruction {
	return append([]bpf.RawInstruction(nil), p.orig...)
}

// Len returns the number of instructions.
func (p *Program) Len() int { return len(p.orig) }

// ConvertedLen returns the length of the eBPF program the kernel translates
// the filter into; the kernel's path limit (see Chain.Attach) counts it.
func (p *Program) ConvertedLen() int { return p.convLen }
