// Command axpsec compiles seccomp policies for Linux/Alpha, runs and inspects
// classic BPF filters, and runs Alpha Linux programs under them in an emulator.
//
// Each subcommand lives in its own file and registers itself in init.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit codes shared by all subcommands.
const (
	exitOK     = 0
	exitFailed = 1 // the check or test the command ran failed
	exitBadUse = 2 // bad usage or unreadable/malformed input
)

// command is one axpsec subcommand.
type command struct {
	name    string
	usage   string // one line: arguments after the command name
	summary string // one line: what it does
	// run executes the command with its arguments (without the name) and returns the exit code.
	run func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: axpsec COMMAND [ARGS...]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'axpsec help COMMAND' for a command's arguments.")
}

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}

func runMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitBadUse
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fmt.Fprintf(stdout, "usage: axpsec %s %s\n%s\n", c.name, c.usage, c.summary)
				return exitOK
			}
		}
		usage(stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "axpsec: unknown command %q\n", name)
		usage(stderr)
		return exitBadUse
	}
	return c.run(args[1:], stdout, stderr)
}
