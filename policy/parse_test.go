package policy

import (
	"fmt"
	"github.com/axpsec/axpsec/bpfvm"
	"strings"
	"testing"

	"github.com/axpsec/axpsec/abi"
)

// TestParseErrors checks that bad policies are rejected with a message at
// the right position (file:line:col).
func TestParseErrors(t *testing.T) {
	head := "[policy]\ndefault = \"allow\"\n"
	tests := []struct {
		name string
		src  string
		pos  string // "line:col" expected in the first error
		msg  string // substring of the first error
	}{
		{"toml syntax", "[policy\n", "", "expected"},
		{"no default", "[[rule]]\nsyscalls = [\"read\"]\naction = \"allow\"\n", "1:1", "no default action"},
		{"unknown key", head + "[[rule]]\nsyscals = [\"read\"]\naction = \"allow\"\n", "4:1", "unknown key \"rule.syscals\""},
		{"unknown action", head + "[[rule]]\nsyscalls = [\"read\"]\naction = \"permit\"\n", "5:10", "unknown action"},
		{"errno range", head + "[[rule]]\nsyscalls = [\"read\"]\naction = \"errno(5000)\"\n", "5:10", "out of range"},
		{"unknown errno", head + "[[rule]]\nsyscalls = [\"read\"]\naction = \"errno(EFOO)\"\n", "5:10", "unknown errno"},
		{"unknown syscall with suggestion", head + "[[rule]]\nsyscalls = [\"read\", \"getpid\"]\naction = \"allow\"\n", "4:21", "did you mean getxpid"},
		{"typo suggestion", head + "[[rule]]\nsyscalls = [\"opennat\"]\naction = \"allow\"\n", "4:13", "did you mean openat"},
		{"unknown group", head + "[[rule]]\nsyscalls = [\"@nope\"]\naction = \"allow\"\n", "4:13", "unknown group @nope"},
		{"group cycle", head + "[groups]\na = [\"@b\"]\nb = [\"@a\"]\n[[rule]]\nsyscalls = [\"@a\"]\naction = \"allow\"\n", "", "group cycle"},
		{"bad condition", head + "[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a0 === 1\"\naction = \"allow\"\n", "5:14", "unexpected character '='"},
		{"bad field", head + "[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a7 == 1\"\naction = \"allow\"\n", "5:9", "expected an argument"},
		{"unknown constant", head + "[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a0 == O_BOGUS\"\naction = \"allow\"\n", "5:15", "unknown constant O_BOGUS"},
		{"32-bit range", head + "[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a0.32 == 0x100000000\"\naction = \"allow\"\n", "5:18", "out of range for a 32-bit"},
		{"empty range", head + "[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a0 in {5..1}\"\naction = \"allow\"\n", "5:16", "empty range"},
		{"constant cycle", head + "[constants]\nA = \"B\"\nB = \"A\"\n[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a0 == A\"\naction = \"allow\"\n", "", "defined in terms of itself"},
		{"x32 number", "[policy]\narch = \"x86_64\"\ndefault = \"allow\"\n[[rule]]\nsyscalls = [0x40000001]\naction = \"allow\"\n", "", "another ABI"},
		{"test arg", head + "[[test]]\nsyscall = \"read\"\nargs = [\"O_NOPE\"]\nexpect = \"allow\"\n", "3:1", "unknown constant O_NOPE"},
		{"test too many args", head + "[[test]]\nsyscall = \"read\"\nargs = [1,2,3,4,5,6,7]\nexpect = \"allow\"\n", "5:8", "at most 6"},
		{"include missing", "[policy]\ndefault = \"allow\"\ninclude = [\"does-not-exist.toml\"]\n", "3:12", "include"},
		{"unknown arch", "[policy]\narch = \"vax\"\ndefault = \"allow\"\n", "", "unknown architecture"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.toml", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error for:\n%s", tt.src)
			}
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error is %T, want a non-empty ErrorList", err)
			}
			first := list[0].Error()
			if !strings.Contains(first, tt.msg) {
				t.Errorf("error %q does not mention %q", first, tt.msg)
			}
			if tt.pos != "" && !strings.HasPrefix(first, "p.toml:"+tt.pos) {
				t.Errorf("error %q is not at p.toml:%s", first, tt.pos)
			}
		})
	}
}

