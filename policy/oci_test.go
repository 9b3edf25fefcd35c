package policy

import (
	"github.com/axpsec/axpsec/bpfvm"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/internal/testtool"
)

// TestImportOCIExamples checks that the Docker-like examples are exactly the
// import of Docker's profile (shared/data/moby-default.json) followed by
// hand-written additions and tests.
func TestImportOCIExamples(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testtool.SharedDir(t), "data", "moby-default.json"))
	if err != nil {
		testtool.Unavailable(t, "moby profile: %v", err)
	}
	for _, tt := range []struct {
		arch *abi.Arch
		file string
	}{{abi.Alpha, "docker-alpha.toml"}, {abi.X86_64, "docker-x86_64.toml"}} {
		text, _, err := ImportOCI(src, tt.arch, "moby-default.json")
		if err != nil {
			t.Fatal(err)
		}
		example, err := os.ReadFile(filepath.Join("..", "examples", "policies", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		generated, _, ok := strings.Cut(string(example), "\n# --- Not generated")
		if !ok {
			t.Fatalf("%s has no '# --- Not generated' marker", tt.file)
		}
		if generated != text {
			t.Errorf("%s differs from 'axpsec import --arch %s shared/data/moby-default.json'; regenerate it", tt.file, tt.arch.Name)
		}
	}
}

func TestImportOCI(t *testing.T) {
	profile := `{
  "defaultAction": "SCMP_ACT_ERRNO",
  "defaultErrnoRet": 1,
  "syscalls": [
    {"names": ["read", "getpid", "no_such_call"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["write"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"},
              {"index": 2, "value": 4096, "op": "SCMP_CMP_LE"}]},
    {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
    {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
    {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
    {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
    {"names": ["kill"], "action": "SCMP_ACT_KILL_PROCESS", "comment": "no signals"}
  ]
}`
	text, notes, err := ImportOCI([]byte(profile), abi.Alpha, "test.json")
	if err != nil {
		t.Fatal(err)
	}
	pol, err := Parse("imported.toml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if len(pol.Warnings) != 0 {
		t.Errorf("warnings: %v", pol.Warnings)
	}
	for _, want := range []string{"getpid is getxpid", "needs CAP_SYS_ADMIN", "no_such_call", "low 32 bits"} {
		if !strings.Contains(strings.Join(notes, "\n"), want) {
			t.Errorf("notes do not mention %q: %q", want, notes)
		}
	}
	nr := func(n string) int32 { v, _ := abi.Alpha.SyscallNumber(n); return int32(v) }
	A := abi.AuditArchAlpha
	tests := []struct {
		d    Data
		want string
	}{
		{Data{Nr: nr("read"), Arch: A}, "ALLOW"},
		{Data{Nr: nr("getxpid"), Arch: A}, "ALLOW"},
		{Data{Nr: nr("write"), Arch: A, Args: [6]uint64{2, 0, 4096}}, "ALLOW"},
		{Data{Nr: nr("write"), Arch: A, Args: [6]uint64{2, 0, 4097}}, "ERRNO(1)"},
		{Data{Nr: nr("write"), Arch: A, Args: [6]uint64{3, 0, 1}}, "ERRNO(1)"},
		{Data{Nr: nr("personality"), Arch: A, Args: [6]uint64{^uint64(0)}}, "ALLOW"},
		{Data{Nr: nr("clone"), Arch: A, Args: [6]uint64{0x100}}, "ALLOW"},
		{Data{Nr: nr("clone"), Arch: A, Args: [6]uint64{0x10000000}}, "ERRNO(1)"},
		{Data{Nr: nr("mount"), Arch: A}, "ERRNO(1)"},
		{Data{Nr: nr("clone3"), Arch: A}, "ERRNO(78)"},
		{Data{Nr: nr("kill"), Arch: A}, "KILL_PROCESS"},
	}
	for _, tt := range tests {
		ret, _, err := pol.Evaluate(abi.Alpha, tt.d)
		if err != nil {
			t.Fatal(err)
		}
		if got := bpfvm.ActionString(ret); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.d, got, tt.want)
		}
	}
	// The same profile for x86_64 keeps arch_prctl and errno 38 as ENOSYS.
	text, _, err = ImportOCI([]byte(profile), abi.X86_64, "test.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, `"arch_prctl"`) || !strings.Contains(text, "errno(ENOSYS)") || !strings.Contains(text, `"getpid"`) {
		t.Errorf("x86_64 import:\n%s", text)
	}

	for _, bad := range []string{`{`, `{"defaultAction": "SCMP_ACT_FOO"}`,
		`{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 9, "op": "SCMP_CMP_EQ"}]}]}`,
		`{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "op": "SCMP_CMP_XX"}]}]}`} {
		if _, _, err := ImportOCI([]byte(bad), abi.Alpha, "bad.json"); err == nil {
			t.Errorf("no error for %s", bad)
		}
	}
}

func FuzzImportOCI(f *testing.F) {
	f.Add([]byte(`{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_GT"}]}]}`))
	f.Add([]byte(`{"defaultAction": "SCMP_ACT_TRACE", "defaultErrnoRet": 9, "syscalls": [{"name": "getpid", "action": "SCMP_ACT_ERRNO", "errnoRet": 4095, "comment": "\"x\""}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		text, _, err := ImportOCI(src, abi.Alpha, "fuzz.json")
		if err != nil {
			return
		}
		// What the importer writes must parse (names it emits exist).
		if _, err := parseWith("fuzz.toml", []byte(text), func(string) ([]byte, error) { return nil, os.ErrNotExist }); err != nil {
			t.Fatalf("imported policy does not parse: %v\n%s", err, text)
		}
	})
}
