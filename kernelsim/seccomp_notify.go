package kernelsim

import (
	"encoding/binary"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

// Seccomp user-space notification ioctls with Alpha's ioctl encoding
// (kernel-abi.md §2.5), compared on their low 32 bits (cmd is unsigned int).
const (
	ioctlNotifRecv         = 0xC0502100
	ioctlNotifSend         = 0xC0182101
	ioctlNotifIDValid      = 0x80082102
	ioctlNotifIDValidWrong = 0x40082102 // the legacy, wrong-direction number, still accepted
	ioctlNotifAddfd        = 0x80182103
	ioctlNotifSetFlags     = 0x80082104
)

// Flags of SECCOMP_IOCTL_NOTIF_SEND and SECCOMP_IOCTL_NOTIF_SET_FLAGS.
const (
	userNotifFlagContinue = 1 // SECCOMP_USER_NOTIF_FLAG_CONTINUE
	userNotifFdSyncWakeUp = 1 // SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
)

// States of a notification (enum notify_state).
const (
	notifyInit    = iota // queued, not yet received
	notifySent           // received by the supervisor, awaiting the reply
	notifyReplied        // answered (or the listener went away)
)

// notifListener is a filter's notification queue (struct notification) and
// the file behind its listener fd.
type notifListener struct {
	streamBase
	nextID  uint64
	queue   []*notification // in arrival order
	arrived chan struct{}   // closed and replaced when a notification is queued
	closed  bool            // the listener fd was closed (filter->notif == NULL)
	byID    map[uint64]*notification
}

// notification is one trapped syscall waiting for its supervisor (struct
// seccomp_knotif).
type notification struct {
	id    uint64
	pid   uint32
	data  bpfvm.SeccompData
	state int
	done  chan struct{} // closed on reply
	val   int64
	err   int32 // negative errno, 0 for success
	flags uint32
}

func newNotifListener() *notifListener {
	return &notifListener{arrived: make(chan struct{}), byID: map[uint64]*notification{}}
}

// enqueue adds a notification for the calling thread's syscall.
func (l *notifListener) enqueue(t *Thread, sd *bpfvm.SeccompData) *notification {
	l.nextID++
	n := &notification{id: l.nextID, pid: uint32(t.tid), data: *sd, done: make(chan struct{})}
	l.queue = append(l.queue, n)
	l.byID[n.id] = n
	close(l.arrived)
	l.arrived = make(chan struct{})
	return n
}

// remove drops n from the queue (list_del).
func (l *notifListener) remove(n *notification) {
	delete(l.byID, n.id)
	for i, q := range l.queue {
		if q == n {
			l.queue = append(l.queue[:i], l.queue[i+1:]...)
			return
		}
	}
}

// userNotif is seccomp_do_user_notification: queue the syscall for the
// matching filter's supervisor and wait for its answer. A signal while
// waiting ends the wait with ERESTARTSYS (with WAIT_KILLABLE_RECV, once the
// supervisor has received it, only the end of the process does).
func (t *Thread) userNotif(f *secFilter, sd *bpfvm.SeccompData) seccompAction {
	c := t.cpu
	l := f.listener
	if l == nil || l.closed {
		c.R[0], c.R[19] = uint64(abi.ENOSYS), 1
		return seccompSkip
	}
	n := l.enqueue(t, sd)
	for n.state != notifyReplied {
		if t.sleep(n.done) {
			continue
		}
		if f.waitKillable && n.state == notifySent && !t.proc.exited && t.ctx.Err() == nil {
			continue
		}
		if n.state != notifyReplied {
			l.remove(n)
			c.R[0], c.R[19] = uint64(abi.ERESTARTSYS), 1
			return seccompSkip
		}
	}
	l.remove(n)
	if n.flags&userNotifFlagContinue != 0 {
		return seccompContinue
	}
	if n.err != 0 {
		c.R[0], c.R[19] = uint64(-int64(n.err)), 1
	} else {
		c.R[0], c.R[19] = uint64(n.val), 0
	}
	return seccompSkip
}

func (l *notifListener) path() string { return "anon_inode:seccomp notify" }

func (l *notifListener) read(*Thread, []byte, bool) (int, abi.Errno)  { return 0, abi.EINVAL }
func (l *notifListener) write(*Thread, []byte, bool) (int, abi.Errno) { return 0, abi.EINVAL }

func (l *notifListener) stat() (statInfo, abi.Errno) {
	return statInfo{mode: 0o600, nlink: 1, blksize: pageSize}, 0
}

// close is seccomp_notify_release: every pending notification is answered
// with ENOSYS, and the filter has no listener any more.
func (l *notifListener) close() abi.Errno {
	l.closed = true
	for _, n := range l.queue {
		if n.state == notifyReplied {
			continue
		}
		n.state, n.err, n.val = notifyReplied, -int32(abi.ENOSYS), 0
		close(n.done)
	}
	return 0
}

// ioctl implements the listener's requests.
func (l *notifListener) ioctl(t *Thread, req, arg uint64) int64 {
	switch uint32(req) {
	case ioctlNotifRecv:
		return l.recv(t, arg)
	case ioctlNotifSend:
		return l.send(t, arg)
	case ioctlNotifIDValid, ioctlNotifIDValidWrong:
		id, ok := t.readU64(arg)
		if !ok {
			return errno(abi.EFAULT)
		}
		if n := l.byID[id]; n != nil && n.state == notifySent {
			return 0
		}
		return errno(abi.ENOENT)
	case ioctlNotifSetFlags:
		if arg&^userNotifFdSyncWakeUp != 0 {
			return errno(abi.EINVAL)
		}
		return 0
	case ioctlNotifAddfd:
		// Installing fds in the target is not simulated.
		return errno(abi.EOPNOTSUPP)
	}
	return errno(abi.EINVAL)
}

// recv is seccomp_notify_recv: the buffer must be zeroed; wait for a queued
// notification and hand the oldest one out.
func (l *notifListener) recv(t *Thread, arg uint64) int64 {
	buf, ok := t.readBytes(arg, notifSize)
	if !ok {
		return errno(abi.EFAULT)
	}
	for _, b := range buf {
		if b != 0 {
			return errno(abi.EINVAL)
		}
	}
	for {
		for _, n := range l.queue {
			if n.state != notifyInit {
				continue
			}
			out := le(make([]byte, notifSize))
			out.u64(0, n.id)
			out.u32(8, n.pid)
			copy(out[16:], n.data.Bytes())
			if t.proc.mem.WriteAt(out, arg) != nil {
				return errno(abi.EFAULT)
			}
			n.state = notifySent
			return 0
		}
		if !t.sleep(l.arrived) {
			return errno(abi.ERESTARTSYS)
		}
	}
}

// send is seccomp_notify_send: validate the response and wake the thread.
func (l *notifListener) send(t *Thread, arg uint64) int64 {
	b, ok := t.readBytes(arg, notifRespSize)
	if !ok {
		return errno(abi.EFAULT)
	}
	id := binary.LittleEndian.Uint64(b[0:])
	val := int64(binary.LittleEndian.Uint64(b[8:]))
	e := int32(binary.LittleEndian.Uint32(b[16:]))
	flags := binary.LittleEndian.Uint32(b[20:])
	if flags&^userNotifFlagContinue != 0 || (flags&userNotifFlagContinue != 0 && (e != 0 || val != 0)) {
		return errno(abi.EINVAL)
	}
	n := l.byID[id]
	if n == nil {
		return errno(abi.ENOENT)
	}
	if n.state != notifySent {
		return errno(abi.EINPROGRESS)
	}
	n.state, n.val, n.err, n.flags = notifyReplied, val, e, flags
	close(n.done)
	return 0
}
