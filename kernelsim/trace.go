package kernelsim

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/axpsec/axpsec/abi"
)

// tracer writes strace-like lines for every syscall. Once a second task
// exists, every line starts with "[pid TID] ", as with strace -f.
type tracer struct {
	w     io.Writer
	multi bool // a clone has happened
}

// prefix returns the line prefix for task tid.
func (tr *tracer) prefix(tid int) string {
	if !tr.multi {
		return ""
	}
	return "[pid " + strconv.Itoa(tid) + "] "
}

// traceState is the per-thread record of the syscall being traced.
type traceState struct {
	args    [6]uint64
	entered bool
}

// Argument kinds for trace formatting (one letter per argument).
//
//	d signed int    u unsigned      x pointer/hex    f fd (AT_FDCWD)
//	s path string   b input buffer (length in next arg)
//	B output buffer (length = return value)          o open flags
//	m octal mode    p PROT_*        M MAP_*          S signal
//	w whence        a AT_* flags    c clock id       h sigprocmask how
var traceSpecs = map[string]string{
	"read": "fBu", "write": "fbu", "pread64": "fBud", "pwrite64": "fbud", "readv": "fxu", "writev": "fxu",
	"open": "som", "openat": "fsom", "close": "f", "lseek": "fdw", "dup": "f", "dup2": "ff", "dup3": "ffo",
	"fcntl": "fdx", "ioctl": "fxx", "pipe": "", "pipe2": "xo", "getdents64": "fxu",
	"access": "sm", "faccessat": "fsm", "faccessat2": "fsma", "readlink": "sBu", "readlinkat": "fsBu",
	"getcwd": "Bu", "chdir": "s", "fchdir": "f", "unlink": "s", "unlinkat": "fsa", "rmdir": "s",
	"mkdir": "sm", "mkdirat": "fsm", "rename": "ss", "renameat": "fsfs", "renameat2": "fsfsu",
	"symlink": "ss", "link": "ss", "chmod": "sm", "fchmod": "fm", "truncate": "sd", "ftruncate": "fd",
	"stat": "sx", "lstat": "sx", "fstat": "fx", "stat64": "sx", "lstat64": "sx", "fstat64": "fx",
	"fstatat64": "fsxa", "statx": "fsaxx",
	"brk": "x", "mmap": "xupMfx", "munmap": "xu", "mprotect": "xup", "mremap": "xuuxx", "madvise": "xud", "msync": "xux",
	"exit": "d", "exit_group": "d", "set_tid_address": "x", "set_robust_list": "xu",
	"getrlimit": "dx", "setrlimit": "dx", "prlimit64": "ddxx", "uname": "x", "sysinfo": "x",
	"osf_getsysinfo": "dxuxx", "osf_setsysinfo": "dxuxx", "getrandom": "xuu", "umask": "m",
	"gettimeofday": "xx", "clock_gettime": "cx", "clock_getres": "cx", "nanosleep": "xx",
	"clock_nanosleep": "cdxx", "rt_sigaction": "Sxxux", "sigaction": "Sxx", "rt_sigprocmask": "hxxu",
	"osf_sigprocmask": "hx", "sigaltstack": "xx", "rt_sigsuspend": "xu", "kill": "dS", "tkill": "dS",
	"tgkill": "ddS", "sigreturn": "x", "rt_sigreturn": "x",
	"fork": "", "vfork": "", "clone": "xxxxx", "execve": "sxx", "execveat": "fsxxa",
	"wait4": "dxxx", "waitid": "ddxxx", "futex": "xdux", "setitimer": "dxx", "getitimer": "dx",
	"getxpid": "", "getxuid": "", "getxgid": "", "getppid": "", "geteuid": "", "getegid": "",
	"gettid": "", "getpgrp": "", "setsid": "", "sched_yield": "", "getpagesize": "",
	"poll": "xud", "ppoll": "xuxxu",
	"getpriority": "dd", "getresuid": "xxx", "getresgid": "xxx", "getpgid": "d", "getsid": "d",
	"setpgid": "dd", "times": "x", "getrusage": "dx", "sched_getaffinity": "dux",
}

// traceArgKinds is traceSpecs indexed by syscall number.
var traceArgKinds [nrSyscalls]string

func init() {
	for i := range traceArgKinds {
		traceArgKinds[i] = "xxx"
	}
	for _, s := range abi.Alpha.Syscalls {
		if spec, ok := traceSpecs[s.Name]; ok && s.Nr < nrSyscalls {
			traceArgKinds[s.Nr] = spec
		}
	}
}

