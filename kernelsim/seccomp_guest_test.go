package kernelsim

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/internal/testtool"
)

// TestSeccompGuest runs testdata/seccomp/selftest.c, a glibc program that
// installs filters through prctl and seccomp(2) itself, as the kernel's
// seccomp selftests do, and checks every scenario's output and fate: the
// checks of each action, strict mode, kills, and inheritance across fork,
// execve and threads (TSYNC, KILL_THREAD).
func TestSeccompGuest(t *testing.T) {
	exe := testtool.BuildAlpha(t, []string{"testdata/seccomp/selftest.c"}, append([]string{"-pthread"}, testtool.StaticFlags...)...)
	guestExe := "/" + filepath.Base(exe) // the program under the guest root
	sigsys := Exit{Signal: abi.SIGSYS, Core: true}
	sigkill := Exit{Signal: abi.SIGKILL}
	tests := []struct {
		args   []string
		exit   Exit
		stdout string // substring of the output ("" = no check)
	}{
		{[]string{"checks"}, Exit{}, "0 failures"},
		{[]string{"strict", "write"}, Exit{}, "strict write\n"},
		// rt_sigreturn is allowed in strict mode ...
		{[]string{"strict", "rt"}, Exit{}, "survived the handler\n"},
		// ... sigreturn, which glibc uses after a plain handler, is not.
		{[]string{"strict", "plain"}, sigkill, ""},
		{[]string{"strict", "exit_group"}, sigkill, ""},
		{[]string{"strict", "getppid"}, sigkill, ""},
		{[]string{"kill_process"}, sigsys, ""},
		{[]string{"kill_thread"}, sigsys, ""}, // the only thread: like KILL_PROCESS
		{[]string{"unknown_action"}, sigsys, ""},
		{[]string{"trap_default"}, sigsys, ""},
		{[]string{"trap_blocked"}, sigsys, ""},
		{[]string{"trap_ignored"}, sigsys, ""},
		{[]string{"arch"}, sigsys, ""},
		// Inheritance and threads (kernel-abi.md §3.8, tricky points 18, 21).
		{[]string{"fork"}, Exit{}, "child's filter does not reach the parent"},
		{[]string{"exec", guestExe}, Exit{}, "the filter still applies"},
		{[]string{"tsync"}, Exit{}, "the sibling thread is filtered too"},
		{[]string{"kill_thread_mt"}, Exit{}, "main thread survived"},
		// User-space notification through a listener fd, answered by the
		// parent for its child.
		{[]string{"notify"}, Exit{}, "USER_NOTIF gives ENOSYS"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			var out bytes.Buffer
			k := New(Config{Root: filepath.Dir(exe), Stdout: &out, Stderr: &out, Timeout: 30 * time.Second})
			if err := k.Start(exe, append([]string{"selftest"}, tc.args...), nil); err != nil {
				t.Fatal(err)
			}
			ex, err := k.Run(context.Background())
			if err != nil {
				t.Fatalf("run: %v\n%s", err, out.String())
			}
			if ex != tc.exit {
				t.Errorf("exit %v, want %v\n%s", ex, tc.exit, out.String())
			}
			if !strings.Contains(out.String(), tc.stdout) || strings.Contains(out.String(), "FAIL") {
				t.Errorf("output:\n%s\nwant it to contain %q and no FAIL", out.String(), tc.stdout)
			}
		})
	}
}
