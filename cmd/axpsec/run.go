package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/axpsec/axpsec/alphaemu/loader"
	"github.com/axpsec/axpsec/kernelsim"
)

func init() {
	register(&command{
		name:    "run",
		usage:   "[--policy FILE [--dry-run] [--audit FILE]] [--root DIR] [--sysroot DIR] [--trace] [--stats] [--verbose] [--max-insns N] [--max-mem BYTES] [--timeout D] [--] PROG [ARGS...]",
		summary: "run an Alpha Linux program in the emulator; its exit status becomes axpsec's",
		run:     runCommand,
	})
}

// runOptions are the parsed arguments of axpsec run.
type runOptions struct {
	root, sysroot  string
	trace, stats   bool
	verbose        bool
	maxInsns       uint64
	maxMem         byteSize
	timeout        time.Duration
	prog           string
	args           []string // guest argv[1:]
	stdin          io.Reader
	stdout, stderr io.Writer
	seccomp        seccompOptions // --policy, --dry-run, --audit (runpolicy.go)
}

// newRunFlags returns the flag set of axpsec run, storing into o.
func newRunFlags(o *runOptions, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.root, "root", "", "guest root directory (resolved traversal-safe); empty: no file system beyond stdio and the program")
	fs.StringVar(&o.sysroot, "sysroot", "", "host directory searched first for every guest path, read-only, like qemu -L: the dynamic loader and libraries of dynamically linked programs (e.g. /usr/alpha-linux-gnu)")
	fs.BoolVar(&o.trace, "trace", false, "print strace-like lines for every system call to stderr")
	fs.BoolVar(&o.stats, "stats", false, "print retired instructions, system calls and time to stderr at exit")
	fs.BoolVar(&o.verbose, "verbose", false, "report unimplemented system calls (once each) to stderr")
	fs.Uint64Var(&o.maxInsns, "max-insns", 0, "stop the guest after this many instructions retired by all its threads (0: no limit)")
	fs.Var(&o.maxMem, "max-mem", "guest memory limit in bytes, with optional K, M or G suffix (0: the default of 1G)")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop the guest after this much wall-clock time, e.g. 10s (0: no limit)")
	o.seccomp.addFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: axpsec run %s\n", commands["run"].usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseRunArgs parses axpsec run's command line: flags, then PROG and its
// arguments (an optional "--" separates them; everything after PROG belongs
// to the guest).
func parseRunArgs(args []string, stderr io.Writer) (*runOptions, error) {
	o := &runOptions{}
	fs := newRunFlags(o, stderr)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return nil, errors.New("missing program to run")
	}
	o.prog, o.args = rest[0], rest[1:]
	return o, nil
}

// kernelConfig turns the options into the simulated kernel's configuration.
func (o *runOptions) kernelConfig() kernelsim.Config {
	cfg := kernelsim.Config{
		Root:     o.root,
		Sysroot:  o.sysroot,
		Stdin:    o.stdin,
		Stdout:   o.stdout,
		Stderr:   o.stderr,
		MaxInsns: o.maxInsns,
		MaxMem:   uint64(o.maxMem),
		Timeout:  o.timeout,
	}
	if o.trace {
		cfg.Trace = o.stderr
	}
	if o.verbose {
		cfg.Verbose = o.stderr
	}
	return cfg
}

func runCommand(args []string, stdout, stderr io.Writer) int {
	o, err := parseRunArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "axpsec run: %v\n", err)
		return exitBadUse
	}
	o.stdin, o.stdout, o.stderr = os.Stdin, stdout, stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return runGuest(ctx, o)
}

// runGuest starts the program in a fresh simulated kernel, runs it to
// completion and returns the exit status axpsec should report.
func runGuest(ctx context.Context, o *runOptions) (status int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(o.stderr, "axpsec run: internal error: %v\n%s", v, debug.Stack())
			status = exitFailed
		}
	}()
	pr, err := loadRunPolicy(o)
	if err != nil {
		fmt.Fprintf(o.stderr, "axpsec run: %v\n", err)
		return exitBadUse
	}
	k := kernelsim.New(o.kernelConfig())
	argv := append([]string{o.prog}, o.args...)
	if err := k.Start(o.prog, argv, os.Environ()); err != nil {
		fmt.Fprintf(o.stderr, "axpsec run: %v\n", err)
		if errors.Is(err, loader.ErrNotELF) || errors.Is(err, loader.ErrBadELF) ||
			errors.Is(err, loader.ErrNeedSysroot) || errors.Is(err, os.ErrNotExist) {
			return exitBadUse
		}
		return exitFailed
	}
	if err := pr.install(k); err != nil {
		fmt.Fprintf(o.stderr, "axpsec run: %v\n", err)
		return exitFailed
	}
	exit, err := k.Run(ctx)
	if o.stats {
		printStats(o.stderr, k.Stats())
	}
	if ferr := pr.finish(k, o.stderr); ferr != nil && err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(o.stderr, "axpsec run: %s: %v\n", o.prog, err)
		return exitFailed
	}
	if exit.Signal != 0 {
		fmt.Fprintf(o.stderr, "axpsec run: %s: %s\n", o.prog, exit)
	}
	return exit.ShellStatus()
}

// printStats writes the --stats summary.
func printStats(w io.Writer, s kernelsim.Stats) {
	mips := 0.0
	if s.Elapsed > 0 {
		mips = float64(s.Retired) / s.Elapsed.Seconds() / 1e6
	}
	fmt.Fprintf(w, "axpsec: %d instructions retired, %d syscalls, %d signals, %v elapsed (%.1f MIPS), peak guest memory %d KiB\n",
		s.Retired, s.Syscalls, s.Signals, s.Elapsed.Round(time.Microsecond), mips, s.PeakMem>>10)
}

// byteSize is a flag value: a byte count with an optional K, M or G suffix
// (powers of 1024).
type byteSize uint64

// String formats the size in bytes.
func (b *byteSize) String() string { return strconv.FormatUint(uint64(*b), 10) }

// Set parses "4096", "64K", "512M" or "2G".
func (b *byteSize) Set(s string) error {
	num, shift := strings.TrimSpace(s), 0
	if n := len(num); n > 0 {
		switch num[n-1] {
		case 'k', 'K':
			shift = 10
		case 'm', 'M':
			shift = 20
		case 'g', 'G':
			shift = 30
		}
		if shift != 0 {
			num = num[:n-1]
		}
	}
	v, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return fmt.Errorf("bad size %q: want a number of bytes with optional K, M or G suffix", s)
	}
	if v > (1<<64-1)>>shift {
		return fmt.Errorf("size %q overflows", s)
	}
	*b = byteSize(v << shift)
	return nil
}
