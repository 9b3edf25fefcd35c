package kernelsim

import (
	"syscall"

	"github.com/axpsec/axpsec/abi"
)

// statInfo is the architecture-neutral result of a stat; the encoders below
// lay it out as Alpha's struct stat, struct stat64 and struct statx.
type statInfo struct {
	devMajor, devMinor   uint32
	ino                  uint64
	mode                 uint32
	nlink                uint32
	uid, gid             uint32
	rdevMajor, rdevMinor uint32
	size                 int64
	blksize              uint32
	blocks               uint64
	atime, mtime, ctime  timespec
}

type timespec struct{ sec, nsec int64 }

// hostMajor/hostMinor decode a glibc dev_t.
func hostMajor(d uint64) uint32 { return uint32((d>>8)&0xfff | (d>>32)&^0xfff) }
func hostMinor(d uint64) uint32 { return uint32(d&0xff | (d>>12)&^0xff) }

// newEncodeDev is the kernel's new_encode_dev (the dev_t user space sees).
func newEncodeDev(major, minor uint32) uint32 {
	return minor&0xff | major<<8 | (minor&^0xff)<<12
}

func statFromHost(st *syscall.Stat_t) statInfo {
	return statInfo{
		devMajor: hostMajor(uint64(st.Dev)), devMinor: hostMinor(uint64(st.Dev)),
		ino: st.Ino, mode: st.Mode, nlink: uint32(st.Nlink), uid: st.Uid, gid: st.Gid,
		rdevMajor: hostMajor(uint64(st.Rdev)), rdevMinor: hostMinor(uint64(st.Rdev)),
		size: st.Size, blksize: uint32(st.Blksize), blocks: uint64(st.Blocks),
		atime: timespec{st.Atim.Sec, st.Atim.Nsec},
		mtime: timespec{st.Mtim.Sec, st.Mtim.Nsec},
		ctime: timespec{st.Ctim.Sec, st.Ctim.Nsec},
	}
}

// Sizes of the Alpha stat structures.
const (
	statSize   = 80
	stat64Size = 136
	statxSize  = 256
)

// encodeStat lays s out as Alpha's struct stat (stat 67, lstat 68, fstat 91:
// cp_new_stat, 32-bit dev/ino/mode/nlink/uid/gid/rdev fields).
func encodeStat(s statInfo) ([]byte, abi.Errno) {
	if uint64(uint32(s.ino)) != s.ino {
		return nil, abi.EOVERFLOW
	}
	b := le(make([]byte, statSize))
	b.u32(0, newEncodeDev(s.devMajor, s.devMinor))
	b.u32(4, uint32(s.ino))
	b.u32(8, s.mode)
	b.u32(12, s.nlink)
	b.u32(16, s.uid)
	b.u32(20, s.gid)
	b.u32(24, newEncodeDev(s.rdevMajor, s.rdevMinor))
	b.u64(32, uint64(s.size))
	b.u64(40, uint64(s.atime.sec))
	b.u64(48, uint64(s.mtime.sec))
	b.u64(56, uint64(s.ctime.sec))
	b.u32(64, s.blksize)
	b.u32(68, uint32(s.blocks))
	return b, 0
}

// encodeStat64 lays s out as Alpha's struct stat64 (136 bytes).
func encodeStat64(s statInfo) []byte {
	b := le(make([]byte, stat64Size))
	b.u64(0, uint64(newEncodeDev(s.devMajor, s.devMinor)))
	b.u64(8, s.ino)
	b.u64(16, uint64(newEncodeDev(s.rdevMajor, s.rdevMinor)))
	b.u64(24, uint64(s.size))
	b.u64(32, s.blocks)
	b.u32(40, s.mode)
	b.u32(44, s.uid)
	b.u32(48, s.gid)
	b.u32(52, s.blksize)
	b.u32(56, s.nlink)
	b.u64(64, uint64(s.atime.sec))
	b.u64(72, uint64(s.atime.nsec))
	b.u64(80, uint64(s.mtime.sec))
	b.u64(88, uint64(s.mtime.nsec))
	b.u64(96, uint64(s.ctime.sec))
	b.u64(104, uint64(s.ctime.nsec))
	return b
}

// statxBasicStats is STATX_BASIC_STATS: every field statInfo carries.
const statxBasicStats = 0x7ff

// encodeStatx lays s out as struct statx (generic, 256 bytes).
func encodeStatx(s statInfo) []byte {
	b := le(make([]byte, statxSize))
	b.u32(0, statxBasicStats)
	b.u32(4, s.blksize)
	b.u32(16, s.nlink)
	b.u32(20, s.uid)
	b.u32(24, s.gid)
	b.u16(28, uint16(s.mode))
	b.u64(32, s.ino)
	b.u64(40, uint64(s.size))
	b.u64(48, s.blocks)
	for i, ts := range []timespec{s.atime, {}, s.ctime, s.mtime} { // atime, btime, ctime, mtime
		b.u64(64+16*i, uint64(ts.sec))
		b.u32(72+16*i, uint32(ts.nsec))
	}
	b.u32(128, s.rdevMajor)
	b.u32(132, s.rdevMinor)
	b.u32(136, s.devMajor)
	b.u32(140, s.devMinor)
	return b
}
