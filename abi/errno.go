package abi

import "strconv"

// Errno is an Alpha Linux error number (arch/alpha/include/uapi/asm/errno.h).
type Errno int

// Alpha errno values. 1-34 match asm-generic except 11 (EDEADLK); from 35 on they differ.
const (
	EPERM           Errno = 1
	ENOENT          Errno = 2
	ESRCH           Errno = 3
	EINTR           Errno = 4
	EIO             Errno = 5
	ENXIO           Errno = 6
	E2BIG           Errno = 7
	ENOEXEC         Errno = 8
	EBADF           Errno = 9
	ECHILD          Errno = 10
	EDEADLK         Errno = 11
	ENOMEM          Errno = 12
	EACCES          Errno = 13
	EFAULT          Errno = 14
	ENOTBLK         Errno = 15
	EBUSY           Errno = 16
	EEXIST          Errno = 17
	EXDEV           Errno = 18
	ENODEV          Errno = 19
	ENOTDIR         Errno = 20
	EISDIR          Errno = 21
	EINVAL          Errno = 22
	ENFILE          Errno = 23
	EMFILE          Errno = 24
	ENOTTY          Errno = 25
	ETXTBSY         Errno = 26
	EFBIG           Errno = 27
	ENOSPC          Errno = 28
	ESPIPE          Errno = 29
	EROFS           Errno = 30
	EMLINK          Errno = 31
	EPIPE           Errno = 32
	EDOM            Errno = 33
	ERANGE          Errno = 34
	EAGAIN          Errno = 35
	EINPROGRESS     Errno = 36
	EALREADY        Errno = 37
	ENOTSOCK        Errno = 38
	EDESTADDRREQ    Errno = 39
	EMSGSIZE        Errno = 40
	EPROTOTYPE      Errno = 41
	ENOPROTOOPT     Errno = 42
	EPROTONOSUPPORT Errno = 43
	ESOCKTNOSUPPORT Errno = 44
	EOPNOTSUPP      Errno = 45
	EPFNOSUPPORT    Errno = 46
	EAFNOSUPPORT    Errno = 47
	EADDRINUSE      Errno = 48
	EADDRNOTAVAIL   Errno = 49
	ENETDOWN        Errno = 50
	ENETUNREACH     Errno = 51
	ENETRESET       Errno = 52
	ECONNABORTED    Errno = 53
	ECONNRESET      Errno = 54
	ENOBUFS         Errno = 55
	EISCONN         Errno = 56
	ENOTCONN        Errno = 57
	ESHUTDOWN       Errno = 58
	ETOOMANYREFS    Errno = 59
	ETIMEDOUT       Errno = 60
	ECONNREFUSED    Errno = 61
	ELOOP           Errno = 62
	ENAMETOOLONG    Errno = 63
	EHOSTDOWN       Errno = 64
	EHOSTUNREACH    Errno = 65
	ENOTEMPTY       Errno = 66
	EUSERS          Errno = 68
	EDQUOT          Errno = 69
	ESTALE          Errno = 70
	EREMOTE         Errno = 71
	ENOLCK          Errno = 77
	ENOSYS          Errno = 78
	ENOMSG          Errno = 80
	EIDRM           Errno = 81
	ENOSR           Errno = 82
	ETIME           Errno = 83
	EBADMSG         Errno = 84
	EPROTO          Errno = 85
	ENODATA         Errno = 86
	ENOSTR          Errno = 87
	ECHRNG          Errno = 88
	EL2NSYNC        Errno = 89
	EL3HLT          Errno = 90
	EL3RST          Errno = 91
	ENOPKG          Errno = 92
	ELNRNG          Errno = 93
	EUNATCH         Errno = 94
	ENOCSI          Errno = 95
	EL2HLT          Errno = 96
	EBADE           Errno = 97
	EBADR           Errno = 98
	EXFULL          Errno = 99
	ENOANO          Errno = 100
	EBADRQC         Errno = 101
	EBADSLT         Errno = 102
	EBFONT          Errno = 104
	ENONET          Errno = 105
	ENOLINK         Errno = 106
	EADV            Errno = 107
	ESRMNT          Errno = 108
	ECOMM           Errno = 109
	EMULTIHOP       Errno = 110
	EDOTDOT         Errno = 111
	EOVERFLOW       Errno = 112
	ENOTUNIQ        Errno = 113
	EBADFD          Errno = 114
	EREMCHG         Errno = 115
	EILSEQ          Errno = 116
	EUCLEAN         Errno = 117
	ENOTNAM         Errno = 118
	ENAVAIL         Errno = 119
	EISNAM          Errno = 120
	EREMOTEIO       Errno = 121
	ELIBACC         Errno = 122
	ELIBBAD         Errno = 123
	ELIBSCN         Errno = 124
	ELIBMAX         Errno = 125
	ELIBEXEC        Errno = 126
	ERESTART        Errno = 127
	ESTRPIPE        Errno = 128
	ENOMEDIUM       Errno = 129
	EMEDIUMTYPE     Errno = 130
	ECANCELED       Errno = 131
	ENOKEY          Errno = 132
	EKEYEXPIRED     Errno = 133
	EKEYREVOKED     Errno = 134
	EKEYREJECTED    Errno = 135
	EOWNERDEAD      Errno = 136
	ENOTRECOVERABLE Errno = 137
	ERFKILL         Errno = 138
	EHWPOISON       Errno = 139

	// Aliases.
	EWOULDBLOCK Errno = EAGAIN
	EDEADLOCK   Errno = EDEADLK
	ENOTSUP     Errno = EOPNOTSUPP

	// Kernel-internal restart codes (include/linux/errno.h), never seen by user space.
	ERESTARTSYS           Errno = 512
	ERESTARTNOINTR        Errno = 513
	ERESTARTNOHAND        Errno = 514
	ENOIOCTLCMD           Errno = 515
	ERESTART_RESTARTBLOCK Errno = 516

	// MaxErrno is the largest value a syscall may return as an error (MAX_ERRNO).
	MaxErrno = 4095
)

