// Package alphaemu is a user-mode DEC Alpha (EV67) CPU and memory: the whole
// integer ISA with BWX/CIX/MVI/FIX, LL/SC, the user PAL calls, unaligned
// access fix-ups as Linux does them, and an exact retired-instruction counter
// that matches qemu-alpha's instruction-counting plugin.
//
// Instructions are decoded once per code page into compact records and run by
// a switch-dispatched interpreter; the kernel layer (package kernelsim) runs
// the CPU with Run and handles every Stop.
package alphaemu

import (
	"sync/atomic"

	"github.com/axpsec/axpsec/abi"
)

// InitialFPCR is the FPCR of a new Linux/Alpha process: every trap disabled,
// round to nearest.
const InitialFPCR = 0x680E800000000000

// AMASK and IMPLVER values the emulated CPU reports (an EV67, as qemu-alpha
// and real hardware do): BWX, FIX, CIX, MVI, precise traps, prefetch-with-modify.
const (
	AmaskFeatures = 0x1307
	Implver       = 2
)

// si_code values the CPU reports in Stop.Code (Linux asm-generic/siginfo.h).
const (
	codeIllOpc    = 1 // ILL_ILLOPC
	codeFltInv    = 7 // FPE_FLTINV: what Linux/Alpha reports for every non-/S arithmetic trap
	codeSegvMap   = 1 // SEGV_MAPERR
	codeSegvAcc   = 2 // SEGV_ACCERR
	codeBusAdrAln = 1 // BUS_ADRALN
)

// CPU is one Alpha hardware thread.
type CPU struct {
	R      [32]uint64 // integer registers; R[31] always reads 0
	F      [32]uint64 // FP registers in register format; F[31] always reads 0
	PC     uint64
	FPCR   uint64 // hardware FPCR (mf_fpcr/mt_fpcr)
	SWCR   uint64 // Linux's software IEEE control word, set via osf_setsysinfo
	Unique uint64 // PAL unique value (TLS pointer): rduniq/wruniq
	Mem    *Memory
	// Retired is the exact retired-instruction count, as qemu's insncount
	// plugin counts it: qemu adds a whole translation block at its entry, so
	// an instruction that faults also counts the rest of its block.
	Retired uint64
	// UnalignedFixups counts unaligned loads and stores completed the way
	// Linux's unaligned trap handler does.
	UnalignedFixups uint64

	lockAddr  uint64 // LL/SC lock address; noLock when clear
	lockValue uint64 // value read by the load-locked (qemu: stx_c is a compare-and-swap)
	intrFlag  uint64 // RC/RS flag
	pages     [pageCacheSize]pageCacheEntry
	rtlb      tlb           // readable pages
	wtlb      tlb           // writable pages without decoded code
	tlbGen    uint64        // Memory.gen the TLBs are valid for
	fs        fastState     // runFast's block state
	irq       atomic.Uint32 // non-zero: look at kick and the Memory at the next block end (see service)
	kick      atomic.Bool   // Interrupt was called
}

// noLock is the LL/SC lock address meaning "no lock held".
const noLock = ^uint64(0)

// StopReason says why Run returned.
type StopReason uint8

// Stop reasons.
const (
	StopLimit     StopReason = iota // Retired reached the limit
	StopCallsys                     // call_pal callsys: a system call
	StopPAL                         // another PAL call the kernel must handle (bpt, bugchk, gentrap)
	StopFault                       // a synchronous fault: deliver Signal
	StopInterrupt                   // Interrupt was called
)

// String names the reason.
func (r StopReason) String() string {
	switch r {
	case StopLimit:
		return "limit"
	case StopCallsys:
		return "callsys"
	case StopPAL:
		return "pal"
	case StopFault:
		return "fault"
	case StopInterrupt:
		return "interrupt"
	}
	return "stop?"
}

// Stop describes why Run returned. On StopCallsys and StopPAL, PC already
// points after the call_pal (as Linux's saved pc does). On StopFault, PC is
// where Linux's signal frame records it: the faulting instruction for memory
// and alignment faults, the next one for arithmetic traps and illegal opcodes.
type Stop struct {
	Reason StopReason
	PAL    uint32     // StopPAL: the PAL function (bpt 0x80, bugchk 0x81, gentrap 0xaa)
	Signal abi.Signal // StopFault: signal to deliver (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP)
	Code   int32      // StopFault: si_code
	Addr   uint64     // StopFault: si_addr
}

// PAL function codes the CPU stops for or handles itself.
const (
	PALHalt    = 0x00
	PALBpt     = 0x80
	PALBugchk  = 0x81
	PALCallsys = 0x83
	PALImb     = 0x86
	PALRduniq  = 0x9e
	PALWruniq  = 0x9f
	PALGentrap = 0xaa
	PALClrfen  = 0xae
)

// NewCPU returns a CPU on mem with the register state of a new Linux process:
// all registers zero, FPCR = InitialFPCR. The CPU is attached to mem until
// Detach: several CPUs on one Memory run in parallel (threads).
func NewCPU(mem *Memory) *CPU {
	c := &CPU{Mem: mem, FPCR: InitialFPCR, lockAddr: noLock}
	mem.attach(c)
	c.flushTLB()
	return c
}
