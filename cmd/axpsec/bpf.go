package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
)

func init() {
	register(&command{
		name:    "disasm",
		usage:   "FILTER.bpf [--arch A] [--raw]",
		summary: "disassemble a raw seccomp filter (little-endian sock_filter records)",
		run:     runDisasm,
	})
	register(&command{
		name:    "asm",
		usage:   "FILE.s -o FILTER.bpf [--arch A]",
		summary: "assemble filter text (as printed by disasm) into a raw seccomp filter",
		run:     runAsm,
	})
	register(&command{
		name:    "emu",
		usage:   "FILTER.bpf [--arch alpha|x86_64|aarch64] [--ip N] SYSCALL [ARG0..ARG5]",
		summary: "run a raw seccomp filter on one syscall and print the path and the verdict",
		run:     runEmu,
	})
}

// readFilter reads and decodes a raw filter file, reporting problems as a
// one-line error.
func readFilter(name, path string, stderr io.Writer) ([]bpf.RawInstruction, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "axpsec %s: %v\n", name, err)
		return nil, false
	}
	insns, err := bpfvm.DecodeRaw(b)
	if err != nil {
		fmt.Fprintf(stderr, "axpsec %s: %s: %v\n", name, path, err)
		return nil, false
	}
	return insns, true
}

// archFlag resolves an --arch value ("" gives def).
func archFlag(v string, def *abi.Arch) (*abi.Arch, error) {
	if v == "" {
		return def, nil
	}
	return abi.LookupArch(v)
}

func runDisasm(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("disasm", stderr)
	archName := fs.String("arch", "", "architecture for syscall names (default: inferred from the filter's arch check)")
	raw := fs.Bool("raw", false, "append each instruction's index and encoding as a comment")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(stderr, "disasm", err)
	}
	if len(pos) != 1 {
		return usageErr(stderr, "disasm", fmt.Errorf("want one FILTER.bpf"))
	}
	arch, err := archFlag(*archName, nil)
	if err != nil {
		return usageErr(stderr, "disasm", err)
	}
	insns, ok := readFilter("disasm", pos[0], stderr)
	if !ok {
		return exitBadUse
	}
	io.WriteString(stdout, bpfvm.Disassemble(insns, bpfvm.DisasmOptions{Arch: arch, Raw: *raw}))
	if _, err := bpfvm.Load(insns); err != nil {
		fmt.Fprintf(stderr, "axpsec disasm: note: the kernel would reject this filter: %v\n", err)
	}
	return exitOK
}

func runAsm(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("asm", stderr)
	archName := fs.String("arch", "", "architecture for syscall names (default: from '# arch:' or the first ARCH_* constant)")
	out := fs.String("o", "", "output file for the raw filter (required)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(stderr, "asm", err)
	}
	if len(pos) != 1 || *out == "" {
		return usageErr(stderr, "asm", fmt.Errorf("want FILE.s -o FILTER.bpf"))
	}
	arch, err := archFlag(*archName, nil)
	if err != nil {
		return usageErr(stderr, "asm", err)
	}
	src, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "axpsec asm: %v\n", err)
		return exitBadUse
	}
	insns, err := bpfvm.Assemble(string(src), bpfvm.AsmOptions{Arch: arch})
	if err != nil {
		fmt.Fprintf(stderr, "axpsec asm: %s:%v\n", pos[0], strings.TrimPrefix(err.Error(), "line "))
		return exitBadUse
	}
	if _, err := bpfvm.Load(insns); err != nil {
		fmt.Fprintf(stderr, "axpsec asm: %s: %v\n", pos[0], err)
		return exitBadUse
	}
	if err := os.WriteFile(*out, bpfvm.EncodeRaw(insns), 0o644); err != nil {
		fmt.Fprintf(stderr, "axpsec asm: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "%s: %d instructions\n", *out, len(insns))
	return exitOK
}

func runEmu(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("emu", stderr)
	archName := fs.String("arch", "alpha", "architecture of the syscall (alpha, x86_64, aarch64)")
	ipText := fs.String("ip", "0", "instruction pointer in seccomp_data")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(stderr, "emu", err)
	}
	if len(pos) < 2 || len(pos) > 8 {
		return usageErr(stderr, "emu", fmt.Errorf("want FILTER.bpf SYSCALL [ARG0..ARG5]"))
	}
	arch, err := abi.LookupArch(*archName)
	if err != nil {
		return usageErr(stderr, "emu", err)
	}
	d := bpfvm.SeccompData{Arch: arch.AuditArch}
	nr, err := syscallNumber(arch, pos[1])
	if err != nil {
		return usageErr(stderr, "emu", err)
	}
	d.Nr = nr
	for i, a := range pos[2:] {
		if d.Args[i], err = parseWord(a); err != nil {
			return usageErr(stderr, "emu", fmt.Errorf("argument %d: %w", i, err))
		}
	}
	if d.InstructionPointer, err = parseWord(*ipText); err != nil {
		return usageErr(stderr, "emu", fmt.Errorf("--ip: %w", err))
	}
	insns, ok := readFilter("emu", pos[0], stderr)
	if !ok {
		return exitBadUse
	}
	p, err := bpfvm.Load(insns)
	if err != nil {
		fmt.Fprintf(stderr, "axpsec emu: %s: %v\n", pos[0], err)
		return exitBadUse
	}
	ret, path := p.Trace(&d)
	name, ok := arch.SyscallName(int(d.Nr))
	if !ok {
		name = "syscall"
	}
	fmt.Fprintf(stdout, "%s(%s): nr %d, arch %s, ip %#x\n", name, hexArgs(d.Args[:len(pos)-2]), d.Nr, arch.Name, d.InstructionPointer)
	lines := strings.Split(bpfvm.Disassemble(insns, bpfvm.DisasmOptions{Arch: arch}), "\n")
	lines = lines[1:] // the "# arch:" header
	for _, pc := range path {
		// Each line is an 8-column label field, then the statement.
		fmt.Fprintf(stdout, "%04d: %s\n", pc, strings.TrimSpace(lines[pc][8:]))
	}
	last := path[len(path)-1]
	if insns[last].Op&0x07 == 0x06 {
		fmt.Fprintf(stdout, "return %#08x at line %04d\n", ret, last)
	} else {
		fmt.Fprintf(stdout, "division by zero at line %04d ends the filter with 0\n", last)
	}
	fmt.Fprintln(stdout, bpfvm.ActionString(ret))
	return exitOK
}

// syscallNumber parses a syscall name of arch or a number.
func syscallNumber(arch *abi.Arch, s string) (int32, error) {
	if nr, ok := arch.SyscallNumber(s); ok {
		return int32(nr), nil
	}
	n, err := strconv.ParseInt(s, 0, 32)
	if err != nil {
		return 0, fmt.Errorf("unknown %s syscall %q", arch.Name, s)
	}
	return int32(n), nil
}

// parseWord parses a 64-bit value; negative numbers are sign-extended, as
// Alpha passes 32-bit ints.
func parseWord(s string) (uint64, error) {
	if strings.HasPrefix(s, "-") {
		v, err := strconv.ParseInt(s, 0, 64)
		return uint64(v), err
	}
	return strconv.ParseUint(s, 0, 64)
}

// hexArgs formats syscall arguments in hex, separated by commas.
func hexArgs(args []uint64) string {
	text := make([]string, len(args))
	for i, a := range args {
		text[i] = fmt.Sprintf("%#x", a)
	}
	return strings.Join(text, ", ")
}