// traceEnter records the arguments of the syscall being entered.
func (t *Thread) traceEnter() {
	c := t.cpu
	t.trace = traceState{args: [6]uint64{c.R[16], c.R[17], c.R[18], c.R[19], c.R[20], c.R[21]}, entered: true}
	nr := c.R[1]
	if nr == abi.SYS_EXIT || nr == abi.SYS_EXIT_GROUP || nr == abi.SYS_SIGRETURN || nr == abi.SYS_RT_SIGRETURN {
		// These do not return a value: print them now.
		writef(t.k.tracer.w, "%s%s = ?\n", t.k.tracer.prefix(t.tid), t.formatCall(int(nr), -1))
		t.trace.entered = false
	}
}

// traceExit writes the line for the syscall that just finished.
func (t *Thread) traceExit(nr int, skipped bool) {
	if !t.trace.entered && !skipped {
		return
	}
	c := t.cpu
	if skipped {
		t.trace.args = [6]uint64{c.R[16], c.R[17], c.R[18], 0, c.R[20], c.R[21]}
	}
	t.trace.entered = false
	ret := int64(c.R[0])
	if c.R[19] != 0 {
		ret = -1
	}
	var sb strings.Builder
	sb.WriteString(t.k.tracer.prefix(t.tid))
	sb.WriteString(t.formatCall(nr, ret))
	sb.WriteString(" = ")
	switch {
	case c.R[19] != 0:
		sb.WriteString("-1 ")
		sb.WriteString(abi.Errno(c.R[0]).String())
	case nr == abi.SYS_MMAP || nr == abi.SYS_BRK || nr == abi.SYS_MREMAP:
		sb.WriteString("0x" + strconv.FormatUint(c.R[0], 16))
	default:
		sb.WriteString(strconv.FormatInt(int64(c.R[0]), 10))
	}
	switch nr {
	case abi.SYS_GETXPID, abi.SYS_GETXUID, abi.SYS_GETXGID, abi.SYS_PIPE:
		if c.R[19] == 0 {
			sb.WriteString(" (r20 = " + strconv.FormatInt(int64(c.R[20]), 10) + ")")
		}
	}
	if skipped {
		sb.WriteString(" (skipped)")
	}
	sb.WriteByte('\n')
	_, _ = io.WriteString(t.k.tracer.w, sb.String())
}

