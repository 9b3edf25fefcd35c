package asm

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// benchWords is the workload of the benchmarks: every opcode and function
// code with the pseudo-op register patterns, plus random words.
func benchWords() []uint32 { return corpus(4, false, 10000) }

// BenchmarkDisassemble disassembles the same words with Disassemble and with
// alpha-linux-gnu-objdump -d (one process per run, on an object file made
// beforehand), reporting ns per word for each.
func BenchmarkDisassemble(b *testing.B) {
	ws := benchWords()
	b.Run("asm", func(b *testing.B) {
		var out []byte
		for range b.N {
			out = out[:0]
			for i, w := range ws {
				out = append(out, Disassemble(w, uint64(i)*4)...)
				out = append(out, '\n')
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ws)), "ns/word")
	})
	b.Run("objdump", func(b *testing.B) {
		objdump := testtool.Objdump(b)
		obj := benchGas(b, wordsSource(ws))
		b.ResetTimer()
		for range b.N {
			if err := exec.Command(objdump, "-d", "-z", obj).Run(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ws)), "ns/word")
	})
}

// BenchmarkAssemble assembles the same source (the text of the benchmark
// words with $N registers, which both accept) with Assemble and with
// alpha-linux-gnu-as, reporting ns per line.
func BenchmarkAssemble(b *testing.B) {
	var lines []string
	for i, w := range benchWords() {
		if f := decode(w); f != nil && !f.alias && !hasPCRelative(f) && !strings.HasPrefix(f.name, "jmp") {
			lines = append(lines, gasRegs(Disassemble(w, uint64(i)*4)))
		}
	}
	src := strings.Join(lines, "\n") + "\n"
	b.Run("asm", func(b *testing.B) {
		for range b.N {
			if _, err := Assemble(src, 0); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
	})
	b.Run("gas", func(b *testing.B) {
		for range b.N {
			benchGas(b, ".set noat\n.set nomacro\n.set noreorder\n.text\n"+src)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
	})
}

func wordsSource(ws []uint32) string {
	var sb strings.Builder
	sb.WriteString(".text\n")
	for _, w := range ws {
		fmt.Fprintf(&sb, ".long 0x%08x\n", w)
	}
	return sb.String()
}

// benchGas assembles src with alpha-linux-gnu-as -mev67 into a temporary object file.
func benchGas(b *testing.B, src string) string {
	gas := testtool.Look(b, "alpha-linux-gnu-as")
	dir := b.TempDir()
	s, o := filepath.Join(dir, "b.s"), filepath.Join(dir, "b.o")
	if err := os.WriteFile(s, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	if msg, err := exec.Command(gas, "-mev67", "-o", o, s).CombinedOutput(); err != nil {
		b.Fatalf("alpha-linux-gnu-as: %v\n%s", err, msg)
	}
	return o
}
