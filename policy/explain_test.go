package policy

import (
	"strings"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

func TestExplain(t *testing.T) {
	src := `
[policy]
default = "errno(EPERM)"
[[rule]]
syscalls = ["read"]
action = "allow"
[[rule]]
syscalls = ["write", 9999]
when = "a0.32 in {1, 2}"
action = "allow"
[[rule]]
syscalls = ["write"]
action = "kill_process"
`
	pol, err := Parse("e.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range c.Explain() {
		got[e.Name] = e.String()
	}
	want := map[string]string{
		"read":  "read (3): ALLOW  [e.toml:4:1]",
		"write": "write (4): ALLOW if a0.32 == 1 or a0.32 == 2 [e.toml:7:1]; else KILL_PROCESS (rule e.toml:11:1)",
		"#9999": "#9999 (9999): ALLOW if a0.32 == 1 or a0.32 == 2 [e.toml:7:1]; else ERRNO(1) (default)",
		"close": "close (6): ERRNO(1)",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s:\n got %q\nwant %q", name, got[name], w)
		}
	}
	if n := len(c.Explain()); n != len(abi.Alpha.Syscalls)+1 {
		t.Errorf("%d explanations, want %d", n, len(abi.Alpha.Syscalls)+1)
	}
	if !strings.HasPrefix(got["exit_group"], "exit_group (405): ERRNO(1)") {
		t.Errorf("exit_group: %q", got["exit_group"])
	}
}
