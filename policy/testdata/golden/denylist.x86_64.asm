# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0098
        A = sys_number
        if (A >= 0xf7) goto L0052
        if (A >= 0x8d) goto L0028
        if (A >= 0x71) goto L0017
        if (A >= 0x5f) goto L0012
        if (A >= 0x40) goto L0010
        if (A < 0x1d) goto L0099
        if (A >= 0x20) goto L0099 else goto L0096
L0010:  if (A < 0x48) goto L0096
        if (A >= 0x5c) goto L0096 else goto L0099
L0012:  if (A >= 0x67) goto L0014
        if (A == ptrace) goto L0096 else goto L0099
L0014:  if (A >= 0x69) goto L0016
        if (A == getgid) goto L0099 else goto L0096
L0016:  if (A >= 0x6b) goto L0099 else goto L0096
L0017:  if (A >= 0x7c) goto L0023
        if (A >= 0x76) goto L0020
        if (A == getgroups) goto L0099 else goto L0096
L0020:  if (A >= 0x78) goto L0022
        if (A == setresgid) goto L0096 else goto L0099
L0022:  if (A >= 0x7a) goto L0096 else goto L0099
L0023:  if (A >= 0x85) goto L0025
        if (A == capset) goto L0096 else goto L0099
L0025:  if (A >= 0x8b) goto L0027
        if (A >= 0x89) goto L0099 else goto L0096
L0027:  if (A == getpriority) goto L0099 else goto L0096
L0028:  if (A >= 0xcb) goto L0041
        if (A >= 0xa2) goto L0035
        if (A >= 0x91) goto L0032
        if (A == sched_getparam) goto L0099 else goto L0096
L0032:  if (A >= 0x9d) goto L0034
        if (A >= 0x95) goto L0096 else goto L0099
L0034:  if (A >= 0x9f) goto L0096 else goto L0099
L0035:  if (A >= 0xaa) goto L0038
        if (A < 0xa3) goto L0099
        if (A == reboot) goto L0098 else goto L0096
L0038:  if (A >= 0xb1) goto L0040
        if (A >= 0xaf) goto L0098 else goto L0096
L0040:  if (A >= 0xba) goto L0099 else goto L0096
L0041:  if (A >= 0xd9) goto L0047
        if (A >= 0xd3) goto L0045
        if (A < 0xcc) goto L0096
        if (A >= 0xce) goto L0096 else goto L0099
L0045:  if (A == lookup_dcookie) goto L0096
        if (A == remap_file_pages) goto L0096 else goto L0099
L0047:  if (A >= 0xe3) goto L0049
        if (A == semtimedop) goto L0096 else goto L0099
L0049:  if (A >= 0xec) goto L0051
        if (A == clock_settime) goto L0096 else goto L0099
L0051:  if (A == kexec_load) goto L0098 else goto L0096
L0052:  if (A >= 0x143) goto L0074
        if (A >= 0x12c) goto L0064
        if (A >= 0x105) goto L0060
        if (A >= 0x100) goto L0058
        if (A < 0xf8) goto L0099
        if (A >= 0xfc) goto L0099 else goto L0096
L0058:  if (A < 0x101) goto L0096
        if (A >= 0x103) goto L0096 else goto L0099
L0060:  if (A >= 0x117) goto L0062
        if (A == unshare) goto L0096 else goto L0099
L0062:  if (A == move_pages) goto L0096
        if (A == perf_event_open) goto L0096 else goto L0099
L0064:  if (A >= 0x13b) goto L0070
        if (A >= 0x135) goto L0068
        if (A < 0x132) goto L0096
        if (A == setns) goto L0096 else goto L0099
L0068:  if (A == getcpu) goto L0099
        if (A == finit_module) goto L0098 else goto L0096
L0070:  if (A >= 0x13f) goto L0072
        if (A == seccomp) goto L0096 else goto L0099
L0072:  if (A == kexec_file_load) goto L0098
        if (A == execveat) goto L0099 else goto L0096
L0074:  if (A >= 0x1ba) goto L0086
        if (A >= 0x14e) goto L0081
        if (A >= 0x146) goto L0078
        if (A == membarrier) goto L0099 else goto L0096
L0078:  if (A >= 0x14c) goto L0080
        if (A >= 0x149) goto L0096 else goto L0099
L0080:  if (A == io_pgetevents) goto L0096 else goto L0099
L0081:  if (A >= 0x1b6) goto L0084
        if (A < 0x1a8) goto L0099
        if (A >= 0x1b4) goto L0099 else goto L0096
L0084:  if (A == faccessat2) goto L0099
        if (A == epoll_pwait2) goto L0099 else goto L0096
L0086:  if (A >= 0x1cd) goto L0092
        if (A >= 0x1c4) goto L0090
        if (A < 0x1bf) goto L0096
        if (A >= 0x1c1) goto L0096 else goto L0099
L0090:  if (A == map_shadow_stack) goto L0096
        if (A == lsm_set_self_attr) goto L0096 else goto L0099
L0092:  if (A >= 0x1d3) goto L0094
        if (A == mseal) goto L0096 else goto L0099
L0094:  if (A >= 0x40000000) goto L0097
        if (A != open_tree_attr) goto L0099
L0096:  return ERRNO(1)
L0097:  if (A >= 0x80000000) goto L0099
L0098:  return KILL_PROCESS
L0099:  return ALLOW
