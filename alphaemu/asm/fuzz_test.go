package asm

import "testing"

// FuzzDisassemble checks that any word disassembles without panicking and
// that its text assembles back (see checkRoundTrip).
func FuzzDisassemble(f *testing.F) {
	for _, w := range []uint32{0, 0x47ff041f, 0x2ffe0000, 0x6bfa8001, 0x5bff041f, 0xd35ffff6, 0xffffffff, 0x64000000} {
		f.Add(w, uint64(0x120000000))
	}
	f.Add(uint32(0xc3f00000), uint64(0))
	f.Fuzz(func(t *testing.T, w uint32, pc uint64) {
		checkRoundTrip(t, w, pc&^3)
	})
}

// FuzzAssemble checks that any source assembles or fails without panicking,
// and that every word it produces round-trips.
func FuzzAssemble(f *testing.F) {
	for _, s := range []string{
		"nop", "loop: subq t0,1,t0\n bne t0,loop", "ldq t0,8(sp)", "jsr ra,(pv),x\nx: ret",
		".long 1,2\n.word 3,4", "addt/sud $f1,$f2,$f3", "lda $1,-8($31) # c", "br 0x1000 <main+0x10>",
		"call_pal 0x83", "a: b: c: mov 7,v0", "ldq t0,(", "addq ,", ".word", "ret zero,(ra),1",
		"1: br 1f\n1: beq t0,1b\n0b: nop",
	} {
		f.Add(s, uint64(0x120000000))
	}
	f.Fuzz(func(t *testing.T, src string, base uint64) {
		base &^= 3
		ws, err := Assemble(src, base)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %v is %T, not *Error", err, err)
			}
			return
		}
		for i, w := range ws {
			checkRoundTrip(t, w, base+uint64(i)*4)
		}
	})
}
