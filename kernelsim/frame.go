package kernelsim

import (
	"github.com/axpsec/axpsec/abi"
)

// Signal frame layout (arch/alpha/kernel/signal.c, uapi/asm/sigcontext.h;
// shared/spec/kernel-abi.md §1.6).
const (
	scSize       = 648 // struct sigcontext
	scOnstack    = 0
	scMask       = 8
	scPC         = 16
	scPS         = 24
	scRegs       = 32
	scFPRegs     = 296
	scFPCR       = 552
	scTrapArgA0  = 600
	sigframeSize = 664 // struct sigframe {sigcontext; u32 retcode[3]}, 8-aligned
	sfRetcode    = scSize

	rtInfo         = 0   // rt_sigframe.info
	rtUC           = 128 // rt_sigframe.uc
	ucFlags        = 0
	ucLink         = 8
	ucOSFSigmask   = 16
	ucStack        = 24 // stack_t {ss_sp@0, int ss_flags@8, ss_size@16}
	ucMcontext     = 48
	ucSigmask      = 696
	rtRetcode      = rtUC + ucSigmask + 8 // 832
	rtSigframeSize = 848

	insnMovSPA0 = 0x47fe0410 // mov sp,a0
	insnLdaV0   = 0x201f0000 // lda v0,NR(zero)
	insnCallsys = 0x00000083 // call_pal callsys
	psUser      = 8
)

// altStack is a thread's sigaltstack.
type altStack struct {
	sp, size uint64
	flags    uint32
}

// onSigStack reports whether sp lies on the alternate signal stack.
func (t *Thread) onSigStack(sp uint64) bool {
	a := t.altStack
	return sp > a.sp && sp-a.sp <= a.size
}

// sasFlags is sas_ss_flags(sp): what stack_t.ss_flags reports.
func (t *Thread) sasFlags(sp uint64) uint32 {
	if t.altStack.size == 0 {
		return ssDisable
	}
	if t.onSigStack(sp) {
		return ssOnstack
	}
	return 0
}

// writeSigcontext fills a sigcontext at b (setup_sigcontext): fields Linux
// does not write keep the bytes already on the user stack.
func (t *Thread) writeSigcontext(b le, scAddr, mask, oldsp uint64) {
	c := t.cpu
	var onstack uint64
	if t.onSigStack(scAddr) {
		onstack = 1
	}
	b.u64(scOnstack, onstack)
	b.u64(scMask, mask)
	b.u64(scPC, c.PC)
	b.u64(scPS, psUser)
	for i := 0; i < 30; i++ {
		b.u64(scRegs+8*i, c.R[i])
	}
	b.u64(scRegs+8*30, oldsp)
	b.u64(scRegs+8*31, 0)
	for i := 0; i < 31; i++ {
		b.u64(scFPRegs+8*i, c.F[i])
	}
	b.u64(scFPRegs+8*31, 0)
	b.u64(scFPCR, c.FPCR)
	for i, v := range t.trapArgs {
		b.u64(scTrapArgA0+8*i, v)
	}
}

// setupFrame builds the signal frame for si and points the CPU at the
// handler (setup_frame / setup_rt_frame + signal_delivered).
func (t *Thread) setupFrame(si sigInfo, act sigAction) {
	c := t.cpu
	p := t.proc
	if act.flags&saResethand != 0 {
		p.sig.act[si.signo].handler = sigDfl
	}
	oldsp := c.R[30]
	sp := oldsp
	if act.flags&saOnstack != 0 && t.altStack.size != 0 && !t.onSigStack(sp) {
		sp = t.altStack.sp + t.altStack.size
	}
	mask := t.sigMask
	if t.hasSavedMask {
		mask = t.savedMask
	}
	rt := act.flags&saSiginfo != 0
	size, scOff, retOff, nr := uint64(sigframeSize), 0, sfRetcode, uint32(abi.SYS_SIGRETURN)
	if rt {
		size, scOff, retOff, nr = rtSigframeSize, rtUC+ucMcontext, rtRetcode, uint32(abi.SYS_RT_SIGRETURN)
	}
	frame := (sp - size) &^ 31
	b := le(make([]byte, size))
	if p.mem.ReadAt(b, frame) != nil {
		t.frameFailed(si.signo)
		return
	}
	if rt {
		copy(b[rtInfo:], si.encode())
		b.u64(rtUC+ucFlags, 0)
		b.u64(rtUC+ucLink, 0)
		b.u64(rtUC+ucOSFSigmask, mask)
		b.u64(rtUC+ucStack, t.altStack.sp)
		b.u32(rtUC+ucStack+8, t.sasFlags(oldsp))
		b.u64(rtUC+ucStack+16, t.altStack.size)
		b.u64(rtUC+ucSigmask, mask)
	}
	t.writeSigcontext(b[scOff:], frame+uint64(scOff), mask, oldsp)
	ra := act.restorer
	if ra == 0 {
		b.u32(retOff, insnMovSPA0)
		b.u32(retOff+4, insnLdaV0|nr)
		b.u32(retOff+8, insnCallsys)
		ra = frame + uint64(retOff)
	}
	if p.mem.WriteAt(b, frame) != nil {
		t.frameFailed(si.signo)
		return
	}
	c.R[26] = ra
	c.R[27] = act.handler
	c.PC = act.handler
	c.R[16] = uint64(si.signo)
	c.R[17] = 0
	if rt {
		c.R[17] = frame + rtInfo
	}
	c.R[18] = frame + uint64(scOff) // a2: &sigcontext
	if rt {
		c.R[18] = frame + rtUC // a2: &ucontext, as setup_rt_frame passes it
	}
	c.R[30] = frame
	// signal_delivered: block the handler's mask (and the signal itself).
	blocked := t.sigMask | act.mask
	if act.flags&saNodefer == 0 {
		blocked |= sigBit(si.signo)
	}
	t.sigMask = blocked &^ unblockable
	t.hasSavedMask = false
	t.k.stats.Signals++
}

