package kernelsim

import (
	"crypto/rand"
	"runtime"
	"time"

	"github.com/axpsec/axpsec/abi"
)

// getxpid: r0 = pid, r20 = ppid (osf_sys.c).
func sysGetxpid(t *Thread, _ [6]uint64) int64 {
	t.cpu.R[20] = uint64(t.proc.ppid)
	return int64(t.proc.pid)
}

// getxuid: r0 = uid, r20 = euid.
func sysGetxuid(t *Thread, _ [6]uint64) int64 {
	t.cpu.R[20] = t.proc.creds.euid
	return int64(t.proc.creds.uid)
}

// getxgid: r0 = gid, r20 = egid.
func sysGetxgid(t *Thread, _ [6]uint64) int64 {
	t.cpu.R[20] = t.proc.creds.egid
	return int64(t.proc.creds.gid)
}

func sysGetppid(t *Thread, _ [6]uint64) int64 { return int64(t.proc.ppid) }
func sysGeteuid(t *Thread, _ [6]uint64) int64 { return int64(t.proc.creds.euid) }
func sysGetegid(t *Thread, _ [6]uint64) int64 { return int64(t.proc.creds.egid) }
func sysGettid(t *Thread, _ [6]uint64) int64  { return int64(t.tid) }
func sysGetpgrp(t *Thread, _ [6]uint64) int64 { return int64(t.proc.pgid) }

func sysGetresuid(t *Thread, a [6]uint64) int64 {
	c := t.proc.creds
	return putIDs(t, a, c.uid, c.euid, c.suid)
}

func sysGetresgid(t *Thread, a [6]uint64) int64 {
	c := t.proc.creds
	return putIDs(t, a, c.gid, c.egid, c.sgid)
}

// putIDs stores three 32-bit ids at a0, a1, a2.
func putIDs(t *Thread, a [6]uint64, ids ...uint64) int64 {
	for i, id := range ids {
		if !t.writeU32(a[i], uint32(id)) {
			return errno(abi.EFAULT)
		}
	}
	return 0
}

// selfPID reports whether pid (0 = self) names the calling process.
func (t *Thread) selfPID(pid uint64) bool {
	return int32(pid) == 0 || int32(pid) == int32(t.proc.pid)
}

// lookupPID returns the process pid names (0 = the caller), or nil.
func (t *Thread) lookupPID(pid uint64) *Process {
	if int32(pid) == 0 {
		return t.proc
	}
	if int32(pid) < 0 {
		return nil
	}
	return t.k.procs[int(int32(pid))]
}

func sysGetpgid(t *Thread, a [6]uint64) int64 {
	p := t.lookupPID(a[0])
	if p == nil {
		return errno(abi.ESRCH)
	}
	return int64(p.pgid)
}

func sysGetsid(t *Thread, a [6]uint64) int64 {
	p := t.lookupPID(a[0])
	if p == nil {
		return errno(abi.ESRCH)
	}
	return int64(p.sid)
}

// sysSetpgid moves the caller or one of its children into a process group
// of the caller's session.
func sysSetpgid(t *Thread, a [6]uint64) int64 {
	me := t.proc
	target := t.lookupPID(a[0])
	if target == nil || (target != me && target.parent != me) || target.exited {
		return errno(abi.ESRCH)
	}
	pg := int32(a[1])
	if pg < 0 {
		return errno(abi.EINVAL)
	}
	if pg == 0 {
		pg = int32(target.pid)
	}
	if target.sid == target.pid || target.sid != me.sid {
		return errno(abi.EPERM)
	}
	if pg != int32(target.pid) {
		found := false
		for _, p := range t.k.procs {
			if int32(p.pgid) == pg && p.sid == me.sid && !p.exited {
				found = true
				break
			}
		}
		if !found {
			return errno(abi.EPERM)
		}
	}
	target.pgid = int(pg)
	return 0
}

// sysSetsid makes the caller the leader of a new session and process group.
func sysSetsid(t *Thread, _ [6]uint64) int64 {
	p := t.proc
	for _, o := range t.k.procs {
		if o.pgid == p.pid && !o.exited {
			return errno(abi.EPERM)
		}
	}
	p.sid, p.pgid = p.pid, p.pid
	return int64(p.sid)
}

func sysSetTidAddress(t *Thread, a [6]uint64) int64 {
	t.clearChildTID = a[0]
	return int64(t.tid)
}

// robustListHeadSize is sizeof(struct robust_list_head) on 64-bit.
const robustListHeadSize = 24

func sysSetRobustList(t *Thread, a [6]uint64) int64 {
	if a[1] != robustListHeadSize {
		return errno(abi.EINVAL)
	}
	t.robustList, t.robustLen = a[0], a[1]
	return 0
}

