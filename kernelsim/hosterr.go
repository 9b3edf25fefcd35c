package kernelsim

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"github.com/axpsec/axpsec/abi"
)

// hostErrnos maps host (Linux x86-64/arm64 generic) errno values to Alpha ones.
var hostErrnos = map[syscall.Errno]abi.Errno{
	syscall.EPERM: abi.EPERM, syscall.ENOENT: abi.ENOENT, syscall.ESRCH: abi.ESRCH,
	syscall.EINTR: abi.EINTR, syscall.EIO: abi.EIO, syscall.ENXIO: abi.ENXIO,
	syscall.E2BIG: abi.E2BIG, syscall.ENOEXEC: abi.ENOEXEC, syscall.EBADF: abi.EBADF,
	syscall.ECHILD: abi.ECHILD, syscall.EAGAIN: abi.EAGAIN, syscall.ENOMEM: abi.ENOMEM,
	syscall.EACCES: abi.EACCES, syscall.EFAULT: abi.EFAULT, syscall.EBUSY: abi.EBUSY,
	syscall.EEXIST: abi.EEXIST, syscall.EXDEV: abi.EXDEV, syscall.ENODEV: abi.ENODEV,
	syscall.ENOTDIR: abi.ENOTDIR, syscall.EISDIR: abi.EISDIR, syscall.EINVAL: abi.EINVAL,
	syscall.ENFILE: abi.ENFILE, syscall.EMFILE: abi.EMFILE, syscall.ENOTTY: abi.ENOTTY,
	syscall.ETXTBSY: abi.ETXTBSY, syscall.EFBIG: abi.EFBIG, syscall.ENOSPC: abi.ENOSPC,
	syscall.ESPIPE: abi.ESPIPE, syscall.EROFS: abi.EROFS, syscall.EMLINK: abi.EMLINK,
	syscall.EPIPE: abi.EPIPE, syscall.ERANGE: abi.ERANGE, syscall.EDEADLK: abi.EDEADLK,
	syscall.ENAMETOOLONG: abi.ENAMETOOLONG, syscall.ENOLCK: abi.ENOLCK,
	syscall.ENOSYS: abi.ENOSYS, syscall.ENOTEMPTY: abi.ENOTEMPTY, syscall.ELOOP: abi.ELOOP,
	syscall.EOVERFLOW: abi.EOVERFLOW, syscall.EDQUOT: abi.EDQUOT, syscall.EOPNOTSUPP: abi.EOPNOTSUPP,
	syscall.ENODATA: abi.ENODATA, syscall.EILSEQ: abi.EILSEQ, syscall.ESTALE: abi.ESTALE,
}

// hostErrno converts a host-side error into the Alpha errno a guest should see.
func hostErrno(err error) abi.Errno {
	if err == nil {
		return 0
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		if e, ok := hostErrnos[en]; ok {
			return e
		}
		return abi.EIO
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abi.ENOENT
	case errors.Is(err, fs.ErrExist):
		return abi.EEXIST
	case errors.Is(err, fs.ErrPermission):
		return abi.EACCES
	case errors.Is(err, os.ErrClosed):
		return abi.EBADF
	}
	// os.Root refuses paths that escape the root (through symlinks): report
	// it as RESOLVE_BENEATH does.
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil && pe.Err.Error() == "path escapes from parent" {
		return abi.EXDEV
	}
	return abi.EIO
}
