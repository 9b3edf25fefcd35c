package abi

// Alpha ioctl request encoding (arch/alpha/include/uapi/asm/ioctl.h): 8-bit
// number, 8-bit type, 13-bit size and a 3-bit direction field at bit 29.
const (
	IocNRBits   = 8
	IocTypeBits = 8
	IocSizeBits = 13
	IocDirBits  = 3

	IocNRShift   = 0
	IocTypeShift = IocNRShift + IocNRBits
	IocSizeShift = IocTypeShift + IocTypeBits
	IocDirShift  = IocSizeShift + IocSizeBits

	IocNone  = 1
	IocRead  = 2
	IocWrite = 4
)

// Ioc encodes an Alpha ioctl request number from its direction, type, number and size.
func Ioc(dir, typ, nr, size uint32) uint32 {
	return dir<<IocDirShift | typ<<IocTypeShift | nr<<IocNRShift | (size&(1<<IocSizeBits-1))<<IocSizeShift
}

// Io is Alpha's _IO(type, nr).
func Io(typ, nr uint32) uint32 { return Ioc(IocNone, typ, nr, 0) }

// Ior is Alpha's _IOR(type, nr, size).
func Ior(typ, nr, size uint32) uint32 { return Ioc(IocRead, typ, nr, size) }

// Iow is Alpha's _IOW(type, nr, size).
func Iow(typ, nr, size uint32) uint32 { return Ioc(IocWrite, typ, nr, size) }

// Iowr is Alpha's _IOWR(type, nr, size).
func Iowr(typ, nr, size uint32) uint32 { return Ioc(IocRead|IocWrite, typ, nr, size) }

