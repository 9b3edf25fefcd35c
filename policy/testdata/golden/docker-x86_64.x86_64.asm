# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0101
        A = sys_number
        if (A >= 0x117) goto L0069
        if (A >= 0xa1) goto L0054
        if (A >= 0x87) goto L0026
        if (A >= 0x39) goto L0024
        if (A == socket) goto L0012
        if (A != clone) goto L0098
        A = args[0]
        A &= 0x7e020000
        goto L0048
L0012:  A = args[0] >> 32
        if (A > 0) goto L0016
        A = args[0]
        if (A < 0x26) goto L0098
L0016:  A = args[0]
        if (A != 0x27) goto L0020
        A = args[0] >> 32
        if (A == 0) goto L0098
L0020:  A = args[0] >> 32
        if (A > 0) goto L0098
        A = args[0]
        if (A > 0x28) goto L0098 else goto L0102
L0024:  if (A == syslog) goto L0102
        if (A == uselib) goto L0102 else goto L0098
L0026:  if (A >= 0x8c) goto L0050
        if (A >= 0x89) goto L0049
        if (A == ustat) goto L0102
        A = args[0]
        if (A != 0) goto L0033
        A = args[0] >> 32
        if (A == 0) goto L0098
L0033:  A = args[0]
        if (A != 8) goto L0037
        A = args[0] >> 32
        if (A == 0) goto L0098
L0037:  A = args[0]
        if (A != 0x20000) goto L0041
        A = args[0] >> 32
        if (A == 0) goto L0098
L0041:  A = args[0]
        if (A != 0x20008) goto L0045
        A = args[0] >> 32
        if (A == 0) goto L0098
L0045:  A = args[0]
        if (A != 0xffffffff) goto L0102
        A = args[0] >> 32
L0048:  if (A == 0) goto L0098 else goto L0102
L0049:  if (A == sysfs) goto L0102 else goto L0098
L0050:  if (A >= 0x9a) goto L0052
        if (A == vhangup) goto L0102 else goto L0098
L0052:  if (A < 0x9b) goto L0098
        if (A >= 0x9d) goto L0098 else goto L0102
L0054:  if (A >= 0xf0) goto L0063
        if (A >= 0xd4) goto L0059
        if (A >= 0xa3) goto L0058
        if (A == sync) goto L0098 else goto L0102
L0058:  if (A >= 0xba) goto L0098 else goto L0102
L0059:  if (A >= 0xe3) goto L0061
        if (A == lookup_dcookie) goto L0102 else goto L0098
L0061:  if (A < 0xe4) goto L0102
        if (A >= 0xec) goto L0102 else goto L0098
L0063:  if (A >= 0xfb) goto L0067
        if (A >= 0xf7) goto L0066
        if (A == kexec_load) goto L0102 else goto L0098
L0066:  if (A == waitid) goto L0098 else goto L0102
L0067:  if (A == migrate_pages) goto L0102
        if (A == unshare) goto L0102 else goto L0098
L0069:  if (A >= 0x1a8) goto L0084
        if (A >= 0x134) goto L0076
        if (A >= 0x12c) goto L0074
        if (A == move_pages) goto L0102
        if (A == perf_event_open) goto L0102 else goto L0098
L0074:  if (A == fanotify_init) goto L0102
        if (A == open_by_handle_at) goto L0102 else goto L0098
L0076:  if (A >= 0x140) goto L0080
        if (A >= 0x138) goto L0079
        if (A == setns) goto L0102 else goto L0098
L0079:  if (A >= 0x13a) goto L0098 else goto L0102
L0080:  if (A >= 0x143) goto L0082
        if (A == execveat) goto L0098 else goto L0102
L0082:  if (A < 0x144) goto L0102
        if (A >= 0x150) goto L0102 else goto L0098
L0084:  if (A >= 0x1ba) goto L0092
        if (A >= 0x1b4) goto L0090
        if (A >= 0x1b2) goto L0088
        if (A == pidfd_send_signal) goto L0098 else goto L0102
L0088:  if (A != clone3) goto L0098
        return ERRNO(38)
L0090:  if (A == pidfd_getfd) goto L0102
        if (A == process_madvise) goto L0102 else goto L0098
L0092:  if (A >= 0x1cb) goto L0096
        if (A >= 0x1c2) goto L0095
        if (A >= 0x1bc) goto L0098 else goto L0102
L0095:  if (A == set_mempolicy_home_node) goto L0102 else goto L0098
L0096:  if (A >= 0x1d3) goto L0099
        if (A < 0x1ce) goto L0102
L0098:  return ALLOW
L0099:  if (A < 0x40000000) goto L0102
        if (A >= 0x80000000) goto L0102
L0101:  return KILL_PROCESS
L0102:  return ERRNO(1)