// TestWarnings checks the warnings for suspicious but valid policies.
func TestWarnings(t *testing.T) {
	head := "[policy]\ndefault = \"allow\"\n"
	tests := []struct {
		name, src, msg string
	}{
		{"sign extension", head + "[[rule]]\nsyscalls = [\"write\"]\nwhen = \"a0 == 0xffffffff\"\naction = \"kill_process\"\n", "sign-extends"},
		{"sign extension in set", head + "[[rule]]\nsyscalls = [\"write\"]\nwhen = \"a0 in {1, 0xffffff9c}\"\naction = \"kill_process\"\n", "sign-extends"},
		{"shadowed", head + "[[rule]]\nsyscalls = [\"read\"]\naction = \"allow\"\n[[rule]]\nsyscalls = [\"read\"]\naction = \"kill_process\"\n", "never applies"},
		{"partly shadowed", head + "[[rule]]\nsyscalls = [\"read\"]\naction = \"allow\"\n[[rule]]\nsyscalls = [\"read\", \"write\"]\naction = \"kill_process\"\n", "shadowed for read"},
		{"always false", head + "[[rule]]\nsyscalls = [\"read\"]\nwhen = \"a0.32 > 0xffffffff\"\naction = \"kill_process\"\n", "always false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, err := Parse("p.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, w := range pol.Warnings {
				all = append(all, w.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.msg) {
				t.Errorf("warnings %q do not mention %q", all, tt.msg)
			}
		})
	}
	// No warning for the correct ways to write these.
	pol, err := Parse("p.toml", []byte(head+"[[rule]]\nsyscalls = [\"write\"]\nwhen = \"a0.32 == 0xffffffff or a0 == -1\"\naction = \"kill_process\"\n"))
	if err != nil || len(pol.Warnings) != 0 {
		t.Errorf("unexpected: %v %v", err, pol.Warnings)
	}
}

