package asm

import "math/rand/v2"

// regPatterns are (ra, rb, rc) combinations that exercise the pseudo-ops'
// register conditions (fields equal to each other or to 31).
var regPatterns = [][3]uint32{
	{1, 2, 3}, {31, 2, 3}, {1, 31, 3}, {1, 2, 31}, {31, 31, 3},
	{1, 1, 3}, {31, 31, 31}, {2, 2, 2}, {31, 2, 31}, {1, 31, 31},
}

// corpus returns instruction words covering every opcode and every function
// code of every operate format with the register patterns above, memory,
// branch and jump formats with edge displacements, and random words.
// With full set, the MISC opcode's whole 16-bit function field is covered.
func corpus(seed uint64, full bool, random int) []uint32 {
	rng := rand.New(rand.NewPCG(seed, 0xa1fa))
	var ws []uint32
	sbz := func() uint32 { return rng.Uint32N(8) << 13 }
	for _, o := range []uint32{0x10, 0x11, 0x12, 0x13, 0x1c} {
		for fn := uint32(0); fn < 128; fn++ {
			for _, p := range regPatterns {
				base := o<<26 | fn<<5 | p[0]<<21 | p[2]
				ws = append(ws, base|p[1]<<16, base|p[1]<<16|sbz(), base|1<<12|p[1]<<13)
			}
			ws = append(ws, o<<26|fn<<5|31<<21|1<<12|1<<13|rng.Uint32N(32),
				o<<26|fn<<5|31<<21|1<<12|rng.Uint32N(256)<<13|rng.Uint32N(32))
		}
	}
	for o := uint32(0x14); o <= 0x17; o++ {
		for fn := uint32(0); fn < 2048; fn++ {
			for _, p := range regPatterns {
				ws = append(ws, o<<26|p[0]<<21|p[1]<<16|fn<<5|p[2])
			}
		}
	}
	miscRegs := [][2]uint32{{1, 2}, {31, 2}, {1, 31}, {31, 31}}
	for fn := uint32(0); fn < 0x10000; fn++ {
		if !full && fn&0x3ff != 0 {
			continue
		}
		for _, r := range miscRegs {
			ws = append(ws, 0x18<<26|r[0]<<21|r[1]<<16|fn)
		}
	}
	disps := []uint32{0, 8, 0xfff8, 0x7fff, 0x8000, 1, 0xffff}
	for o := uint32(0x01); o < 0x30; o++ {
		if o >= 0x10 && o <= 0x18 || o == 0x1c || o == 0x1a {
			continue
		}
		for _, r := range [][2]uint32{{1, 2}, {31, 2}, {1, 31}, {31, 31}, {31, 30}, {2, 2}} {
			for _, d := range disps {
				ws = append(ws, o<<26|r[0]<<21|r[1]<<16|d)
			}
			ws = append(ws, o<<26|r[0]<<21|r[1]<<16|rng.Uint32N(0x10000))
		}
	}
	for o := uint32(0x30); o < 0x40; o++ {
		for _, ra := range []uint32{1, 26, 31} {
			for _, d := range []uint32{0, 1, 0x1fffff, 0x100000, 0xfffff, rng.Uint32N(1 << 21)} {
				ws = append(ws, o<<26|ra<<21|d)
			}
		}
	}
	for _, r := range [][2]uint32{{1, 2}, {31, 26}, {26, 27}, {31, 31}, {26, 26}} {
		for k := uint32(0); k < 4; k++ {
			for _, h := range []uint32{0, 1, 2, 0x1fff, 0x2000, 0x3fff, rng.Uint32N(0x4000)} {
				ws = append(ws, 0x1a<<26|r[0]<<21|r[1]<<16|k<<14|h)
			}
		}
	}
	for f := uint32(0); f < 0x400; f++ {
		ws = append(ws, f)
	}
	ws = append(ws, 0x3ffffff, 0x2000080, 0x1000083, 0x47ff041f, 0x2ffe0000, 0x6bfa8001, 0x47e03d80)
	for range random {
		ws = append(ws, rng.Uint32())
	}
	for range random {
		// Random fields under a random valid-looking opcode/function.
		ws = append(ws, rng.Uint32()&^(0x3f<<26)|[]uint32{0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x1c}[rng.IntN(9)]<<26)
	}
	return ws
}
