package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
)

// nrSyscalls is NR_syscalls for the Alpha table in package abi (highest number + 1).
const nrSyscalls = 581

// handler implements one syscall: it gets a0..a5 and returns the result or a
// negative errno (or sysSpecial when it set the registers itself).
type handler func(t *Thread, a [6]uint64) int64

// sysTable is the dispatch table, indexed by syscall number; numbers without
// an implementation go to sysUnknown (ENOSYS).
var sysTable [nrSyscalls]handler

// handlers maps Alpha syscall names (as in package abi's table) to their implementations.
var handlers = map[string]handler{
	// process and identity
	"exit": sysExit, "exit_group": sysExitGroup,
	"getxpid": sysGetxpid, "getxuid": sysGetxuid, "getxgid": sysGetxgid,
	"getppid": sysGetppid, "geteuid": sysGeteuid, "getegid": sysGetegid, "gettid": sysGettid,
	"getresuid": sysGetresuid, "getresgid": sysGetresgid,
	"getpgrp": sysGetpgrp, "getpgid": sysGetpgid, "getsid": sysGetsid, "setpgid": sysSetpgid, "setsid": sysSetsid,
	"set_tid_address": sysSetTidAddress, "set_robust_list": sysSetRobustList, "get_robust_list": sysGetRobustList,
	"getrlimit": sysGetrlimit, "setrlimit": sysSetrlimit, "prlimit64": sysPrlimit64,
	"uname": sysUname, "sysinfo": sysSysinfo, "getpriority": sysGetpriority,
	"osf_getsysinfo": sysOsfGetsysinfo, "osf_setsysinfo": sysOsfSetsysinfo,
	"umask": sysUmask, "sched_yield": sysSchedYield, "getpagesize": sysGetpagesize,
	"getrusage": sysGetrusage, "times": sysTimes, "sched_getaffinity": sysSchedGetaffinity,
	"getrandom": sysGetrandom, "futex": sysFutex,
	"fork": sysFork, "vfork": sysVfork, "clone": sysClone, "execve": sysExecve, "execveat": sysExecveat,
	"wait4": sysWait4, "waitid": sysWaitid, "setitimer": sysSetitimer, "getitimer": sysGetitimer,
	// time
	"gettimeofday": sysGettimeofday, "clock_gettime": sysClockGettime, "clock_getres": sysClockGetres,
	"nanosleep": sysNanosleep, "clock_nanosleep": sysClockNanosleep, "restart_syscall": sysRestartSyscall,
	// memory
	"brk": sysBrk, "mmap": sysMmap, "munmap": sysMunmap, "msync": sysMsync,
	"mprotect": sysMprotect, "mremap": sysMremap, "madvise": sysMadvise,
	// descriptors
	"read": sysRead, "write": sysWrite, "readv": sysReadv, "writev": sysWritev, "pread64": sysPread64, "pwrite64": sysPwrite64,
	"lseek": sysLseek, "close": sysClose, "dup": sysDup, "dup2": sysDup2, "dup3": sysDup3,
	"fcntl": sysFcntl, "pipe": sysPipe, "pipe2": sysPipe2, "ioctl": sysIoctl, "getdents64": sysGetdents64,
	"poll": sysPoll, "ppoll": sysPpoll, "select": sysSelect, "pselect6": sysPselect6,
	"fsync": sysFsync, "fdatasync": sysFsync, "ftruncate": sysFtruncate,
	// paths
	"open": sysOpen, "openat": sysOpenat, "access": sysAccess, "faccessat": sysFaccessat, "faccessat2": sysFaccessat2,
	"readlink": sysReadlink, "readlinkat": sysReadlinkat, "getcwd": sysGetcwd, "chdir": sysChdir, "fchdir": sysFchdir,
	"unlink": sysUnlink, "unlinkat": sysUnlinkat, "rmdir": sysRmdir, "mkdir": sysMkdir, "mkdirat": sysMkdirat,
	"rename": sysRename, "renameat": sysRenameat, "renameat2": sysRenameat2,
	"symlink": sysSymlink, "link": sysLink, "chmod": sysChmod, "fchmod": sysFchmod, "truncate": sysTruncate,
	"stat": sysStat, "lstat": sysLstat, "fstat": sysFstat,
	"stat64": sysStat64, "lstat64": sysLstat64, "fstat64": sysFstat64, "fstatat64": sysFstatat64, "statx": sysStatx,
	// signals
	"rt_sigaction": sysRtSigaction, "sigaction": sysOsfSigaction,
	"rt_sigprocmask": sysRtSigprocmask, "osf_sigprocmask": sysOsfSigprocmask,
	"sigaltstack": sysSigaltstack, "rt_sigsuspend": sysRtSigsuspend, "rt_sigpending": sysRtSigpending,
	"kill": sysKill, "tkill": sysTkill, "tgkill": sysTgkill,
	"rt_sigqueueinfo": sysRtSigqueueinfo, "rt_tgsigqueueinfo": sysRtTgsigqueueinfo,
	"sigreturn": sysSigreturn, "rt_sigreturn": sysRtSigreturn,
	// seccomp (seccomp_sys.go)
	"prctl": sysPrctl, "seccomp": sysSeccomp,
}

func init() {
	for i := range sysTable {
		sysTable[i] = sysNotImplemented
	}
	for _, s := range abi.Alpha.Syscalls {
		if h, ok := handlers[s.Name]; ok && s.Nr < nrSyscalls {
			sysTable[s.Nr] = h
		}
	}
}

// sysNotImplemented is the table entry for numbers without a handler.
func sysNotImplemented(t *Thread, a [6]uint64) int64 { return t.sysUnknown(a) }