var errnoNames = map[string]Errno{
	"EPERM": EPERM, "ENOENT": ENOENT, "ESRCH": ESRCH, "EINTR": EINTR, "EIO": EIO, "ENXIO": ENXIO,
	"E2BIG": E2BIG, "ENOEXEC": ENOEXEC, "EBADF": EBADF, "ECHILD": ECHILD, "EDEADLK": EDEADLK,
	"ENOMEM": ENOMEM, "EACCES": EACCES, "EFAULT": EFAULT, "ENOTBLK": ENOTBLK, "EBUSY": EBUSY,
	"EEXIST": EEXIST, "EXDEV": EXDEV, "ENODEV": ENODEV, "ENOTDIR": ENOTDIR, "EISDIR": EISDIR,
	"EINVAL": EINVAL, "ENFILE": ENFILE, "EMFILE": EMFILE, "ENOTTY": ENOTTY, "ETXTBSY": ETXTBSY,
	"EFBIG": EFBIG, "ENOSPC": ENOSPC, "ESPIPE": ESPIPE, "EROFS": EROFS, "EMLINK": EMLINK,
	"EPIPE": EPIPE, "EDOM": EDOM, "ERANGE": ERANGE, "EAGAIN": EAGAIN, "EINPROGRESS": EINPROGRESS,
	"EALREADY": EALREADY, "ENOTSOCK": ENOTSOCK, "EDESTADDRREQ": EDESTADDRREQ, "EMSGSIZE": EMSGSIZE,
	"EPROTOTYPE": EPROTOTYPE, "ENOPROTOOPT": ENOPROTOOPT, "EPROTONOSUPPORT": EPROTONOSUPPORT,
	"ESOCKTNOSUPPORT": ESOCKTNOSUPPORT, "EOPNOTSUPP": EOPNOTSUPP, "EPFNOSUPPORT": EPFNOSUPPORT,
	"EAFNOSUPPORT": EAFNOSUPPORT, "EADDRINUSE": EADDRINUSE, "EADDRNOTAVAIL": EADDRNOTAVAIL,
	"ENETDOWN": ENETDOWN, "ENETUNREACH": ENETUNREACH, "ENETRESET": ENETRESET,
	"ECONNABORTED": ECONNABORTED, "ECONNRESET": ECONNRESET, "ENOBUFS": ENOBUFS, "EISCONN": EISCONN,
	"ENOTCONN": ENOTCONN, "ESHUTDOWN": ESHUTDOWN, "ETOOMANYREFS": ETOOMANYREFS,
	"ETIMEDOUT": ETIMEDOUT, "ECONNREFUSED": ECONNREFUSED, "ELOOP": ELOOP,
	"ENAMETOOLONG": ENAMETOOLONG, "EHOSTDOWN": EHOSTDOWN, "EHOSTUNREACH": EHOSTUNREACH,
	"ENOTEMPTY": ENOTEMPTY, "EUSERS": EUSERS, "EDQUOT": EDQUOT, "ESTALE": ESTALE,
	"EREMOTE": EREMOTE, "ENOLCK": ENOLCK, "ENOSYS": ENOSYS, "ENOMSG": ENOMSG, "EIDRM": EIDRM,
	"ENOSR": ENOSR, "ETIME": ETIME, "EBADMSG": EBADMSG, "EPROTO": EPROTO, "ENODATA": ENODATA,
	"ENOSTR": ENOSTR, "ECHRNG": ECHRNG, "EL2NSYNC": EL2NSYNC, "EL3HLT": EL3HLT, "EL3RST": EL3RST,
	"ENOPKG": ENOPKG, "ELNRNG": ELNRNG, "EUNATCH": EUNATCH, "ENOCSI": ENOCSI, "EL2HLT": EL2HLT,
	"EBADE": EBADE, "EBADR": EBADR, "EXFULL": EXFULL, "ENOANO": ENOANO, "EBADRQC": EBADRQC,
	"EBADSLT": EBADSLT, "EBFONT": EBFONT, "ENONET": ENONET, "ENOLINK": ENOLINK, "EADV": EADV,
	"ESRMNT": ESRMNT, "ECOMM": ECOMM, "EMULTIHOP": EMULTIHOP, "EDOTDOT": EDOTDOT,
	"EOVERFLOW": EOVERFLOW, "ENOTUNIQ": ENOTUNIQ, "EBADFD": EBADFD, "EREMCHG": EREMCHG,
	"EILSEQ": EILSEQ, "EUCLEAN": EUCLEAN, "ENOTNAM": ENOTNAM, "ENAVAIL": ENAVAIL, "EISNAM": EISNAM,
	"EREMOTEIO": EREMOTEIO, "ELIBACC": ELIBACC, "ELIBBAD": ELIBBAD, "ELIBSCN": ELIBSCN,
	"ELIBMAX": ELIBMAX, "ELIBEXEC": ELIBEXEC, "ERESTART": ERESTART, "ESTRPIPE": ESTRPIPE,
	"ENOMEDIUM": ENOMEDIUM, "EMEDIUMTYPE": EMEDIUMTYPE, "ECANCELED": ECANCELED, "ENOKEY": ENOKEY,
	"EKEYEXPIRED": EKEYEXPIRED, "EKEYREVOKED": EKEYREVOKED, "EKEYREJECTED": EKEYREJECTED,
	"EOWNERDEAD": EOWNERDEAD, "ENOTRECOVERABLE": ENOTRECOVERABLE, "ERFKILL": ERFKILL,
	"EHWPOISON": EHWPOISON,
}

// errnoAliases are accepted by ErrnoByName but never printed.
var errnoAliases = map[string]Errno{"EWOULDBLOCK": EWOULDBLOCK, "EDEADLOCK": EDEADLOCK, "ENOTSUP": ENOTSUP}

var errnoByValue = func() map[Errno]string {
	m := make(map[Errno]string, len(errnoNames))
	for n, v := range errnoNames {
		m[v] = n
	}
	return m
}()

// ErrnoByName returns the Alpha value of an errno name such as "EPERM".
func ErrnoByName(name string) (Errno, bool) {
	if v, ok := errnoNames[name]; ok {
		return v, true
	}
	v, ok := errnoAliases[name]
	return v, ok
}

// String returns the errno's name, or "errno N" when it has none.
func (e Errno) String() string {
	if n, ok := errnoByValue[e]; ok {
		return n
	}
	return "errno " + strconv.Itoa(int(e))
}
