package alphaemu

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

// TestFPDecodeMatchesObjdump checks that exactly the FP-opcode instruction
// words alpha-linux-gnu-objdump decodes (as an EV6) execute, and that all
// others are OPCDEC: every function code of opcodes 0x14-0x17 with operand
// registers that do and do not satisfy the "must be 31" fields. The one
// deliberate differences, both following qemu: CVTDG and CVTGD (D_floating)
// are OPCDEC, and MT_FPCR/MF_FPCR accept any registers.
func TestFPDecodeMatchesObjdump(t *testing.T) {
	as := testtool.Look(t, "alpha-linux-gnu-as")
	objdump := testtool.Objdump(t)
	regs := [][2]uint32{{1, 2}, {31, 2}, {1, 31}, {31, 31}}
	var words []uint32
	var src bytes.Buffer
	for op := uint32(0x14); op <= 0x17; op++ {
		for fn := uint32(0); fn < 2048; fn++ {
			for _, r := range regs {
				w := fpWord(op, r[0], r[1], fn, 3)
				words = append(words, w)
				fmt.Fprintf(&src, ".long %#x\n", w)
			}
		}
	}
	dir := t.TempDir()
	s, o := filepath.Join(dir, "fp.s"), filepath.Join(dir, "fp.o")
	if err := os.WriteFile(s, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(as, "-o", o, s).CombinedOutput(); err != nil {
		t.Fatalf("as: %v\n%s", err, msg)
	}
	dis, err := exec.Command(objdump, "-m", "alpha:ev6", "-d", o).Output()
	if err != nil {
		t.Fatalf("objdump: %v", err)
	}
	known := map[uint32]string{}
	sc := bufio.NewScanner(bytes.NewReader(dis))
	for sc.Scan() {
		// "   0:\t03 00 22 50 \taddt\tf1,f2,f3"
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 3 || strings.HasPrefix(f[2], ".long") {
			continue
		}
		b := strings.Fields(f[1])
		if len(b) != 4 {
			continue
		}
		w, err := strconv.ParseUint(b[3]+b[2]+b[1]+b[0], 16, 32)
		if err != nil {
			t.Fatalf("parsing %q: %v", sc.Text(), err)
		}
		known[uint32(w)] = f[2]
	}
	if len(known) < 1000 {
		t.Fatalf("objdump decoded only %d words; output format changed?", len(known))
	}
	bad := 0
	for _, w := range words {
		c := &CPU{FPCR: InitialFPCR, PC: 0x120000004}
		for i := range 31 {
			c.F[i] = fpG(1) // a valid value in every format: nothing else traps
		}
		sig, _, _ := c.execFP(w)
		name, ok := known[w]
		if strings.HasPrefix(name, "cvtdg") || strings.HasPrefix(name, "cvtgd") {
			ok = false // D_floating conversions: OPCDEC, as in qemu
		}
		if fn := w >> 5 & 0x7ff; w>>26 == 0x17 && (fn == 0x024 || fn == 0x025) {
			continue // MT_FPCR/MF_FPCR: any registers, as in qemu (objdump wants Fa=Fb=Fc)
		}
		if ok == (sig == fpSIGILL) {
			t.Errorf("%#08x: objdump %q, execFP signal %v", w, name, sig)
			if bad++; bad == 20 {
				t.Fatal("too many mismatches")
			}
		}
	}
}
