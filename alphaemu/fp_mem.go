package alphaemu

// Memory-format conversions for the FP loads and stores (LDS/STS, LDF/STF,
// LDG/STG) and for ITOFS/FTOIS/ITOFF.

// fpLoadS expands a 32-bit IEEE single (memory format) to register format:
// sign and fraction move up, the 8-bit exponent is remapped to 11 bits
// (0xFF → 0x7FF, 0 → 0, otherwise +0x380).
func fpLoadS(mem uint32) uint64 {
	frac := uint64(mem & 0x7fffff)
	e := uint64(mem >> 23 & 0xff)
	switch {
	case e == 0xff:
		e = 0x7ff
	case e != 0:
		e += 0x380
	}
	return uint64(mem>>31)<<63 | e<<52 | frac<<29
}

// fpStoreS packs a register-format value into a 32-bit single: bits 63:62
// and 58:29, with no rounding (STS, FTOIS).
func fpStoreS(reg uint64) uint32 {
	return uint32(reg>>32&0xc0000000 | reg>>29&0x3fffffff)
}

// fpLoadF expands a VAX F_floating memory longword (two 16-bit words, the
// first holding sign, exponent and the high fraction) to register format.
func fpLoadF(mem uint32) uint64 {
	m := uint64(mem)
	r := m&0xc000<<48 | m&0x3fff<<45 | m&0xffff0000<<13
	if m&0x4000 == 0 && m&0x7f80 != 0 {
		r |= 7 << 59
	}
	return r
}

// fpStoreF packs a register-format F_floating value into memory format.
func fpStoreF(reg uint64) uint32 {
	return uint32(reg&0x00001fffe0000000>>13 | reg&0x07ffe00000000000>>45 | reg&0xc000000000000000>>48)
}

// fpLoadG converts a VAX G_floating memory quadword to register format by
// reversing the order of its four 16-bit words.
func fpLoadG(mem uint64) uint64 {
	return fpSwapWords(mem)
}

// fpStoreG converts a G_floating register value to memory format.
func fpStoreG(reg uint64) uint64 {
	return fpSwapWords(reg)
}

func fpSwapWords(v uint64) uint64 {
	return v&0xffff<<48 | v&0xffff0000<<16 | v&0xffff00000000>>16 | v>>48
}
