package alphaemu

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

// TestDecodeMatchesObjdump checks that the decoder accepts exactly the
// integer instruction encodings alpha-linux-gnu-objdump decodes (it prints
// ".long" for the rest): every function code of the operate opcodes, the MISC
// functions, and the other primary opcodes. The FP opcodes are checked by the
// FP tests.
func TestDecodeMatchesObjdump(t *testing.T) {
	objdump := testtool.Objdump(t)
	var words []uint32
	for _, opc := range []uint32{0x10, 0x11, 0x12, 0x13, 0x1c} {
		for fn := uint32(0); fn < 128; fn++ {
			ra := uint32(1)
			if opc == 0x1c || (opc == 0x11 && (fn == 0x61 || fn == 0x6c)) {
				ra = 31 // forms whose Ra must be R31 (qemu rejects the others)
			}
			rb := uint32(2)
			if opc == 0x1c && (fn == 0x70 || fn == 0x78) {
				rb = 31 // FTOIT/FTOIS
			}
			w := opc<<26 | ra<<21 | rb<<16 | fn<<5 | 3
			if opc == 0x11 && fn == 0x6c {
				w = opc<<26 | ra<<21 | 1<<13 | 1<<12 | fn<<5 | 3 // objdump knows only "implver rc" (literal 1)
			}
			words = append(words, w)
		}
	}
	for fn := uint32(0); fn < 0x10000; fn += 0x200 {
		ra := uint32(1)
		switch fn {
		case 0x8000, 0xa000, 0xe800, 0xf800, 0xfc00:
			ra = 31 // objdump decodes FETCH, FETCH_M, ECB, WH64, WH64EN only with Ra = R31
		}
		words = append(words, 0x18<<26|ra<<21|2<<16|fn)
	}
	for opc := uint32(0x01); opc < 0x40; opc++ {
		// Skip the opcodes enumerated above, the FP ones, and PALcode-mode
		// HW_* opcodes (objdump decodes them as pal19..pal1f; in user mode
		// they are OPCDEC, checked in TestPAL).
		switch {
		case opc >= 0x10 && opc <= 0x1c, opc >= 0x1d && opc <= 0x1f:
			continue
		}
		words = append(words, opc<<26|1<<21|2<<16|0x10)
	}
	bin := filepath.Join(t.TempDir(), "words.bin")
	buf := make([]byte, 4*len(words))
	for i, w := range words {
		binary.LittleEndian.PutUint32(buf[4*i:], w)
	}
	if err := os.WriteFile(bin, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(objdump, "-D", "-b", "binary", "-m", "alpha", bin).Output()
	if err != nil {
		t.Fatalf("objdump: %v", err)
	}
	valid := map[uint32]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 3 || !strings.HasSuffix(strings.TrimSpace(f[0]), ":") {
			continue
		}
		off, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(f[0]), ":"), 16, 64)
		if err != nil || off%4 != 0 || int(off/4) >= len(words) {
			continue
		}
		if mn := strings.TrimSpace(f[2]); !strings.HasPrefix(mn, ".long") {
			valid[words[off/4]] = mn
		}
	}
	if len(valid) < 100 {
		t.Fatalf("objdump decoded only %d words; output format changed?", len(valid))
	}
	for _, w := range words {
		mn, objOK := valid[w]
		ours := decode(w, codeBase).op != opIllegal
		if ours != objOK {
			t.Errorf("word %#08x: objdump %q (valid %v), decoder valid %v", w, mn, objOK, ours)
		}
	}
}
