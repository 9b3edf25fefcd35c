// Package bpfvm is a seccomp-exact classic BPF engine.
//
// Load validates a program exactly as Linux does when a filter is installed
// with seccomp(SECCOMP_SET_MODE_FILTER) (bpf_check_classic followed by
// seccomp_check_filter) and pre-decodes it into a compact internal form;
// Program.Run evaluates it on a SeccompData with the kernel's runtime rules
// and no allocation. A Chain stacks filters newest first and combines their
// results as kernel/seccomp.c does, and a Cache holds every verdict of a
// chain that is proven, by abstract interpretation, to depend only on the
// syscall number and the architecture.
//
// Disassemble and Assemble convert programs to and from a readable text form
// that round-trips.
package bpfvm
