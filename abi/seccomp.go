package abi

// Seccomp return actions (include/uapi/linux/seccomp.h).
const (
	SeccompRetKillProcess uint32 = 0x80000000
	SeccompRetKillThread  uint32 = 0x00000000
	SeccompRetTrap        uint32 = 0x00030000
	SeccompRetErrno       uint32 = 0x00050000
	SeccompRetUserNotif   uint32 = 0x7fc00000
	SeccompRetTrace       uint32 = 0x7ff00000
	SeccompRetLog         uint32 = 0x7ffc0000
	SeccompRetAllow       uint32 = 0x7fff0000

	SeccompRetActionFull uint32 = 0xffff0000
	SeccompRetAction     uint32 = 0x7fff0000
	SeccompRetData       uint32 = 0x0000ffff
)

// Seccomp modes, operations and filter flags.
const (
	SeccompModeDisabled = 0
	SeccompModeStrict   = 1
	SeccompModeFilter   = 2

	SeccompSetModeStrict              = 0
	SeccompSetModeFilter              = 1
	SeccompGetActionAvail             = 2
	SeccompGetNotifSizes              = 3
	SeccompFilterFlagTSync            = 1 << 0
	SeccompFilterFlagLog              = 1 << 1
	SeccompFilterFlagSpec             = 1 << 2
	SeccompFilterFlagNewListener      = 1 << 3
	SeccompFilterFlagTSyncESRCH       = 1 << 4
	SeccompFilterFlagWaitKillableRecv = 1 << 5

	SysSeccomp = 1 // si_code of a seccomp SIGSYS
)

// prctl options used by seccomp.
const (
	PR_GET_SECCOMP      = 21
	PR_SET_SECCOMP      = 22
	PR_SET_NO_NEW_PRIVS = 38
	PR_GET_NO_NEW_PRIVS = 39
)

// SeccompDataSize is sizeof(struct seccomp_data).
const SeccompDataSize = 64