// TestSemantics checks the reference evaluator on hand-computed cases,
// and that the compiled program agrees.
func TestSemantics(t *testing.T) {
	src := `
[policy]
default = "errno(EPERM)"
bad_arch = "kill_thread"
[constants]
MYFLAGS = "O_CREAT|O_EXCL"
[groups]
io = ["read", "write", "~write"]
[[rule]]
syscalls = ["@io"]
action = "allow"
[[rule]]
syscalls = ["write"]
when = "a0.32 == -1"
action = "trap(9)"
[[rule]]
syscalls = ["write"]
when = "a0 == -1"
action = "trace(4)"
[[rule]]
syscalls = ["openat"]
when = "(a2 & MYFLAGS) == MYFLAGS"
action = "errno(EEXIST)"
[[rule]]
syscalls = ["openat"]
when = "a2 & O_CREAT"
action = "log"
[[rule]]
syscalls = ["mmap"]
when = "not (a2 in {PROT_READ, PROT_READ|PROT_WRITE}) and ip >= 0x120000000"
action = "kill_process"
[[rule]]
syscalls = [999, "close"]
when = "a1 >= 0x100000000 or a1 < 2"
action = "user_notif"
`
	pol, err := Parse("sem.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	nr := func(name string) int32 { n, _ := abi.Alpha.SyscallNumber(name); return int32(n) }
	A := abi.AuditArchAlpha
	tests := []struct {
		d    Data
		want string
	}{
		{Data{Nr: nr("read"), Arch: A}, "ALLOW"},
		{Data{Nr: nr("read"), Arch: abi.AuditArchX86_64}, "KILL_THREAD"},
		{Data{Nr: nr("write"), Arch: A}, "ERRNO(1)"}, // ~write removed it from @io
		{Data{Nr: nr("write"), Arch: A, Args: [6]uint64{0xffffffff}}, "TRAP(9)"},
		{Data{Nr: nr("write"), Arch: A, Args: [6]uint64{^uint64(0)}}, "TRAP(9)"},
		{Data{Nr: nr("write"), Arch: A, Args: [6]uint64{0x1ffffffff}}, "TRAP(9)"},
		{Data{Nr: nr("write"), Arch: A, Args: [6]uint64{0xfffffffe}}, "ERRNO(1)"},
		{Data{Nr: nr("openat"), Arch: A, Args: [6]uint64{0, 0, 0xa00}}, "ERRNO(17)"},
		{Data{Nr: nr("openat"), Arch: A, Args: [6]uint64{0, 0, 0x200}}, "LOG"},
		{Data{Nr: nr("openat"), Arch: A, Args: [6]uint64{0, 0, 0x800}}, "ERRNO(1)"},
		{Data{Nr: nr("mmap"), Arch: A, Args: [6]uint64{0, 0, 5}, InstructionPointer: 0x120000000}, "KILL_PROCESS"},
		{Data{Nr: nr("mmap"), Arch: A, Args: [6]uint64{0, 0, 3}, InstructionPointer: 0x120000000}, "ERRNO(1)"},
		{Data{Nr: nr("mmap"), Arch: A, Args: [6]uint64{0, 0, 5}, InstructionPointer: 0x11fffffff}, "ERRNO(1)"},
		{Data{Nr: 999, Arch: A, Args: [6]uint64{0, 1}}, "USER_NOTIF"},
		{Data{Nr: 999, Arch: A, Args: [6]uint64{0, 2}}, "ERRNO(1)"},
		{Data{Nr: nr("close"), Arch: A, Args: [6]uint64{0, 0x100000000}}, "USER_NOTIF"},
		{Data{Nr: nr("close"), Arch: A, Args: [6]uint64{0, 0xffffffff}}, "ERRNO(1)"},
		{Data{Nr: -1, Arch: A}, "ERRNO(1)"},
	}
	for _, tt := range tests {
		ref, _, err := pol.Evaluate(abi.Alpha, tt.d)
		if err != nil {
			t.Fatal(err)
		}
		if got := bpfvm.ActionString(ref); got != tt.want {
			t.Errorf("%+v: reference %s, want %s", tt.d, got, tt.want)
		}
		if got, _ := run(c.Program, &tt.d); bpfvm.ActionString(got) != tt.want {
			t.Errorf("%+v: program %s, want %s", tt.d, bpfvm.ActionString(got), tt.want)
		}
	}
}

// TestLongJumps compiles a policy whose argument blocks put returns more than
// 255 instructions away, forcing trampolines, and checks it still agrees.
func TestLongJumps(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("[policy]\ndefault = \"errno(1)\"\n")
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&sb, "[[rule]]\nsyscalls = [%d]\nwhen = \"a0 == %d or a1 > %d\"\naction = \"trace(%d)\"\n", 3*i, i*7+1, i*1000+0x100000000, i)
	}
	pol, err := Parse("long.toml", []byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Program) < 600 {
		t.Fatalf("program has only %d instructions; the test needs long jumps", len(c.Program))
	}
	for nr := int32(0); nr < 400; nr++ {
		for _, v := range boundary {
			d := Data{Nr: nr, Arch: abi.AuditArchAlpha, Args: [6]uint64{uint64(nr)/3*7 + 1, v}}
			got, _ := run(c.Program, &d)
			if want := mustEval(c, d); got != want {
				t.Fatalf("nr %d a1 %#x: program %s, reference %s", nr, v, bpfvm.ActionString(got), bpfvm.ActionString(want))
			}
		}
	}
}

// TestTooLong checks the 4096-instruction limit is reported.
func TestTooLong(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("[policy]\ndefault = \"errno(1)\"\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&sb, "[[rule]]\nsyscalls = [%d]\nwhen = \"a0 in {%d, %d, %d} or a1 in {%d, %d}\"\naction = \"trace(%d)\"\n", i, i, i+100000, i+7, i+11, i+13, i)
	}
	pol, err := Parse("big.toml", []byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = pol.Compile(abi.Alpha)
	if err == nil || !strings.Contains(err.Error(), "over the kernel limit of 4096") {
		t.Fatalf("want a length error, got %v", err)
	}
}

// TestNestedGroupsAreLinear guards against exponential group expansion
// (each group naming the next twice, 40 levels deep).
func TestNestedGroupsAreLinear(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("[policy]\ndefault = \"allow\"\n[groups]\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&sb, "g%d = [\"@g%d\", \"@g%d\", \"read\"]\n", i, i+1, i+1)
	}
	sb.WriteString("g40 = [\"write\"]\n[[rule]]\nsyscalls = [\"@g0\"]\naction = \"kill_process\"\n")
	pol, err := Parse("nested.toml", []byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	if ret, _ := c.Evaluate(Data{Nr: 4, Arch: abi.AuditArchAlpha}); ret != abi.SeccompRetKillProcess {
		t.Errorf("write: %s", bpfvm.ActionString(ret))
	}
}
