package asm

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/objdump.golden with alpha-linux-gnu-objdump")

const goldenPath = "testdata/objdump.golden"

// goldenWords returns two words per table row (fixed bits with random
// operand fields) and some random words.
func goldenWords() []uint32 {
	rng := rand.New(rand.NewPCG(7, 7))
	var ws []uint32
	loadTable()
	for _, f := range forms {
		if !f.dis {
			continue
		}
		for range 2 {
			w := f.bits | rng.Uint32()&^f.mask
			ra := w >> 21 & 31
			if f.same&sameAB != 0 {
				w = w&^fieldRB | ra<<16
			}
			if f.same&sameABC != 0 {
				w = w&^(fieldRB|fieldRC) | ra<<16 | ra
			}
			ws = append(ws, w)
		}
	}
	for range 300 {
		ws = append(ws, rng.Uint32())
	}
	return ws
}

// TestDisassembleGolden compares Disassemble with objdump's text recorded in
// testdata/objdump.golden (word at address 4*i), so the comparison also runs
// where the cross tools are not installed. go test -run Golden -update
// regenerates the file with alpha-linux-gnu-objdump.
func TestDisassembleGolden(t *testing.T) {
	if *update {
		ws := goldenWords()
		text := objdumpText(t, ws)
		var b strings.Builder
		b.WriteString("# alpha-linux-gnu-objdump -d text of each word at address 4*i (tabs expanded); go test -run Golden -update\n")
		for i, w := range ws {
			fmt.Fprintf(&b, "%08x\t%s\n", w, text[i])
		}
		if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	i, bad := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		hex, want, ok := strings.Cut(line, "\t")
		w, err := strconv.ParseUint(hex, 16, 32)
		if !ok || err != nil {
			t.Fatalf("%s: bad line %q", goldenPath, line)
		}
		if got := Disassemble(uint32(w), uint64(i)*4); got != want {
			if bad++; bad <= 20 {
				t.Errorf("word %08x at %#x: got %q, objdump %q", w, i*4, got, want)
			}
		}
		i++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if i < 1000 {
		t.Fatalf("%s holds only %d words", goldenPath, i)
	}
}
