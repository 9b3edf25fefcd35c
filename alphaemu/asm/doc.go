// Package asm disassembles and assembles Alpha (AXP) instructions in the syntax
// of GNU objdump (alpha-linux-gnu-objdump -d): register names v0, t0, ..., sp,
// zero and $f0..$f31, objdump's pseudo-ops (nop, unop, mov, clr, negq, sextl,
// not, fmov, fclr, fnop, fabs, fneg, br without ra, ret, jmp (rb)), the named
// PALcode calls (callsys, rduniq, wruniq, imb, bpt, bugchk, gentrap, halt,
// draina) and floating-point qualifiers (addt/sud, cvttq/svc, ...).
//
// One table of mnemonics, encodings and operand kinds drives both directions,
// so Assemble accepts exactly what Disassemble prints. The package does not
// depend on the emulator, so the emulator's tests can use it.
package asm