func sysGetRobustList(t *Thread, a [6]uint64) int64 {
	if int32(a[0]) != 0 && int32(a[0]) != int32(t.tid) {
		return errno(abi.ESRCH)
	}
	if !t.writeU64(a[2], robustListHeadSize) || !t.writeU64(a[1], t.robustList) {
		return errno(abi.EFAULT)
	}
	return 0
}

// getRlimit returns resource r's limit, with RLIMIT_AS and RLIMIT_DATA
// capped by the kernel's memory limit.
func (p *Process) getRlimit(r uint64) rlimit {
	l := p.rlimits[r]
	if r == rlimitAS || r == rlimitData {
		m := p.k.maxMem
		l.cur, l.max = min(l.cur, m), min(l.max, m)
	}
	return l
}

func (t *Thread) putRlimit(addr uint64, l rlimit) bool {
	b := le(make([]byte, 16))
	b.u64(0, l.cur)
	b.u64(8, l.max)
	return t.proc.mem.WriteAt(b, addr) == nil
}

func sysGetrlimit(t *Thread, a [6]uint64) int64 {
	if a[0] >= rlimitNlimits {
		return errno(abi.EINVAL)
	}
	if !t.putRlimit(a[1], t.proc.getRlimit(a[0])) {
		return errno(abi.EFAULT)
	}
	return 0
}

func sysSetrlimit(t *Thread, a [6]uint64) int64 {
	return t.prlimit(0, a[0], a[1], 0)
}

func sysPrlimit64(t *Thread, a [6]uint64) int64 {
	return t.prlimit(a[0], a[1], a[2], a[3])
}

func (t *Thread) prlimit(pid, res, newp, oldp uint64) int64 {
	if !t.selfPID(pid) {
		return errno(abi.ESRCH)
	}
	if res >= rlimitNlimits {
		return errno(abi.EINVAL)
	}
	var nl rlimit
	if newp != 0 {
		b, ok := t.readBytes(newp, 16)
		if !ok {
			return errno(abi.EFAULT)
		}
		nl = rlimit{le(b).get64(0), le(b).get64(8)}
		if nl.cur > nl.max {
			return errno(abi.EINVAL)
		}
		old := t.proc.rlimits[res]
		if nl.max > old.max && t.proc.creds.euid != 0 {
			return errno(abi.EPERM)
		}
		if res == rlimitNofile && nl.max > maxFDs {
			return errno(abi.EPERM)
		}
	}
	if oldp != 0 && !t.putRlimit(oldp, t.proc.getRlimit(res)) {
		return errno(abi.EFAULT)
	}
	if newp != 0 {
		t.proc.rlimits[res] = nl
	}
	return 0
}

// utsFieldLen is __NEW_UTS_LEN + 1.
const utsFieldLen = 65

// Uname values the simulated kernel reports.
const (
	unameSysname  = "Linux"
	unameNodename = "axpsec"
	unameRelease  = "6.19.0-axpsec"
	unameVersion  = "#1 SMP SECCOMPv3"
	unameMachine  = "alpha"
)

