package asm

import "testing"

// BenchmarkDisassemble disassembles a mix of the corpus words (all formats).
func BenchmarkDisassemble(b *testing.B) {
	ws := corpus(4, false, 1000)
	b.ResetTimer()
	for i := range b.N {
		Disassemble(ws[i%len(ws)], 0x120000000)
	}
}

// BenchmarkAssemble assembles a 1000-line program, reported per line.
func BenchmarkAssemble(b *testing.B) {
	ws := corpus(5, false, 0)[:1000]
	src := ""
	for i, w := range ws {
		src += Disassemble(w, 0x120000000+uint64(i)*4) + "\n"
	}
	b.ResetTimer()
	for range b.N {
		if _, err := Assemble(src, 0x120000000); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ws)), "ns/line")
}
