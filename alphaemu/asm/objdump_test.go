package asm

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// objdumpText assembles words as .long data with alpha-linux-gnu-as, runs
// alpha-linux-gnu-objdump -d once, and returns the instruction text of each
// word (tabs expanded from the start of the text column, trailing blanks removed).
func objdumpText(t *testing.T, words []uint32) []string {
	t.Helper()
	objdump := testtool.Objdump(t)
	gas := testtool.Look(t, "alpha-linux-gnu-as")
	dir := t.TempDir()
	var src bytes.Buffer
	src.WriteString(".text\n")
	for _, w := range words {
		fmt.Fprintf(&src, ".long 0x%08x\n", w)
	}
	s, o := filepath.Join(dir, "w.s"), filepath.Join(dir, "w.o")
	if err := os.WriteFile(s, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(gas, "-o", o, s).CombinedOutput(); err != nil {
		t.Fatalf("alpha-linux-gnu-as: %v\n%s", err, out)
	}
	out, err := exec.Command(objdump, "-d", "-z", o).Output()
	if err != nil {
		t.Fatalf("alpha-linux-gnu-objdump: %v", err)
	}
	text := make([]string, len(words))
	seen := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) < 3 || !strings.HasSuffix(parts[0], ":") {
			continue
		}
		addr, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(parts[0], ":")), 16, 64)
		if err != nil || addr%4 != 0 || addr/4 >= uint64(len(words)) {
			t.Fatalf("unexpected objdump line %q", sc.Text())
		}
		text[addr/4] = strings.TrimRight(expandTabs(parts[2]), " ")
		seen++
	}
	if seen != len(words) {
		t.Fatalf("objdump printed %d instructions, want %d", seen, len(words))
	}
	return text
}

func expandTabs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\t' {
			b.WriteByte(' ')
			for b.Len()%8 != 0 {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// TestDisassembleMatchesObjdump compares Disassemble with objdump on every
// opcode and function code (with register patterns that trigger each
// pseudo-op), edge displacements and random words, in one objdump run.
func TestDisassembleMatchesObjdump(t *testing.T) {
	words := corpus(1, true, 20000)
	want := objdumpText(t, words)
	bad := 0
	for i, w := range words {
		got := Disassemble(w, uint64(i)*4)
		if got != want[i] {
			bad++
			if bad <= 40 {
				t.Errorf("word %#08x at %#x: got %q, objdump %q", w, i*4, got, want[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ", bad, len(words))
	}
}
