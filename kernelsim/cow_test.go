package kernelsim

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/axpsec/axpsec/internal/testtool"
)

// TestForkReleasesPages checks that a child's address space is released
// when it exits (reaped) or execs: the parent then writes the pages they
// shared without copying them. Without the release every one of the 64
// pages written after the wait would be copied.
func TestForkReleasesPages(t *testing.T) {
	exe := buildProc(t, "forkwrite.c")
	for _, mode := range []string{"exit", "exec"} {
		t.Run(mode, func(t *testing.T) {
			var out bytes.Buffer
			k := New(Config{Root: "/", Stdout: &out, Stderr: &out, Timeout: 40 * time.Second})
			if err := k.Start(exe, []string{exe, mode}, []string{"LC_ALL=C"}); err != nil {
				t.Fatal(err)
			}
			ex, err := k.Run(context.Background())
			if err != nil || ex != (Exit{}) || out.String() != "child status 7\n" {
				t.Fatalf("run: %v %s %q", err, ex, out.String())
			}
			// Pages the parent writes while the child is alive (its stack,
			// libc's data) are copied; the 64 written after the wait are not.
			if n := k.init.mem.Copies(); n >= 16 {
				t.Errorf("the parent copied %d pages, want fewer than 16 (74 without the release)", n)
			}
		})
	}
}

// TestSharedFutexFreshPage waits (a thread, then a child) on a futex word
// of a MAP_SHARED page nobody has written yet: the wake after the first
// write must find the waiter (a demand-zero page is a stand-in common to
// many pages until it is written). Without the fix the thread sleeps on.
func TestSharedFutexFreshPage(t *testing.T) {
	exe := buildProc(t, "futexshared.c")
	qemu := testtool.Qemu(t)
	want, status := runProcQemu(t, qemu, exe)
	if want != "thread woken, result 4\nchild woken, exit 5\n" || status != 0 {
		t.Fatalf("qemu-alpha: %q status %d", want, status)
	}
	if got, ex := runProcSim(t, exe); got != want || ex != (Exit{}) {
		t.Errorf("kernelsim: %q %s, want %q", got, ex, want)
	}
}
