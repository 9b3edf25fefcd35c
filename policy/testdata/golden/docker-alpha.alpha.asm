# arch: alpha
        A = arch
        if (A == ARCH_ALPHA) goto L0003
        return KILL_PROCESS
L0003:  A = sys_number
        if (A >= 0x131) goto L0072
        if (A >= 0x49) goto L0039
        if (A >= 0x26) goto L0023
        if (A >= 0x13) goto L0015
        if (A >= 7) goto L0011
        if (A == osf_syscall) goto L0149
        if (A == osf_old_open) goto L0149 else goto L0148
L0011:  if (A >= 0xb) goto L0013
        if (A >= 9) goto L0148 else goto L0149
L0013:  if (A < 0xc) goto L0149
        if (A == osf_getfsstat) goto L0149 else goto L0148
L0015:  if (A >= 0x1a) goto L0019
        if (A >= 0x17) goto L0018
        if (A >= 0x15) goto L0149 else goto L0148
L0018:  if (A == exec_with_loader) goto L0149 else goto L0148
L0019:  if (A >= 0x21) goto L0021
        if (A == ptrace) goto L0148 else goto L0149
L0021:  if (A < 0x22) goto L0148
        if (A >= 0x24) goto L0148 else goto L0149
L0023:  if (A >= 0x36) goto L0031
        if (A >= 0x2b) goto L0027
        if (A == osf_old_stat) goto L0149
        if (A == osf_old_lstat) goto L0149 else goto L0148
L0027:  if (A >= 0x2e) goto L0029
        if (A == open) goto L0148 else goto L0149
L0029:  if (A < 0x2f) goto L0149
        if (A >= 0x31) goto L0149 else goto L0148
L0031:  if (A >= 0x40) goto L0036
        if (A >= 0x39) goto L0034
        if (A == ioctl) goto L0148 else goto L0149
L0034:  if (A < 0x3d) goto L0148
        if (A == getpgrp) goto L0148 else goto L0149
L0036:  if (A >= 0x45) goto L0038
        if (A >= 0x42) goto L0148 else goto L0149
L0038:  if (A == mmap) goto L0148 else goto L0149
L0039:  if (A >= 0x8a) goto L0056
        if (A >= 0x61) goto L0049
        if (A >= 0x53) goto L0045
        if (A >= 0x4f) goto L0044
        if (A >= 0x4c) goto L0149 else goto L0148
L0044:  if (A >= 0x51) goto L0149 else goto L0148
L0045:  if (A >= 0x56) goto L0047
        if (A == osf_setitimer) goto L0148 else goto L0149
L0047:  if (A < 0x57) goto L0148
        if (A >= 0x5a) goto L0148 else goto L0149
L0049:  if (A >= 0x76) goto L0054
        if (A >= 0x6b) goto L0052
        if (A == socket) goto L0149 else goto L0148
L0052:  if (A < 0x71) goto L0149
        if (A >= 0x73) goto L0149 else goto L0148
L0054:  if (A == 0x77) goto L0149
        if (A == osf_settimeofday) goto L0149 else goto L0148
L0056:  if (A >= 0xc8) goto L0063
        if (A >= 0x92) goto L0061
        if (A >= 0x8e) goto L0060
        if (A == getpeername) goto L0148 else goto L0149
L0060:  if (A >= 0x90) goto L0148 else goto L0149
L0061:  if (A == setsid) goto L0148
        if (A == getsockname) goto L0148 else goto L0149
L0063:  if (A >= 0xda) goto L0068
        if (A >= 0xd0) goto L0066
        if (A == osf_utsname) goto L0149 else goto L0148
L0066:  if (A < 0xd5) goto L0148
        if (A == msync) goto L0148 else goto L0149
L0068:  if (A >= 0xec) goto L0070
        if (A >= 0xe9) goto L0148 else goto L0149
L0070:  if (A < 0x100) goto L0149
        if (A >= 0x102) goto L0149 else goto L0148
