package kernelsim

// Alpha Linux ABI constants the simulated kernel needs that are not in package abi.
// Values are from arch/alpha/include/uapi/asm/*.h (see shared/spec/alpha-isa.md §3.6).

// Open flags (asm/fcntl.h on Alpha).
const (
	oAccMode   = 0x3
	oRdOnly    = 0x0
	oWrOnly    = 0x1
	oRdWr      = 0x2
	oNonblock  = 0x4
	oAppend    = 0x8
	oCreat     = 0x200
	oTrunc     = 0x400
	oExcl      = 0x800
	oNoctty    = 0x1000
	oDsync     = 0x4000
	oDirectory = 0x8000
	oNofollow  = 0x10000
	oLargefile = 0x20000
	oDirect    = 0x80000
	oNoatime   = 0x100000
	oCloexec   = 0x200000
	oSync      = 0x400000
	oPath      = 0x800000
	oTmpfile   = 0x1000000
)

// *at() conventions.
const (
	atFDCWD           = -100
	atSymlinkNofollow = 0x100
	atRemoveDir       = 0x200
	atEAccess         = 0x200
	atSymlinkFollow   = 0x400
	atNoAutomount     = 0x800
	atEmptyPath       = 0x1000
)

// fcntl commands (Alpha numbering for the lock/owner ones).
const (
	fDupFD        = 0
	fGetFD        = 1
	fSetFD        = 2
	fGetFL        = 3
	fSetFL        = 4
	fSetOwn       = 5
	fGetOwn       = 6
	fGetLK        = 7
	fSetLK        = 8
	fSetLKW       = 9
	fDupFDCloexec = 1030
	fSetPipeSz    = 1031
	fGetPipeSz    = 1032
	fdCloexec     = 1
)

// Memory management (asm/mman.h on Alpha).
const (
	protRead  = 0x1
	protWrite = 0x2
	protExec  = 0x4

	mapShared         = 0x1
	mapPrivate        = 0x2
	mapSharedValidate = 0x3
	mapTypeMask       = 0xf
	mapAnonymous      = 0x10
	mapFixed          = 0x100
	mapGrowsDown      = 0x1000
	mapNoReserve      = 0x10000
	mapPopulate       = 0x20000
	mapStack          = 0x80000
	mapFixedNoreplace = 0x200000

	mremapMaymove = 1
	mremapFixed   = 2

	madvDontneed = 6
)

// Address-space layout (arch/alpha: TASK_SIZE, TASK_UNMAPPED_BASE).
const (
	pageSize         = 8192
	taskSize         = 0x40000000000
	taskUnmappedBase = taskSize / 2
)

// Signal-related constants (asm/signal.h on Alpha).
const (
	saOnstack   = 0x1
	saRestart   = 0x2
	saNocldstop = 0x4
	saNodefer   = 0x8
	saResethand = 0x10
	saNocldwait = 0x20
	saSiginfo   = 0x40

	sigBlock   = 1
	sigUnblock = 2
	sigSetmask = 3

	sigDfl = 0
	sigIgn = 1

	ssOnstack   = 1
	ssDisable   = 2
	minSigStksz = 4096
)

// si_code values.
const (
	siUser  = 0
	siQueue = -1
	siTkill = -6

	trapBrkpt = 1

	fpeIntdiv = 1
	fpeIntovf = 2
	fpeFltdiv = 3
	fpeFltovf = 4
	fpeFltund = 5
	fpeFltres = 6
	fpeFltinv = 7
)

// gentrap codes (asm/gentrap.h).
const (
	genIntovf  = -1
	genIntdiv  = -2
	genFltovf  = -3
	genFltdiv  = -4
	genFltund  = -5
	genFltinv  = -6
	genFltine  = -7
	genRoprand = -11
)

// PAL functions the kernel handles when the CPU stops on them.
const (
	palBpt     = 0x80
	palBugchk  = 0x81
	palGentrap = 0xaa
)

// Resource limits (asm/resource.h on Alpha: NOFILE 6, AS 7, infinity 2^63-1).
const (
	rlimitData    = 2
	rlimitStack   = 3
	rlimitCore    = 4
	rlimitNofile  = 6
	rlimitAS      = 7
	rlimitNlimits = 16
	rlimInfinity  = 0x7fffffffffffffff
)

// Clocks.
const (
	clockRealtime         = 0
	clockMonotonic        = 1
	clockProcessCputime   = 2
	clockThreadCputime    = 3
	clockMonotonicRaw     = 4
	clockRealtimeCoarse   = 5
	clockMonotonicCoarse  = 6
	clockBoottime         = 7
	timerAbstime          = 1
	userHZ                = 1024
	grndNonblock          = 1
	grndRandom            = 2
	grndInsecure          = 4
	osfGSIIEEEFPControl   = 45
	osfSSIIEEEFPControl   = 14
	osfGSIUACProc         = 8
	osfSSINVPairs         = 1
	osfSSIIEEERaiseExcept = 1001
)

// ioctl requests (Alpha encoding: 3-bit direction at bit 29, 13-bit size).
const (
	ioctlTCGETS     = 0x402c7413
	ioctlTCSETS     = 0x802c7414
	ioctlTCSETSW    = 0x802c7415
	ioctlTCSETSF    = 0x802c7416
	ioctlTIOCGWINSZ = 0x40087468
	ioctlTIOCSWINSZ = 0x80087467
	ioctlTIOCGPGRP  = 0x40047477
	ioctlFIONREAD   = 0x4004667f
	ioctlFIONBIO    = 0x8004667e
	ioctlFIOCLEX    = 0x20006601
	ioctlFIONCLEX   = 0x20006602
)

// File mode bits (struct stat st_mode).
const (
	sIFMT  = 0o170000
	sIFLNK = 0o120000
	sIFREG = 0o100000
	sIFDIR = 0o040000
	sIFCHR = 0o020000
	sIFIFO = 0o010000
)

// seekWhence values.
const (
	seekSet  = 0
	seekHole = 4
)
