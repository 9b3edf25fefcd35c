# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0083
        A = sys_number
        if (A >= 0x117) goto L0051
        if (A >= 0xa1) goto L0036
        if (A >= 0x87) goto L0020
        if (A >= 0x39) goto L0018
        if (A == socket) goto L0012
        if (A != clone) goto L0080
        A = args[0]
        A &= 0x7e020000
        if (A == 0) goto L0080 else goto L0084
L0012:  A = args[0] >> 32
        if (A != 0) goto L0080
        A = args[0]
        if (A < 0x26) goto L0080
        if (A == 0x27) goto L0080
        if (A > 0x28) goto L0080 else goto L0084
L0018:  if (A == syslog) goto L0084
        if (A == uselib) goto L0084 else goto L0080
L0020:  if (A >= 0x8c) goto L0032
        if (A >= 0x89) goto L0031
        if (A == ustat) goto L0084
        A = args[0] >> 32
        if (A != 0) goto L0084
        A = args[0]
        if (A == 0) goto L0080
        if (A == 8) goto L0080
        if (A == 0x20000) goto L0080
        if (A == 0x20008) goto L0080
        if (A == 0xffffffff) goto L0080 else goto L0084
L0031:  if (A == sysfs) goto L0084 else goto L0080
L0032:  if (A >= 0x9a) goto L0034
        if (A == vhangup) goto L0084 else goto L0080
L0034:  if (A < 0x9b) goto L0080
        if (A >= 0x9d) goto L0080 else goto L0084
L0036:  if (A >= 0xf0) goto L0045
        if (A >= 0xd4) goto L0041
        if (A >= 0xa3) goto L0040
        if (A == sync) goto L0080 else goto L0084
L0040:  if (A >= 0xba) goto L0080 else goto L0084
L0041:  if (A >= 0xe3) goto L0043
        if (A == lookup_dcookie) goto L0084 else goto L0080
L0043:  if (A < 0xe4) goto L0084
        if (A >= 0xec) goto L0084 else goto L0080
L0045:  if (A >= 0xfb) goto L0049
        if (A >= 0xf7) goto L0048
        if (A == kexec_load) goto L0084 else goto L0080
L0048:  if (A == waitid) goto L0080 else goto L0084
L0049:  if (A == migrate_pages) goto L0084
        if (A == unshare) goto L0084 else goto L0080
L0051:  if (A >= 0x1a8) goto L0066
        if (A >= 0x134) goto L0058
        if (A >= 0x12c) goto L0056
        if (A == move_pages) goto L0084
        if (A == perf_event_open) goto L0084 else goto L0080
L0056:  if (A == fanotify_init) goto L0084
        if (A == open_by_handle_at) goto L0084 else goto L0080
L0058:  if (A >= 0x140) goto L0062
        if (A >= 0x138) goto L0061
        if (A == setns) goto L0084 else goto L0080
L0061:  if (A >= 0x13a) goto L0080 else goto L0084
L0062:  if (A >= 0x143) goto L0064
        if (A == execveat) goto L0080 else goto L0084
L0064:  if (A < 0x144) goto L0084
        if (A >= 0x150) goto L0084 else goto L0080
L0066:  if (A >= 0x1ba) goto L0074
        if (A >= 0x1b4) goto L0072
        if (A >= 0x1b2) goto L0070
        if (A == pidfd_send_signal) goto L0080 else goto L0084
L0070:  if (A != clone3) goto L0080
        return ERRNO(38)
L0072:  if (A == pidfd_getfd) goto L0084
        if (A == process_madvise) goto L0084 else goto L0080
L0074:  if (A >= 0x1cb) goto L0078
        if (A >= 0x1c2) goto L0077
        if (A >= 0x1bc) goto L0080 else goto L0084
L0077:  if (A == set_mempolicy_home_node) goto L0084 else goto L0080
L0078:  if (A >= 0x1d3) goto L0081
        if (A < 0x1ce) goto L0084
L0080:  return ALLOW
L0081:  if (A < 0x40000000) goto L0084
        if (A >= 0x80000000) goto L0084
L0083:  return KILL_PROCESS
L0084:  return ERRNO(1)
