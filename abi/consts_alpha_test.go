package abi

import "testing"

// TestAlphaIoctlEncoding checks the encoder against request numbers read from
// Alpha headers (alpha-isa.md §3.6, kernel-abi.md §2.5).
func TestAlphaIoctlEncoding(t *testing.T) {
	tests := []struct {
		name string
		want int64
	}{
		{"TCGETS", 0x402c7413},
		{"TCSETS", 0x802c7414},
		{"TIOCGWINSZ", 0x40087468},
		{"FIONREAD", 0x4004667f},
		{"TIOCGPGRP", 0x40047477},
		{"SECCOMP_IOCTL_NOTIF_RECV", 0xC0502100},
		{"SECCOMP_IOCTL_NOTIF_SEND", 0xC0182101},
		{"SECCOMP_IOCTL_NOTIF_ID_VALID", 0x80082102},
		{"SECCOMP_IOCTL_NOTIF_ADDFD", 0x80182103},
		{"SECCOMP_IOCTL_NOTIF_SET_FLAGS", 0x80082104},
		{"O_CREAT", 0x200},
		{"MAP_ANONYMOUS", 0x10},
		{"AT_FDCWD", -100},
	}
	for _, tt := range tests {
		if got, ok := AlphaConstants[tt.name]; !ok || got != tt.want {
			t.Errorf("AlphaConstants[%q] = %#x, %v; want %#x", tt.name, got, ok, tt.want)
		}
	}
}