L0072:  if (A >= 0x1ba) goto L0115
        if (A >= 0x168) goto L0098
        if (A >= 0x147) goto L0090
        if (A >= 0x13a) goto L0081
        if (A == getdents) goto L0148
        if (A != clone) goto L0149
        A = args[0]
        A &= 0x7e020000
        if (A == 0) goto L0148 else goto L0149
L0081:  if (A >= 0x143) goto L0083
        if (A >= 0x13f) goto L0149 else goto L0148
L0083:  if (A != personality) goto L0148
        A = args[0]
        if (A == 0) goto L0148
        if (A == 8) goto L0148
        if (A == 0x20000) goto L0148
        if (A == 0x20008) goto L0148
        if (A == 0xffffffff) goto L0148 else goto L0149
L0090:  if (A >= 0x157) goto L0095
        if (A >= 0x152) goto L0093
        if (A == ustat) goto L0149 else goto L0148
L0093:  if (A < 0x153) goto L0149
        if (A == nfsservctl) goto L0149 else goto L0148
L0095:  if (A >= 0x15c) goto L0097
        if (A >= 0x159) goto L0149 else goto L0148
L0097:  if (A == select) goto L0149 else goto L0148
L0098:  if (A >= 0x18e) goto L0107
        if (A >= 0x178) goto L0103
        if (A >= 0x175) goto L0102
        if (A >= 0x16b) goto L0148 else goto L0149
L0102:  if (A == mincore) goto L0148 else goto L0149
L0103:  if (A >= 0x17c) goto L0105
        if (A == pciconfig_iobase) goto L0149 else goto L0148
L0105:  if (A < 0x17d) goto L0149
        if (A == tuxcall) goto L0149 else goto L0148
L0107:  if (A >= 0x1a3) goto L0111
        if (A >= 0x195) goto L0110
        if (A >= 0x193) goto L0149 else goto L0148
L0110:  if (A == lookup_dcookie) goto L0149 else goto L0148
L0111:  if (A >= 0x1ac) goto L0113
        if (A == clock_settime) goto L0149 else goto L0148
L0113:  if (A < 0x1b0) goto L0149
        if (A >= 0x1b7) goto L0149 else goto L0148
L0115:  if (A >= 0x215) goto L0132
        if (A >= 0x1ed) goto L0123
        if (A >= 0x1d2) goto L0121
        if (A >= 0x1c2) goto L0120
        if (A >= 0x1c0) goto L0149 else goto L0148
L0120:  if (A == unshare) goto L0149 else goto L0148
L0121:  if (A == move_pages) goto L0149
        if (A == timerfd) goto L0149 else goto L0148
L0123:  if (A >= 0x1f6) goto L0128
        if (A >= 0x1f2) goto L0126
        if (A >= 0x1ef) goto L0148 else goto L0149
L0126:  if (A < 0x1f3) goto L0149
        if (A == setns) goto L0149 else goto L0148
L0128:  if (A >= 0x1fc) goto L0130
        if (A >= 0x1fa) goto L0149 else goto L0148
L0130:  if (A < 0x203) goto L0148
        if (A >= 0x205) goto L0148 else goto L0149
L0132:  if (A >= 0x227) goto L0140
        if (A >= 0x221) goto L0136
        if (A == pidfd_send_signal) goto L0148
        if (A == pidfd_open) goto L0148 else goto L0149
L0136:  if (A >= 0x224) goto L0139
        if (A != clone3) goto L0148
        return ERRNO(78)
L0139:  if (A == faccessat2) goto L0148 else goto L0149
L0140:  if (A >= 0x230) goto L0144
        if (A >= 0x22a) goto L0143
        if (A == epoll_pwait2) goto L0148 else goto L0149
L0143:  if (A == 0x22d) goto L0149 else goto L0148
L0144:  if (A >= 0x239) goto L0146
        if (A == set_mempolicy_home_node) goto L0149 else goto L0148
L0146:  if (A < 0x23c) goto L0149
        if (A >= 0x241) goto L0149
L0148:  return ALLOW
L0149:  return ERRNO(1)
