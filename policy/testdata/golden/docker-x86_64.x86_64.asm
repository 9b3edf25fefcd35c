# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0075
        A = sys_number
        if (A >= 0x117) goto L0043
        if (A >= 0xa1) goto L0028
        if (A >= 0x87) goto L0014
        if (A >= 0x39) goto L0012
        if (A == socket) goto L0076
        if (A != clone) goto L0072
        A = args[0]
        A &= 0x7e020000
        if (A == 0) goto L0072 else goto L0076
L0012:  if (A == syslog) goto L0076
        if (A == uselib) goto L0076 else goto L0072
L0014:  if (A >= 0x8c) goto L0024
        if (A >= 0x89) goto L0023
        if (A == ustat) goto L0076
        A = args[0]
        if (A == 0) goto L0072
        if (A == 8) goto L0072
        if (A == 0x20000) goto L0072
        if (A == 0x20008) goto L0072
        if (A == 0xffffffff) goto L0072 else goto L0076
L0023:  if (A == sysfs) goto L0076 else goto L0072
L0024:  if (A >= 0x9a) goto L0026
        if (A == vhangup) goto L0076 else goto L0072
L0026:  if (A < 0x9b) goto L0072
        if (A >= 0x9d) goto L0072 else goto L0076
L0028:  if (A >= 0xf0) goto L0037
        if (A >= 0xd4) goto L0033
        if (A >= 0xa3) goto L0032
        if (A == sync) goto L0072 else goto L0076
L0032:  if (A >= 0xba) goto L0072 else goto L0076
L0033:  if (A >= 0xe3) goto L0035
        if (A == lookup_dcookie) goto L0076 else goto L0072
L0035:  if (A < 0xe4) goto L0076
        if (A >= 0xec) goto L0076 else goto L0072
L0037:  if (A >= 0xfb) goto L0041
        if (A >= 0xf7) goto L0040
        if (A == kexec_load) goto L0076 else goto L0072
L0040:  if (A == waitid) goto L0072 else goto L0076
L0041:  if (A == migrate_pages) goto L0076
        if (A == unshare) goto L0076 else goto L0072
L0043:  if (A >= 0x1a8) goto L0058
        if (A >= 0x134) goto L0050
        if (A >= 0x12c) goto L0048
        if (A == move_pages) goto L0076
        if (A == perf_event_open) goto L0076 else goto L0072
L0048:  if (A == fanotify_init) goto L0076
        if (A == open_by_handle_at) goto L0076 else goto L0072
L0050:  if (A >= 0x140) goto L0054
        if (A >= 0x138) goto L0053
        if (A == setns) goto L0076 else goto L0072
L0053:  if (A >= 0x13a) goto L0072 else goto L0076
L0054:  if (A >= 0x143) goto L0056
        if (A == execveat) goto L0072 else goto L0076
L0056:  if (A < 0x144) goto L0076
        if (A >= 0x150) goto L0076 else goto L0072
L0058:  if (A >= 0x1ba) goto L0066
        if (A >= 0x1b4) goto L0064
        if (A >= 0x1b2) goto L0062
        if (A == pidfd_send_signal) goto L0072 else goto L0076
L0062:  if (A != clone3) goto L0072
        return ERRNO(38)
L0064:  if (A == pidfd_getfd) goto L0076
        if (A == process_madvise) goto L0076 else goto L0072
L0066:  if (A >= 0x1cb) goto L0070
        if (A >= 0x1c2) goto L0069
        if (A >= 0x1bc) goto L0072 else goto L0076
L0069:  if (A == set_mempolicy_home_node) goto L0076 else goto L0072
L0070:  if (A >= 0x1d3) goto L0073
        if (A < 0x1ce) goto L0076
L0072:  return ALLOW
L0073:  if (A < 0x40000000) goto L0076
        if (A >= 0x80000000) goto L0076
L0075:  return KILL_PROCESS
L0076:  return ERRNO(1)
