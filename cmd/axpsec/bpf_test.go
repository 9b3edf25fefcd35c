package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const emuFilterText = `# arch: alpha
	A = arch
	if (A != ARCH_ALPHA) goto kill
	A = sys_number
	if (A == read) goto allow
	if (A == write) goto check
	if (A == 1000) goto ipcheck
	return ERRNO(13)
check:	A = args[0] >> 32
	if (A != 0xffffffff) goto trap
	A = args[1]
	if (A == 2) goto allow
trap:	return TRAP(5)
ipcheck: A = instruction_pointer
	if (A == 0x1234) goto allow
	return LOG
allow:	return ALLOW
kill:	return KILL_PROCESS
`

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runMain(args, &out, &errb)
	return code, out.String(), errb.String()
}

// assembleFile writes text to dir and assembles it with the CLI.
func assembleFile(t *testing.T, dir, text string) string {
	t.Helper()
	src := filepath.Join(dir, "f.s")
	bin := filepath.Join(dir, "f.bpf")
	if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "asm", src, "-o", bin); code != exitOK {
		t.Fatalf("asm exit %d: %s", code, errs)
	}
	return bin
}

func TestCLIEmu(t *testing.T) {
	bin := assembleFile(t, t.TempDir(), emuFilterText)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"read"}, "ALLOW"},
		{[]string{"3"}, "ALLOW"},
		{[]string{"open"}, "ERRNO(13)"},
		{[]string{"write", "-1", "2"}, "ALLOW"},
		{[]string{"write", "1", "2"}, "TRAP(5)"},
		{[]string{"write", "0xffffffffffffffff", "3"}, "TRAP(5)"},
		{[]string{"--arch", "x86_64", "read"}, "KILL_PROCESS"},
		{[]string{"read", "--arch=aarch64"}, "KILL_PROCESS"},
		{[]string{"1000"}, "LOG"},
		{[]string{"1000", "--ip", "0x1234"}, "ALLOW"},
	}
	for _, tc := range tests {
		code, out, errs := run(t, append([]string{"emu", bin}, tc.args...)...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != exitOK || lines[len(lines)-1] != tc.want {
			t.Errorf("emu %v: exit %d, last line %q (stderr %q), want %q", tc.args, code, lines[len(lines)-1], errs, tc.want)
		}
	}
	_, out, _ := run(t, "emu", bin, "write", "1")
	for _, want := range []string{"write(0x1): nr 4, arch alpha", "0004: if (A == write) goto L0007", "return 0x00030005 at line 0011"} {
		if !strings.Contains(out, want) {
			t.Errorf("emu output lacks %q:\n%s", want, out)
		}
	}
}

func TestCLIDisasmRoundTrip(t *testing.T) {
	dir := t.TempDir()
	bin := assembleFile(t, dir, emuFilterText)
	code, text, errs := run(t, "disasm", bin)
	if code != exitOK || errs != "" {
		t.Fatalf("disasm exit %d: %s", code, errs)
	}
	for _, want := range []string{"# arch: alpha", "if (A != ARCH_ALPHA) goto L0016", "if (A == write) goto L0007", "L0015:  return ALLOW"} {
		if !strings.Contains(text, want) {
			t.Errorf("disasm output lacks %q:\n%s", want, text)
		}
	}
	orig, _ := os.ReadFile(bin)
	again := assembleFile(t, dir, text)
	if got, _ := os.ReadFile(again); !bytes.Equal(got, orig) {
		t.Errorf("disasm | asm changed the filter")
	}
	if _, raw, _ := run(t, "disasm", "--raw", bin); !strings.Contains(raw, "# 0000: 0x0020 00 00 00000004") {
		t.Errorf("disasm --raw lacks the encoding comment:\n%s", raw)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	short := write("short.bpf", []byte{6, 0, 0, 0, 0, 0})
	invalid := write("invalid.bpf", []byte{0x28, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0xff, 0x7f})
	badAsm := write("bad.s", []byte("return ALLOW\nA = bogus_thing +\n"))
	invalidAsm := write("invalid.s", []byte("A = mem[3]\nreturn A\n"))
	good := assembleFile(t, dir, "return ALLOW\n")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"disasm", filepath.Join(dir, "missing.bpf")}, exitBadUse, "no such file"},
		{[]string{"disasm", short}, exitBadUse, "not a whole number of 8-byte sock_filter records"},
		{[]string{"disasm"}, exitBadUse, "want one FILTER.bpf"},
		{[]string{"emu", short, "read"}, exitBadUse, "8-byte"},
		{[]string{"emu", invalid, "read"}, exitBadUse, "instruction 0: opcode 0x28 (LD|H|ABS) is not allowed"},
		{[]string{"emu", good, "nosuchcall"}, exitBadUse, "unknown alpha syscall"},
		{[]string{"emu", good, "read", "1", "2", "3", "4", "5", "6", "7"}, exitBadUse, "want FILTER.bpf"},
		{[]string{"emu", good, "read", "zz"}, exitBadUse, "argument 0"},
		{[]string{"emu", good, "--arch", "vax", "read"}, exitBadUse, "unknown architecture"},
		{[]string{"emu", good, "--bogus", "read"}, exitBadUse, "unknown flag"},
		{[]string{"asm", badAsm, "-o", filepath.Join(dir, "x.bpf")}, exitBadUse, "bad.s:2: unexpected character"},
		{[]string{"asm", invalidAsm, "-o", filepath.Join(dir, "x.bpf")}, exitBadUse, "M[3] may be read before it is written"},
		{[]string{"asm", badAsm}, exitBadUse, "want FILE.s -o FILTER.bpf"},
	}
	for _, tc := range tests {
		code, _, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line containing %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
	// An invalid filter still disassembles, with a note.
	code, out, errs := run(t, "disasm", invalid)
	if code != exitOK || !strings.Contains(out, ".insn 0x0028, 0, 0, 0") || !strings.Contains(errs, "kernel would reject") {
		t.Errorf("disasm invalid: exit %d, out %q, err %q", code, out, errs)
	}
}
