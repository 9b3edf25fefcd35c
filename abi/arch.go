// Package abi holds the Linux ABI facts axpsec needs: syscall tables per
// architecture (Alpha generated from the kernel's table, x86_64 and aarch64
// generated from go-seccomp-bpf's) and Alpha's errno, signal and seccomp
// constants.
package abi

//go:generate go run ./internal/gensyscalls ../../shared/data/alpha-syscalls.tbl zsyscalls_alpha.go
//go:generate go run ./internal/genhostsyscalls zsyscalls_host.go

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Audit architecture identifiers (include/uapi/linux/audit.h).
const (
	AuditArchAlpha   uint32 = 0xC0009026
	AuditArchX86_64  uint32 = 0xC000003E
	AuditArchAArch64 uint32 = 0xC00000B7
)

// Syscall is one entry of an architecture's syscall table.
type Syscall struct {
	Nr    int    // syscall number
	Name  string // name without the sys_ prefix
	Entry string // kernel entry point ("sys_ni_syscall" for numbers that give ENOSYS); empty when unknown
}

// Arch describes one architecture's seccomp view: its audit arch value and syscall table.
type Arch struct {
	Name      string // "alpha", "x86_64", "aarch64"
	AuditArch uint32
	Syscalls  []Syscall // sorted by number
	// index builds the name and number maps on first use: most axpsec
	// invocations never look a name up, and building them for every
	// architecture at start-up cost a third of a millisecond.
	index func() *archIndex
}

// archIndex maps syscall names to numbers and back.
type archIndex struct {
	byName map[string]int
	byNr   map[int]string
}

func newArch(name string, audit uint32, calls []Syscall) *Arch {
	// calls becomes the Arch's own table, sorted in place (the generated
	// tables already are).
	a := &Arch{Name: name, AuditArch: audit, Syscalls: calls}
	cmp := func(x, y Syscall) int { return x.Nr - y.Nr }
	if !slices.IsSortedFunc(calls, cmp) {
		slices.SortFunc(calls, cmp)
	}
	a.index = sync.OnceValue(func() *archIndex {
		ix := &archIndex{byName: make(map[string]int, len(a.Syscalls)), byNr: make(map[int]string, len(a.Syscalls))}
		for _, s := range a.Syscalls {
			ix.byName[s.Name] = s.Nr
			ix.byNr[s.Nr] = s.Name
		}
		return ix
	})
	return a
}

// The supported architectures.
var (
	Alpha   = newArch("alpha", AuditArchAlpha, alphaSyscalls)
	X86_64  = newArch("x86_64", AuditArchX86_64, x86_64Syscalls)
	AArch64 = newArch("aarch64", AuditArchAArch64, aarch64Syscalls)
)

// Arches lists the supported architectures, Alpha first.
var Arches = []*Arch{Alpha, X86_64, AArch64}

// LookupArch finds an architecture by name ("alpha", "x86_64"/"amd64", "aarch64"/"arm64").
func LookupArch(name string) (*Arch, error) {
	switch strings.ToLower(name) {
	case "alpha":
		return Alpha, nil
	case "x86_64", "amd64", "x86-64":
		return X86_64, nil
	case "aarch64", "arm64":
		return AArch64, nil
	}
	return nil, fmt.Errorf("unknown architecture %q (known: alpha, x86_64, aarch64)", name)
}

// ArchByAudit finds an architecture by its AUDIT_ARCH value.
func ArchByAudit(audit uint32) (*Arch, bool) {
	for _, a := range Arches {
		if a.AuditArch == audit {
			return a, true
		}
	}
	return nil, false
}

// SyscallNumber returns the syscall number for name.
func (a *Arch) SyscallNumber(name string) (int, bool) {
	nr, ok := a.index().byName[name]
	return nr, ok
}

// SyscallName returns the syscall name for nr.
func (a *Arch) SyscallName(nr int) (string, bool) {
	n, ok := a.index().byNr[nr]
	return n, ok
}
