package kernelsim

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestLimits checks that each limit stops the guest with a typed error.
func TestLimits(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		src  string
		kind LimitKind
	}{
		{"max-insns", Config{MaxInsns: 100000}, "loop:\n\tbr loop", LimitInsns},
		{"timeout spinning", Config{Timeout: 50 * time.Millisecond}, "loop:\n\tbr loop", LimitTimeout},
		// rt_sigsuspend with every signal blocked never returns on its own.
		{"timeout blocked in a syscall", Config{Timeout: 50 * time.Millisecond}, `
	ldah	a0, 0x1010(zero)
	lda	a1, 8(zero)
	lda	v0, 357(zero)
	callsys`, LimitTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, tc.cfg)
			th.load(t, tc.src)
			_, err := th.k.Run(context.Background())
			var le *LimitError
			if !errors.As(err, &le) || le.Kind != tc.kind {
				t.Fatalf("Run error = %v, want a LimitError of kind %d", err, tc.kind)
			}
			if le.Error() == "" {
				t.Error("empty message")
			}
			if tc.kind == LimitInsns && th.cpu.Retired != tc.cfg.MaxInsns {
				t.Errorf("retired %d, want exactly the limit %d", th.cpu.Retired, tc.cfg.MaxInsns)
			}
		})
	}
}

// TestInsnLimitWholeTree: the instruction limit counts every process of
// the tree, which run in parallel: four spinning processes stop together
// near the limit, each having used only part of it.
func TestInsnLimitWholeTree(t *testing.T) {
	const limit = 4000000
	for _, procs := range []int{2, 4} {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			th := newTestThread(t, Config{MaxInsns: limit})
			src := ""
			for n := 1; n < procs; n *= 2 {
				src += "\tlda v0, 2(zero)\n\tcallsys\n" // fork
			}
			th.load(t, src+"loop:\n\tbr loop")
			_, err := th.k.Run(context.Background())
			var le *LimitError
			if !errors.As(err, &le) || le.Kind != LimitInsns {
				t.Fatalf("Run error = %v, want the instruction limit", err)
			}
			// Each slice overshoots by at most one block (one
			// instruction here).
			if th.k.insns < limit || th.k.insns > limit+100 {
				t.Errorf("%d instructions retired in all, want %d (+ a few)", th.k.insns, limit)
			}
			if th.cpu.Retired >= limit {
				t.Errorf("the initial process alone retired %d: the limit is per process", th.cpu.Retired)
			}
		})
	}
}

// TestMemLimitReportedAtExit: a guest that fails after being refused memory
// gets its exit status and a LimitMem error.
func TestMemLimitReportedAtExit(t *testing.T) {
	th := newTestThread(t, Config{MaxMem: 2 << 20})
	th.load(t, `
	mov	zero, a0
	ldah	a1, 0x100(zero)
	lda	a2, 3(zero)
	lda	a3, 0x12(zero)
	lda	a4, -1(zero)
	mov	zero, a5
	lda	v0, 71(zero)
	callsys
	mov	a3, a0
	lda	v0, 405(zero)
	callsys`)
	ex, err := th.k.Run(context.Background())
	var le *LimitError
	if ex != (Exit{Code: 1}) || !errors.As(err, &le) || le.Kind != LimitMem {
		t.Fatalf("exit %v, err %v; want exit 1 with a LimitMem error", ex, err)
	}
}

func TestExitString(t *testing.T) {
	for _, tc := range []struct {
		e     Exit
		s     string
		shell int
	}{
		{Exit{Code: 3}, "exit 3", 3},
		{Exit{Signal: 11, Core: true}, "killed by SIGSEGV (core dumped)", 139},
		{Exit{Signal: 15}, "killed by SIGTERM", 143},
	} {
		if tc.e.String() != tc.s || tc.e.ShellStatus() != tc.shell {
			t.Errorf("%+v: %q %d", tc.e, tc.e.String(), tc.e.ShellStatus())
		}
	}
}
