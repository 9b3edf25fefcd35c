package kernelsim

import (
	"encoding/binary"
	"errors"
	"strconv"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// seccompFilterFlags is every SECCOMP_FILTER_FLAG_* the kernel knows (0x3f).
const seccompFilterFlags = abi.SeccompFilterFlagTSync | abi.SeccompFilterFlagLog |
	abi.SeccompFilterFlagSpec | abi.SeccompFilterFlagNewListener |
	abi.SeccompFilterFlagTSyncESRCH | abi.SeccompFilterFlagWaitKillableRecv

// sockFprogSize is sizeof(struct sock_fprog) on 64-bit: u16 len, pad, pointer.
const sockFprogSize = 16

// sockFilterSize is sizeof(struct sock_filter).
const sockFilterSize = 8

// Sizes reported by SECCOMP_GET_NOTIF_SIZES: struct seccomp_notif,
// seccomp_notif_resp and seccomp_data.
const (
	notifSize     = 80
	notifRespSize = 24
)

// sysPrctl implements the prctl options of the seccomp layer; every other
// option is unknown to the simulated kernel (EINVAL, as Linux answers
// options it does not have).
func sysPrctl(t *Thread, a [6]uint64) int64 {
	switch int32(a[0]) {
	case abi.PR_SET_NO_NEW_PRIVS:
		if a[1] != 1 || a[2] != 0 || a[3] != 0 || a[4] != 0 {
			return errno(abi.EINVAL)
		}
		t.sec.nnp = true
		return 0
	case abi.PR_GET_NO_NEW_PRIVS:
		if a[1] != 0 || a[2] != 0 || a[3] != 0 || a[4] != 0 {
			return errno(abi.EINVAL)
		}
		if t.sec.nnp {
			return 1
		}
		return 0
	case abi.PR_GET_SECCOMP:
		return int64(t.sec.mode)
	case abi.PR_SET_SECCOMP:
		switch a[1] {
		case abi.SeccompModeStrict:
			return t.seccompOp(abi.SeccompSetModeStrict, 0, 0)
		case abi.SeccompModeFilter:
			return t.seccompOp(abi.SeccompSetModeFilter, 0, a[2])
		}
		return errno(abi.EINVAL)
	}
	return errno(abi.EINVAL)
}

// sysSeccomp is seccomp(op, flags, uargs).
func sysSeccomp(t *Thread, a [6]uint64) int64 {
	return t.seccompOp(a[0], a[1], a[2])
}

// seccompOp is do_seccomp. op and flags are unsigned int in the kernel: only
// their low 32 bits count.
func (t *Thread) seccompOp(op, flags, uargs uint64) int64 {
	op, flags = uint64(uint32(op)), uint64(uint32(flags))
	switch op {
	case abi.SeccompSetModeStrict:
		if flags != 0 || uargs != 0 {
			return errno(abi.EINVAL)
		}
		if t.sec.mode != modeDisabled && t.sec.mode != modeStrict {
			return errno(abi.EINVAL)
		}
		t.sec.mode = modeStrict
		t.work |= workSeccomp
		return 0
	case abi.SeccompSetModeFilter:
		return t.setModeFilter(flags, uargs)
	case abi.SeccompGetActionAvail:
		if flags != 0 {
			return errno(abi.EINVAL)
		}
		var b [4]byte
		if t.proc.mem.ReadAt(b[:], uargs) != nil {
			return errno(abi.EFAULT)
		}
		switch binary.LittleEndian.Uint32(b[:]) {
		case abi.SeccompRetKillProcess, abi.SeccompRetKillThread, abi.SeccompRetTrap,
			abi.SeccompRetErrno, abi.SeccompRetUserNotif, abi.SeccompRetTrace,
			abi.SeccompRetLog, abi.SeccompRetAllow:
			return 0
		}
		return errno(abi.EOPNOTSUPP)
	case abi.SeccompGetNotifSizes:
		if flags != 0 {
			return errno(abi.EINVAL)
		}
		b := le(make([]byte, 6))
		b.u16(0, notifSize)
		b.u16(2, notifRespSize)
		b.u16(4, abi.SeccompDataSize)
		if t.proc.mem.WriteAt(b, uargs) != nil {
			return errno(abi.EFAULT)
		}
		return 0
	}
	return errno(abi.EINVAL)
}

// setModeFilter is seccomp_set_mode_filter, with its checks in the kernel's
// order (kernel-abi.md §3.1).
func (t *Thread) setModeFilter(flags, uargs uint64) int64 {
	if flags&^seccompFilterFlags != 0 {
		return errno(abi.EINVAL)
	}
	if flags&abi.SeccompFilterFlagTSync != 0 && flags&abi.SeccompFilterFlagNewListener != 0 &&
		flags&abi.SeccompFilterFlagTSyncESRCH == 0 {
		return errno(abi.EINVAL)
	}
	if flags&abi.SeccompFilterFlagWaitKillableRecv != 0 && flags&abi.SeccompFilterFlagNewListener == 0 {
		return errno(abi.EINVAL)
	}
	prog, e := t.prepareFilter(uargs)
	if e != 0 {
		return errno(e)
	}
	t.sec.count++
	f := &secFilter{prog: prog, log: flags&abi.SeccompFilterFlagLog != 0, name: guestFilterName(t.sec.count),
		waitKillable: flags&abi.SeccompFilterFlagWaitKillableRecv != 0}
	fd := -1
	if flags&abi.SeccompFilterFlagNewListener != 0 {
		var e abi.Errno
		if fd, e = t.proc.files.lowestFree(0, t.nofile()); e != 0 {
			t.sec.count--
			return errno(e)
		}
		f.listener = newNotifListener()
	}
	r := t.attachFilter(f, flags)
	if r != 0 {
		t.sec.count--
		return r
	}
	if f.listener != nil {
		t.proc.files.install(fd, f.listener, oRdWr|oCloexec)
		return int64(fd)
	}
	return 0
}

// guestFilterName names the n-th filter a guest thread installed.
func guestFilterName(n int) string {
	return "guest filter " + strconv.Itoa(n)
}

// prepareFilter is seccomp_prepare_user_filter + seccomp_prepare_filter:
// copy the sock_fprog, check the length, the privilege rule, then copy and
// validate the instructions.
func (t *Thread) prepareFilter(uargs uint64) (*bpfvm.Program, abi.Errno) {
	var fp [sockFprogSize]byte
	if t.proc.mem.ReadAt(fp[:], uargs) != nil {
		return nil, abi.EFAULT
	}
	n := int(binary.LittleEndian.Uint16(fp[0:]))
	ptr := binary.LittleEndian.Uint64(fp[8:])
	if n == 0 || n > bpfMaxInsns {
		return nil, abi.EINVAL
	}
	if !t.sec.nnp && !t.k.sec.cfg.CapSysAdmin {
		return nil, abi.EACCES
	}
	if ptr == 0 {
		return nil, abi.EINVAL
	}
	raw, ok := t.readBytes(ptr, n*sockFilterSize)
	if !ok {
		return nil, abi.EFAULT
	}
	prog, err := bpfvm.LoadBytes(raw)
	if err != nil {
		var ve *bpfvm.ValidationError
		if errors.As(err, &ve) {
			return nil, ve.Errno
		}
		return nil, abi.EINVAL
	}
	return prog, 0
}
