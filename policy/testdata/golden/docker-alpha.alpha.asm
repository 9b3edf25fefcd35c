# arch: alpha
        A = arch
        if (A == ARCH_ALPHA) goto L0003
        return KILL_PROCESS
L0003:  A = sys_number
        if (A >= 0x131) goto L0077
        if (A >= 0x48) goto L0039
        if (A >= 0x26) goto L0023
        if (A >= 0x13) goto L0015
        if (A >= 7) goto L0011
        if (A == osf_syscall) goto L0164
        if (A == osf_old_open) goto L0164 else goto L0163
L0011:  if (A >= 0xb) goto L0013
        if (A >= 9) goto L0163 else goto L0164
L0013:  if (A < 0xc) goto L0164
        if (A == osf_getfsstat) goto L0164 else goto L0163
L0015:  if (A >= 0x1a) goto L0019
        if (A >= 0x17) goto L0018
        if (A >= 0x15) goto L0164 else goto L0163
L0018:  if (A == exec_with_loader) goto L0164 else goto L0163
L0019:  if (A >= 0x21) goto L0021
        if (A == ptrace) goto L0163 else goto L0164
L0021:  if (A < 0x22) goto L0163
        if (A >= 0x24) goto L0163 else goto L0164
L0023:  if (A >= 0x36) goto L0031
        if (A >= 0x2b) goto L0027
        if (A == osf_old_stat) goto L0164
        if (A == osf_old_lstat) goto L0164 else goto L0163
L0027:  if (A >= 0x2e) goto L0029
        if (A == open) goto L0163 else goto L0164
L0029:  if (A < 0x2f) goto L0164
        if (A >= 0x31) goto L0164 else goto L0163
L0031:  if (A >= 0x3f) goto L0035
        if (A >= 0x39) goto L0034
        if (A == ioctl) goto L0163 else goto L0164
L0034:  if (A >= 0x3d) goto L0164 else goto L0163
L0035:  if (A >= 0x42) goto L0037
        if (A == getpgrp) goto L0163 else goto L0164
L0037:  if (A < 0x45) goto L0163
        if (A == mmap) goto L0163 else goto L0164
L0039:  if (A >= 0x8a) goto L0061
        if (A >= 0x62) goto L0055
        if (A >= 0x51) goto L0045
        if (A >= 0x4c) goto L0044
        if (A == osf_old_vadvise) goto L0164 else goto L0163
L0044:  if (A >= 0x4f) goto L0163 else goto L0164
L0045:  if (A >= 0x5d) goto L0047
        if (A >= 0x5a) goto L0163 else goto L0164
L0047:  if (A < 0x5e) goto L0164
        if (A != socket) goto L0163
        A = args[0] >> 32
        if (A != 0) goto L0163
        A = args[0]
        if (A < 0x26) goto L0163
        if (A == 0x27) goto L0163
        if (A > 0x28) goto L0163 else goto L0164
L0055:  if (A >= 0x76) goto L0059
        if (A >= 0x71) goto L0058
        if (A >= 0x6b) goto L0164 else goto L0163
L0058:  if (A >= 0x73) goto L0164 else goto L0163
L0059:  if (A == 0x77) goto L0164
        if (A == osf_settimeofday) goto L0164 else goto L0163
L0061:  if (A >= 0xc8) goto L0068
        if (A >= 0x92) goto L0066
        if (A >= 0x8e) goto L0065
        if (A == getpeername) goto L0163 else goto L0164
L0065:  if (A >= 0x90) goto L0163 else goto L0164
L0066:  if (A == setsid) goto L0163
        if (A == getsockname) goto L0163 else goto L0164
L0068:  if (A >= 0xda) goto L0073
        if (A >= 0xd0) goto L0071
        if (A == osf_utsname) goto L0164 else goto L0163
L0071:  if (A < 0xd5) goto L0163
        if (A == msync) goto L0163 else goto L0164
L0073:  if (A >= 0xec) goto L0075
        if (A >= 0xe9) goto L0163 else goto L0164
L0075:  if (A < 0x100) goto L0164
        if (A >= 0x102) goto L0164 else goto L0163