// frameFailed is force_sigsegv: the frame could not be written.
func (t *Thread) frameFailed(sig abi.Signal) {
	if sig == abi.SIGSEGV {
		t.proc.sig.act[abi.SIGSEGV].handler = sigDfl
	}
	t.forceSignal(sigInfo{signo: abi.SIGSEGV, code: siKernel, kind: siKill})
}

// siKernel is SI_KERNEL, the si_code of signals the kernel forces.
const siKernel = 0x80

// restoreSigcontext reloads every register from the sigcontext at addr.
func (t *Thread) restoreSigcontext(addr uint64) bool {
	b := le(make([]byte, scSize))
	if t.proc.mem.ReadAt(b, addr) != nil {
		return false
	}
	c := t.cpu
	c.PC = b.get64(scPC)
	for i := 0; i < 31; i++ {
		c.R[i] = b.get64(scRegs + 8*i)
		c.F[i] = b.get64(scFPRegs + 8*i)
	}
	c.FPCR = b.get64(scFPCR)
	return true
}

// sysSigreturn is sigreturn(103): a0 = &sigcontext (non-SA_SIGINFO frames).
func sysSigreturn(t *Thread, a [6]uint64) int64 {
	sc := a[0]
	t.restartNr = 0
	t.restartBlock = nil
	mask, ok := t.readU64(sc + scMask)
	if !ok || !t.restoreSigcontext(sc) {
		t.forceSignal(sigInfo{signo: abi.SIGSEGV, code: siKernel, kind: siKill})
		return sysSpecial
	}
	t.sigMask = mask &^ unblockable
	return sysSpecial
}

// sysRtSigreturn is rt_sigreturn(351): a0 = &rt_sigframe.
func sysRtSigreturn(t *Thread, a [6]uint64) int64 {
	frame := a[0]
	t.restartNr = 0
	t.restartBlock = nil
	mask, ok := t.readU64(frame + rtUC + ucSigmask)
	if !ok || !t.restoreSigcontext(frame+rtUC+ucMcontext) {
		t.forceSignal(sigInfo{signo: abi.SIGSEGV, code: siKernel, kind: siKill})
		return sysSpecial
	}
	t.sigMask = mask &^ unblockable
	st, ok := t.readBytes(frame+rtUC+ucStack, 24)
	if !ok {
		t.forceSignal(sigInfo{signo: abi.SIGSEGV, code: siKernel, kind: siKill})
		return sysSpecial
	}
	s := le(st)
	t.setAltStack(s.get64(0), s.get32(8), s.get64(16))
	return sysSpecial
}

// setAltStack is do_sigaltstack's update half; it returns 0 or a negative errno.
func (t *Thread) setAltStack(sp uint64, flags uint32, size uint64) int64 {
	if t.onSigStack(t.cpu.R[30]) {
		return errno(abi.EPERM)
	}
	mode := flags &^ ssAutodisarm
	if mode != ssDisable && mode != ssOnstack && mode != 0 {
		return errno(abi.EINVAL)
	}
	if mode == ssDisable {
		t.altStack = altStack{}
		return 0
	}
	if size < minSigStksz {
		return errno(abi.ENOMEM)
	}
	t.altStack = altStack{sp: sp, size: size, flags: flags & ssAutodisarm}
	return 0
}

// ssAutodisarm is SS_AUTODISARM (accepted and recorded, not acted upon).
const ssAutodisarm = 1 << 31
