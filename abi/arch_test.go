package abi

import (
	"testing"

	sbarch "github.com/elastic/go-seccomp-bpf/arch"
)

// TestArchTablesMatchSource checks every architecture's table against its
// source: sorted, complete and with the lazily built name/number index
// agreeing with it.
func TestArchTablesMatchSource(t *testing.T) {
	alpha := map[int]string{}
	for _, s := range alphaSyscalls {
		alpha[s.Nr] = s.Name
	}
	for _, tt := range []struct {
		arch *Arch
		src  map[int]string
	}{
		{Alpha, alpha},
		{X86_64, sbarch.X86_64.SyscallNumbers},
		{AArch64, sbarch.AARCH64.SyscallNumbers},
	} {
		a := tt.arch
		if len(a.Syscalls) != len(tt.src) {
			t.Errorf("%s: %d syscalls, source has %d", a.Name, len(a.Syscalls), len(tt.src))
		}
		for i, s := range a.Syscalls {
			if i > 0 && a.Syscalls[i-1].Nr >= s.Nr {
				t.Errorf("%s: table not sorted at %d (%d after %d)", a.Name, i, s.Nr, a.Syscalls[i-1].Nr)
			}
			if n, ok := tt.src[s.Nr]; !ok || n != s.Name {
				t.Errorf("%s: %d is %q, source says %q", a.Name, s.Nr, s.Name, n)
			}
			if nr, ok := a.SyscallNumber(s.Name); !ok || nr != s.Nr {
				t.Errorf("%s: SyscallNumber(%q) = %d, %v; want %d", a.Name, s.Name, nr, ok, s.Nr)
			}
			if n, ok := a.SyscallName(s.Nr); !ok || n != s.Name {
				t.Errorf("%s: SyscallName(%d) = %q, %v; want %q", a.Name, s.Nr, n, ok, s.Name)
			}
		}
	}
}