L0077:  if (A >= 0x1c0) goto L0130
        if (A >= 0x169) goto L0114
        if (A >= 0x147) goto L0107
        if (A >= 0x13a) goto L0086
        if (A == getdents) goto L0163
        if (A != clone) goto L0164
        A = args[0]
        A &= 0x7e020000
        if (A == 0) goto L0163 else goto L0164
L0086:  if (A >= 0x143) goto L0088
        if (A >= 0x13f) goto L0164 else goto L0163
L0088:  if (A != personality) goto L0163
        A = args[0]
        if (A != 0) goto L0093
        A = args[0] >> 32
        if (A == 0) goto L0163
L0093:  A = args[0]
        if (A != 8) goto L0097
        A = args[0] >> 32
        if (A == 0) goto L0163
L0097:  A = args[0]
        if (A != 0x20000) goto L0101
        A = args[0] >> 32
        if (A == 0) goto L0163
L0101:  A = args[0]
        if (A != 0x20008) goto L0105
        A = args[0] >> 32
        if (A == 0) goto L0163
L0105:  A = args[0]
        if (A == 0xffffffff) goto L0163 else goto L0164
L0107:  if (A >= 0x156) goto L0110
        if (A == ustat) goto L0164
        if (A == afs_syscall) goto L0164 else goto L0163
L0110:  if (A >= 0x159) goto L0112
        if (A == nfsservctl) goto L0164 else goto L0163
L0112:  if (A < 0x15c) goto L0164
        if (A == settimeofday) goto L0164 else goto L0163
L0114:  if (A >= 0x193) goto L0121
        if (A >= 0x179) goto L0119
        if (A >= 0x177) goto L0118
        if (A >= 0x175) goto L0164 else goto L0163
L0118:  if (A == pciconfig_iobase) goto L0164 else goto L0163
L0119:  if (A == 0x17c) goto L0164
        if (A == tuxcall) goto L0164 else goto L0163
L0121:  if (A >= 0x1a4) goto L0126
        if (A >= 0x196) goto L0124
        if (A == exit_group) goto L0163 else goto L0164
L0124:  if (A < 0x197) goto L0164
        if (A == clock_settime) goto L0164 else goto L0163
L0126:  if (A >= 0x1b0) goto L0128
        if (A >= 0x1ac) goto L0164 else goto L0163
L0128:  if (A < 0x1b7) goto L0163
        if (A >= 0x1ba) goto L0163 else goto L0164
L0130:  if (A >= 0x215) goto L0147
        if (A >= 0x1ef) goto L0140
        if (A >= 0x1d8) goto L0136
        if (A >= 0x1d1) goto L0135
        if (A >= 0x1c2) goto L0163 else goto L0164
L0135:  if (A == unshare) goto L0164 else goto L0163
L0136:  if (A >= 0x1dd) goto L0138
        if (A == move_pages) goto L0164 else goto L0163
L0138:  if (A < 0x1de) goto L0164
        if (A >= 0x1ed) goto L0164 else goto L0163
L0140:  if (A >= 0x1f6) goto L0143
        if (A == open_by_handle_at) goto L0164
        if (A == setns) goto L0164 else goto L0163
L0143:  if (A >= 0x1fc) goto L0145
        if (A >= 0x1fa) goto L0164 else goto L0163
L0145:  if (A < 0x203) goto L0163
        if (A >= 0x205) goto L0163 else goto L0164
L0147:  if (A >= 0x227) goto L0155
        if (A >= 0x221) goto L0151
        if (A == pidfd_send_signal) goto L0163
        if (A == pidfd_open) goto L0163 else goto L0164
L0151:  if (A >= 0x224) goto L0154
        if (A != clone3) goto L0163
        return ERRNO(78)
L0154:  if (A == faccessat2) goto L0163 else goto L0164
L0155:  if (A >= 0x230) goto L0159
        if (A >= 0x22a) goto L0158
        if (A == epoll_pwait2) goto L0163 else goto L0164
L0158:  if (A == 0x22d) goto L0164 else goto L0163
L0159:  if (A >= 0x239) goto L0161
        if (A == set_mempolicy_home_node) goto L0164 else goto L0163
L0161:  if (A < 0x23c) goto L0164
        if (A >= 0x241) goto L0164
L0163:  return ALLOW
L0164:  return ERRNO(1)
