package kernelsim

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/axpsec/axpsec/alphaemu/asm"
	"github.com/axpsec/axpsec/internal/testtool"
)

// Layout of the minimal static ELF built by syscallLoopELF.
const (
	elfBase    = 0x120000000
	elfHdrSize = 64 + 56 // ELF header + one program header
)

// syscallLoopSource is a freestanding program: open /dev/null, then n times
// getppid() and write(fd, "/", 1), then exit(0). It uses only s-registers
// across syscalls (SECCOMPv3 rewrites r1/r2 on every syscall).
const syscallLoopSource = `
	lda	s2, 0x12(zero)
	sll	s2, 28, s2
	lda	a0, %[1]d(s2)
	lda	a1, 1(zero)
	lda	v0, 45(zero)
	call_pal 0x83
	mov	v0, s0
	ldah	s1, %[2]d(zero)
	lda	s1, %[3]d(s1)
loop:
	lda	v0, 532(zero)
	call_pal 0x83
	mov	s0, a0
	lda	a1, %[1]d(s2)
	lda	a2, 1(zero)
	lda	v0, 4(zero)
	call_pal 0x83
	subq	s1, 1, s1
	bne	s1, loop
	mov	zero, a0
	lda	v0, 1(zero)
	call_pal 0x83
`

// syscallLoopELF writes a static Alpha ELF running syscallLoopSource with n
// iterations and returns its path.
func syscallLoopELF(tb testing.TB, n int) string {
	tb.Helper()
	if n < 1 || n >= 1<<31-1<<15 {
		tb.Fatalf("iteration count %d out of range", n)
	}
	const strOff = 0x100 // offset of "/dev/null" from elfBase
	lo := int16(n)
	hi := (n - int(lo)) >> 16
	words, err := asm.Assemble(fmt.Sprintf(syscallLoopSource, strOff, hi, lo), elfBase+elfHdrSize)
	if err != nil {
		tb.Fatal(err)
	}
	img := make([]byte, strOff+16)
	h := le(img)
	copy(img, "\x7fELF\x02\x01\x01")
	h.u16(16, 2)      // ET_EXEC
	h.u16(18, 0x9026) // EM_ALPHA
	h.u32(20, 1)
	h.u64(24, elfBase+elfHdrSize) // e_entry
	h.u64(32, 64)                 // e_phoff
	h.u16(52, 64)
	h.u16(54, 56)
	h.u16(56, 1)
	h.u32(64, 1) // PT_LOAD
	h.u32(68, 5) // PF_R|PF_X
	h.u64(80, elfBase)
	h.u64(88, elfBase)
	h.u64(96, uint64(len(img)))
	h.u64(104, uint64(len(img)))
	h.u64(112, 0x10000)
	for i, w := range words {
		binary.LittleEndian.PutUint32(img[elfHdrSize+4*i:], w)
	}
	if elfHdrSize+4*len(words) > strOff {
		tb.Fatal("loop program overlaps its string")
	}
	copy(img[strOff:], "/dev/null\x00")
	path := filepath.Join(tb.TempDir(), fmt.Sprintf("sysloop-%d", n))
	if err := os.WriteFile(path, img, 0o755); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestSyscallLoopProgram runs the benchmark program once and checks what it did.
func TestSyscallLoopProgram(t *testing.T) {
	exe := syscallLoopELF(t, 3)
	var trace bytes.Buffer
	k := New(Config{Trace: &trace})
	if err := k.Start(exe, []string{"sysloop"}, nil); err != nil {
		t.Fatal(err)
	}
	ex, err := k.Run(context.Background())
	if err != nil || ex != (Exit{}) {
		t.Fatalf("exit %v, %v\n%s", ex, err, trace.String())
	}
	if s := k.Stats(); s.Syscalls != 1+2*3+1 {
		t.Errorf("syscalls = %d, want 8\n%s", s.Syscalls, trace.String())
	}
	if !bytes.Contains(trace.Bytes(), []byte(`write(3, "/", 1) = 1`)) {
		t.Errorf("trace lacks the write:\n%s", trace.String())
	}
}

// BenchmarkSyscallHotPath measures one loop iteration (getppid + 1-byte write
// to /dev/null + 6 other instructions) under axpsec and, as the reference in
// the same run, under qemu-alpha (its start-up time subtracted). The metric
// ns/syscall is half an iteration; spec performance.md gives qemu ≈ 232 ns.
func BenchmarkSyscallHotPath(b *testing.B) {
	var ours, theirs float64
	b.Run("axpsec", func(b *testing.B) {
		exe := syscallLoopELF(b, b.N)
		k := New(Config{})
		if err := k.Start(exe, []string{"sysloop"}, nil); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		if ex, err := k.Run(context.Background()); err != nil || ex != (Exit{}) {
			b.Fatalf("exit %v, %v", ex, err)
		}
		ours = float64(b.Elapsed().Nanoseconds()) / float64(2*b.N)
		b.ReportMetric(ours, "ns/syscall")
	})
	b.Run("qemu", func(b *testing.B) {
		// qemu is started once per op on a fixed-size loop; its start-up
		// time (a 1-iteration run) is subtracted.
		const iters = 200000
		qemu := testtool.Qemu(b)
		start := qemuTime(b, qemu, syscallLoopELF(b, 1))
		exe := syscallLoopELF(b, iters)
		b.ResetTimer()
		var total time.Duration
		for range b.N {
			total += qemuTime(b, qemu, exe) - start
		}
		theirs = float64(total.Nanoseconds()) / float64(2*iters*b.N)
		b.ReportMetric(theirs, "ns/syscall")
	})
	if ours > 0 && theirs > 0 {
		b.Logf("axpsec/qemu per-syscall time ratio: %.2f (%.0f ns vs %.0f ns)", ours/theirs, ours, theirs)
	}
}

// qemuTime runs exe under qemu-alpha and returns the wall time.
func qemuTime(b *testing.B, qemu, exe string) time.Duration {
	start := time.Now()
	if out, err := exec.Command(qemu, exe).CombinedOutput(); err != nil {
		b.Fatalf("qemu-alpha %s: %v\n%s", exe, err, out)
	}
	return time.Since(start)
}
