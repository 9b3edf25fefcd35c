package kernelsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/internal/testtool"
)

// TestShebangParse checks the "#!" line parser on the cases load_script
// distinguishes, including its buffer-boundary and NUL behaviour.
func TestShebangParse(t *testing.T) {
	long := strings.Repeat("a", 300)
	// The interpreter path ends at byte 10; the argument is cut where the
	// 256-byte buffer ends (its last byte becomes the terminator).
	cutArg := strings.Repeat("a", binprmBufSize-1-len("#!/bin/sh "))
	tests := []struct {
		name string
		in   string
		want shebang
		e    abi.Errno
	}{
		{"plain", "#!/bin/sh\n", shebang{interp: "/bin/sh"}, 0},
		{"arg", "#!/bin/sh -x\n", shebang{"/bin/sh", "-x", true}, 0},
		{"blanks around", "#! \t/bin/sh \t -x \t\nrest", shebang{"/bin/sh", "-x", true}, 0},
		{"inner spaces kept", "#!/bin/sh  a  b\tc \n", shebang{"/bin/sh", "a  b\tc", true}, 0},
		{"trailing blanks only", "#!/bin/sh  \t\n", shebang{interp: "/bin/sh"}, 0},
		{"no newline", "#!/bin/sh -x", shebang{"/bin/sh", "-x", true}, 0},
		{"no newline keeps trailing blanks", "#!/bin/sh -x \t", shebang{"/bin/sh", "-x \t", true}, 0},
		{"no newline blank gives empty arg", "#!/bin/sh ", shebang{"/bin/sh", "", true}, 0},
		{"CR kept in arg", "#!/bin/sh -x\r\n", shebang{"/bin/sh", "-x\r", true}, 0},
		{"CR kept in name", "#!/bin/sh\r\n", shebang{interp: "/bin/sh\r"}, 0},
		{"NUL ends name", "#!/bin/sh\x00 -x\n", shebang{interp: "/bin/sh"}, 0},
		{"NUL ends arg", "#!/bin/sh -x\x00y z\n", shebang{"/bin/sh", "-x", true}, 0},
		{"NUL hides newline", "#!/bin/sh\x00\n", shebang{interp: "/bin/sh"}, 0},
		{"only the first line", "#!/bin/sh\n#!/bin/other -y\n", shebang{interp: "/bin/sh"}, 0},
		{"overlong arg cut", "#!/bin/sh " + long + "\n", shebang{"/bin/sh", cutArg, true}, 0},
		{"overlong arg no newline", "#!/bin/sh " + long, shebang{"/bin/sh", cutArg, true}, 0},
		{"overlong interpreter", "#!/" + long + "\n", shebang{}, abi.ENOEXEC},
		{"overlong blanks", "#!" + strings.Repeat(" ", 300), shebang{}, abi.ENOEXEC},
		{"overlong blanks then name", "#!" + strings.Repeat(" ", 260) + "/bin/sh\n", shebang{}, abi.ENOEXEC},
		{"newline just past the buffer", "#!/bin/sh " + cutArg + "b\n", shebang{"/bin/sh", cutArg, true}, 0},
		{"empty", "#!\n", shebang{}, abi.ENOEXEC},
		{"blank", "#! \t\n", shebang{}, abi.ENOEXEC},
		{"bare", "#!", shebang{interp: ""}, 0},
		{"not a script", "\x7fELF", shebang{}, abi.ENOEXEC},
		{"half marker", "#", shebang{}, abi.ENOEXEC},
		{"empty file", "", shebang{}, abi.ENOEXEC},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, e := parseShebang([]byte(tc.in))
			if got != tc.want || e != tc.e {
				t.Errorf("parseShebang(%q) = %+v, %v; want %+v, %v", tc.in, got, e, tc.want, tc.e)
			}
			if got, e := modelShebang([]byte(tc.in)); got != tc.want || e != tc.e {
				t.Errorf("modelShebang(%q) = %+v, %v; want %+v, %v", tc.in, got, e, tc.want, tc.e)
			}
		})
	}
}

