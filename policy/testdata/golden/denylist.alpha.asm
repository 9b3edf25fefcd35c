# arch: alpha
        A = arch
        if (A != ARCH_ALPHA) goto L0098
        A = sys_number
        if (A >= 0x169) goto L0061
        if (A >= 0xcf) goto L0032
        if (A >= 0x58) goto L0018
        if (A >= 0x1b) goto L0013
        if (A >= 0x11) goto L0010
        if (A == mknod) goto L0122
        if (A == chown) goto L0122 else goto L0121
L0010:  if (A >= 0x18) goto L0012
        if (A >= 0x15) goto L0122 else goto L0121
L0012:  if (A == ptrace) goto L0122 else goto L0121
L0013:  if (A >= 0x3e) goto L0016
        if (A == acct) goto L0122
        if (A == chroot) goto L0122 else goto L0121
L0016:  if (A == vhangup) goto L0122
        if (A == setgroups) goto L0122 else goto L0121
L0018:  if (A >= 0x84) goto L0025
        if (A >= 0x7b) goto L0022
        if (A == sethostname) goto L0122
        if (A == setpriority) goto L0122 else goto L0121
L0022:  if (A >= 0x7e) goto L0024
        if (A == fchown) goto L0122 else goto L0121
L0024:  if (A >= 0x80) goto L0121 else goto L0122
L0025:  if (A >= 0x94) goto L0028
        if (A == setgid) goto L0122
        if (A == setrlimit) goto L0122 else goto L0121
L0028:  if (A >= 0xa6) goto L0030
        if (A == quotactl) goto L0122 else goto L0121
L0030:  if (A < 0xa7) goto L0122
        if (A >= 0xc8) goto L0122 else goto L0121
L0032:  if (A >= 0x13e) goto L0047
        if (A >= 0x12f) goto L0040
        if (A >= 0xff) goto L0038
        if (A >= 0xd5) goto L0037
        if (A == osf_utsname) goto L0121 else goto L0122
L0037:  if (A == sysfs) goto L0122 else goto L0121
L0038:  if (A == bdflush) goto L0122
        if (A == mount) goto L0122 else goto L0121
L0040:  if (A >= 0x133) goto L0043
        if (A == swapoff) goto L0122
        if (A == create_module) goto L0122 else goto L0121
L0043:  if (A >= 0x137) goto L0045
        if (A >= 0x135) goto L0122 else goto L0098
L0045:  if (A == reboot) goto L0098
        if (A == clone) goto L0121 else goto L0122
L0047:  if (A >= 0x14c) goto L0054
        if (A >= 0x143) goto L0051
        if (A == sysinfo) goto L0121
        if (A == 0x140) goto L0121 else goto L0122
L0051:  if (A >= 0x148) goto L0053
        if (A == times) goto L0121 else goto L0122
L0053:  if (A == sched_setparam) goto L0122 else goto L0121
L0054:  if (A >= 0x156) goto L0057
        if (A == sched_setscheduler) goto L0122
        if (A == afs_syscall) goto L0122 else goto L0121
L0057:  if (A >= 0x159) goto L0059
        if (A == getresuid) goto L0121 else goto L0122
L0059:  if (A < 0x15c) goto L0122
        if (A == settimeofday) goto L0122 else goto L0121
L0061:  if (A >= 0x1d9) goto L0089
        if (A >= 0x19a) goto L0075
        if (A >= 0x177) goto L0069
        if (A >= 0x172) goto L0067
        if (A == adjtimex) goto L0122
        if (A == capset) goto L0122 else goto L0121
L0067:  if (A == setresgid) goto L0122
        if (A == pivot_root) goto L0122 else goto L0121
L0069:  if (A >= 0x18c) goto L0072
        if (A == pciconfig_iobase) goto L0122
        if (A == sched_setaffinity) goto L0122 else goto L0121
L0072:  if (A >= 0x193) goto L0074
        if (A == sched_getaffinity) goto L0121 else goto L0122
L0074:  if (A == lookup_dcookie) goto L0122 else goto L0121
L0075:  if (A >= 0x1bb) goto L0082
        if (A >= 0x1a7) goto L0079
        if (A == remap_file_pages) goto L0122
        if (A == clock_settime) goto L0122 else goto L0121
L0079:  if (A >= 0x1ac) goto L0081
        if (A == semtimedop) goto L0122 else goto L0121
L0081:  if (A == waitid) goto L0121 else goto L0122
L0082:  if (A >= 0x1c4) goto L0085
        if (A == kexec_load) goto L0098
        if (A == migrate_pages) goto L0122 else goto L0121
L0085:  if (A >= 0x1d1) goto L0087
        if (A >= 0x1c6) goto L0121 else goto L0122
L0087:  if (A < 0x1d2) goto L0122
        if (A == move_pages) goto L0122 else goto L0121
L0089:  if (A >= 0x216) goto L0107
        if (A >= 0x1fd) goto L0099
        if (A >= 0x1f6) goto L0095
        if (A >= 0x1f4) goto L0094
        if (A >= 0x1ed) goto L0122 else goto L0121
L0094:  if (A == setns) goto L0122 else goto L0121
L0095:  if (A >= 0x1fb) goto L0097
        if (A >= 0x1f8) goto L0122 else goto L0121
L0097:  if (A == sched_setattr) goto L0122
L0098:  return KILL_PROCESS
L0099:  if (A >= 0x205) goto L0103
        if (A >= 0x201) goto L0102
        if (A == memfd_create) goto L0122 else goto L0121
L0102:  if (A == execveat) goto L0121 else goto L0122
L0103:  if (A >= 0x207) goto L0105
        if (A == mlock2) goto L0122 else goto L0121
L0105:  if (A < 0x20b) goto L0121
        if (A >= 0x20f) goto L0121 else goto L0122
L0107:  if (A >= 0x232) goto L0116
        if (A >= 0x226) goto L0112
        if (A >= 0x224) goto L0111
        if (A >= 0x222) goto L0121 else goto L0122
L0111:  if (A == faccessat2) goto L0121 else goto L0122
L0112:  if (A >= 0x228) goto L0114
        if (A == epoll_pwait2) goto L0121 else goto L0122
L0114:  if (A < 0x22d) goto L0122
        if (A >= 0x22f) goto L0122 else goto L0121
L0116:  if (A >= 0x23b) goto L0119
        if (A == map_shadow_stack) goto L0122
        if (A == lsm_set_self_attr) goto L0122 else goto L0121
L0119:  if (A == mseal) goto L0122
        if (A == open_tree_attr) goto L0122
L0121:  return ALLOW
L0122:  return ERRNO(1)
