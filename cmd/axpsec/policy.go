package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
	"github.com/axpsec/axpsec/policy"
)

func init() {
	register(&command{
		name:    "compile",
		usage:   "POLICY.toml [--arch A] [-o FILE] [--format raw|c|go|asm]",
		summary: "compile a TOML seccomp policy to classic BPF",
		run:     runCompile,
	})
	register(&command{
		name:    "check",
		usage:   "POLICY.toml",
		summary: "check a policy for errors (exit 1) and print warnings",
		run:     runCheck,
	})
	register(&command{
		name:    "test",
		usage:   "POLICY.toml [--arch A] [-v]",
		summary: "run a policy's inline [[test]] cases on the compiled filter",
		run:     runTest,
	})
	register(&command{
		name:    "sim",
		usage:   "POLICY.toml [--arch A] [--ip N] SYSCALL [ARG0..ARG5]",
		summary: "show which rule of a policy decides one syscall, and the verdict",
		run:     runSim,
	})
	register(&command{
		name:    "import",
		usage:   "PROFILE.json [--arch A] [-o FILE]",
		summary: "convert an OCI/Docker seccomp profile to a TOML policy",
		run:     runImport,
	})
	register(&command{
		name:    "explain",
		usage:   "POLICY.toml [--arch A] [--json]",
		summary: "list every syscall's verdict, or the conditions of each verdict",
		run:     runExplain,
	})
}

// parseArgs parses flags that may appear anywhere among the positional
// arguments. Negative numbers are positional (syscall arguments such as -1).
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' || (a[1] >= '0' && a[1] <= '9') {
			pos = append(pos, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k := strings.IndexByte(name, '='); k >= 0 {
			name, value, hasValue = name[:k], name[k+1:], true
		}
		if name == "h" || name == "help" {
			fs.Usage()
			return nil, flag.ErrHelp
		}
		f := fs.Lookup(name)
		if f == nil {
			return nil, fmt.Errorf("unknown flag -%s", name)
		}
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() && !hasValue {
			value, hasValue = "true", true
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag -%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			return nil, fmt.Errorf("flag -%s: %w", name, err)
		}
	}
	return pos, nil
}

// newFlags returns a flag set that prints its usage to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := commands[name]
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: axpsec %s %s\n", c.name, c.usage)
		fs.PrintDefaults()
	}
	return fs
}

// usageErr reports a usage problem and returns exitBadUse (exitOK for -h).
func usageErr(stderr io.Writer, name string, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "axpsec %s: %v\n", name, err)
	return exitBadUse
}

// loadPolicy parses a policy file, printing warnings. It returns the exit
// code to use when the policy cannot be used (0 otherwise).
func loadPolicy(path string, stderr io.Writer) (*policy.Policy, int) {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "axpsec: %v\n", err)
		return nil, exitBadUse
	}
	pol, err := policy.Parse(path, src)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, exitFailed
	}
	for _, w := range pol.Warnings {
		fmt.Fprintf(stderr, "%s: warning: %s\n", w.Pos, w.Msg)
	}
	return pol, exitOK
}

// policyArgs is what the commands taking a policy file start from.
type policyArgs struct {
	pol    *policy.Policy
	arches []*abi.Arch // the --arch architecture, or the policy's targets
	pos    []string    // the positional arguments, the policy file first
}

// startPolicy parses a policy command's arguments with fs, checks the
// positional ones with checkPos, loads the policy (printing its warnings)
// and resolves the architectures from *archFlag (the policy's targets when
// archFlag is nil or empty). When it returns nil it has reported why, and the
// int is the exit code.
func startPolicy(fs *flag.FlagSet, args []string, archFlag *string, checkPos func([]string) error, stderr io.Writer) (*policyArgs, int) {
	pos, err := parseArgs(fs, args)
	if err == nil {
		err = checkPos(pos)
	}
	if err != nil {
		return nil, usageErr(stderr, fs.Name(), err)
	}
	pol, code := loadPolicy(pos[0], stderr)
	if pol == nil {
		return nil, code
	}
	in := &policyArgs{pol: pol, pos: pos}
	if archFlag != nil && *archFlag != "" {
		a, err := abi.LookupArch(*archFlag)
		if err != nil {
			return nil, usageErr(stderr, fs.Name(), err)
		}
		in.arches = []*abi.Arch{a}
	} else if in.arches, err = pol.TargetArches(); err != nil {
		return nil, usageErr(stderr, fs.Name(), err)
	}
	return in, exitOK
}

// onePolicy accepts exactly one positional argument, the policy file.
func onePolicy(pos []string) error {
	if len(pos) != 1 {
		return fmt.Errorf("want one policy file, got %d arguments", len(pos))
	}
	return nil
}

func compileFor(pol *policy.Policy, arch *abi.Arch, stderr io.Writer) (*policy.Compiled, bool) {
	c, err := pol.Compile(arch)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, false
	}
	return c, true
}

