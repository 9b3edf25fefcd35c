// Package kernelsim is a simulated Linux/Alpha kernel: it runs Alpha Linux
// programs on the alphaemu CPU and implements the system calls, signals and
// memory management they use.
//
// # Model
//
// A Kernel holds processes; a Process holds an address space, a file
// descriptor table, a filesystem context and signal handlers shared by its
// threads; a Thread is one CPU with its own signal mask, pending signals and
// alternate stack. Processes fork, exec, wait and signal each other; every
// thread runs on its own goroutine (see docs/processes.md for the locking:
// a run token per memory group, a kernel lock only in kernel code).
//
// Syscall entry and exit follow the SECCOMPv3 Alpha patch
// (shared/spec/kernel-abi.md §1.3–1.6): the number is copied to r1 (the
// active number) and r2 (the original); when a work flag is set the slow path
// runs [ptrace entry stop] → seccomp (Thread.seccompEnter) → trace; r1 = -1
// skips dispatch through SYSCALL_SKIP_RETURN_RESTART_GATE; dispatch
// range-checks the full 64-bit number against a table indexed by number; a
// negative result becomes r0 = -ret, r19 = 1; restarts use r2. ABIProfile
// selects whether force_successful_syscall_return is honoured (the v3
// default is not).
//
// # Behaviour worth knowing
//
//   - Files: paths resolve inside Config.Root through os.Root, so neither ".."
//     nor symlinks can leave it (a symlink out of the root gives EXDEV). The
//     guest starts in the host's working directory when the root contains
//     it. Config.Sysroot is searched first for read-only lookups, like
//     qemu-user's -L. /dev/null, /dev/zero, /dev/full, /dev/random and
//     /dev/urandom are simulated whatever the root; without a root only they
//     and the executable are visible.
//   - Memory: mmap places mappings bottom-up from 0x20000000000 (Alpha's
//     TASK_UNMAPPED_BASE); brk is osf_brk (a refused request is -ENOMEM).
//     Config.MaxMem (default DefaultMaxMem) bounds guest memory: mmap, brk
//     and mremap beyond it fail with ENOMEM and RLIMIT_AS/RLIMIT_DATA report
//     it. MAP_SHARED mappings are shared with forked children; writes to a
//     file-backed one do not reach the file.
//   - Signals: frames, trampolines and sigreturn are byte-exact with
//     arch/alpha/kernel/signal.c; synchronous faults are forced (a blocked or
//     ignored one kills); real-time signals are not queued more than once; Exit.Core is set for
//     a signal whose default action dumps core while RLIMIT_CORE allows it
//     (unlimited by default). Stop signals stop the process until SIGCONT.
//   - Processes: at most DefaultMaxTasks threads live at once (fork and
//     clone fail with EAGAIN beyond); orphans are re-parented to the
//     initial process; Run returns when the whole tree has exited.
//   - Limits: MaxInsns (the whole tree), MaxMem (per address space) and Timeout end Run with a *LimitError. The
//     timeout also interrupts syscalls blocked in the kernel (pipes, sleeps,
//     futex, rt_sigsuspend), but not a read from a host terminal.
//   - Unimplemented syscalls return ENOSYS and are reported once each to
//     Config.Verbose.
package kernelsim
