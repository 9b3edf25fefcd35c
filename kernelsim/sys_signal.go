package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
)

// sigsetSize is the only sigsetsize the rt_* calls accept (one 64-bit word).
const sigsetSize = 8

func validSig(s uint64) bool { return s >= 1 && s <= abi.NSIG }

// setAction installs act for sig and discards pending signals it ignores.
func (t *Thread) setAction(sig abi.Signal, act sigAction) {
	p := t.proc
	act.mask &^= unblockable
	p.sig.act[sig] = act
	if p.ignored(sig) {
		t.pending.mask &^= sigBit(sig)
		p.sharedPending.mask &^= sigBit(sig)
	}
}

// sysRtSigaction is rt_sigaction(sig, act, oact, sigsetsize, restorer):
// struct sigaction is {handler, u64 flags, u64 mask}.
func sysRtSigaction(t *Thread, a [6]uint64) int64 {
	if a[3] != sigsetSize {
		return errno(abi.EINVAL)
	}
	return t.sigaction(a[0], a[1], a[2], a[4], false)
}

// sysOsfSigaction is osf_sigaction (156): struct {handler, u64 mask, int flags}, no restorer.
func sysOsfSigaction(t *Thread, a [6]uint64) int64 {
	return t.sigaction(a[0], a[1], a[2], 0, true)
}

func (t *Thread) sigaction(sigArg, actp, oactp, restorer uint64, osf bool) int64 {
	if !validSig(sigArg) {
		return errno(abi.EINVAL)
	}
	sig := abi.Signal(sigArg)
	if actp != 0 && (sig == abi.SIGKILL || sig == abi.SIGSTOP) {
		return errno(abi.EINVAL)
	}
	var nact sigAction
	if actp != 0 {
		b, ok := t.readBytes(actp, 24)
		if !ok {
			return errno(abi.EFAULT)
		}
		if osf {
			nact = sigAction{handler: le(b).get64(0), mask: le(b).get64(8), flags: uint64(le(b).get32(16))}
		} else {
			nact = sigAction{handler: le(b).get64(0), flags: le(b).get64(8), mask: le(b).get64(16), restorer: restorer}
		}
	}
	old := t.proc.sig.act[sig]
	if oactp != 0 {
		b := le(make([]byte, 24))
		if osf {
			ob, ok := t.readBytes(oactp, 24)
			if !ok {
				return errno(abi.EFAULT)
			}
			copy(b, ob)
			b.u64(0, old.handler)
			b.u64(8, old.mask)
			b.u32(16, uint32(old.flags))
		} else {
			b.u64(0, old.handler)
			b.u64(8, old.flags)
			b.u64(16, old.mask)
		}
		if t.proc.mem.WriteAt(b, oactp) != nil {
			return errno(abi.EFAULT)
		}
	}
	if actp != 0 {
		t.setAction(sig, nact)
	}
	return 0
}

// changeMask applies a SIG_BLOCK/UNBLOCK/SETMASK (Alpha values 1, 2, 3).
func (t *Thread) changeMask(how, set uint64) abi.Errno {
	switch how {
	case sigBlock:
		t.sigMask |= set
	case sigUnblock:
		t.sigMask &^= set
	case sigSetmask:
		t.sigMask = set
	default:
		return abi.EINVAL
	}
	t.sigMask &^= unblockable
	return 0
}

func sysRtSigprocmask(t *Thread, a [6]uint64) int64 {
	if a[3] != sigsetSize {
		return errno(abi.EINVAL)
	}
	old := t.sigMask
	var set uint64
	if a[1] != 0 {
		v, ok := t.readU64(a[1])
		if !ok {
			return errno(abi.EFAULT)
		}
		set = v
		if a[0] < sigBlock || a[0] > sigSetmask {
			return errno(abi.EINVAL)
		}
	}
	if a[2] != 0 && !t.writeU64(a[2], old) {
		return errno(abi.EFAULT)
	}
	if a[1] != 0 {
		t.changeMask(a[0], set)
	}
	return 0
}

// sysOsfSigprocmask is osf_sigprocmask(how, newmask): returns the old mask
// and forces success (so a mask with bit 63 set is an error under SECCOMPv3).
func sysOsfSigprocmask(t *Thread, a [6]uint64) int64 {
	old := t.sigMask
	if e := t.changeMask(a[0], a[1]); e != 0 {
		return errno(e)
	}
	t.forceSuccess = true
	return int64(old)
}

func sysRtSigpending(t *Thread, a [6]uint64) int64 {
	if a[1] > sigsetSize {
		return errno(abi.EINVAL)
	}
	set := (t.pending.mask | t.proc.sharedPending.mask) & t.sigMask
	b := le(make([]byte, 8))
	b.u64(0, set)
	if t.proc.mem.WriteAt(b[:a[1]], a[0]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

func sysSigaltstack(t *Thread, a [6]uint64) int64 {
	sp := t.cpu.R[30]
	old := le(make([]byte, 24))
	old.u64(0, t.altStack.sp)
	old.u32(8, t.sasFlags(sp)|t.altStack.flags)
	old.u64(16, t.altStack.size)
	if a[0] != 0 {
		b, ok := t.readBytes(a[0], 24)
		if !ok {
			return errno(abi.EFAULT)
		}
		if r := t.setAltStack(le(b).get64(0), le(b).get32(8), le(b).get64(16)); r != 0 {
			return r
		}
	}
	if a[1] != 0 && t.proc.mem.WriteAt(old, a[1]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

// sysRtSigsuspend waits with a temporary mask until a signal is delivered.
func sysRtSigsuspend(t *Thread, a [6]uint64) int64 {
	if a[1] != sigsetSize {
		return errno(abi.EINVAL)
	}
	m, ok := t.readU64(a[0])
	if !ok {
		return errno(abi.EFAULT)
	}
	t.savedMask, t.hasSavedMask = t.sigMask, true
	t.sigMask = m &^ unblockable
	for !t.signalsPending() && t.ctx.Err() == nil {
		t.sleep(nil)
	}
	return errno(abi.ERESTARTNOHAND)
}

// killInfo is the siginfo of a kill-family signal from the calling thread.
func (t *Thread) killInfo(sig abi.Signal, code int32) sigInfo {
	return sigInfo{signo: sig, code: code, kind: siKill, pid: int32(t.proc.pid), uid: uint32(t.proc.creds.uid)}
}

// sendUser sends a user-requested signal (sig 0 only checks).
func (t *Thread) sendUser(sigArg uint64, code int32, toThread bool) int64 {
	if sigArg > abi.NSIG {
		return errno(abi.EINVAL)
	}
	if sigArg != 0 {
		t.sendSignal(t.killInfo(abi.Signal(sigArg), code), toThread)
	}
	return 0
}
