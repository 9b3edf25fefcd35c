package asm

import (
	"strconv"
	"strings"
)

// intRegNames are the integer register names objdump prints.
var intRegNames = [32]string{
	"v0", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5", "fp",
	"a0", "a1", "a2", "a3", "a4", "a5", "t8", "t9", "t10", "t11", "ra", "t12", "at", "gp", "sp", "zero",
}

// fpRegNames are the FP register names objdump prints.
var fpRegNames [32]string

func init() {
	for i := range fpRegNames {
		fpRegNames[i] = "$f" + strconv.Itoa(i)
	}
}

// opIndex narrows the rows of one primary opcode by the bits every row's
// mask covers (the function field of operate formats): rows whose fixed bits
// differ there from a word cannot match it.
type opIndex struct {
	key     uint32             // bits below the opcode that every row's mask includes
	buckets map[uint32][]*form // rows by bits & key, in table order
}

var opIndexes [64]opIndex

// buildIndexes fills opIndexes from byOpcode; buildTable calls it last.
func buildIndexes() {
	for o, rows := range byOpcode {
		key := ^fieldOp
		for _, f := range rows {
			key &= f.mask
		}
		ix := opIndex{key: key, buckets: map[uint32][]*form{}}
		for _, f := range rows {
			ix.buckets[f.bits&key] = append(ix.buckets[f.bits&key], f)
		}
		opIndexes[o] = ix
	}
}

// decode returns the table row objdump uses for w, or nil if it prints w as .long.
func decode(w uint32) *form {
	loadTable()
	ix := &opIndexes[w>>26]
	for _, f := range ix.buckets[w&ix.key] {
		if f.matches(w) {
			return f
		}
	}
	return nil
}

// Disassemble returns the text alpha-linux-gnu-objdump -d prints for the
// instruction word at address pc (branch targets are absolute), with the tab
// between mnemonic and operands expanded to the next multiple of 8 columns,
// e.g. "ldq     t0,8(sp)". Words objdump does not decode come out as
// ".long 0x...", as objdump prints them.
func Disassemble(word uint32, pc uint64) string {
	f := decode(word)
	if f == nil {
		return ".long " + cHashHex08(word)
	}
	if len(f.args) == 0 {
		return f.name
	}
	var b strings.Builder
	b.Grow(32)
	b.WriteString(f.name)
	pad := 8 - len(f.name)%8
	for range pad {
		b.WriteByte(' ')
	}
	for i, a := range f.args {
		if i > 0 {
			b.WriteByte(',')
		}
		writeArg(&b, a, word, pc)
	}
	return b.String()
}

func writeArg(b *strings.Builder, a argKind, w uint32, pc uint64) {
	ra, rb, rc := w>>21&31, w>>16&31, w&31
	var tmp [24]byte
	switch a {
	case argRA:
		b.WriteString(intRegNames[ra])
	case argRB:
		b.WriteString(intRegNames[rb])
	case argRC:
		b.WriteString(intRegNames[rc])
	case argFA:
		b.WriteString(fpRegNames[ra])
	case argFB:
		b.WriteString(fpRegNames[rb])
	case argFC:
		b.WriteString(fpRegNames[rc])
	case argLit:
		writeHashHex(b, uint64(w>>13&0xff))
	case argMem:
		b.Write(strconv.AppendInt(tmp[:0], int64(int16(w)), 10))
		b.WriteByte('(')
		b.WriteString(intRegNames[rb])
		b.WriteByte(')')
	case argDisp:
		b.Write(strconv.AppendInt(tmp[:0], int64(int16(w)), 10))
	case argParenRB:
		b.WriteByte('(')
		b.WriteString(intRegNames[rb])
		b.WriteByte(')')
	case argBranch, argJmpHint:
		t, _ := Target(w, pc)
		writeHashHex(b, t)
	case argHint:
		writeHashHex(b, uint64(w&fieldHint))
	case argPal:
		writeHashHex(b, uint64(w&fieldPal))
	}
}

// writeHashHex writes v as C's printf("%#x") does: "0" for zero, else 0x-prefixed hex.
func writeHashHex(b *strings.Builder, v uint64) {
	if v == 0 {
		b.WriteByte('0')
		return
	}
	var tmp [16]byte
	b.WriteString("0x")
	b.Write(strconv.AppendUint(tmp[:0], v, 16))
}

// cHashHex08 formats v as C's printf("%#08x") does (the prefix counts towards the width).
func cHashHex08(v uint32) string {
	if v == 0 {
		return "00000000"
	}
	h := strconv.FormatUint(uint64(v), 16)
	if len(h) < 6 {
		h = strings.Repeat("0", 6-len(h)) + h
	}
	return "0x" + h
}

// Target returns the address a branch (br, bsr, beq, fbne, ...) at pc jumps
// to, or the address the hint of a jmp/jsr at pc predicts; ok is false for
// other words.
func Target(word uint32, pc uint64) (target uint64, ok bool) {
	f := decode(word)
	if f == nil {
		return 0, false
	}
	for _, a := range f.args {
		switch a {
		case argBranch:
			return pc + 4 + uint64(int64(int32(word<<11)>>11)*4), true
		case argJmpHint:
			return pc + 4 + uint64(int64(int32(word<<18)>>18)*4), true
		}
	}
	return 0, false
}