// modelShebang is the "#!" rule as the binfmt_script comments state it, on
// strings rather than on load_script's pointers: the line is the text up
// to the newline (or the buffer's last byte, as long as the interpreter is
// not cut), trimmed of blanks; its first word up to a blank or NUL is the
// interpreter; after a blank, the rest up to a NUL is the argument.
func modelShebang(head []byte) (shebang, abi.Errno) {
	buf := make([]byte, binprmBufSize)
	copy(buf, head)
	if string(buf[:2]) != "#!" {
		return shebang{}, abi.ENOEXEC
	}
	var line string
	if nl := strings.IndexByte(cString(buf), '\n'); nl >= 0 {
		line = string(buf[2:nl])
	} else {
		body := strings.TrimLeft(string(buf[2:]), " \t")
		if body == "" || !strings.ContainsAny(body, " \t\x00") {
			return shebang{}, abi.ENOEXEC
		}
		line = string(buf[2 : binprmBufSize-1])
	}
	line = strings.TrimLeft(strings.TrimRight(line, " \t"), " \t")
	if line == "" {
		return shebang{}, abi.ENOEXEC
	}
	k := strings.IndexAny(line, " \t\x00")
	if k < 0 {
		return shebang{interp: line}, 0
	}
	sb := shebang{interp: line[:k]}
	if line[k] != 0 {
		sb.arg, sb.hasArg = cString([]byte(strings.TrimLeft(line[k:], " \t"))), true
	}
	return sb, 0
}

// FuzzShebang checks parseShebang on arbitrary heads against modelShebang,
// and that what it returns could come from the line: no NUL or newline,
// an interpreter without blanks, an argument not starting with a blank,
// nothing past the buffer, and bytes after the line's newline change
// nothing.
func FuzzShebang(f *testing.F) {
	for _, s := range []string{"#!/bin/sh\n", "#! /bin/sh -x \n", "#!/bin/sh -x", "#!", "#!\n", "#!/a\x00b c\n", "#!/bin/sh\r\n",
		"#!/bin/sh " + strings.Repeat("a", 300), "#!" + strings.Repeat(" ", 300)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		sb, e := parseShebang(head)
		if msb, me := modelShebang(head); msb != sb || me != e {
			t.Fatalf("parseShebang(%q) = %+v, %v; the model says %+v, %v", head, sb, e, msb, me)
		}
		if e != 0 {
			if e != abi.ENOEXEC || sb != (shebang{}) {
				t.Fatalf("parseShebang(%q) = %+v, %v", head, sb, e)
			}
			return
		}
		if !hasShebang(head) {
			t.Fatalf("parseShebang(%q) accepted a head without #!", head)
		}
		if strings.ContainsAny(sb.interp, " \t\n\x00") || strings.ContainsAny(sb.arg, "\n\x00") ||
			(!sb.hasArg && sb.arg != "") || (sb.arg != "" && isBlank(sb.arg[0])) ||
			len(sb.interp)+len(sb.arg) > binprmBufSize-3 {
			t.Fatalf("parseShebang(%q) = %+v", head, sb)
		}
		line := head
		if len(line) > binprmBufSize {
			line = line[:binprmBufSize]
		}
		if i := bytes.IndexAny(line, "\n\x00"); i >= 0 && line[i] == '\n' {
			alt := append(append([]byte{}, line[:i+1]...), "#!/other -z\n"...)
			if sb2, e2 := parseShebang(alt); sb2 != sb || e2 != 0 {
				t.Fatalf("parseShebang(%q) = %+v but with other bytes after the newline %+v, %v", head, sb, sb2, e2)
			}
		}
		if !strings.Contains(string(head[:min(len(head), binprmBufSize)]), sb.interp) {
			t.Fatalf("parseShebang(%q): interpreter %q not in the head", head, sb.interp)
		}
	})
}

