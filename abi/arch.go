// Package abi holds the Linux ABI facts axpsec needs: syscall tables per
// architecture (Alpha generated from the kernel's table, x86_64 and aarch64
// from go-seccomp-bpf) and Alpha's errno, signal and seccomp constants.
package abi

//go:generate go run ./internal/gensyscalls ../../shared/data/alpha-syscalls.tbl zsyscalls_alpha.go

import (
	"fmt"
	"sort"
	"strings"

	sbarch "github.com/elastic/go-seccomp-bpf/arch"
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
	byName    map[string]int
	byNr      map[int]string
}

func newArch(name string, audit uint32, calls []Syscall) *Arch {
	a := &Arch{Name: name, AuditArch: audit, byName: map[string]int{}, byNr: map[int]string{}}
	a.Syscalls = append(a.Syscalls, calls...)
	sort.Slice(a.Syscalls, func(i, j int) bool { return a.Syscalls[i].Nr < a.Syscalls[j].Nr })
	for _, s := range a.Syscalls {
		a.byName[s.Name] = s.Nr
		a.byNr[s.Nr] = s.Name
	}
	return a
}

func fromSeccompBPF(name string, audit uint32, info *sbarch.Info) *Arch {
	calls := make([]Syscall, 0, len(info.SyscallNumbers))
	for nr, n := range info.SyscallNumbers {
		calls = append(calls, Syscall{Nr: nr, Name: n})
	}
	return newArch(name, audit, calls)
}

// The supported architectures.
var (
	Alpha   = newArch("alpha", AuditArchAlpha, alphaSyscalls)
	X86_64  = fromSeccompBPF("x86_64", AuditArchX86_64, sbarch.X86_64)
	AArch64 = fromSeccompBPF("aarch64", AuditArchAArch64, sbarch.AARCH64)
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
	nr, ok := a.byName[name]
	return nr, ok
}

// SyscallName returns the syscall name for nr.
func (a *Arch) SyscallName(nr int) (string, bool) {
	n, ok := a.byNr[nr]
	return n, ok
}