func runCompile(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("compile", stderr)
	archFlag := fs.String("arch", "", "target architecture (alpha, x86_64, aarch64); default: the policy's first")
	out := fs.String("o", "", "write the program to `FILE` instead of standard output")
	format := fs.String("format", "", "output format: raw (sock_filter bytes), c, go or asm; default raw with -o, asm otherwise")
	in, code := startPolicy(fs, args, archFlag, onePolicy, stderr)
	if in == nil {
		return code
	}
	if *format == "" {
		*format = "asm"
		if *out != "" {
			*format = "raw"
		}
	}
	c, ok := compileFor(in.pol, in.arches[0], stderr)
	if !ok {
		return exitFailed
	}
	data, err := formatProgram(c.Program, c.Arch, *format, fmt.Sprintf("%s for %s", in.pos[0], c.Arch.Name))
	if err != nil {
		return usageErr(stderr, "compile", err)
	}
	if *out == "" {
		_, err = stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "axpsec compile: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// formatProgram renders prog in one of the output formats.
func formatProgram(prog []bpf.RawInstruction, arch *abi.Arch, format, what string) ([]byte, error) {
	var sb strings.Builder
	switch format {
	case "raw":
		return bpfvm.EncodeRaw(prog), nil
	case "asm":
		return []byte(bpfvm.Disassemble(prog, bpfvm.DisasmOptions{Arch: arch})), nil
	case "c":
		fmt.Fprintf(&sb, "/* seccomp filter compiled by axpsec from %s: %d instructions */\n", what, len(prog))
		sb.WriteString("struct sock_filter axpsec_filter[] = {\n")
		for _, ins := range prog {
			fmt.Fprintf(&sb, "\t{ 0x%02x, %d, %d, 0x%08x },\n", ins.Op, ins.Jt, ins.Jf, ins.K)
		}
		sb.WriteString("};\n")
	case "go":
		fmt.Fprintf(&sb, "// seccomp filter compiled by axpsec from %s: %d instructions.\n", what, len(prog))
		sb.WriteString("[]bpf.RawInstruction{\n")
		for _, ins := range prog {
			fmt.Fprintf(&sb, "\t{Op: 0x%02x, Jt: %d, Jf: %d, K: 0x%x},\n", ins.Op, ins.Jt, ins.Jf, ins.K)
		}
		sb.WriteString("}\n")
	default:
		return nil, fmt.Errorf("unknown format %q (want raw, c, go or asm)", format)
	}
	return []byte(sb.String()), nil
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	in, code := startPolicy(newFlags("check", stderr), args, nil, onePolicy, stderr)
	if in == nil {
		return code
	}
	pol := in.pol
	for _, arch := range in.arches {
		c, ok := compileFor(pol, arch, stderr)
		if !ok {
			return exitFailed
		}
		fmt.Fprintf(stdout, "%s: ok for %s: %d rules, %d tests, %d instructions, %d warnings\n",
			in.pos[0], arch.Name, len(pol.Rules), len(pol.Tests), len(c.Program), len(pol.Warnings))
	}
	return exitOK
}

func runTest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("test", stderr)
	archFlag := fs.String("arch", "", "run for this architecture only; default: every target of the policy")
	verbose := fs.Bool("v", false, "print passing tests too")
	in, code := startPolicy(fs, args, archFlag, onePolicy, stderr)
	if in == nil {
		return code
	}
	failed, total := 0, 0
	for _, arch := range in.arches {
		c, ok := compileFor(in.pol, arch, stderr)
		if !ok {
			return exitFailed
		}
		prog, err := bpfvm.Load(c.Program)
		if err != nil {
			fmt.Fprintf(stderr, "axpsec test: compiled program rejected: %v\n", err)
			return exitFailed
		}
		for _, r := range c.RunTests(func(d policy.Data) uint32 {
			sd := bpfvm.SeccompData(d)
			return prog.Run(&sd)
		}) {
			total++
			switch {
			case r.Err != nil:
				failed++
				fmt.Fprintf(stdout, "FAIL %s [%s] %s: %v\n", r.Test.Pos, arch.Name, r.Test.Describe(), r.Err)
			case !r.OK():
				failed++
				fmt.Fprintf(stdout, "FAIL %s [%s] %s: want %s, filter gave %s, reference gave %s%s\n", r.Test.Pos, arch.Name,
					r.Test.Describe(), bpfvm.ActionString(r.Want), bpfvm.ActionString(r.Got), bpfvm.ActionString(r.Ref), ruleNote(r.Rule))
			case *verbose:
				fmt.Fprintf(stdout, "ok   %s [%s] %s: %s%s\n", r.Test.Pos, arch.Name, r.Test.Describe(), bpfvm.ActionString(r.Got), ruleNote(r.Rule))
			}
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "FAIL: %d of %d tests failed\n", failed, total)
		return exitFailed
	}
	fmt.Fprintf(stdout, "PASS: %d tests\n", total)
	return exitOK
}

func ruleNote(r *policy.Rule) string {
	if r == nil {
		return " (default action)"
	}
	return " (rule at " + r.Pos.String() + ")"
}

func runSim(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("sim", stderr)
	archFlag := fs.String("arch", "", "architecture of the syscall; default: the policy's first target")
	ipFlag := fs.String("ip", "0", "instruction pointer in seccomp_data")
	in, code := startPolicy(fs, args, archFlag, func(pos []string) error {
		if len(pos) < 2 || len(pos) > 8 {
			return fmt.Errorf("want POLICY.toml SYSCALL [ARG0..ARG5]")
		}
		return nil
	}, stderr)
	if in == nil {
		return code
	}
	pol, pos, arch := in.pol, in.pos, in.arches[0]
	c, ok := compileFor(pol, arch, stderr)
	if !ok {
		return exitFailed
	}
	d := policy.Data{Arch: arch.AuditArch}
	var err error
	if d.Nr, err = policy.LookupSyscall(arch, pos[1]); err != nil {
		return usageErr(stderr, "sim", err)
	}
	for i, a := range pos[2:] {
		if d.Args[i], err = pol.ConstValue(arch, a); err != nil {
			return usageErr(stderr, "sim", fmt.Errorf("argument %d: %w", i, err))
		}
	}
	if d.InstructionPointer, err = pol.ConstValue(arch, *ipFlag); err != nil {
		return usageErr(stderr, "sim", fmt.Errorf("--ip: %w", err))
	}
	prog, err := bpfvm.Load(c.Program)
	if err != nil {
		fmt.Fprintf(stderr, "axpsec sim: compiled program rejected: %v\n", err)
		return exitFailed
	}
	sd := bpfvm.SeccompData(d)
	got := prog.Run(&sd)
	ref, rule := c.RuleFor(d)
	name, _ := arch.SyscallName(int(d.Nr))
	if name == "" {
		name = fmt.Sprint(d.Nr)
	}
	fmt.Fprintf(stdout, "syscall: %s(%s) nr %d on %s, ip %#x\n", name, hexArgs(d.Args[:len(pos)-2]), d.Nr, arch.Name, d.InstructionPointer)
	if rule != nil {
		fmt.Fprintf(stdout, "matched: rule at %s (action %s)\n", rule.Pos, rule.Action.Text)
	} else {
		fmt.Fprintln(stdout, "matched: no rule; the default action applies")
	}
	if got != ref {
		fmt.Fprintf(stderr, "axpsec sim: internal error: filter gives %s but the policy says %s\n", bpfvm.ActionString(got), bpfvm.ActionString(ref))
		return exitFailed
	}
	fmt.Fprintf(stdout, "verdict: %s\n", bpfvm.ActionString(got))
	return exitOK
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("explain", stderr)
	archFlag := fs.String("arch", "", "architecture; default: the policy's first target")
	asJSON := fs.Bool("json", false, "print JSON")
	in, code := startPolicy(fs, args, archFlag, onePolicy, stderr)
	if in == nil {
		return code
	}
	c, ok := compileFor(in.pol, in.arches[0], stderr)
	if !ok {
		return exitFailed
	}
	def, bad := c.DefaultVerdict()
	ex := c.Explain()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err := enc.Encode(struct {
			Arch     string               `json:"arch"`
			Default  string               `json:"default"`
			BadArch  string               `json:"bad_arch"`
			Syscalls []policy.Explanation `json:"syscalls"`
		}{c.Arch.Name, bpfvm.ActionString(def), bpfvm.ActionString(bad), ex})
		if err != nil {
			fmt.Fprintf(stderr, "axpsec explain: %v\n", err)
			return exitFailed
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "# %s on %s: other syscall numbers %s, other architectures %s\n", in.pos[0], c.Arch.Name, bpfvm.ActionString(def), bpfvm.ActionString(bad))
	for _, e := range ex {
		fmt.Fprintln(stdout, e)
	}
	return exitOK
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", stderr)
	archFlag := fs.String("arch", "alpha", "target architecture of the policy")
	out := fs.String("o", "", "write the policy to `FILE` instead of standard output")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(stderr, "import", err)
	}
	if len(pos) != 1 {
		return usageErr(stderr, "import", fmt.Errorf("want one profile file, got %d arguments", len(pos)))
	}
	arch, err := abi.LookupArch(*archFlag)
	if err != nil {
		return usageErr(stderr, "import", err)
	}
	src, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "axpsec import: %v\n", err)
		return exitBadUse
	}
	text, notes, err := policy.ImportOCI(src, arch, filepath.Base(pos[0]))
	if err != nil {
		fmt.Fprintf(stderr, "axpsec import: %v\n", err)
		return exitFailed
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	if *out == "" {
		_, err = io.WriteString(stdout, text)
	} else {
		err = os.WriteFile(*out, []byte(text), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "axpsec import: %v\n", err)
		return exitFailed
	}
	return exitOK
}