// formatCall formats "name(args)"; ret is the return value for output buffers (-1: none).
func (t *Thread) formatCall(nr int, ret int64) string {
	name, ok := abi.Alpha.SyscallName(nr)
	spec := "xxx"
	if ok && nr >= 0 && nr < nrSyscalls {
		spec = traceArgKinds[nr]
	} else {
		name = "syscall_" + strconv.Itoa(nr)
	}
	var sb strings.Builder
	sb.WriteString(name)
	sb.WriteByte('(')
	a := t.trace.args
	for i := 0; i < len(spec) && i < 6; i++ {
		// Like strace, show open's mode only when it is used.
		if spec[i] == 'm' && i > 0 && spec[i-1] == 'o' && a[i-1]&(oCreat|oTmpfile) == 0 {
			break
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(t.formatArg(spec[i], a, i, ret))
	}
	sb.WriteByte(')')
	return sb.String()
}

const traceStrMax = 32

func (t *Thread) formatArg(kind byte, a [6]uint64, i int, ret int64) string {
	v := a[i]
	switch kind {
	case 'd':
		return strconv.FormatInt(int64(v), 10)
	case 'u':
		return strconv.FormatUint(v, 10)
	case 'f':
		if int32(v) == atFDCWD {
			return "AT_FDCWD"
		}
		return strconv.FormatInt(int64(int32(v)), 10)
	case 's':
		s, err := t.proc.mem.ReadString(v, pathMax)
		if err != nil {
			return fmtPtr(v)
		}
		return strconv.Quote(s)
	case 'b', 'B':
		n := int64(0)
		if i+1 < 6 {
			n = int64(a[i+1])
		}
		if kind == 'B' {
			n = ret
		}
		if n < 0 {
			return fmtPtr(v)
		}
		return t.quoteBuf(v, n)
	case 'o':
		return openFlagsString(v)
	case 'm':
		return fmt.Sprintf("%#o", v)
	case 'p':
		return flagString(v, protNames, "PROT_NONE")
	case 'M':
		return flagString(v, mapNames, "0")
	case 'S':
		if validSig(v) {
			return abi.Signal(v).String()
		}
		return strconv.FormatInt(int64(v), 10)
	case 'w':
		if v < uint64(len(whenceNames)) {
			return whenceNames[v]
		}
	case 'a':
		return flagString(v, atNames, "0")
	case 'c':
		if v < uint64(len(clockNames)) {
			return clockNames[v]
		}
	case 'h':
		if v >= 1 && v <= 3 {
			return [...]string{"", "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"}[v]
		}
	}
	return fmtPtr(v)
}

func fmtPtr(v uint64) string {
	if v == 0 {
		return "NULL"
	}
	return "0x" + strconv.FormatUint(v, 16)
}

// quoteBuf shows up to traceStrMax bytes of a guest buffer, strace style.
func (t *Thread) quoteBuf(addr uint64, n int64) string {
	m := min(n, traceStrMax)
	b := make([]byte, m)
	if t.proc.mem.ReadAt(b, addr) != nil {
		return fmtPtr(addr)
	}
	s := strconv.Quote(string(b))
	if n > m {
		s += "..."
	}
	return s
}

type flagName struct {
	bit  uint64
	name string
}

var (
	protNames = []flagName{{protRead, "PROT_READ"}, {protWrite, "PROT_WRITE"}, {protExec, "PROT_EXEC"}}
	mapNames  = []flagName{{mapShared, "MAP_SHARED"}, {mapPrivate, "MAP_PRIVATE"}, {mapAnonymous, "MAP_ANONYMOUS"},
		{mapFixed, "MAP_FIXED"}, {mapGrowsDown, "MAP_GROWSDOWN"}, {mapNoReserve, "MAP_NORESERVE"},
		{mapPopulate, "MAP_POPULATE"}, {mapStack, "MAP_STACK"}, {mapFixedNoreplace, "MAP_FIXED_NOREPLACE"}}
	openNames = []flagName{{oNonblock, "O_NONBLOCK"}, {oAppend, "O_APPEND"}, {oCreat, "O_CREAT"},
		{oTrunc, "O_TRUNC"}, {oExcl, "O_EXCL"}, {oNoctty, "O_NOCTTY"}, {oDsync, "O_DSYNC"},
		{oDirectory, "O_DIRECTORY"}, {oNofollow, "O_NOFOLLOW"}, {oLargefile, "O_LARGEFILE"},
		{oDirect, "O_DIRECT"}, {oNoatime, "O_NOATIME"}, {oCloexec, "O_CLOEXEC"}, {oSync, "O_SYNC"},
		{oPath, "O_PATH"}, {oTmpfile, "O_TMPFILE"}}
	atNames = []flagName{{atSymlinkNofollow, "AT_SYMLINK_NOFOLLOW"}, {atRemoveDir, "AT_REMOVEDIR"},
		{atSymlinkFollow, "AT_SYMLINK_FOLLOW"}, {atNoAutomount, "AT_NO_AUTOMOUNT"}, {atEmptyPath, "AT_EMPTY_PATH"}}
	whenceNames = []string{"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"}
	clockNames  = []string{"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
		"CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
		"CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME"}
)

// flagString prints v as NAME|NAME|0xrest.
func flagString(v uint64, names []flagName, zero string) string {
	if v == 0 {
		return zero
	}
	var parts []string
	for _, f := range names {
		if v&f.bit == f.bit && f.bit != 0 {
			parts = append(parts, f.name)
			v &^= f.bit
		}
	}
	if v != 0 {
		parts = append(parts, fmt.Sprintf("%#x", v))
	}
	return strings.Join(parts, "|")
}

func openFlagsString(v uint64) string {
	acc := [...]string{"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"}[v&oAccMode]
	rest := v &^ oAccMode
	if rest == 0 {
		return acc
	}
	return acc + "|" + flagString(rest, openNames, "")
}

// traceSignal writes strace's "--- SIG {...} ---" line for a signal being delivered.
func (t *Thread) traceSignal(si sigInfo) {
	var detail string
	switch si.kind {
	case siFault:
		detail = fmt.Sprintf("si_addr=%s", fmtPtr(si.addr))
	case siSys:
		detail = fmt.Sprintf("si_call_addr=%s, si_syscall=%d, si_arch=%#x", fmtPtr(si.addr), si.syscall, si.arch)
	default:
		detail = fmt.Sprintf("si_pid=%d, si_uid=%d", si.pid, si.uid)
	}
	writef(t.k.tracer.w, "%s--- %s {si_signo=%s, si_code=%d, %s} ---\n", t.k.tracer.prefix(t.tid), si.signo, si.signo, si.code, detail)
}