// TestScriptSplice checks the argv a script builds, nested, and that E2BIG
// counts the added strings.
func TestScriptSplice(t *testing.T) {
	bp := &binprm{filename: "/s/outer", interp: "/s/outer", argv: []string{"a0", "x"}, total: len("a0 x ")}
	if e := bp.spliceScript(shebang{"/s/inner", "-n", true}); e != 0 {
		t.Fatalf("first splice: %v", e)
	}
	if e := bp.spliceScript(shebang{interp: "/bin/sh"}); e != 0 {
		t.Fatalf("second splice: %v", e)
	}
	want := []string{"/bin/sh", "/s/inner", "-n", "/s/outer", "x"}
	if fmt.Sprint(bp.argv) != fmt.Sprint(want) || bp.interp != "/bin/sh" || bp.filename != "/s/outer" {
		t.Errorf("argv %q interp %q filename %q; want argv %q interp /bin/sh filename /s/outer", bp.argv, bp.interp, bp.filename, want)
	}
	if n := len(strings.Join(want, " ")) + 1; bp.total != n {
		t.Errorf("total %d, want %d", bp.total, n)
	}
	tests := []struct {
		name  string
		total int
		e     abi.Errno
	}{
		{"fits", argMax - len("/bin/sh /s/x "), 0},
		{"one byte over", argMax - len("/bin/sh /s/x ") + 1, abi.E2BIG},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// argv[0] "a" (2 bytes) leaves; "/bin/sh" and "/s/x" come in.
			bp := &binprm{interp: "/s/x", argv: []string{"a"}, total: tc.total + 2}
			if e := bp.spliceScript(shebang{interp: "/bin/sh"}); e != tc.e {
				t.Errorf("spliceScript = %v, want %v", e, tc.e)
			}
		})
	}
}

// scriptCase is one exec of TestScriptExec. In files, path, args and want,
// "$D" stands for the directory holding the scripts and showargs.
type scriptCase struct {
	name  string
	files map[string]string // name -> content, mode 0755 unless in modes
	modes map[string]os.FileMode
	cd    bool   // run in $D
	mode  string // execscript MODE
	path  string
	args  []string
	want  string
}

// showOut is what showargs prints for argv and AT_EXECFN when $D/showargs
// runs.
func showOut(execfn string, argv ...string) string {
	esc := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= 0x7f || c == '\\' {
				fmt.Fprintf(&b, "\\x%02x", c)
			} else {
				b.WriteByte(c)
			}
		}
		return b.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "argc=%d\n", len(argv))
	for i, a := range argv {
		fmt.Fprintf(&b, "argv[%d]=%s\n", i, esc(a))
	}
	fmt.Fprintf(&b, "execfn=%s\nexe=$D/showargs\n", esc(execfn))
	return b.String()
}