func sysUname(t *Thread, a [6]uint64) int64 {
	b := le(make([]byte, 6*utsFieldLen))
	for i, s := range []string{unameSysname, unameNodename, unameRelease, unameVersion, unameMachine, "(none)"} {
		b.putCString(i*utsFieldLen, utsFieldLen, s)
	}
	if t.proc.mem.WriteAt(b, a[0]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

// sysinfoSize is sizeof(struct sysinfo) on 64-bit Alpha.
const sysinfoSize = 112

func sysSysinfo(t *Thread, a [6]uint64) int64 {
	b := le(make([]byte, sysinfoSize))
	up := time.Since(t.k.start)
	b.u64(0, uint64(up/time.Second)+1)
	total := t.k.maxMem
	used := t.proc.mem.MappedBytes()
	b.u64(32, total)
	b.u64(40, total-min(used, total))
	b.u16(80, uint16(min(t.k.tasks, 0xffff))) // procs: live threads
	b.u32(104, 1)                             // mem_unit
	if t.proc.mem.WriteAt(b, a[0]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

// sysGetpriority is osf_getpriority: 20 - nice (nice is always 0 here). It
// forces a successful return, which matters only under ABIForceSuccess.
func sysGetpriority(t *Thread, a [6]uint64) int64 {
	if a[0] > 2 {
		return errno(abi.EINVAL)
	}
	if !t.selfPID(a[1]) && !(a[0] != 0 && int32(a[1]) == int32(t.proc.pgid)) {
		return errno(abi.ESRCH)
	}
	t.forceSuccess = true
	return 20
}

func sysOsfGetsysinfo(t *Thread, a [6]uint64) int64 {
	switch a[0] {
	case osfGSIIEEEFPControl:
		if !t.writeU64(a[1], t.cpu.IEEEControl()) {
			return errno(abi.EFAULT)
		}
		return 0
	case osfGSIUACProc:
		if !t.writeU32(a[1], 0) {
			return errno(abi.EFAULT)
		}
		return 0
	}
	return errno(abi.EOPNOTSUPP)
}

func sysOsfSetsysinfo(t *Thread, a [6]uint64) int64 {
	switch a[0] {
	case osfSSIIEEEFPControl:
		v, ok := t.readU64(a[1])
		if !ok {
			return errno(abi.EFAULT)
		}
		t.cpu.SetIEEEControl(v)
		return 0
	case osfSSIIEEERaiseExcept:
		v, ok := t.readU64(a[1])
		if !ok {
			return errno(abi.EFAULT)
		}
		if code, sig := t.cpu.RaiseIEEE(v); sig {
			t.sendSignal(sigInfo{signo: abi.SIGFPE, code: code, kind: siFault}, true)
		}
		return 0
	case osfSSINVPairs:
		// Unaligned-access control pairs: accepted, fixups stay on.
		return 0
	}
	return errno(abi.EOPNOTSUPP)
}

func sysUmask(t *Thread, a [6]uint64) int64 {
	old := t.proc.fs.umask
	t.proc.fs.umask = uint32(a[0]) & 0o777
	return int64(old)
}

// sysSchedYield releases the kernel lock and lets the Go scheduler run
// other goroutines (guest threads run in parallel: nothing else to hand over).
func sysSchedYield(t *Thread, _ [6]uint64) int64 {
	if t.held {
		t.release()
		runtime.Gosched()
		t.acquire()
		return 0
	}
	runtime.Gosched()
	return 0
}

func sysGetpagesize(*Thread, [6]uint64) int64 { return pageSize }

// rusageSize is sizeof(struct rusage) on 64-bit Alpha (2 timevals + 14 longs).
const rusageSize = 144

// sysGetrusage is getrusage(who, usage) for RUSAGE_SELF, RUSAGE_CHILDREN
// and RUSAGE_THREAD.
func sysGetrusage(t *Thread, a [6]uint64) int64 {
	var r rusage
	switch int64(a[0]) {
	case rusageSelf:
		r = t.proc.usage(rusageSelf)
	case rusageChildren:
		r = t.proc.usage(rusageChildren)
	case rusageThread:
		r = t.threadUsage()
	default:
		return errno(abi.EINVAL)
	}
	if t.proc.mem.WriteAt(r.encode(), a[1]) != nil {
		return errno(abi.EFAULT)
	}
	return 0
}

// sysTimes is times(buf): the process's and its reaped children's user and
// system time in clock ticks; it returns the ticks elapsed since the run
// began.
func sysTimes(t *Thread, a [6]uint64) int64 {
	if a[0] != 0 {
		p := t.proc
		u, s := p.cpuTimes()
		b := le(make([]byte, 32))
		b.u64(0, clockTicks(u))
		b.u64(8, clockTicks(s))
		b.u64(16, clockTicks(p.cacct.utime))
		b.u64(24, clockTicks(p.cacct.stime))
		if p.mem.WriteAt(b, a[0]) != nil {
			return errno(abi.EFAULT)
		}
	}
	return int64(clockTicks(time.Since(t.k.start)))
}

// maxAffinityCPUs bounds the CPUs sched_getaffinity reports to one long.
const maxAffinityCPUs = 64

// hostCPUs is the number of CPUs the simulated machine has: those the
// emulator can run guest threads on in parallel.
func hostCPUs() int { return min(runtime.GOMAXPROCS(0), maxAffinityCPUs) }

// sysSchedGetaffinity reports every CPU of the simulated machine: one bit
// per host CPU the emulator's threads run on in parallel.
func sysSchedGetaffinity(t *Thread, a [6]uint64) int64 {
	if !t.selfPID(a[0]) && t.k.findThread(int32(a[0])) == nil {
		return errno(abi.ESRCH)
	}
	n := a[1]
	if n < 8 || n%8 != 0 {
		return errno(abi.EINVAL)
	}
	mask := ^uint64(0)
	if c := hostCPUs(); c < maxAffinityCPUs {
		mask = 1<<c - 1
	}
	if !t.writeU64(a[2], mask) {
		return errno(abi.EFAULT)
	}
	return 8
}

// getrandomMax caps one getrandom call (Linux: MAX_RW_COUNT).
const getrandomMax = maxRWCount

func sysGetrandom(t *Thread, a [6]uint64) int64 {
	if a[2]&^(grndNonblock|grndRandom|grndInsecure) != 0 || a[2]&(grndRandom|grndInsecure) == grndRandom|grndInsecure {
		return errno(abi.EINVAL)
	}
	n := min(a[1], getrandomMax)
	var done uint64
	for done < n {
		b := t.buf(int(min(n-done, ioChunk)))
		_, _ = rand.Read(b)
		if t.proc.mem.WriteAt(b, a[0]+done) != nil {
			if done == 0 {
				return errno(abi.EFAULT)
			}
			break
		}
		done += uint64(len(b))
	}
	return int64(done)
}
