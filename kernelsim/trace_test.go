package kernelsim

import (
	"bytes"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

func TestTraceLines(t *testing.T) {
	var out bytes.Buffer
	th := newTestThread(t, Config{Trace: &out})
	p := th.putString(t, pathBuf, "/etc/x")
	th.putString(t, ioBuf, "hi\n")
	steps := []struct {
		nr   uint64
		args []uint64
		want string
	}{
		{abi.SYS_GETXPID, nil, "getxpid() = 1001 (r20 = "},
		{abi.SYS_OPENAT, []uint64{fdCWD, p, oRdOnly}, `openat(AT_FDCWD, "/etc/x", O_RDONLY) = -1 ENOENT`},
		{abi.SYS_OPENAT, []uint64{fdCWD, p, oWrOnly | oCreat | oCloexec, 0o644}, `openat(AT_FDCWD, "/etc/x", O_WRONLY|O_CREAT|O_CLOEXEC, 0644) = -1 ENOENT`},
		{abi.SYS_WRITE, []uint64{1, ioBuf, 3}, `write(1, "hi\n", 3) = 3`},
		{abi.SYS_MMAP, []uint64{0, 8192, protRead | protWrite, mapPrivate | mapAnonymous, ^uint64(0), 0},
			"mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, NULL) = 0x20000000000"},
		{abi.SYS_CLOSE, []uint64{42}, "close(42) = -1 EBADF"},
		{abi.SYS_RT_SIGPROCMASK, []uint64{sigBlock, 0, 0, 8}, "rt_sigprocmask(SIG_BLOCK, NULL, NULL, 8) = 0"},
		{9999, []uint64{1, 2, 3}, "syscall_9999(0x1, 0x2, 0x3) = -1 ENOSYS"},
		{abi.SYS_EXIT_GROUP, []uint64{7}, "exit_group(7) = ?"},
	}
	for _, s := range steps {
		out.Reset()
		th.call(s.nr, s.args...)
		if !strings.HasPrefix(out.String(), s.want) || !strings.HasSuffix(out.String(), "\n") {
			t.Errorf("trace line %q, want prefix %q", out.String(), s.want)
		}
	}
}

func TestVerboseReportsUnknownOnce(t *testing.T) {
	var out bytes.Buffer
	th := newTestThread(t, Config{Verbose: &out})
	th.call(abi.SYS_OSF_OLD_OPEN)
	th.call(abi.SYS_OSF_OLD_OPEN)
	th.call(9999)
	want := "axpsec: unimplemented syscall osf_old_open (5) -> ENOSYS\naxpsec: unimplemented syscall syscall (9999) -> ENOSYS\n"
	if out.String() != want {
		t.Errorf("verbose output %q, want %q", out.String(), want)
	}
}

func TestTraceSignalsAndExit(t *testing.T) {
	var out bytes.Buffer
	th := newTestThread(t, Config{Trace: &out})
	th.load(t, "ldq t0, 16(zero)")
	th.runProgram(t)
	want := "--- SIGSEGV {si_signo=SIGSEGV, si_code=1, si_addr=0x10} ---\n+++ killed by SIGSEGV (core dumped) +++\n"
	if out.String() != want {
		t.Errorf("trace %q, want %q", out.String(), want)
	}
	out.Reset()
	th = newTestThread(t, Config{Trace: &out})
	th.call(abi.SYS_EXIT, 2)
	if want := "exit(2) = ?\n+++ exited with 2 +++\n"; out.String() != want {
		t.Errorf("trace %q, want %q", out.String(), want)
	}
}