// scriptCases lists the execs; dirLen is the length of $D, which decides
// where a long line is cut.
func scriptCases(dirLen int) []scriptCase {
	long := strings.Repeat("a", 300)
	cut := strings.Repeat("a", binprmBufSize-1-len("#!")-dirLen-len("/showargs "))
	const sa = "$D/showargs"
	const (
		noExec  = "exec failed: Exec format error\n"
		noEnt   = "exec failed: No such file or directory\n"
		noPerm  = "exec failed: Permission denied\n"
		tooDeep = "exec failed: Too many levels of symbolic links\n"
	)
	chain := map[string]string{"c1": "#!" + sa + "\n"}
	for i := 2; i <= 6; i++ {
		chain[fmt.Sprintf("c%d", i)] = fmt.Sprintf("#!$D/c%d\n", i-1)
	}
	one := func(name, content string) map[string]string { return map[string]string{name: content} }
	return []scriptCase{
		{name: "plain", files: one("plain", "#!"+sa+"\n"), mode: "path", path: "$D/plain", args: []string{"x", "y z"},
			want: showOut("$D/plain", sa, "$D/plain", "x", "y z")},
		{name: "no args", files: one("noargs", "#!"+sa+"\n"), mode: "path", path: "$D/noargs",
			want: showOut("$D/noargs", sa, "$D/noargs")},
		{name: "optional argument", files: one("optarg", "#!"+sa+" -f\n"), mode: "path", path: "$D/optarg", args: []string{"x"},
			want: showOut("$D/optarg", sa, "-f", "$D/optarg", "x")},
		{name: "blanks around", files: one("blanks", "#! \t "+sa+" \t -f \t \n"), mode: "path", path: "$D/blanks", args: []string{"x"},
			want: showOut("$D/blanks", sa, "-f", "$D/blanks", "x")},
		{name: "inner spaces", files: one("inner", "#!"+sa+"  a  b\tc  \n"), mode: "path", path: "$D/inner",
			want: showOut("$D/inner", sa, "a  b\tc", "$D/inner")},
		{name: "no trailing newline", files: one("nonl", "#!"+sa+" -f"), mode: "path", path: "$D/nonl",
			want: showOut("$D/nonl", sa, "-f", "$D/nonl")},
		{name: "no newline trailing blanks", files: one("nonlblank", "#!"+sa+" -f \t"), mode: "path", path: "$D/nonlblank",
			want: showOut("$D/nonlblank", sa, "-f \t", "$D/nonlblank")},
		{name: "no newline empty argument", files: one("nonlempty", "#!"+sa+" "), mode: "path", path: "$D/nonlempty",
			want: showOut("$D/nonlempty", sa, "", "$D/nonlempty")},
		{name: "CRLF argument", files: one("crlfarg", "#!"+sa+" -f\r\n"), mode: "path", path: "$D/crlfarg",
			want: showOut("$D/crlfarg", sa, "-f\r", "$D/crlfarg")},
		{name: "CRLF interpreter", files: one("crlf", "#!"+sa+"\r\n"), mode: "path", path: "$D/crlf", want: noEnt},
		{name: "NUL ends interpreter", files: one("nulname", "#!"+sa+"\x00 -f\n"), mode: "path", path: "$D/nulname",
			want: showOut("$D/nulname", sa, "$D/nulname")},
		{name: "NUL ends argument", files: one("nularg", "#!"+sa+" -f\x00g h\n"), mode: "path", path: "$D/nularg",
			want: showOut("$D/nularg", sa, "-f", "$D/nularg")},
		{name: "overlong argument", files: one("longarg", "#!"+sa+" "+long+"\n"), mode: "path", path: "$D/longarg",
			want: showOut("$D/longarg", sa, cut, "$D/longarg")},
		{name: "overlong interpreter", files: one("longname", "#!$D/"+long+"\n"), mode: "path", path: "$D/longname", want: noExec},
		{name: "overlong blanks", files: one("longblank", "#!"+strings.Repeat(" ", 300)), mode: "path", path: "$D/longblank", want: noExec},
		{name: "empty interpreter", files: one("empty", "#!\n"), mode: "path", path: "$D/empty", want: noExec},
		{name: "blank interpreter", files: one("blank", "#! \t\n"), mode: "path", path: "$D/blank", want: noExec},
		{name: "bare marker", files: one("bare", "#!"), mode: "path", path: "$D/bare", want: noPerm},
		{name: "missing interpreter", files: one("missing", "#!$D/nothere\n"), mode: "path", path: "$D/missing", want: noEnt},
		{name: "script not executable", files: one("noxscript", "#!"+sa+"\n"), modes: map[string]os.FileMode{"noxscript": 0o644},
			mode: "path", path: "$D/noxscript", want: noPerm},
		{name: "interpreter not executable", files: one("noxinterp", "#!$D/showargs.nox\n"), mode: "path", path: "$D/noxinterp", want: noPerm},
		{name: "interpreter a directory", files: one("dirinterp", "#!$D\n"), mode: "path", path: "$D/dirinterp", want: noPerm},
		{name: "interpreter not a program", files: map[string]string{"textinterp": "#!$D/text\n", "text": "hello\n"},
			mode: "path", path: "$D/textinterp", want: noExec},
		{name: "nested two", files: map[string]string{"outer": "#!$D/mid -o\n", "mid": "#!" + sa + " -m\n"},
			mode: "path", path: "$D/outer", args: []string{"x"},
			want: showOut("$D/outer", sa, "-m", "$D/mid", "-o", "$D/outer", "x")},
		{name: "nested five", files: chain, mode: "path", path: "$D/c5", args: []string{"x"},
			want: showOut("$D/c5", sa, "$D/c1", "$D/c2", "$D/c3", "$D/c4", "$D/c5", "x")},
		{name: "nested six", files: chain, mode: "path", path: "$D/c6", want: tooDeep},
		{name: "relative paths", files: one("rel", "#!showargs -r\n"), cd: true, mode: "path", path: "rel", args: []string{"x"},
			want: showOut("rel", "showargs", "-r", "rel", "x")},
		{name: "AT_EMPTY_PATH", files: one("viafd", "#!"+sa+" -f\n"), mode: "fd", path: "$D/viafd", args: []string{"x"},
			want: showOut("/dev/fd/3", sa, "-f", "/dev/fd/3", "x")},
		{name: "AT_EMPTY_PATH close-on-exec", files: one("viafdce", "#!"+sa+"\n"), mode: "fdcloexec", path: "$D/viafdce", want: noEnt},
		{name: "AT_EMPTY_PATH program", mode: "fd", path: sa, args: []string{"x"}, want: showOut("/dev/fd/3", "arg0", "x")},
		{name: "dirfd", files: one("viadir", "#!"+sa+"\n"), cd: true, mode: "dirfd", path: "viadir", args: []string{"x"},
			want: showOut("/dev/fd/3/viadir", sa, "/dev/fd/3/viadir", "x")},
		{name: "dirfd close-on-exec", files: one("viadirce", "#!"+sa+"\n"), cd: true, mode: "dirfdcloexec", path: "viadirce", want: noEnt},
	}
}

