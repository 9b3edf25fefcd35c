package kernelsim

import (
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// Guest addresses of the notification structures in these tests.
const (
	notifAddr = testData + 0x9000
	respAddr  = testData + 0x9100
)

// installListener installs "nr -> USER_NOTIF, else ALLOW" with
// NEW_LISTENER and returns the listener fd.
func (th *Thread) installListener(t *testing.T, nr uint32, flags uint64) uint64 {
	t.Helper()
	th.sec.nnp = true
	th.putFilter(t, onNr(t, nr, abi.SeccompRetUserNotif, abi.SeccompRetAllow))
	fd, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeFilter, abi.SeccompFilterFlagNewListener|flags, fprogAddr)
	if r19 != 0 {
		t.Fatalf("NEW_LISTENER install: errno %d", fd)
	}
	return fd
}

// putResp writes a struct seccomp_notif_resp.
func (th *Thread) putResp(t *testing.T, id uint64, val int64, err int32, flags uint32) {
	b := le(make([]byte, notifRespSize))
	b.u64(0, id)
	b.u64(8, uint64(val))
	b.u32(16, uint32(err))
	b.u32(20, flags)
	th.putBytes(t, respAddr, b)
}

// TestSeccompListenerInstall: NEW_LISTENER returns a close-on-exec fd, a
// chain has one live listener (EBUSY), the listener's ioctls check their
// arguments, and a closed listener means ENOSYS.
func TestSeccompListenerInstall(t *testing.T) {
	th := newTestThread(t, Config{})
	fd := th.installListener(t, nrGetppid, 0)
	if fd != 3 || !th.proc.files.fds[fd].cloexec {
		t.Fatalf("listener fd %d (cloexec %v), want 3 with FD_CLOEXEC", fd, th.proc.files.fds[3].cloexec)
	}
	th.putFilter(t, onNr(t, nrGetxpid, abi.SeccompRetUserNotif, abi.SeccompRetAllow))
	if r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeFilter, abi.SeccompFilterFlagNewListener, fprogAddr); r0 != e(abi.EBUSY) || r19 != 1 {
		t.Fatalf("second listener: %d, %d, want EBUSY", r0, r19)
	}
	if th.sec.chain.Len() != 1 || th.proc.files.get(4) != nil {
		t.Fatal("refused listener left a filter or an fd behind")
	}
	// A newer USER_NOTIF filter without a listener: ENOSYS although an
	// older filter has one (tricky point 17).
	if r0, r19 := th.call(abi.SYS_SECCOMP, abi.SeccompSetModeFilter, 0, fprogAddr); r0 != 0 || r19 != 0 {
		t.Fatalf("plain USER_NOTIF filter: %d, %d", r0, r19)
	}
	if r0, r19 := th.call(nrGetxpid); r0 != e(abi.ENOSYS) || r19 != 1 {
		t.Errorf("USER_NOTIF of a filter without listener: %d, %d", r0, r19)
	}

	th.putBytes(t, notifAddr, make([]byte, notifSize))
	th.putBytes(t, notifAddr+notifSize, []byte{1})
	tests := []struct {
		name    string
		req     uint64
		arg     uint64
		setup   func()
		r0, r19 uint64
	}{
		{"RECV into a non-zero buffer", ioctlNotifRecv, notifAddr + notifSize, nil, e(abi.EINVAL), 1},
		{"RECV from an unreadable buffer", ioctlNotifRecv, 0x5000, nil, e(abi.EFAULT), 1},
		{"SEND for an unknown id", ioctlNotifSend, respAddr, func() { th.putResp(t, 77, 0, 0, 0) }, e(abi.ENOENT), 1},
		{"SEND with unknown flags", ioctlNotifSend, respAddr, func() { th.putResp(t, 1, 0, 0, 2) }, e(abi.EINVAL), 1},
		{"SEND CONTINUE with a value", ioctlNotifSend, respAddr, func() { th.putResp(t, 1, 5, 0, 1) }, e(abi.EINVAL), 1},
		{"ID_VALID unknown", ioctlNotifIDValid, respAddr, func() { th.putResp(t, 77, 0, 0, 0) }, e(abi.ENOENT), 1},
		{"ID_VALID, legacy number", ioctlNotifIDValidWrong, respAddr, nil, e(abi.ENOENT), 1},
		{"SET_FLAGS sync wake-up", ioctlNotifSetFlags, 1, nil, 0, 0},
		{"SET_FLAGS unknown", ioctlNotifSetFlags, 2, nil, e(abi.EINVAL), 1},
		{"unknown request", 0x1234, 0, nil, e(abi.EINVAL), 1},
	}
	for _, tc := range tests {
		if tc.setup != nil {
			tc.setup()
		}
		if r0, r19 := th.call(abi.SYS_IOCTL, fd, tc.req, tc.arg); r0 != tc.r0 || r19 != tc.r19 {
			t.Errorf("%s: %d, %d; want %d, %d", tc.name, r0, r19, tc.r0, tc.r19)
		}
	}
	if r0, r19 := th.call(abi.SYS_READ, fd, scratch, 8); r0 != e(abi.EINVAL) || r19 != 1 {
		t.Errorf("read on the listener: %d, %d", r0, r19)
	}

	// Closing the listener: USER_NOTIF answers ENOSYS, and a new listener
	// may be installed.
	th.call(abi.SYS_CLOSE, fd)
	if r0, r19 := th.call(nrGetppid); r0 != e(abi.ENOSYS) || r19 != 1 {
		t.Errorf("USER_NOTIF after close: %d, %d", r0, r19)
	}
	if fd := th.installListener(t, nrGetppid, 0); fd != 3 {
		t.Errorf("new listener after close: fd %d", fd)
	}
}

