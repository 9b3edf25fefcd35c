package alphaemu

// This file is temporary: it stands in for the FP engineer's fp*.go files
// (the FP arithmetic of opcodes 0x14-0x17 and the FP memory-format
// conversions) until they land, and is deleted when they do.

import "github.com/axpsec/axpsec/abi"

// execFP executes an instruction with primary opcode 0x14-0x17. Until the FP
// arithmetic lands every such instruction is OPCDEC.
func (c *CPU) execFP(insn uint32) (sig abi.Signal, code int32, addr uint64) {
	return abi.SIGILL, codeIllOpc, c.PC
}

// mapExp8 widens an 8-bit S/F exponent to 11 bits (AARM MAP_S / MAP_F).
func mapExp8(e uint32, ieee bool) uint64 {
	switch {
	case e == 0xff && ieee:
		return 0x7ff
	case e == 0:
		return 0
	case e&0x80 != 0:
		return 0x400 | uint64(e&0x7f)
	}
	return 0x380 | uint64(e&0x7f)
}

// fpLoadS converts an S_floating memory value to register format.
func fpLoadS(mem uint32) uint64 {
	return uint64(mem>>31)<<63 | mapExp8((mem>>23)&0xff, true)<<52 | uint64(mem&0x7fffff)<<29
}

// fpStoreS converts a register to S_floating memory format (bits 63:62 and 58:29).
func fpStoreS(reg uint64) uint32 {
	return uint32(reg>>62)<<30 | uint32(reg>>29)&0x3fffffff
}

// fpLoadF converts a VAX F_floating memory value (word-swapped) to register format.
func fpLoadF(mem uint32) uint64 {
	return uint64(mem>>15&1)<<63 | mapExp8((mem>>7)&0xff, false)<<52 |
		uint64(mem&0x7f)<<45 | uint64(mem>>16)<<29
}

// fpStoreF converts a register to VAX F_floating memory format.
func fpStoreF(reg uint64) uint32 {
	return uint32(reg>>63)<<15 | uint32(reg>>62&1)<<14 | uint32(reg>>52&0x7f)<<7 |
		uint32(reg>>45&0x7f) | uint32(reg>>29&0xffff)<<16
}

// fpLoadG converts a VAX G_floating memory value to register format (the
// four 16-bit words are reversed).
func fpLoadG(mem uint64) uint64 {
	return mem<<48 | (mem>>16&0xffff)<<32 | (mem>>32&0xffff)<<16 | mem>>48
}

// fpStoreG converts a register to VAX G_floating memory format.
func fpStoreG(reg uint64) uint64 { return fpLoadG(reg) }
