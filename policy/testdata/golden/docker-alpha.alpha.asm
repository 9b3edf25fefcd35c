# arch: alpha
        A = arch
        if (A == ARCH_ALPHA) goto L0003
        return KILL_PROCESS
L0003:  A = sys_number
        if (A >= 0x131) goto L0083
        if (A >= 0x48) goto L0039
        if (A >= 0x26) goto L0023
        if (A >= 0x13) goto L0015
        if (A >= 7) goto L0011
        if (A == osf_syscall) goto L0170
        if (A == osf_old_open) goto L0170 else goto L0169
L0011:  if (A >= 0xb) goto L0013
        if (A >= 9) goto L0169 else goto L0170
L0013:  if (A < 0xc) goto L0170
        if (A == osf_getfsstat) goto L0170 else goto L0169
L0015:  if (A >= 0x1a) goto L0019
        if (A >= 0x17) goto L0018
        if (A >= 0x15) goto L0170 else goto L0169
L0018:  if (A == exec_with_loader) goto L0170 else goto L0169
L0019:  if (A >= 0x21) goto L0021
        if (A == ptrace) goto L0169 else goto L0170
L0021:  if (A < 0x22) goto L0169
        if (A >= 0x24) goto L0169 else goto L0170
L0023:  if (A >= 0x36) goto L0031
        if (A >= 0x2b) goto L0027
        if (A == osf_old_stat) goto L0170
        if (A == osf_old_lstat) goto L0170 else goto L0169
L0027:  if (A >= 0x2e) goto L0029
        if (A == open) goto L0169 else goto L0170
L0029:  if (A < 0x2f) goto L0170
        if (A >= 0x31) goto L0170 else goto L0169
L0031:  if (A >= 0x3f) goto L0035
        if (A >= 0x39) goto L0034
        if (A == ioctl) goto L0169 else goto L0170
L0034:  if (A >= 0x3d) goto L0170 else goto L0169
L0035:  if (A >= 0x42) goto L0037
        if (A == getpgrp) goto L0169 else goto L0170
L0037:  if (A < 0x45) goto L0169
        if (A == mmap) goto L0169 else goto L0170
L0039:  if (A >= 0x8a) goto L0067
        if (A >= 0x62) goto L0061
        if (A >= 0x51) goto L0045
        if (A >= 0x4c) goto L0044
        if (A == osf_old_vadvise) goto L0170 else goto L0169
L0044:  if (A >= 0x4f) goto L0169 else goto L0170
L0045:  if (A >= 0x5d) goto L0047
        if (A >= 0x5a) goto L0169 else goto L0170
L0047:  if (A < 0x5e) goto L0170
        if (A != socket) goto L0169
        A = args[0] >> 32
        if (A > 0) goto L0053
        A = args[0]
        if (A < 0x26) goto L0169
L0053:  A = args[0]
        if (A != 0x27) goto L0057
        A = args[0] >> 32
        if (A == 0) goto L0169
L0057:  A = args[0] >> 32
        if (A > 0) goto L0169
        A = args[0]
        if (A > 0x28) goto L0169 else goto L0170
L0061:  if (A >= 0x76) goto L0065
        if (A >= 0x71) goto L0064
        if (A >= 0x6b) goto L0170 else goto L0169
L0064:  if (A >= 0x73) goto L0170 else goto L0169
L0065:  if (A == 0x77) goto L0170
        if (A == osf_settimeofday) goto L0170 else goto L0169
L0067:  if (A >= 0xc8) goto L0074
        if (A >= 0x92) goto L0072
        if (A >= 0x8e) goto L0071
        if (A == getpeername) goto L0169 else goto L0170
L0071:  if (A >= 0x90) goto L0169 else goto L0170
L0072:  if (A == setsid) goto L0169
        if (A == getsockname) goto L0169 else goto L0170
L0074:  if (A >= 0xda) goto L0079
        if (A >= 0xd0) goto L0077
        if (A == osf_utsname) goto L0170 else goto L0169
L0077:  if (A < 0xd5) goto L0169
        if (A == msync) goto L0169 else goto L0170
L0079:  if (A >= 0xec) goto L0081
        if (A >= 0xe9) goto L0169 else goto L0170
L0081:  if (A < 0x100) goto L0170
        if (A >= 0x102) goto L0170 else goto L0169