// TestSeccompListenerRoundTrip: a thread blocked in USER_NOTIF gets the
// supervisor's answer: an error, a value, or CONTINUE (run the syscall).
func TestSeccompListenerRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		val     int64
		err     int32
		flags   uint32
		r0, r19 uint64
	}{
		{"error", 0, -int32(abi.EPERM), 0, e(abi.EPERM), 1},
		{"value", 4242, 0, 0, 4242, 0},
		{"continue", 0, 0, userNotifFlagContinue, ppid, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestThread(t, Config{})
			fd := th.installListener(t, nrGetppid, 0)
			target := th.addThread()
			target.sec, target.work = th.sec, th.work // as clone copies them
			l := th.sec.filter.listener
			arrived := l.arrived
			type result struct{ r0, r19 uint64 }
			done := make(chan result)
			go func() {
				r0, r19 := target.call(nrGetppid, 0xabc)
				done <- result{r0, r19}
			}()
			<-arrived
			th.putBytes(t, notifAddr, make([]byte, notifSize))
			if r0, r19 := th.call(abi.SYS_IOCTL, fd, ioctlNotifRecv, notifAddr); r0 != 0 || r19 != 0 {
				t.Fatalf("RECV: %d, %d", r0, r19)
			}
			n := le(th.getBytes(t, notifAddr, notifSize))
			want := bpfvm.SeccompData{Nr: nrGetppid, Arch: abi.AuditArchAlpha, InstructionPointer: testCode + 4, Args: [6]uint64{0xabc}}
			if string(n[16:]) != string(want.Bytes()) || n.get32(8) != uint32(target.tid) {
				t.Errorf("notification: id %d pid %d data %x", n.get64(0), n.get32(8), []byte(n[16:]))
			}
			th.putResp(t, n.get64(0), 0, 0, 0)
			if r0, _ := th.call(abi.SYS_IOCTL, fd, ioctlNotifIDValid, respAddr); r0 != 0 {
				t.Errorf("ID_VALID of a received notification: errno %d", r0)
			}
			th.putResp(t, n.get64(0), tc.val, tc.err, tc.flags)
			if r0, r19 := th.call(abi.SYS_IOCTL, fd, ioctlNotifSend, respAddr); r0 != 0 || r19 != 0 {
				t.Fatalf("SEND: %d, %d", r0, r19)
			}
			got := <-done
			if got.r0 != tc.r0 || got.r19 != tc.r19 {
				t.Errorf("target got %d, %d; want %d, %d", got.r0, got.r19, tc.r0, tc.r19)
			}
			if r0, _ := th.call(abi.SYS_IOCTL, fd, ioctlNotifSend, respAddr); r0 != e(abi.ENOENT) {
				t.Errorf("second SEND: errno %d, want ENOENT", r0)
			}
		})
	}
}
