package kernelsim

import (
	"crypto/rand"
	"errors"
	"path/filepath"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/alphaemu"
	"github.com/axpsec/axpsec/alphaemu/loader"
)

// argMax bounds the bytes of argv and envp strings execve accepts (Linux:
// a quarter of the 8 MiB default stack limit).
const argMax = 2 << 20

func sysExecve(t *Thread, a [6]uint64) int64 {
	return t.execveat(fdCWD, a[0], a[1], a[2], 0)
}

func sysExecveat(t *Thread, a [6]uint64) int64 {
	return t.execveat(a[0], a[1], a[2], a[3], a[4])
}

// readStrings reads a NULL-terminated array of string pointers at addr.
func (t *Thread) readStrings(addr uint64, total *int) ([]string, abi.Errno) {
	var out []string
	if addr == 0 {
		return nil, 0
	}
	for i := uint64(0); ; i++ {
		p, ok := t.readU64(addr + 8*i)
		if !ok {
			return nil, abi.EFAULT
		}
		if p == 0 {
			return out, 0
		}
		s, err := t.proc.mem.ReadString(p, argMax+1-*total)
		if err != nil {
			var f *alphaemu.Fault
			if errors.As(err, &f) {
				return nil, abi.EFAULT
			}
			return nil, abi.E2BIG
		}
		*total += len(s) + 1
		if *total > argMax {
			return nil, abi.E2BIG
		}
		out = append(out, s)
	}
}

// execveat replaces the calling process's program (do_execveat_common):
// an Alpha ELF file, or a "#!" script run by its interpreter
// (followScripts).
// Kept across exec: pid, parent, process group and session, descriptors
// without FD_CLOEXEC, the signal mask, pending signals, ignored signals,
// interval timers, rlimits and the seccomp state. Other threads die;
// handlers are reset; the address space is new.
func (t *Thread) execveat(dirfd, pathAddr, argvAddr, envAddr, flags uint64) int64 {
	if flags&^(atEmptyPath|atSymlinkNofollow) != 0 {
		return errno(abi.EINVAL)
	}
	p := t.proc
	raw, e := t.readPath(pathAddr)
	if e == abi.EFAULT && flags&atEmptyPath != 0 && pathAddr != 0 {
		return errno(e)
	}
	if e != 0 && !(flags&atEmptyPath != 0 && raw == "") {
		return errno(e)
	}
	var g string
	if raw == "" && flags&atEmptyPath != 0 {
		of := p.files.get(dirfd)
		if of == nil {
			return errno(abi.EBADF)
		}
		h, ok := of.f.(*hostFile)
		if !ok {
			return errno(abi.EACCES)
		}
		g = h.name
	} else if g, e = t.resolve(dirfd, raw, false); e != 0 {
		return errno(e)
	}
	bp := &binprm{}
	argv, e := t.readStrings(argvAddr, &bp.total)
	if e != 0 {
		return errno(e)
	}
	envv, e := t.readStrings(envAddr, &bp.total)
	if e != 0 {
		return errno(e)
	}
	bp.argv, bp.envv = argv, envv
	filename, viaFD := execFilename(dirfd, raw)
	bp.filename, bp.interp = filename, filename
	bp.pathInaccessible = viaFD && p.files.get(dirfd) != nil && p.files.fds[dirfd].cloexec
	hf, st, e := p.openExec(g)
	if e != 0 {
		return errno(e)
	}
	if hf, st, g, e = t.followScripts(bp, hf, st, g); e != 0 {
		return errno(e)
	}
	defer hf.close()
	mem := alphaemu.NewMemory()
	opts := loader.Options{
		Argv: bp.argv, Envv: bp.envv, ExecFn: bp.filename, Sysroot: t.k.cfg.Sysroot, MaxMem: t.k.maxMem,
		UID: p.creds.uid, EUID: p.creds.euid, GID: p.creds.gid, EGID: p.creds.egid,
	}
	_, _ = rand.Read(opts.Random[:])
	img, err := loader.Load(mem, hf.f, int64(st.size), opts)
	switch {
	case err == nil:
	case errors.Is(err, loader.ErrNotELF), errors.Is(err, loader.ErrBadELF):
		return errno(abi.ENOEXEC)
	case errors.Is(err, loader.ErrNeedSysroot):
		return errno(abi.ENOENT)
	default:
		return errno(abi.ENOMEM)
	}
	t.execCommit(mem, img, g)
	return sysSpecial
}

// execCommit is the point of no return of execve: the process gets the
// loaded image and loses what exec does not keep.
func (t *Thread) execCommit(mem *alphaemu.Memory, img *loader.Image, g string) {
	p := t.proc
	k := t.k
	for _, o := range p.threads {
		if o != t {
			o.gone = true
			o.wakeUp()
		}
	}
	t.tid = p.pid
	p.mem = mem
	p.mm = newAddrSpace(mem, k)
	p.mm.setBrk(img.BrkStart)
	p.mm.stackTop, p.mm.stackBottom = img.StackTop, img.StackBottom
	if used := mem.MappedBytes(); used > k.stats.PeakMem {
		k.stats.PeakMem = used
	}
	retired := t.cpu.Retired
	t.dropCPU()
	t.cpu = alphaemu.NewCPU(mem)
	t.cpu.Retired = retired
	img.InitCPU(t.cpu)
	p.files.closeOnExec()
	sh := &sigHand{}
	for s := range p.sig.act {
		if p.sig.act[s].handler == sigIgn {
			sh.act[s].handler = sigIgn
		}
	}
	p.sig = sh
	t.altStack = altStack{}
	t.clearChildTID, t.robustList, t.robustLen = 0, 0, 0
	t.restartNr, t.restartBlock = 0, nil
	p.exeGuest = g
	if p.fs.hostRoot != "" {
		p.exeHost = filepath.Join(p.fs.hostRoot, filepath.FromSlash(g))
	}
	if p.vforkDone != nil {
		close(p.vforkDone)
		p.vforkDone = nil
	}
}

// closeOnExec closes the descriptors marked FD_CLOEXEC.
func (ft *fdTable) closeOnExec() {
	for fd := range ft.fds {
		if ft.fds[fd].of != nil && ft.fds[fd].cloexec {
			ft.close(uint64(fd))
		}
	}
}
