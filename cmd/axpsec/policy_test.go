package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/bpfvm"
)

const examplePolicy = "../../examples/policies/hello-alpha.toml"

// writePolicy writes src to a temporary policy file.
func writePolicy(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "p.toml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPolicyCommands(t *testing.T) {
	bad := writePolicy(t, "[policy]\ndefault = \"allow\"\n[[rule]]\nsyscalls = [\"getpid\"]\naction = \"allow\"\n")
	warn := writePolicy(t, "[policy]\ndefault = \"allow\"\n[[rule]]\nsyscalls = [\"write\"]\nwhen = \"a0 == 0xffffffff\"\naction = \"errno(EBADF)\"\n")
	failing := writePolicy(t, "[policy]\ndefault = \"allow\"\n[[test]]\nsyscall = \"read\"\nexpect = \"kill_process\"\n")
	ociProfile := filepath.Join(t.TempDir(), "profile.json")
	if err := os.WriteFile(ociProfile, []byte(`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
		{"names": ["getpid", "read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]},
		{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string
		stderr     []string
		notStdout  []string
		stdoutJSON bool
	}{
		{name: "check ok", args: []string{"check", examplePolicy}, code: exitOK, stdout: []string{"ok for alpha", "instructions"}},
		{name: "check unknown syscall", args: []string{"check", bad}, code: exitFailed, stderr: []string{"p.toml:4:13", "did you mean getxpid"}},
		{name: "check warning", args: []string{"check", warn}, code: exitOK, stderr: []string{"warning", "sign-extends"}},
		{name: "check missing file", args: []string{"check", "/nonexistent.toml"}, code: exitBadUse, stderr: []string{"no such file"}},
		{name: "check no args", args: []string{"check"}, code: exitBadUse, stderr: []string{"want one policy file"}},
		{name: "compile asm", args: []string{"compile", examplePolicy}, code: exitOK, stdout: []string{"A = sys_number", "return KILL_PROCESS"}},
		{name: "compile c", args: []string{"compile", "--format", "c", examplePolicy}, code: exitOK, stdout: []string{"struct sock_filter axpsec_filter[] = {", "{ 0x20, 0, 0, 0x00000004 },"}},
		{name: "compile go, flag after file", args: []string{"compile", examplePolicy, "--format=go"}, code: exitOK, stdout: []string{"[]bpf.RawInstruction{", "{Op: 0x20, Jt: 0, Jf: 0, K: 0x4},"}},
		{name: "compile x86_64", args: []string{"compile", "--arch", "x86_64", "../../examples/policies/denylist.toml"}, code: exitOK, stdout: []string{"ARCH_X86_64"}},
		{name: "compile bad format", args: []string{"compile", "--format", "xml", examplePolicy}, code: exitBadUse, stderr: []string{"unknown format"}},
		{name: "compile bad arch", args: []string{"compile", "--arch", "vax", examplePolicy}, code: exitBadUse, stderr: []string{"unknown architecture"}},
		{name: "compile unknown flag", args: []string{"compile", "--optimise", examplePolicy}, code: exitBadUse, stderr: []string{"unknown flag"}},
		{name: "test pass", args: []string{"test", examplePolicy}, code: exitOK, stdout: []string{"PASS: 14 tests"}},
		{name: "test verbose", args: []string{"test", "-v", examplePolicy}, code: exitOK, stdout: []string{"ok   ", "(rule at "}},
		{name: "test fail", args: []string{"test", failing}, code: exitFailed, stdout: []string{"FAIL", "want KILL_PROCESS, filter gave ALLOW", "FAIL: 1 of 1"}},
		{name: "sim allowed", args: []string{"sim", examplePolicy, "write", "1", "0", "6"}, code: exitOK, stdout: []string{"matched: rule at ../../examples/policies/hello-alpha.toml:15:1", "verdict: ALLOW"}},
		{name: "sim negative arg", args: []string{"sim", examplePolicy, "openat", "-100", "0", "O_RDWR"}, code: exitOK, stdout: []string{"0xffffffffffffff9c", "hello-alpha.toml:27:1", "verdict: ERRNO(13)"}},
		{name: "sim default", args: []string{"sim", examplePolicy, "execve"}, code: exitOK, stdout: []string{"no rule", "verdict: KILL_PROCESS"}},
		{name: "sim by number with ip", args: []string{"sim", "--ip", "0x120001000", examplePolicy, "3"}, code: exitOK, stdout: []string{"nr 3", "ip 0x120001000", "verdict: ALLOW"}},
		{name: "sim unknown syscall", args: []string{"sim", examplePolicy, "getpid"}, code: exitBadUse, stderr: []string{"did you mean getxpid"}},
		{name: "sim bad arg", args: []string{"sim", examplePolicy, "read", "O_NOPE"}, code: exitBadUse, stderr: []string{"unknown constant O_NOPE"}},
		{name: "explain", args: []string{"explain", examplePolicy}, code: exitOK, stdout: []string{"read (3): ALLOW", "write (4): ALLOW if", "else KILL_PROCESS (default)", "openat (450):"}},
		{name: "import", args: []string{"import", "--arch", "x86_64", ociProfile}, code: exitOK, stdout: []string{"[policy]", "arch     = \"x86_64\"", "when     = \"a1 == 0x1\""}, stderr: []string{"note: skipped entry 1 (mount): needs CAP_SYS_ADMIN"}},
		{name: "import alpha", args: []string{"import", ociProfile}, code: exitOK, stdout: []string{"\"getxpid\""}, stderr: []string{"getpid is getxpid"}},
		{name: "import bad json", args: []string{"import", bad}, code: exitFailed, stderr: []string{"reading OCI seccomp profile"}},
		{name: "help", args: []string{"help", "sim"}, code: exitOK, stdout: []string{"usage: axpsec sim POLICY.toml"}},
		{name: "flag help", args: []string{"compile", "-h"}, code: exitOK, stderr: []string{"usage: axpsec compile", "-format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runMain(tt.args, &out, &errb)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out.String(), errb.String())
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout does not contain %q:\n%s", s, out.String())
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errb.String(), s) {
					t.Errorf("stderr does not contain %q:\n%s", s, errb.String())
				}
			}
		})
	}
}

// TestCompileRawRoundTrip writes a raw program and loads it back with bpfvm.
func TestCompileRawRoundTrip(t *testing.T) {
	out := filepath.Join(t.TempDir(), "f.bpf")
	var stdout, stderr bytes.Buffer
	if code := runMain([]string{"compile", examplePolicy, "-o", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := bpfvm.LoadBytes(raw)
	if err != nil {
		t.Fatalf("raw output does not load: %v", err)
	}
	var asm bytes.Buffer
	runMain([]string{"compile", examplePolicy, "--format", "asm"}, &asm, &stderr)
	if got := bpfvm.Disassemble(prog.Instructions(), bpfvm.DisasmOptions{}); got != asm.String() {
		t.Errorf("raw and asm outputs differ:\n%s\nvs\n%s", got, asm.String())
	}
}

// TestExplainJSON checks the JSON form of explain.
func TestExplainJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runMain([]string{"explain", "--json", examplePolicy}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc struct {
		Arch     string
		Default  string
		BadArch  string `json:"bad_arch"`
		Syscalls []struct {
			Nr       int
			Name     string
			Constant bool
			Verdict  string
			Cases    []struct{ When, Verdict, Rule string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Arch != "alpha" || doc.Default != "KILL_PROCESS" || len(doc.Syscalls) < 400 {
		t.Fatalf("unexpected document head: %+v", doc.Arch)
	}
	found := false
	for _, s := range doc.Syscalls {
		if s.Name == "ioctl" {
			found = true
			if s.Constant || len(s.Cases) != 1 || s.Cases[0].Verdict != "ALLOW" || !strings.Contains(s.Cases[0].When, "a1.32") {
				t.Errorf("ioctl explained as %+v", s)
			}
		}
	}
	if !found {
		t.Error("ioctl missing")
	}
}
