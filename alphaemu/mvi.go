package alphaemu

import "math/bits"

// fptiOp computes the integer operations of opcode 0x1C (BWX sign
// extension, CIX bit counts and MVI multimedia ops) on Ra = a and Rb = b.
func fptiOp(op uint8, a, b uint64) uint64 {
	switch op {
	case opSEXTB:
		return uint64(int64(int8(b)))
	case opSEXTW:
		return uint64(int64(int16(b)))
	case opCTPOP:
		return uint64(bits.OnesCount64(b))
	case opCTLZ:
		return uint64(bits.LeadingZeros64(b))
	case opCTTZ:
		return uint64(bits.TrailingZeros64(b))
	case opPERR:
		var s uint64
		for i := 0; i < 64; i += 8 {
			x, y := a>>i&0xff, b>>i&0xff
			if x > y {
				s += x - y
			} else {
				s += y - x
			}
		}
		return s
	case opUNPKBW:
		return b&0xff | (b>>8&0xff)<<16 | (b>>16&0xff)<<32 | (b>>24&0xff)<<48
	case opUNPKBL:
		return b&0xff | (b>>8&0xff)<<32
	case opPKWB:
		return b&0xff | (b>>16&0xff)<<8 | (b>>32&0xff)<<16 | (b>>48&0xff)<<24
	case opPKLB:
		return b&0xff | (b>>32&0xff)<<8
	}
	// MIN/MAX over bytes (8 lanes) or words (4 lanes).
	width := uint(8)
	switch op {
	case opMINSW4, opMINUW4, opMAXUW4, opMAXSW4:
		width = 16
	}
	signed := op == opMINSB8 || op == opMINSW4 || op == opMAXSB8 || op == opMAXSW4
	max := op == opMAXUB8 || op == opMAXUW4 || op == opMAXSB8 || op == opMAXSW4
	mask := uint64(1)<<width - 1
	var r uint64
	for i := uint(0); i < 64; i += width {
		x, y := a>>i&mask, b>>i&mask
		var less bool
		if signed {
			sh := 64 - width
			less = int64(x<<sh) < int64(y<<sh)
		} else {
			less = x < y
		}
		pick := y
		if less != max {
			pick = x
		}
		r |= pick << i
	}
	return r
}
