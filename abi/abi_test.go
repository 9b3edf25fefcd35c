package abi

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/internal/testtool"
)

func TestAlphaTable(t *testing.T) {
	tests := []struct {
		name string
		nr   int
	}{
		{"exit", 1}, {"getxpid", 20}, {"seccomp", 514}, {"exit_group", 405},
		{"openat", 450}, {"getppid", 532}, {"listns", 580}, {"rt_sigreturn", 351},
	}
	for _, tt := range tests {
		nr, ok := Alpha.SyscallNumber(tt.name)
		if !ok || nr != tt.nr {
			t.Errorf("Alpha.SyscallNumber(%q) = %d, %v; want %d", tt.name, nr, ok, tt.nr)
		}
		if n, _ := Alpha.SyscallName(tt.nr); n != tt.name {
			t.Errorf("Alpha.SyscallName(%d) = %q, want %q", tt.nr, n, tt.name)
		}
	}
	if _, ok := Alpha.SyscallNumber("getpid"); ok {
		t.Error("Alpha has no getpid")
	}
	for _, hole := range []int{53, 119, 151, 262, 299, 380, 533, 557} {
		if n, ok := Alpha.SyscallName(hole); ok {
			t.Errorf("number %d is a hole but names %q", hole, n)
		}
	}
	if AlphaNRSyscalls != 581 {
		t.Errorf("AlphaNRSyscalls = %d", AlphaNRSyscalls)
	}
}

func TestHostArches(t *testing.T) {
	if nr, ok := X86_64.SyscallNumber("getpid"); !ok || nr != 39 {
		t.Errorf("x86_64 getpid = %d %v", nr, ok)
	}
	if nr, ok := AArch64.SyscallNumber("openat"); !ok || nr != 56 {
		t.Errorf("aarch64 openat = %d %v", nr, ok)
	}
	for _, name := range []string{"alpha", "amd64", "arm64"} {
		if _, err := LookupArch(name); err != nil {
			t.Error(err)
		}
	}
	if _, err := LookupArch("mips"); err == nil {
		t.Error("mips accepted")
	}
}

func TestErrnoAndSignals(t *testing.T) {
	if v, _ := ErrnoByName("ENOSYS"); v != 78 {
		t.Errorf("ENOSYS = %d", v)
	}
	if v, _ := ErrnoByName("EWOULDBLOCK"); v != 35 {
		t.Errorf("EWOULDBLOCK = %d", v)
	}
	if EAGAIN.String() != "EAGAIN" || Errno(4000).String() != "errno 4000" {
		t.Error("Errno.String")
	}
	if s, _ := SignalByName("SYS"); s != 12 {
		t.Errorf("SIGSYS = %d", s)
	}
	if SIGCHLD.String() != "SIGCHLD" || Signal(35).String() != "SIGRTMIN+3" {
		t.Error("Signal.String")
	}
}

// TestAlphaTableMatchesSource re-reads shared/data/alpha-syscalls.tbl and checks
// that the generated table is up to date (run `go generate ./abi` if not).
func TestAlphaTableMatchesSource(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testtool.SharedDir(t), "data", "alpha-syscalls.tbl"))
	if err != nil {
		t.Fatalf("syscall table source: %v", err)
	}
	var want []Syscall
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 || strings.HasPrefix(f[0], "#") {
			continue
		}
		nr, err := strconv.Atoi(f[0])
		if err != nil {
			t.Fatalf("bad line %q", line)
		}
		want = append(want, Syscall{nr, f[2], f[3]})
	}
	if !reflect.DeepEqual(want, alphaSyscalls) {
		t.Fatal("zsyscalls_alpha.go is stale: run go generate ./abi")
	}
}