L0083:  if (A >= 0x1c0) goto L0136
        if (A >= 0x169) goto L0120
        if (A >= 0x147) goto L0113
        if (A >= 0x13a) goto L0092
        if (A == getdents) goto L0169
        if (A != clone) goto L0170
        A = args[0]
        A &= 0x7e020000
        if (A == 0) goto L0169 else goto L0170
L0092:  if (A >= 0x143) goto L0094
        if (A >= 0x13f) goto L0170 else goto L0169
L0094:  if (A != personality) goto L0169
        A = args[0]
        if (A != 0) goto L0099
        A = args[0] >> 32
        if (A == 0) goto L0169
L0099:  A = args[0]
        if (A != 8) goto L0103
        A = args[0] >> 32
        if (A == 0) goto L0169
L0103:  A = args[0]
        if (A != 0x20000) goto L0107
        A = args[0] >> 32
        if (A == 0) goto L0169
L0107:  A = args[0]
        if (A != 0x20008) goto L0111
        A = args[0] >> 32
        if (A == 0) goto L0169
L0111:  A = args[0]
        if (A == 0xffffffff) goto L0169 else goto L0170
L0113:  if (A >= 0x156) goto L0116
        if (A == ustat) goto L0170
        if (A == afs_syscall) goto L0170 else goto L0169
L0116:  if (A >= 0x159) goto L0118
        if (A == nfsservctl) goto L0170 else goto L0169
L0118:  if (A < 0x15c) goto L0170
        if (A == settimeofday) goto L0170 else goto L0169
L0120:  if (A >= 0x193) goto L0127
        if (A >= 0x179) goto L0125
        if (A >= 0x177) goto L0124
        if (A >= 0x175) goto L0170 else goto L0169
L0124:  if (A == pciconfig_iobase) goto L0170 else goto L0169
L0125:  if (A == 0x17c) goto L0170
        if (A == tuxcall) goto L0170 else goto L0169
L0127:  if (A >= 0x1a4) goto L0132
        if (A >= 0x196) goto L0130
        if (A == exit_group) goto L0169 else goto L0170
L0130:  if (A < 0x197) goto L0170
        if (A == clock_settime) goto L0170 else goto L0169
L0132:  if (A >= 0x1b0) goto L0134
        if (A >= 0x1ac) goto L0170 else goto L0169
L0134:  if (A < 0x1b7) goto L0169
        if (A >= 0x1ba) goto L0169 else goto L0170
L0136:  if (A >= 0x215) goto L0153
        if (A >= 0x1ef) goto L0146
        if (A >= 0x1d8) goto L0142
        if (A >= 0x1d1) goto L0141
        if (A >= 0x1c2) goto L0169 else goto L0170
L0141:  if (A == unshare) goto L0170 else goto L0169
L0142:  if (A >= 0x1dd) goto L0144
        if (A == move_pages) goto L0170 else goto L0169
L0144:  if (A < 0x1de) goto L0170
        if (A >= 0x1ed) goto L0170 else goto L0169
L0146:  if (A >= 0x1f6) goto L0149
        if (A == open_by_handle_at) goto L0170
        if (A == setns) goto L0170 else goto L0169
L0149:  if (A >= 0x1fc) goto L0151
        if (A >= 0x1fa) goto L0170 else goto L0169
L0151:  if (A < 0x203) goto L0169
        if (A >= 0x205) goto L0169 else goto L0170
L0153:  if (A >= 0x227) goto L0161
        if (A >= 0x221) goto L0157
        if (A == pidfd_send_signal) goto L0169
        if (A == pidfd_open) goto L0169 else goto L0170
L0157:  if (A >= 0x224) goto L0160
        if (A != clone3) goto L0169
        return ERRNO(78)
L0160:  if (A == faccessat2) goto L0169 else goto L0170
L0161:  if (A >= 0x230) goto L0165
        if (A >= 0x22a) goto L0164
        if (A == epoll_pwait2) goto L0169 else goto L0170
L0164:  if (A == 0x22d) goto L0170 else goto L0169
L0165:  if (A >= 0x239) goto L0167
        if (A == set_mempolicy_home_node) goto L0170 else goto L0169
L0167:  if (A < 0x23c) goto L0170
        if (A >= 0x241) goto L0170
L0169:  return ALLOW
L0170:  return ERRNO(1)
