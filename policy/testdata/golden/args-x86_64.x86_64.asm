# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0142
        A = sys_number
        if (A >= 0x3d) goto L0084
        if (A >= 0x11) goto L0039
        if (A >= 9) goto L0020
        if (A >= 3) goto L0014
        if (A == write) goto L0009
        if (A == open) goto L0143 else goto L0042
L0009:  A = args[0] >> 32
        if (A != 0) goto L0143
        A = args[0]
        if (A == 1) goto L0140
        if (A == 2) goto L0140 else goto L0143
L0014:  if (A < 4) goto L0140
        if (A != lseek) goto L0143
        A = args[2] >> 32
        if (A > 0) goto L0143
        A = args[2]
        if (A > 4) goto L0143 else goto L0140
L0020:  if (A >= 0xe) goto L0026
        if (A >= 0xb) goto L0025
        A = args[2]
        A &= 4
        goto L0133
L0025:  if (A == rt_sigaction) goto L0143 else goto L0140
L0026:  if (A == rt_sigreturn) goto L0140
        if (A == ioctl) goto L0032
        A = args[0] >> 32
        if (A > 0) goto L0143
        A = args[0]
        if (A > 2) goto L0143 else goto L0140
L0032:  A = args[1] >> 32
        if (A != 0) goto L0143
        A = args[1]
        if (A == 0x5401) goto L0140
        if (A == 0x5413) goto L0140
        if (A == 0x541b) goto L0140
        if (A == 0x5421) goto L0140 else goto L0143
L0039:  if (A >= 0x29) goto L0054
        if (A >= 0x1d) goto L0053
        if (A >= 0x12) goto L0047
L0042:  A = args[0] >> 32
        if (A != 0) goto L0140
        A = args[0]
        if (A == 0) goto L0140
        if (A >= 3) goto L0140 else goto L0143
L0047:  if (A != madvise) goto L0143
        A = args[2] >> 32
        if (A != 0) goto L0143
        A = args[2]
        if (A == 4) goto L0140
        if (A == 8) goto L0140 else goto L0104
L0053:  if (A == getpid) goto L0140 else goto L0143
L0054:  if (A >= 0x37) goto L0079
        if (A >= 0x2a) goto L0069
        A = args[0] >> 32
        if (A != 0) goto L0143
        A = args[0]
        if (A == 1) goto L0140
        if (A != 2) goto L0064
        A = args[1]
        A &= 0xf
        if (A == 1) goto L0140
L0064:  A = args[0]
        if (A != 0xa) goto L0143
        A = args[1]
        A &= 0xf
        if (A == 1) goto L0140 else goto L0143
L0069:  if (A != setsockopt) goto L0143
        A = args[2] >> 32
        if (A != 0) goto L0143
        A = args[1]
        if (A != 1) goto L0143
        A = args[1] >> 32
        if (A != 0) goto L0143
        A = args[2]
        if (A == 2) goto L0140
        if (A == 9) goto L0140 else goto L0143
L0079:  if (A == clone) goto L0081
        if (A == exit) goto L0140 else goto L0143
L0081:  A = args[0]
        A &= 0x7e020000
        goto L0133
L0084:  if (A >= 0xe5) goto L0115
        if (A >= 0x9e) goto L0105
        if (A >= 0x48) goto L0088
        if (A == kill) goto L0119 else goto L0143
L0088:  if (A >= 0x49) goto L0097
        A = args[1] >> 32
        if (A != 0) goto L0143
        A = args[1]
        if (A == 1) goto L0140
        if (A == 2) goto L0140
        if (A == 3) goto L0140
        if (A == 4) goto L0140
        if (A == 0x406) goto L0140 else goto L0143
L0097:  if (A != prctl) goto L0143
        A = args[0] >> 32
        if (A != 0) goto L0143
        A = args[0]
        if (A == 0xf) goto L0140
        if (A == 0x10) goto L0140
        if (A == 0x26) goto L0140
L0104:  if (A == 3) goto L0140 else goto L0143
L0105:  if (A >= 0xca) goto L0107
        if (A == gettid) goto L0140 else goto L0143
L0107:  if (A >= 0xcb) goto L0114
        A = args[1]
        A &= 0x7f
        if (A == 0) goto L0140
        if (A == 1) goto L0140
        if (A == 9) goto L0140
        if (A == 0xa) goto L0140 else goto L0143
L0114:  if (A == clock_gettime) goto L0140 else goto L0143
L0115:  if (A >= 0x102) goto L0127
        if (A >= 0xea) goto L0118
        if (A == exit_group) goto L0140 else goto L0143
L0118:  if (A >= 0xeb) goto L0123
L0119:  A = args[0]
        if (A != 0) goto L0143
        A = args[0] >> 32
        goto L0133
L0123:  if (A != openat) goto L0143
        A = args[2]
        A &= 3
        goto L0133
L0127:  if (A >= 0x13e) goto L0134
        if (A != accept4) goto L0143
        A = args[3]
        A &= 0xfff7f7ff
        if (A != 0) goto L0143
        A = args[3] >> 32
L0133:  if (A == 0) goto L0140 else goto L0143
L0134:  if (A >= 0x40000000) goto L0141
        if (A != getrandom) goto L0143
        A = args[2] >> 32
        if (A > 0) goto L0143
        A = args[2]
        if (A > 7) goto L0143
L0140:  return ALLOW
L0141:  if (A >= 0x80000000) goto L0143
L0142:  return KILL_PROCESS
L0143:  return ERRNO(1)