// AlphaConstants maps the names of common Linux/Alpha ABI constants (open
// flags, mmap, sockets, clone, futex, *at flags, fcntl, prctl, ioctl requests)
// to their Alpha values. Negative values (AT_FDCWD) are stored as int64.
var AlphaConstants = map[string]int64{
	// open(2) flags (arch/alpha/include/uapi/asm/fcntl.h).
	"O_RDONLY": 0, "O_WRONLY": 1, "O_RDWR": 2, "O_ACCMODE": 3,
	"O_NONBLOCK": 0x4, "O_APPEND": 0x8, "O_CREAT": 0x200, "O_TRUNC": 0x400,
	"O_EXCL": 0x800, "O_NOCTTY": 0x1000, "O_ASYNC": 0x2000, "O_DSYNC": 0x4000,
	"O_DIRECTORY": 0x8000, "O_NOFOLLOW": 0x10000, "O_LARGEFILE": 0x20000,
	"O_DIRECT": 0x80000, "O_NOATIME": 0x100000, "O_CLOEXEC": 0x200000,
	"O_SYNC": 0x404000, "O_PATH": 0x800000, "O_TMPFILE": 0x1008000,
	"O_NDELAY": 0x4,

	// *at(2) flags.
	"AT_FDCWD": -100, "AT_SYMLINK_NOFOLLOW": 0x100, "AT_REMOVEDIR": 0x200,
	"AT_SYMLINK_FOLLOW": 0x400, "AT_NO_AUTOMOUNT": 0x800, "AT_EMPTY_PATH": 0x1000,
	"AT_EACCESS": 0x200,

	// fcntl(2) commands and flags.
	"F_DUPFD": 0, "F_GETFD": 1, "F_SETFD": 2, "F_GETFL": 3, "F_SETFL": 4,
	"F_SETOWN": 5, "F_GETOWN": 6, "F_GETLK": 7, "F_SETLK": 8, "F_SETLKW": 9,
	"F_SETSIG": 10, "F_GETSIG": 11, "F_DUPFD_CLOEXEC": 1030, "FD_CLOEXEC": 1,

	// mmap(2), mprotect(2), madvise(2).
	"PROT_NONE": 0, "PROT_READ": 1, "PROT_WRITE": 2, "PROT_EXEC": 4,
	"PROT_GROWSDOWN": 0x01000000, "PROT_GROWSUP": 0x02000000,
	"MAP_SHARED": 1, "MAP_PRIVATE": 2, "MAP_SHARED_VALIDATE": 3, "MAP_TYPE": 0xf,
	"MAP_ANONYMOUS": 0x10, "MAP_ANON": 0x10, "MAP_FIXED": 0x100,
	"MAP_GROWSDOWN": 0x1000, "MAP_DENYWRITE": 0x2000, "MAP_EXECUTABLE": 0x4000,
	"MAP_LOCKED": 0x8000, "MAP_NORESERVE": 0x10000, "MAP_POPULATE": 0x20000,
	"MAP_NONBLOCK": 0x40000, "MAP_STACK": 0x80000, "MAP_HUGETLB": 0x100000,
	"MAP_FIXED_NOREPLACE": 0x200000,
	"MADV_NORMAL":         0, "MADV_RANDOM": 1, "MADV_SEQUENTIAL": 2, "MADV_WILLNEED": 3,
	"MADV_DONTNEED": 6, "MADV_FREE": 8, "MADV_REMOVE": 9, "MADV_DONTFORK": 10,
	"MADV_DOFORK": 11,

	// Sockets (arch/alpha/include/uapi/asm/socket.h: SOCK_NONBLOCK differs).
	"AF_UNSPEC": 0, "AF_UNIX": 1, "AF_LOCAL": 1, "AF_INET": 2, "AF_AX25": 3,
	"AF_IPX": 4, "AF_APPLETALK": 5, "AF_INET6": 10, "AF_KEY": 15, "AF_NETLINK": 16,
	"AF_PACKET": 17, "AF_BLUETOOTH": 31, "AF_ALG": 38, "AF_VSOCK": 40, "AF_XDP": 44,
	"SOCK_STREAM": 1, "SOCK_DGRAM": 2, "SOCK_RAW": 3, "SOCK_RDM": 4,
	"SOCK_SEQPACKET": 5, "SOCK_PACKET": 10, "SOCK_NONBLOCK": 0x40000000,
	"SOCK_CLOEXEC": 0x200000,

	// clone(2) flags.
	"CSIGNAL": 0xff, "CLONE_NEWTIME": 0x80, "CLONE_VM": 0x100, "CLONE_FS": 0x200,
	"CLONE_FILES": 0x400, "CLONE_SIGHAND": 0x800, "CLONE_PIDFD": 0x1000,
	"CLONE_PTRACE": 0x2000, "CLONE_VFORK": 0x4000, "CLONE_PARENT": 0x8000,
	"CLONE_THREAD": 0x10000, "CLONE_NEWNS": 0x20000, "CLONE_SYSVSEM": 0x40000,
	"CLONE_SETTLS": 0x80000, "CLONE_PARENT_SETTID": 0x100000,
	"CLONE_CHILD_CLEARTID": 0x200000, "CLONE_DETACHED": 0x400000,
	"CLONE_UNTRACED": 0x800000, "CLONE_CHILD_SETTID": 0x1000000,
	"CLONE_NEWCGROUP": 0x2000000, "CLONE_NEWUTS": 0x4000000, "CLONE_NEWIPC": 0x8000000,
	"CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000, "CLONE_NEWNET": 0x40000000,
	"CLONE_IO": 0x80000000,

	// futex(2) operations.
	"FUTEX_WAIT": 0, "FUTEX_WAKE": 1, "FUTEX_FD": 2, "FUTEX_REQUEUE": 3,
	"FUTEX_CMP_REQUEUE": 4, "FUTEX_WAKE_OP": 5, "FUTEX_LOCK_PI": 6,
	"FUTEX_UNLOCK_PI": 7, "FUTEX_TRYLOCK_PI": 8, "FUTEX_WAIT_BITSET": 9,
	"FUTEX_WAKE_BITSET": 10, "FUTEX_WAIT_REQUEUE_PI": 11, "FUTEX_CMP_REQUEUE_PI": 12,
	"FUTEX_LOCK_PI2": 13, "FUTEX_PRIVATE_FLAG": 128, "FUTEX_CLOCK_REALTIME": 256,
	"FUTEX_CMD_MASK": 0x7f,

	// Signal masks (Alpha's SIG_BLOCK numbering differs from generic).
	"SIG_BLOCK": 1, "SIG_UNBLOCK": 2, "SIG_SETMASK": 3,

	// prctl(2) options.
	"PR_SET_PDEATHSIG": 1, "PR_GET_PDEATHSIG": 2, "PR_GET_DUMPABLE": 3,
	"PR_SET_DUMPABLE": 4, "PR_SET_NAME": 15, "PR_GET_NAME": 16,
	"PR_GET_SECCOMP": PR_GET_SECCOMP, "PR_SET_SECCOMP": PR_SET_SECCOMP,
	"PR_CAPBSET_READ": 23, "PR_CAPBSET_DROP": 24, "PR_SET_NO_NEW_PRIVS": PR_SET_NO_NEW_PRIVS,
	"PR_GET_NO_NEW_PRIVS": PR_GET_NO_NEW_PRIVS, "PR_SET_MM": 35,

	// seccomp(2) operations and flags.
	"SECCOMP_SET_MODE_STRICT": SeccompSetModeStrict, "SECCOMP_SET_MODE_FILTER": SeccompSetModeFilter,
	"SECCOMP_GET_ACTION_AVAIL": SeccompGetActionAvail, "SECCOMP_GET_NOTIF_SIZES": SeccompGetNotifSizes,
	"SECCOMP_FILTER_FLAG_TSYNC": SeccompFilterFlagTSync, "SECCOMP_FILTER_FLAG_LOG": SeccompFilterFlagLog,
	"SECCOMP_FILTER_FLAG_SPEC_ALLOW":   SeccompFilterFlagSpec,
	"SECCOMP_FILTER_FLAG_NEW_LISTENER": SeccompFilterFlagNewListener,

	// Common ioctl requests with Alpha's encoding.
	"TCGETS":                        int64(Ior('t', 19, 44)),
	"TCSETS":                        int64(Iow('t', 20, 44)),
	"TCSETSW":                       int64(Iow('t', 21, 44)),
	"TCSETSF":                       int64(Iow('t', 22, 44)),
	"TIOCGWINSZ":                    int64(Ior('t', 104, 8)),
	"TIOCSWINSZ":                    int64(Iow('t', 103, 8)),
	"TIOCGPGRP":                     int64(Ior('t', 119, 4)),
	"TIOCSPGRP":                     int64(Iow('t', 118, 4)),
	"FIONREAD":                      int64(Ior('f', 127, 4)),
	"FIONBIO":                       int64(Iow('f', 126, 4)),
	"FIOASYNC":                      int64(Iow('f', 125, 4)),
	"FIOCLEX":                       int64(Io('f', 1)),
	"FIONCLEX":                      int64(Io('f', 2)),
	"TIOCGPTN":                      int64(Ior('T', 0x30, 4)),
	"TIOCSPTLCK":                    int64(Iow('T', 0x31, 4)),
	"TIOCSCTTY":                     0x540E,
	"TIOCSTI":                       0x5412,
	"TIOCNOTTY":                     0x5422,
	"SECCOMP_IOCTL_NOTIF_RECV":      int64(Iowr('!', 0, 80)),
	"SECCOMP_IOCTL_NOTIF_SEND":      int64(Iowr('!', 1, 24)),
	"SECCOMP_IOCTL_NOTIF_ID_VALID":  int64(Iow('!', 2, 8)),
	"SECCOMP_IOCTL_NOTIF_ADDFD":     int64(Iow('!', 3, 24)),
	"SECCOMP_IOCTL_NOTIF_SET_FLAGS": int64(Iow('!', 4, 8)),
}
