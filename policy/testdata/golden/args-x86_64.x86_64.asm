# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0195
        A = sys_number
        if (A >= 0x3d) goto L0111
        if (A >= 0x11) goto L0049
        if (A >= 9) goto L0022
        if (A >= 3) goto L0015
        if (A == write) goto L0009
        if (A == open) goto L0196 else goto L0052
L0009:  A = args[0]
        if (A != 1) goto L0013
        A = args[0] >> 32
        if (A == 0) goto L0193
L0013:  A = args[0]
        if (A == 2) goto L0173 else goto L0196
L0015:  if (A < 4) goto L0193
        if (A != lseek) goto L0196
        A = args[2] >> 32
        if (A > 0) goto L0196
        if (A != 0) goto L0193
        A = args[2]
        if (A > 4) goto L0196 else goto L0193
L0022:  if (A >= 0xe) goto L0028
        if (A >= 0xb) goto L0027
        A = args[2]
        A &= 4
        goto L0185
L0027:  if (A == rt_sigaction) goto L0196 else goto L0193
L0028:  if (A == rt_sigreturn) goto L0193
        if (A == ioctl) goto L0035
        A = args[0] >> 32
        if (A > 0) goto L0196
        if (A != 0) goto L0193
        A = args[0]
        if (A > 2) goto L0196 else goto L0193
L0035:  A = args[1]
        if (A != 0x5401) goto L0039
        A = args[1] >> 32
        if (A == 0) goto L0193
L0039:  A = args[1]
        if (A != 0x5413) goto L0043
        A = args[1] >> 32
        if (A == 0) goto L0193
L0043:  A = args[1]
        if (A != 0x541b) goto L0047
        A = args[1] >> 32
        if (A == 0) goto L0193
L0047:  A = args[1]
        if (A == 0x5421) goto L0134 else goto L0196
L0049:  if (A >= 0x29) goto L0073
        if (A >= 0x1d) goto L0072
        if (A >= 0x12) goto L0061
L0052:  A = args[0]
        if (A != 0) goto L0056
        A = args[0] >> 32
        if (A == 0) goto L0193
L0056:  A = args[0] >> 32
        if (A > 0) goto L0193
        if (A != 0) goto L0196
        A = args[0]
        if (A >= 3) goto L0193 else goto L0196
L0061:  if (A != madvise) goto L0196
        A = args[2]
        if (A != 4) goto L0066
        A = args[2] >> 32
        if (A == 0) goto L0193
L0066:  A = args[2]
        if (A != 8) goto L0070
        A = args[2] >> 32
        if (A == 0) goto L0193
L0070:  A = args[2]
        if (A == 3) goto L0104 else goto L0196
L0072:  if (A == getpid) goto L0193 else goto L0196
L0073:  if (A >= 0x37) goto L0106
        if (A >= 0x2a) goto L0093
        A = args[0]
        if (A != 1) goto L0079
        A = args[0] >> 32
        if (A == 0) goto L0193
L0079:  A = args[0]
        if (A != 2) goto L0086
        A = args[0] >> 32
        if (A != 0) goto L0086
        A = args[1]
        A &= 0xf
        if (A == 1) goto L0193
L0086:  A = args[0]
        if (A != 0xa) goto L0196
        A = args[0] >> 32
        if (A != 0) goto L0196
        A = args[1]
        A &= 0xf
        if (A == 1) goto L0193 else goto L0196
L0093:  if (A != setsockopt) goto L0196
        A = args[1]
        if (A != 1) goto L0196
        A = args[1] >> 32
        if (A != 0) goto L0196
        A = args[2]
        if (A != 2) goto L0102
        A = args[2] >> 32
        if (A == 0) goto L0193
L0102:  A = args[2]
        if (A != 9) goto L0196
L0104:  A = args[2] >> 32
        goto L0185
L0106:  if (A == clone) goto L0108
        if (A == exit) goto L0193 else goto L0196
L0108:  A = args[0]
        A &= 0x7e020000
        goto L0185
L0111:  if (A >= 0xe5) goto L0167
        if (A >= 0x9e) goto L0151
        if (A >= 0x48) goto L0115
        if (A == kill) goto L0171 else goto L0196
L0115:  if (A >= 0x49) goto L0136
        A = args[1]
        if (A != 1) goto L0120
        A = args[1] >> 32
        if (A == 0) goto L0193
L0120:  A = args[1]
        if (A != 2) goto L0124
        A = args[1] >> 32
        if (A == 0) goto L0193
L0124:  A = args[1]
        if (A != 3) goto L0128
        A = args[1] >> 32
        if (A == 0) goto L0193
L0128:  A = args[1]
        if (A != 4) goto L0132
        A = args[1] >> 32
        if (A == 0) goto L0193
L0132:  A = args[1]
        if (A != 0x406) goto L0196
L0134:  A = args[1] >> 32
        goto L0185
L0136:  if (A != prctl) goto L0196
        A = args[0]
        if (A != 0xf) goto L0141
        A = args[0] >> 32
        if (A == 0) goto L0193
L0141:  A = args[0]
        if (A != 0x10) goto L0145
        A = args[0] >> 32
        if (A == 0) goto L0193
L0145:  A = args[0]
        if (A != 0x26) goto L0149
        A = args[0] >> 32
        if (A == 0) goto L0193
L0149:  A = args[0]
        if (A == 3) goto L0173 else goto L0196
L0151:  if (A >= 0xca) goto L0153
        if (A == gettid) goto L0193 else goto L0196
L0153:  if (A >= 0xcb) goto L0166
        A = args[1]
        A &= 0x7f
        if (A == 0) goto L0193
        A = args[1]
        A &= 0x7f
        if (A == 1) goto L0193
        A = args[1]
        A &= 0x7f
        if (A == 9) goto L0193
        A = args[1]
        A &= 0x7f
        if (A == 0xa) goto L0193 else goto L0196
L0166:  if (A == clock_gettime) goto L0193 else goto L0196
L0167:  if (A >= 0x102) goto L0179
        if (A >= 0xea) goto L0170
        if (A == exit_group) goto L0193 else goto L0196
L0170:  if (A >= 0xeb) goto L0175
L0171:  A = args[0]
        if (A != 0) goto L0196
L0173:  A = args[0] >> 32
        goto L0185
L0175:  if (A != openat) goto L0196
        A = args[2]
        A &= 3
        goto L0185
L0179:  if (A >= 0x13e) goto L0186
        if (A != accept4) goto L0196
        A = args[3]
        A &= 0xfff7f7ff
        if (A != 0) goto L0196
        A = args[3] >> 32
L0185:  if (A == 0) goto L0193 else goto L0196
L0186:  if (A >= 0x40000000) goto L0194
        if (A != getrandom) goto L0196
        A = args[2] >> 32
        if (A > 0) goto L0196
        if (A != 0) goto L0193
        A = args[2]
        if (A > 7) goto L0196
L0193:  return ALLOW
L0194:  if (A >= 0x80000000) goto L0196
L0195:  return KILL_PROCESS
L0196:  return ERRNO(1)
