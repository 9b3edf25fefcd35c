# arch: alpha
        A = arch
        if (A != ARCH_ALPHA) goto L0067
        A = sys_number
        if (A >= 0x67) goto L0033
        if (A >= 0x19) goto L0016
        if (A >= 6) goto L0010
        if (A >= 3) goto L0008
        if (A == exit) goto L0068 else goto L0067
L0008:  if (A == write) goto L0038
        if (A == osf_old_open) goto L0067 else goto L0068
L0010:  if (A >= 0x12) goto L0013
        if (A < 7) goto L0068
        if (A == brk) goto L0068 else goto L0067
L0013:  if (A >= 0x15) goto L0015
        if (A == osf_getfsstat) goto L0067 else goto L0068
L0015:  if (A == getxuid) goto L0068 else goto L0067
L0016:  if (A >= 0x37) goto L0025
        if (A >= 0x2f) goto L0019
        if (A == open) goto L0061 else goto L0067
L0019:  if (A < 0x30) goto L0068
        if (A != ioctl) goto L0067
        A = args[1]
        if (A == 0x402c7413) goto L0068
        if (A == 0x40087468) goto L0068
        return ERRNO(25)
L0025:  if (A >= 0x47) goto L0027
        if (A == readlink) goto L0068 else goto L0067
L0027:  if (A >= 0x49) goto L0032
        if (A == osf_old_vadvise) goto L0067
        A = args[2]
        if (!(A & 4)) goto L0068
        return ERRNO(1)
L0032:  if (A >= 0x4b) goto L0067 else goto L0068
L0033:  if (A >= 0x19c) goto L0049
        if (A >= 0x153) goto L0044
        if (A >= 0x7a) goto L0042
        if (A < 0x68) goto L0068
        if (A != writev) goto L0067
L0038:  A = args[0]
        if (A == 1) goto L0068
        if (A == 2) goto L0068
        if (A >= 3) goto L0068 else goto L0067
L0042:  if (A < 0x100) goto L0067
        if (A >= 0x102) goto L0067 else goto L0068
L0044:  if (A >= 0x160) goto L0047
        if (A < 0x154) goto L0068
        if (A == rt_sigreturn) goto L0068 else goto L0067
L0047:  if (A == exit_group) goto L0068
        if (A == set_tid_address) goto L0068 else goto L0067
L0049:  if (A >= 0x1c8) goto L0063
        if (A >= 0x1c2) goto L0052
        if (A == clock_gettime) goto L0068 else goto L0067
L0052:  if (A >= 0x1c3) goto L0062
        A = args[0]
        if (A != 0xffffff9c) goto L0061
        A = args[2]
        A &= 3
        if (A == 0) goto L0068
        A = args[2]
        A &= 0x601
        if (A == 0x601) goto L0068
L0061:  return ERRNO(13)
L0062:  if (A == fstatat64) goto L0068 else goto L0067
L0063:  if (A >= 0x1f0) goto L0065
        if (A == set_robust_list) goto L0068 else goto L0067
L0065:  if (A == prlimit64) goto L0068
        if (A == getrandom) goto L0068
L0067:  return KILL_PROCESS
L0068:  return ALLOW
