# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0150
        A = sys_number
        if (A >= 0x3d) goto L0092
        if (A >= 0x11) goto L0039
        if (A >= 9) goto L0020
        if (A >= 3) goto L0014
        if (A == write) goto L0009
        if (A == open) goto L0151 else goto L0042
L0009:  A = args[0] >> 32
        if (A != 0) goto L0151
        A = args[0]
        if (A == 1) goto L0148
        if (A == 2) goto L0148 else goto L0151
L0014:  if (A < 4) goto L0148
        if (A != lseek) goto L0151
        A = args[2] >> 32
        if (A > 0) goto L0151
        A = args[2]
        if (A > 4) goto L0151 else goto L0148
L0020:  if (A >= 0xe) goto L0026
        if (A >= 0xb) goto L0025
        A = args[2]
        A &= 4
        goto L0141
L0025:  if (A == rt_sigaction) goto L0151 else goto L0148
L0026:  if (A == rt_sigreturn) goto L0148
        if (A == ioctl) goto L0032
        A = args[0] >> 32
        if (A > 0) goto L0151
        A = args[0]
        if (A > 2) goto L0151 else goto L0148
L0032:  A = args[1] >> 32
        if (A != 0) goto L0151
        A = args[1]
        if (A == 0x5401) goto L0148
        if (A == 0x5413) goto L0148
        if (A == 0x541b) goto L0148
        if (A == 0x5421) goto L0148 else goto L0151
L0039:  if (A >= 0x29) goto L0057
        if (A >= 0x1d) goto L0056
        if (A >= 0x12) goto L0050
L0042:  A = args[0]
        if (A != 0) goto L0046
        A = args[0] >> 32
        if (A == 0) goto L0148
L0046:  A = args[0] >> 32
        if (A > 0) goto L0148
        A = args[0]
        if (A >= 3) goto L0148 else goto L0151
L0050:  if (A != madvise) goto L0151
        A = args[2] >> 32
        if (A != 0) goto L0151
        A = args[2]
        if (A == 4) goto L0148
        if (A == 8) goto L0148 else goto L0112
L0056:  if (A == getpid) goto L0148 else goto L0151
L0057:  if (A >= 0x37) goto L0087
        if (A >= 0x2a) goto L0077
        A = args[0]
        if (A != 1) goto L0063
        A = args[0] >> 32
        if (A == 0) goto L0148
L0063:  A = args[0]
        if (A != 2) goto L0070
        A = args[0] >> 32
        if (A != 0) goto L0070
        A = args[1]
        A &= 0xf
        if (A == 1) goto L0148
L0070:  A = args[0]
        if (A != 0xa) goto L0151
        A = args[0] >> 32
        if (A != 0) goto L0151
        A = args[1]
        A &= 0xf
        if (A == 1) goto L0148 else goto L0151
L0077:  if (A != setsockopt) goto L0151
        A = args[1]
        if (A != 1) goto L0151
        A = args[1] >> 32
        if (A != 0) goto L0151
        A = args[2] >> 32
        if (A != 0) goto L0151
        A = args[2]
        if (A == 2) goto L0148
        if (A == 9) goto L0148 else goto L0151
L0087:  if (A == clone) goto L0089
        if (A == exit) goto L0148 else goto L0151
L0089:  A = args[0]
        A &= 0x7e020000
        goto L0141
L0092:  if (A >= 0xe5) goto L0123
        if (A >= 0x9e) goto L0113
        if (A >= 0x48) goto L0096
        if (A == kill) goto L0127 else goto L0151
L0096:  if (A >= 0x49) goto L0105
        A = args[1] >> 32
        if (A != 0) goto L0151
        A = args[1]
        if (A == 1) goto L0148
        if (A == 2) goto L0148
        if (A == 3) goto L0148
        if (A == 4) goto L0148
        if (A == 0x406) goto L0148 else goto L0151
L0105:  if (A != prctl) goto L0151
        A = args[0] >> 32
        if (A != 0) goto L0151
        A = args[0]
        if (A == 0xf) goto L0148
        if (A == 0x10) goto L0148
        if (A == 0x26) goto L0148
L0112:  if (A == 3) goto L0148 else goto L0151
L0113:  if (A >= 0xca) goto L0115
        if (A == gettid) goto L0148 else goto L0151
L0115:  if (A >= 0xcb) goto L0122
        A = args[1]
        A &= 0x7f
        if (A == 0) goto L0148
        if (A == 1) goto L0148
        if (A == 9) goto L0148
        if (A == 0xa) goto L0148 else goto L0151
L0122:  if (A == clock_gettime) goto L0148 else goto L0151
L0123:  if (A >= 0x102) goto L0135
        if (A >= 0xea) goto L0126
        if (A == exit_group) goto L0148 else goto L0151
L0126:  if (A >= 0xeb) goto L0131
L0127:  A = args[0]
        if (A != 0) goto L0151
        A = args[0] >> 32
        goto L0141
L0131:  if (A != openat) goto L0151
        A = args[2]
        A &= 3
        goto L0141
L0135:  if (A >= 0x13e) goto L0142
        if (A != accept4) goto L0151
        A = args[3]
        A &= 0xfff7f7ff
        if (A != 0) goto L0151
        A = args[3] >> 32
L0141:  if (A == 0) goto L0148 else goto L0151
L0142:  if (A >= 0x40000000) goto L0149
        if (A != getrandom) goto L0151
        A = args[2] >> 32
        if (A > 0) goto L0151
        A = args[2]
        if (A > 7) goto L0151
L0148:  return ALLOW
L0149:  if (A >= 0x80000000) goto L0151
L0150:  return KILL_PROCESS
L0151:  return ERRNO(1)
