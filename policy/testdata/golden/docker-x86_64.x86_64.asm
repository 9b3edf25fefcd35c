# arch: x86_64
        A = arch
        if (A != ARCH_X86_64) goto L0077
        A = sys_number
        if (A >= 0x117) goto L0045
        if (A >= 0xa1) goto L0030
        if (A >= 0x87) goto L0014
        if (A >= 0x39) goto L0012
        if (A == socket) goto L0078
        if (A != clone) goto L0074
        A = args[0]
        A &= 0x7e020000
        if (A == 0) goto L0074 else goto L0078
L0012:  if (A == syslog) goto L0078
        if (A == uselib) goto L0078 else goto L0074
L0014:  if (A >= 0x8c) goto L0026
        if (A >= 0x89) goto L0025
        if (A == ustat) goto L0078
        A = args[0] >> 32
        if (A != 0) goto L0078
        A = args[0]
        if (A == 0) goto L0074
        if (A == 8) goto L0074
        if (A == 0x20000) goto L0074
        if (A == 0x20008) goto L0074
        if (A == 0xffffffff) goto L0074 else goto L0078
L0025:  if (A == sysfs) goto L0078 else goto L0074
L0026:  if (A >= 0x9a) goto L0028
        if (A == vhangup) goto L0078 else goto L0074
L0028:  if (A < 0x9b) goto L0074
        if (A >= 0x9d) goto L0074 else goto L0078
L0030:  if (A >= 0xf0) goto L0039
        if (A >= 0xd4) goto L0035
        if (A >= 0xa3) goto L0034
        if (A == sync) goto L0074 else goto L0078
L0034:  if (A >= 0xba) goto L0074 else goto L0078
L0035:  if (A >= 0xe3) goto L0037
        if (A == lookup_dcookie) goto L0078 else goto L0074
L0037:  if (A < 0xe4) goto L0078
        if (A >= 0xec) goto L0078 else goto L0074
L0039:  if (A >= 0xfb) goto L0043
        if (A >= 0xf7) goto L0042
        if (A == kexec_load) goto L0078 else goto L0074
L0042:  if (A == waitid) goto L0074 else goto L0078
L0043:  if (A == migrate_pages) goto L0078
        if (A == unshare) goto L0078 else goto L0074
L0045:  if (A >= 0x1a8) goto L0060
        if (A >= 0x134) goto L0052
        if (A >= 0x12c) goto L0050
        if (A == move_pages) goto L0078
        if (A == perf_event_open) goto L0078 else goto L0074
L0050:  if (A == fanotify_init) goto L0078
        if (A == open_by_handle_at) goto L0078 else goto L0074
L0052:  if (A >= 0x140) goto L0056
        if (A >= 0x138) goto L0055
        if (A == setns) goto L0078 else goto L0074
L0055:  if (A >= 0x13a) goto L0074 else goto L0078
L0056:  if (A >= 0x143) goto L0058
        if (A == execveat) goto L0074 else goto L0078
L0058:  if (A < 0x144) goto L0078
        if (A >= 0x150) goto L0078 else goto L0074
L0060:  if (A >= 0x1ba) goto L0068
        if (A >= 0x1b4) goto L0066
        if (A >= 0x1b2) goto L0064
        if (A == pidfd_send_signal) goto L0074 else goto L0078
L0064:  if (A != clone3) goto L0074
        return ERRNO(38)
L0066:  if (A == pidfd_getfd) goto L0078
        if (A == process_madvise) goto L0078 else goto L0074
L0068:  if (A >= 0x1cb) goto L0072
        if (A >= 0x1c2) goto L0071
        if (A >= 0x1bc) goto L0074 else goto L0078
L0071:  if (A == set_mempolicy_home_node) goto L0078 else goto L0074
L0072:  if (A >= 0x1d3) goto L0075
        if (A < 0x1ce) goto L0078
L0074:  return ALLOW
L0075:  if (A < 0x40000000) goto L0078
        if (A >= 0x80000000) goto L0078
L0077:  return KILL_PROCESS
L0078:  return ERRNO(1)
