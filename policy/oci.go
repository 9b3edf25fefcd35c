package policy

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/axpsec/axpsec/abi"
)

// ociProfile is the OCI runtime-spec / Docker (moby) seccomp profile format.
type ociProfile struct {
	DefaultAction   string       `json:"defaultAction"`
	DefaultErrnoRet *uint        `json:"defaultErrnoRet"`
	Syscalls        []ociSyscall `json:"syscalls"`
}

type ociSyscall struct {
	Names    []string  `json:"names"`
	Name     string    `json:"name"` // legacy single name
	Action   string    `json:"action"`
	ErrnoRet *uint     `json:"errnoRet"`
	Args     []ociArg  `json:"args"`
	Comment  string    `json:"comment"`
	Includes ociFilter `json:"includes"`
	Excludes ociFilter `json:"excludes"`
}

type ociArg struct {
	Index    uint   `json:"index"`
	Value    uint64 `json:"value"`
	ValueTwo uint64 `json:"valueTwo"`
	Op       string `json:"op"`
}

type ociFilter struct {
	Caps      []string `json:"caps"`
	Arches    []string `json:"arches"`
	MinKernel string   `json:"minKernel"`
}

// ociArchNames are the names moby uses in includes/excludes.arches.
var ociArchNames = map[string][]string{
	"x86_64":  {"amd64", "x32", "x86_64", "SCMP_ARCH_X86_64"},
	"aarch64": {"arm64", "aarch64", "SCMP_ARCH_AARCH64"},
	"alpha":   {"alpha", "SCMP_ARCH_ALPHA"},
}

// ImportOCI converts an OCI runtime-spec / Docker seccomp profile (JSON) into
// the text of an equivalent policy for arch, for a container without extra
// capabilities. It also returns notes on what could not be carried over:
// entries that need capabilities or another architecture, syscall names arch
// lacks (Alpha names are substituted where libc uses them: getpid becomes
// getxpid), and errno values, which are translated by name from the generic
// numbering to arch's. Like runc, several conditions on the same argument are
// alternatives; conditions on different arguments must all hold.
func ImportOCI(src []byte, arch *abi.Arch, source string) (string, []string, error) {
	var prof ociProfile
	if err := json.Unmarshal(src, &prof); err != nil {
		return "", nil, fmt.Errorf("reading OCI seccomp profile: %w", err)
	}
	var notes []string
	note := func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }
	defErrno := uint(1)
	if prof.DefaultErrnoRet != nil {
		defErrno = *prof.DefaultErrnoRet
	}
	def, err := ociAction(prof.DefaultAction, &defErrno, arch, note)
	if err != nil {
		return "", nil, fmt.Errorf("defaultAction: %w", err)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "# Converted by axpsec from %s for %s.\n", source, arch.Name)
	body := &strings.Builder{}
	dropped := map[string]bool{}
	for i, sc := range prof.Syscalls {
		names := sc.Names
		if sc.Name != "" {
			names = append(names, sc.Name)
		}
		label := fmt.Sprintf("entry %d (%s)", i, strings.Join(names, ", "))
		if len(label) > 70 {
			label = label[:67] + "...)"
		}
		if len(sc.Includes.Caps) > 0 {
			note("skipped %s: needs %s", label, strings.Join(sc.Includes.Caps, ", "))
			continue
		}
		if len(sc.Includes.Arches) > 0 && !ociArchMatch(sc.Includes.Arches, arch) {
			continue // another architecture's entry
		}
		if len(sc.Excludes.Arches) > 0 && ociArchMatch(sc.Excludes.Arches, arch) {
			continue
		}
		errno := defErrno
		if sc.ErrnoRet != nil {
			errno = *sc.ErrnoRet
		}
		action, err := ociAction(sc.Action, &errno, arch, note)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %w", label, err)
		}
		if action == def && len(sc.Args) == 0 {
			continue // same as the default (runc drops these too)
		}
		var resolved []string
		for _, n := range names {
			switch m, ok := ociName(arch, n); {
			case ok && m != n:
				note("%s is %s on %s", n, m, arch.Name)
				resolved = append(resolved, m)
			case ok:
				resolved = append(resolved, m)
			default:
				dropped[n] = true
			}
		}
		if len(resolved) == 0 {
			continue
		}
		when, err := ociCondition(sc.Args, arch, note)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %w", label, err)
		}
		body.WriteString("\n[[rule]]\n")
		if sc.Comment != "" {
			fmt.Fprintf(body, "name     = %q\n", sc.Comment)
		}
		writeNameList(body, resolved)
		if when != "" {
			fmt.Fprintf(body, "when     = %q\n", when)
		}
		fmt.Fprintf(body, "action   = %q\n", action)
	}
	if len(dropped) > 0 {
		var names []string
		for n := range dropped {
			names = append(names, n)
		}
		sort.Strings(names)
		note("names %s lacks, dropped: %s", arch.Name, strings.Join(names, ", "))
	}
	for _, n := range notes {
		for _, l := range wrapWords(n, 86) {
			sb.WriteString("# " + l + "\n")
		}
	}
	fmt.Fprintf(&sb, "\n[policy]\narch     = %q\ndefault  = %q\nbad_arch = \"kill_process\"\n", arch.Name, def)
	sb.WriteString(body.String())
	return sb.String(), notes, nil
}

