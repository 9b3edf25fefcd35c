package policy

import (
	"strings"

	"github.com/axpsec/axpsec/abi"
)

// genericErrno holds the asm-generic errno values used by x86_64 and aarch64.
var genericErrno = map[string]int{
	"EPERM": 1, "ENOENT": 2, "ESRCH": 3, "EINTR": 4, "EIO": 5, "ENXIO": 6, "E2BIG": 7,
	"ENOEXEC": 8, "EBADF": 9, "ECHILD": 10, "EAGAIN": 11, "EWOULDBLOCK": 11, "ENOMEM": 12,
	"EACCES": 13, "EFAULT": 14, "ENOTBLK": 15, "EBUSY": 16, "EEXIST": 17, "EXDEV": 18,
	"ENODEV": 19, "ENOTDIR": 20, "EISDIR": 21, "EINVAL": 22, "ENFILE": 23, "EMFILE": 24,
	"ENOTTY": 25, "ETXTBSY": 26, "EFBIG": 27, "ENOSPC": 28, "ESPIPE": 29, "EROFS": 30,
	"EMLINK": 31, "EPIPE": 32, "EDOM": 33, "ERANGE": 34, "EDEADLK": 35, "EDEADLOCK": 35,
	"ENAMETOOLONG": 36, "ENOLCK": 37, "ENOSYS": 38, "ENOTEMPTY": 39, "ELOOP": 40,
	"ENOMSG": 42, "EIDRM": 43, "ENODATA": 61, "ETIME": 62, "EPROTO": 71, "EOVERFLOW": 75,
	"EILSEQ": 84, "ENOTSOCK": 88, "EDESTADDRREQ": 89, "EMSGSIZE": 90, "EPROTOTYPE": 91,
	"ENOPROTOOPT": 92, "EPROTONOSUPPORT": 93, "ESOCKTNOSUPPORT": 94, "EOPNOTSUPP": 95,
	"ENOTSUP": 95, "EPFNOSUPPORT": 96, "EAFNOSUPPORT": 97, "EADDRINUSE": 98,
	"EADDRNOTAVAIL": 99, "ENETDOWN": 100, "ENETUNREACH": 101, "ENETRESET": 102,
	"ECONNABORTED": 103, "ECONNRESET": 104, "ENOBUFS": 105, "EISCONN": 106, "ENOTCONN": 107,
	"ETIMEDOUT": 110, "ECONNREFUSED": 111, "EHOSTUNREACH": 113, "EALREADY": 114,
	"EINPROGRESS": 115, "ESTALE": 116, "EDQUOT": 122, "ECANCELED": 125,
}

// genericOverrides are the constants whose x86_64/aarch64 values differ from
// Alpha's; constants not listed here and not in genericUnknown share Alpha's value.
var genericOverrides = map[string]int64{
	"O_NONBLOCK": 0x800, "O_NDELAY": 0x800, "O_APPEND": 0x400, "O_CREAT": 0x40,
	"O_TRUNC": 0x200, "O_EXCL": 0x80, "O_NOCTTY": 0x100, "O_ASYNC": 0x2000,
	"O_DSYNC": 0x1000, "O_CLOEXEC": 0x80000, "O_SYNC": 0x101000, "O_PATH": 0x200000,
	"O_NOATIME": 0x40000,
	"F_SETOWN":  8, "F_GETOWN": 9, "F_GETLK": 5, "F_SETLK": 6, "F_SETLKW": 7,
	"F_SETSIG": 10, "F_GETSIG": 11,
	"MAP_ANONYMOUS": 0x20, "MAP_ANON": 0x20, "MAP_FIXED": 0x10, "MAP_NORESERVE": 0x4000,
	"MAP_POPULATE": 0x8000, "MAP_NONBLOCK": 0x10000, "MAP_STACK": 0x20000,
	"MAP_HUGETLB": 0x40000, "MAP_FIXED_NOREPLACE": 0x100000, "MAP_GROWSDOWN": 0x100,
	"MAP_DENYWRITE": 0x800, "MAP_EXECUTABLE": 0x1000, "MAP_LOCKED": 0x2000,
	"MADV_DONTNEED": 4,
	"SOCK_NONBLOCK": 0x800, "SOCK_CLOEXEC": 0x80000,
	"SIG_BLOCK": 0, "SIG_UNBLOCK": 1, "SIG_SETMASK": 2,
	"TCGETS": 0x5401, "TCSETS": 0x5402, "TCSETSW": 0x5403, "TCSETSF": 0x5404,
	"TIOCGWINSZ": 0x5413, "TIOCSWINSZ": 0x5414, "TIOCGPGRP": 0x540F, "TIOCSPGRP": 0x5410,
	"FIONREAD": 0x541B, "FIONBIO": 0x5421, "FIOASYNC": 0x5452, "FIOCLEX": 0x5451,
	"FIONCLEX": 0x5450, "TIOCGPTN": 0x80045430, "TIOCSPTLCK": 0x40045431,
	"SECCOMP_IOCTL_NOTIF_RECV": 0xC0502100, "SECCOMP_IOCTL_NOTIF_SEND": 0xC0182101,
	"SECCOMP_IOCTL_NOTIF_ID_VALID": 0x40082102, "SECCOMP_IOCTL_NOTIF_ADDFD": 0x40182103,
	"SECCOMP_IOCTL_NOTIF_SET_FLAGS": 0x40082104,
}

// genericUnknown are constants whose x86_64/aarch64 values differ between the
// two (so a portable policy must not use them by name).
var genericUnknown = map[string]bool{
	"O_DIRECTORY": true, "O_NOFOLLOW": true, "O_DIRECT": true, "O_LARGEFILE": true,
	"O_TMPFILE": true, "PROT_GROWSUP": true,
}

// lookupConstant returns the value of a symbolic constant on arch: ABI
// constants, errno names and signal names (SIGSYS...).
func lookupConstant(arch *abi.Arch, name string) (int64, bool) {
	if arch == abi.Alpha {
		if v, ok := abi.AlphaConstants[name]; ok {
			return v, true
		}
		if e, ok := abi.ErrnoByName(name); ok {
			return int64(e), true
		}
		if s, ok := abi.SignalByName(name); ok && strings.HasPrefix(name, "SIG") {
			return int64(s), true
		}
		return 0, false
	}
	if v, ok := genericOverrides[name]; ok {
		return v, true
	}
	if genericUnknown[name] {
		return 0, false
	}
	if n, ok := genericErrno[name]; ok {
		return int64(n), true
	}
	if v, ok := abi.AlphaConstants[name]; ok {
		return v, true
	}
	return 0, false
}
