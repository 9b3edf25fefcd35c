package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/kernelsim"
)

// updateGoldenEnv regenerates the examples' expected.txt files when set.
const updateGoldenEnv = "AXPSEC_UPDATE_GOLDEN"

// seccompExamples are the worked examples under examples/: each directory
// holds policy.toml, the program's source and binary, a Makefile and
// expected.txt, the output of these runs (paths relative to the repository).
var seccompExamples = []struct {
	dir, prog string
	runs      [][]string // axpsec run arguments
}{
	{"seccomp-allowlist", "greet", [][]string{
		{"--policy", "examples/seccomp-allowlist/policy.toml", "--", "examples/seccomp-allowlist/greet"},
		{"--policy", "examples/seccomp-allowlist/policy.toml", "--", "examples/seccomp-allowlist/greet", "open"},
		{"--policy", "examples/seccomp-allowlist/policy.toml", "--dry-run", "--", "examples/seccomp-allowlist/greet", "open"},
	}},
	{"seccomp-errno", "chunked", [][]string{
		{"--policy", "examples/seccomp-errno/policy.toml", "--", "examples/seccomp-errno/chunked"},
	}},
	{"seccomp-trap", "trap", [][]string{
		{"--", "examples/seccomp-trap/trap"},
		{"--policy", "examples/seccomp-trap/policy.toml", "--", "examples/seccomp-trap/trap"},
	}},
}

// transcript runs axpsec run with each argument list and returns what a
// terminal would show: the command, the guest's stdout, axpsec's stderr
// and the exit status.
func transcript(runs [][]string) string {
	var sb strings.Builder
	for _, args := range runs {
		var stdout, stderr bytes.Buffer
		status := runMain(append([]string{"run"}, args...), &stdout, &stderr)
		sb.WriteString("$ axpsec run " + strings.Join(args, " ") + "\n")
		sb.Write(stdout.Bytes())
		sb.Write(stderr.Bytes())
		sb.WriteString("[exit " + strconv.Itoa(status) + "]\n\n")
	}
	return sb.String()
}

// TestSeccompExamples runs the worked examples and compares their output
// with the committed expected.txt.
func TestSeccompExamples(t *testing.T) {
	t.Chdir("../..")
	for _, ex := range seccompExamples {
		t.Run(ex.dir, func(t *testing.T) {
			got := transcript(ex.runs)
			path := filepath.Join("examples", ex.dir, "expected.txt")
			if os.Getenv(updateGoldenEnv) != "" {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (regenerate with %s=1 after checking it):\n--- got\n%s--- want\n%s", path, updateGoldenEnv, got, want)
			}
		})
	}
}

// TestRunAuditLog checks --audit: one JSON line per non-ALLOW verdict with
// the rule's position, written even though the process is killed.
func TestRunAuditLog(t *testing.T) {
	t.Chdir("../..")
	for _, dry := range []bool{false, true} {
		audit := filepath.Join(t.TempDir(), "audit.jsonl")
		args := []string{"run", "--policy", "examples/seccomp-allowlist/policy.toml", "--audit", audit}
		if dry {
			args = append(args, "--dry-run")
		}
		args = append(args, "examples/seccomp-allowlist/greet", "open")
		var stdout, stderr bytes.Buffer
		status := runMain(args, &stdout, &stderr)
		f, err := os.Open(audit)
		if err != nil {
			t.Fatal(err)
		}
		var recs []kernelsim.AuditRecord
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var r kernelsim.AuditRecord
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("audit line %q: %v", sc.Text(), err)
			}
			recs = append(recs, r)
		}
		f.Close()
		if len(recs) != 1 {
			t.Fatalf("dry=%v: %d records, want 1 (status %d, stderr %s)", dry, len(recs), status, stderr.String())
		}
		r := recs[0]
		if r.Syscall != "openat" || r.Nr != 450 || r.Action != "KILL_PROCESS" || r.DryRun != dry ||
			r.Rule != "examples/seccomp-allowlist/policy.toml:7 (default)" || r.Filter != "examples/seccomp-allowlist/policy.toml" ||
			r.Args[0] != "0xffffffffffffff9c" || r.PID != r.TID || r.Time == "" || !strings.HasPrefix(r.PC, "0x12") {
			t.Errorf("dry=%v: record %+v", dry, r)
		}
		wantStatus := 128 + 12
		if dry {
			wantStatus = 1
		}
		if status != wantStatus {
			t.Errorf("dry=%v: status %d, want %d", dry, status, wantStatus)
		}
	}
}

// TestRunPolicyErrors checks the usage errors of the policy flags.
func TestRunPolicyErrors(t *testing.T) {
	t.Chdir("../..")
	bad := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(bad, []byte("[[rule]]\nsyscalls = [\"no_such_call\"]\naction = \"allow\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"dry-run without policy", []string{"--dry-run", "examples/hello/hello"}, "need --policy"},
		{"audit without policy", []string{"--audit", "x", "examples/hello/hello"}, "need --policy"},
		{"missing policy file", []string{"--policy", "/nonexistent.toml", "examples/hello/hello"}, "nonexistent.toml"},
		{"policy that does not compile", []string{"--policy", bad, "examples/hello/hello"}, "no_such_call"},
		{"unwritable audit file", []string{"--policy", "examples/seccomp-allowlist/policy.toml", "--audit", "/nonexistent/dir/a", "examples/hello/hello"}, "audit log"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if status := runMain(append([]string{"run"}, tc.args...), &stdout, &stderr); status != exitBadUse {
				t.Errorf("status %d, want %d; stderr %s", status, exitBadUse, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr %q does not mention %q", stderr.String(), tc.want)
			}
		})
	}
}