// scriptDirs makes two directories with names of equal length, one for the
// Alpha programs run by kernelsim and one for host programs run by Linux, so
// that the scripts in both have their bytes at the same offsets.
func scriptDirs(t *testing.T) (alphaDir, hostDir string) {
	base, err := os.MkdirTemp("", "axpsec-script-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	alphaDir, hostDir = filepath.Join(base, "a"), filepath.Join(base, "h")
	for _, d := range []string{alphaDir, hostDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if len(alphaDir) > 150 {
		t.Fatalf("temporary directory %s too long for the line-length cases (set TMPDIR shorter)", alphaDir)
	}
	return alphaDir, hostDir
}

// installProgram copies the program at src to dir/name with mode.
func installProgram(t *testing.T, src, dir, name string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, name)
	if err := os.WriteFile(dst, b, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dst, mode); err != nil {
		t.Fatal(err)
	}
}

// buildHostScriptTool compiles testdata/script/src for the host.
func buildHostScriptTool(t *testing.T, gcc, src, out string) {
	t.Helper()
	cmd := exec.Command(gcc, "-O2", "-o", out, filepath.Join("testdata", "script", src))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gcc %s: %v\n%s", src, err, msg)
	}
}

// TestScriptExec executes "#!" scripts under kernelsim (Alpha programs) and
// under the host Linux kernel (the same programs built for the host, the
// same scripts in a directory whose name has the same length): the argv,
// AT_EXECFN or exec error showargs and execscript print must be identical,
// and equal to the table's expectation. binfmt_script does not depend on
// the architecture, so the host kernel is the reference (qemu-user runs no
// script inside a guest without binfmt_misc).
func TestScriptExec(t *testing.T) {
	gcc := testtool.Look(t, "gcc")
	src := func(name string) string {
		abs, err := filepath.Abs(filepath.Join("testdata", "script", name))
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	alphaShow := testtool.BuildAlpha(t, []string{src("showargs.c")}, testtool.StaticFlags...)
	alphaExec := testtool.BuildAlpha(t, []string{src("execscript.c")}, testtool.StaticFlags...)
	alphaDir, hostDir := scriptDirs(t)
	hostTools := t.TempDir()
	hostShow, hostExec := filepath.Join(hostTools, "showargs"), filepath.Join(hostTools, "execscript")
	buildHostScriptTool(t, gcc, "showargs.c", hostShow)
	buildHostScriptTool(t, gcc, "execscript.c", hostExec)
	for _, d := range []struct{ dir, show string }{{alphaDir, alphaShow}, {hostDir, hostShow}} {
		installProgram(t, d.show, d.dir, "showargs", 0o755)
		installProgram(t, d.show, d.dir, "showargs.nox", 0o644)
	}
	for _, tc := range scriptCases(len(alphaDir)) {
		t.Run(tc.name, func(t *testing.T) {
			for _, dir := range []string{alphaDir, hostDir} {
				for name, content := range tc.files {
					mode, ok := tc.modes[name]
					if !ok {
						mode = 0o755
					}
					p := filepath.Join(dir, name)
					if err := os.WriteFile(p, []byte(strings.ReplaceAll(content, "$D", dir)), mode); err != nil {
						t.Fatal(err)
					}
					if err := os.Chmod(p, mode); err != nil {
						t.Fatal(err)
					}
				}
			}
			args := func(dir string) []string {
				var a []string
				if tc.cd {
					a = append(a, "-C", dir)
				}
				a = append(a, tc.mode, strings.ReplaceAll(tc.path, "$D", dir))
				return append(a, tc.args...)
			}
			sim := strings.ReplaceAll(runScriptSim(t, alphaExec, args(alphaDir)), alphaDir, "$D")
			host := strings.ReplaceAll(runScriptHost(t, hostExec, args(hostDir)), hostDir, "$D")
			if sim != host {
				t.Errorf("kernelsim:\n%s\nhost Linux:\n%s", sim, host)
			}
			if host != tc.want {
				t.Errorf("host Linux differs from the expected output:\n%s\nwant:\n%s", host, tc.want)
			}
		})
	}
}

// runScriptSim runs the Alpha execscript under kernelsim with the host file
// system as the guest root and returns its output.
func runScriptSim(t *testing.T, exe string, args []string) string {
	t.Helper()
	var out bytes.Buffer
	k := New(Config{Root: "/", Stdout: &out, Stderr: &out, Timeout: 30 * time.Second})
	if err := k.Start(exe, append([]string{exe}, args...), []string{"LC_ALL=C"}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v\noutput so far:\n%s", err, out.String())
	}
	return out.String()
}

// runScriptHost runs the host execscript and returns its output.
func runScriptHost(t *testing.T, exe string, args []string) string {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr, cmd.Env = &out, &out, []string{"LC_ALL=C"}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%s: %v", exe, err)
		}
	}
	return out.String()
}