func ociArchMatch(list []string, arch *abi.Arch) bool {
	for _, a := range list {
		if slices.Contains(ociArchNames[arch.Name], a) {
			return true
		}
	}
	return false
}

// ociName maps a profile's syscall name to arch's.
func ociName(arch *abi.Arch, n string) (string, bool) {
	if _, ok := arch.SyscallNumber(n); ok {
		return n, true
	}
	if arch == abi.Alpha {
		if m, ok := alphaAliases[n]; ok {
			if _, ok := arch.SyscallNumber(m); ok {
				return m, true
			}
		}
	}
	return "", false
}

// ociAction converts an SCMP_ACT_* name to a policy action.
func ociAction(s string, errno *uint, arch *abi.Arch, note func(string, ...any)) (string, error) {
	switch s {
	case "SCMP_ACT_ALLOW":
		return "allow", nil
	case "SCMP_ACT_LOG":
		return "log", nil
	case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD":
		return "kill_thread", nil
	case "SCMP_ACT_KILL_PROCESS":
		return "kill_process", nil
	case "SCMP_ACT_TRAP":
		return "trap", nil
	case "SCMP_ACT_NOTIFY":
		return "user_notif", nil
	case "SCMP_ACT_TRACE":
		return fmt.Sprintf("trace(%d)", *errno), nil
	case "SCMP_ACT_ERRNO":
		if *errno > 4095 {
			return "", fmt.Errorf("errno %d out of range", *errno)
		}
		// Profiles carry generic (x86) errno numbers: translate by name.
		for name, v := range genericErrno {
			if uint(v) == *errno {
				if _, ok := errnoValue(arch, name); ok && name != "EWOULDBLOCK" && name != "EDEADLOCK" && name != "ENOTSUP" {
					return fmt.Sprintf("errno(%s)", name), nil
				}
			}
		}
		if arch == abi.Alpha {
			note("errno %d kept as a number (no known name; Alpha's numbering differs)", *errno)
		}
		return fmt.Sprintf("errno(%d)", *errno), nil
	}
	return "", fmt.Errorf("unknown action %q", s)
}

// ociCondition converts a profile's argument conditions. On Alpha, ==/!=
// against a value with bit 31 set and no high bits (an int such as
// 0xffffffff) compare the low 32 bits, since Alpha sign-extends ints.
// ociCmpOps maps the OCI comparison operators other than SCMP_CMP_MASKED_EQ
// to the condition language's.
var ociCmpOps = map[string]string{
	"SCMP_CMP_EQ": "==", "SCMP_CMP_NE": "!=",
	"SCMP_CMP_LT": "<", "SCMP_CMP_LE": "<=",
	"SCMP_CMP_GT": ">", "SCMP_CMP_GE": ">=",
}

func ociCondition(args []ociArg, arch *abi.Arch, note func(string, ...any)) (string, error) {
	byIndex := map[uint][]string{}
	var order []uint
	for _, a := range args {
		if a.Index > 5 {
			return "", fmt.Errorf("argument index %d out of range", a.Index)
		}
		f := fmt.Sprintf("a%d", a.Index)
		if arch == abi.Alpha && (a.Op == "SCMP_CMP_EQ" || a.Op == "SCMP_CMP_NE") && a.Value>>31 == 1 {
			note("%s %s %#x compared on its low 32 bits (Alpha sign-extends ints)", f, a.Op, a.Value)
			f += ".32"
		}
		var c string
		if op, ok := ociCmpOps[a.Op]; ok {
			c = fmt.Sprintf("%s %s %#x", f, op, a.Value)
		} else if a.Op == "SCMP_CMP_MASKED_EQ" {
			c = fmt.Sprintf("(%s & %#x) == %#x", f, a.Value, a.ValueTwo)
		} else {
			return "", fmt.Errorf("unknown operator %q", a.Op)
		}
		if _, seen := byIndex[a.Index]; !seen {
			order = append(order, a.Index)
		}
		byIndex[a.Index] = append(byIndex[a.Index], c)
	}
	var parts []string
	for _, i := range order {
		alts := byIndex[i]
		if len(alts) == 1 {
			parts = append(parts, alts[0])
			continue
		}
		parts = append(parts, "("+strings.Join(alts, " or ")+")")
	}
	return strings.Join(parts, " and "), nil
}

// writeNameList writes `syscalls = [...]`, wrapped.
func writeNameList(sb *strings.Builder, names []string) {
	if len(names) <= 6 {
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = fmt.Sprintf("%q", n)
		}
		fmt.Fprintf(sb, "syscalls = [%s]\n", strings.Join(q, ", "))
		return
	}
	sb.WriteString("syscalls = [\n")
	line := "   "
	for _, n := range names {
		item := fmt.Sprintf(" %q,", n)
		if len(line)+len(item) > 88 {
			sb.WriteString(line + "\n")
			line = "   "
		}
		line += item
	}
	sb.WriteString(line + "\n]\n")
}

func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
