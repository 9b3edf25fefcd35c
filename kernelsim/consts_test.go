package kernelsim

import (
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// TestConstantsAgreeWithABI cross-checks the kernel's Alpha constants with
// package abi's independent table (two transcriptions of the uapi headers).
func TestConstantsAgreeWithABI(t *testing.T) {
	for name, v := range map[string]int64{
		"O_WRONLY": oWrOnly, "O_RDWR": oRdWr, "O_NONBLOCK": oNonblock, "O_APPEND": oAppend,
		"O_CREAT": oCreat, "O_TRUNC": oTrunc, "O_EXCL": oExcl, "O_NOCTTY": oNoctty, "O_DSYNC": oDsync,
		"O_DIRECTORY": oDirectory, "O_NOFOLLOW": oNofollow, "O_LARGEFILE": oLargefile, "O_DIRECT": oDirect,
		"O_NOATIME": oNoatime, "O_CLOEXEC": oCloexec, "O_SYNC": oSync | oDsync, "O_PATH": oPath,
		"O_TMPFILE": oTmpfile | oDirectory,
		"AT_FDCWD":  atFDCWD, "AT_SYMLINK_NOFOLLOW": atSymlinkNofollow, "AT_REMOVEDIR": atRemoveDir,
		"AT_SYMLINK_FOLLOW": atSymlinkFollow, "AT_NO_AUTOMOUNT": atNoAutomount, "AT_EMPTY_PATH": atEmptyPath,
		"AT_EACCESS": atEAccess,
		"F_DUPFD":    fDupFD, "F_GETFD": fGetFD, "F_SETFD": fSetFD, "F_GETFL": fGetFL, "F_SETFL": fSetFL,
		"F_SETOWN": fSetOwn, "F_GETOWN": fGetOwn, "F_GETLK": fGetLK, "F_SETLK": fSetLK, "F_SETLKW": fSetLKW,
		"F_DUPFD_CLOEXEC": fDupFDCloexec, "FD_CLOEXEC": fdCloexec,
		"PROT_READ": protRead, "PROT_WRITE": protWrite, "PROT_EXEC": protExec,
		"PROT_GROWSDOWN": protGrowsdown, "PROT_GROWSUP": protGrowsup,
		"MAP_SHARED": mapShared, "MAP_PRIVATE": mapPrivate, "MAP_SHARED_VALIDATE": mapSharedValidate,
		"MAP_TYPE": mapTypeMask, "MAP_ANONYMOUS": mapAnonymous, "MAP_FIXED": mapFixed,
		"MAP_GROWSDOWN": mapGrowsDown, "MAP_NORESERVE": mapNoReserve, "MAP_POPULATE": mapPopulate,
		"MAP_STACK": mapStack, "MAP_FIXED_NOREPLACE": mapFixedNoreplace, "MADV_DONTNEED": madvDontneed,
		"FUTEX_WAIT": futexWait, "FUTEX_WAKE": futexWake, "FUTEX_REQUEUE": futexRequeue,
		"FUTEX_CMP_REQUEUE": futexCmpRequeue, "FUTEX_WAKE_OP": futexWakeOp,
		"FUTEX_WAIT_BITSET": futexWaitBitset, "FUTEX_WAKE_BITSET": futexWakeBitset,
		"FUTEX_PRIVATE_FLAG": futexPrivateFlag, "FUTEX_CLOCK_REALTIME": futexClockRealtime,
		"FUTEX_CMD_MASK": futexCmdMask,
		"SIG_BLOCK":      sigBlock, "SIG_UNBLOCK": sigUnblock, "SIG_SETMASK": sigSetmask,
		"TCGETS": ioctlTCGETS, "TCSETS": ioctlTCSETS, "TCSETSW": ioctlTCSETSW, "TCSETSF": ioctlTCSETSF,
		"TIOCGWINSZ": ioctlTIOCGWINSZ, "TIOCSWINSZ": ioctlTIOCSWINSZ, "TIOCGPGRP": ioctlTIOCGPGRP,
		"FIONREAD": ioctlFIONREAD, "FIONBIO": ioctlFIONBIO,
	} {
		want, ok := abi.AlphaConstants[name]
		if !ok {
			t.Errorf("%s missing from abi.AlphaConstants", name)
			continue
		}
		if v != want {
			t.Errorf("%s = %#x here, %#x in package abi", name, v, want)
		}
	}
	// FIOCLEX and FIONCLEX are _IO('f', 1) and _IO('f', 2) in Alpha's encoding.
	if ioctlFIOCLEX != abi.Io('f', 1) || ioctlFIONCLEX != abi.Io('f', 2) {
		t.Errorf("FIOCLEX %#x, FIONCLEX %#x; Alpha _IO gives %#x, %#x", ioctlFIOCLEX, ioctlFIONCLEX, abi.Io('f', 1), abi.Io('f', 2))
	}
}