// BenchmarkScriptExec measures what a "#!" script adds to an exec under
// kernelsim: execscript runs showargs directly ("elf"), through one script
// ("script") and through five nested ones ("nested5"); each iteration is a
// whole run (kernel, execscript, exec, showargs).
func BenchmarkScriptExec(b *testing.B) {
	abs := func(name string) string {
		p, err := filepath.Abs(filepath.Join("testdata", "script", name))
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	show := testtool.BuildAlpha(b, []string{abs("showargs.c")}, testtool.StaticFlags...)
	runner := testtool.BuildAlpha(b, []string{abs("execscript.c")}, testtool.StaticFlags...)
	dir := b.TempDir()
	sb, err := os.ReadFile(show)
	if err != nil {
		b.Fatal(err)
	}
	files := map[string]string{"showargs": string(sb), "c1": "#!" + dir + "/showargs -f\n"}
	for i := 2; i <= 5; i++ {
		files[fmt.Sprintf("c%d", i)] = fmt.Sprintf("#!%s/c%d\n", dir, i-1)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct{ name, target string }{{"elf", "showargs"}, {"script", "c1"}, {"nested5", "c5"}} {
		b.Run(bc.name, func(b *testing.B) {
			argv := []string{runner, "path", filepath.Join(dir, bc.target), "x"}
			for b.Loop() {
				k := New(Config{Root: "/", Timeout: 30 * time.Second})
				if err := k.Start(runner, argv, nil); err != nil {
					b.Fatal(err)
				}
				if ex, err := k.Run(context.Background()); err != nil || ex != (Exit{}) {
					b.Fatalf("Run: %v, %v", ex, err)
				}
			}
		})
	}
}
