package kernelsim

import (
	"context"
	"testing"
	"time"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// FuzzSeccompInstall feeds arbitrary sock_filter bytes and flags to
// seccomp(SET_MODE_FILTER) and then makes one syscall through whatever got
// installed. The kernel must accept exactly what bpfvm's loader accepts
// (with valid flags), never panic, and apply ERRNO verdicts as §3.5 says.
// (The simulated process has one thread.)
func FuzzSeccompInstall(f *testing.F) {
	allow := bpfvm.EncodeRaw([]bpf.RawInstruction{{Op: 0x06, K: abi.SeccompRetAllow}})
	f.Add(allow, uint32(0), uint32(abi.SYS_GETPPID), uint64(0))
	f.Add(bpfvm.EncodeRaw(onNr(f, abi.SYS_GETPPID, abi.SeccompRetErrno|7, abi.SeccompRetAllow)), uint32(2), uint32(abi.SYS_GETPPID), uint64(1))
	f.Add(bpfvm.EncodeRaw(onNr(f, 20, abi.SeccompRetTrap, abi.SeccompRetKillThread)), uint32(1), uint32(20), uint64(5))
	f.Add([]byte{0x20, 0, 0, 0, 0x40, 0, 0, 0, 0x16, 0, 0, 0, 0, 0, 0, 0}, uint32(0), uint32(3), uint64(0))
	f.Add([]byte{1, 2, 3}, uint32(1<<6), uint32(0xffffffff), uint64(0))
	f.Fuzz(func(t *testing.T, prog []byte, flags uint32, nr uint32, a0 uint64) {
		if len(prog) > (bpfMaxInsns+1)*sockFilterSize {
			prog = prog[:(bpfMaxInsns+1)*sockFilterSize]
		}
		th := newTestThread(t, Config{})
		// The syscall may be one that blocks (ppoll, pause, ...): bound it.
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		th.ctx = ctx
		th.sec.nnp = true
		th.putBytes(t, filterAddr, prog)
		n := len(prog) / sockFilterSize
		fp := le(make([]byte, sockFprogSize))
		fp.u16(0, uint16(n))
		fp.u64(8, filterAddr)
		th.putBytes(t, fprogAddr, fp)
		r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeFilter, uint64(flags), fprogAddr)
		_, loadErr := bpfvm.LoadBytes(prog[:n*sockFilterSize])
		listener := flags&abi.SeccompFilterFlagNewListener != 0
		flagsOK := flags&^seccompFilterFlags == 0 &&
			!(flags&abi.SeccompFilterFlagTSync != 0 && listener && flags&abi.SeccompFilterFlagTSyncESRCH == 0) &&
			!(flags&abi.SeccompFilterFlagWaitKillableRecv != 0 && !listener)
		wantOK := flagsOK && n >= 1 && n <= bpfMaxInsns && loadErr == nil
		if (r19 == 0) != wantOK {
			t.Fatalf("seccomp: r0=%d r19=%d; want success %v (flags %#x, %d insns, load error %v)", r0, r19, wantOK, flags, n, loadErr)
		}
		if !wantOK {
			if th.sec.mode != modeDisabled {
				t.Fatal("failed install changed the mode")
			}
			return
		}
		if listener {
			// Nobody would answer a notification: close the listener, so
			// USER_NOTIF answers ENOSYS instead of waiting forever.
			if r0 != 3 {
				t.Fatalf("listener fd %d, want 3", r0)
			}
			th.call(abi.SYS_CLOSE, 3)
		}
		sd := bpfvm.SeccompData{Nr: int32(nr), Arch: abi.AuditArchAlpha, InstructionPointer: testCode + 4, Args: [6]uint64{a0}}
		ret, _ := th.sec.chain.Run(&sd)
		r0, r19 = th.call(uint64(nr), a0)
		if ret&abi.SeccompRetActionFull == abi.SeccompRetErrno && !th.proc.exited {
			data := uint64(min(ret&abi.SeccompRetData, maxErrno))
			if isRestartErrno(data) {
				return // the skip gate may replay the call
			}
			wantR19 := uint64(1)
			if data == 0 {
				wantR19 = 0
			}
			if r0 != data || r19 != wantR19 {
				t.Fatalf("ERRNO verdict %#x: r0=%d r19=%d", ret, r0, r19)
			}
		}
	})
}
