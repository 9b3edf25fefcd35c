package abi

import "strconv"

// Signal is an Alpha (OSF/1-numbered) signal number.
type Signal int

// Alpha signal numbers (arch/alpha/include/uapi/asm/signal.h).
const (
	SIGHUP    Signal = 1
	SIGINT    Signal = 2
	SIGQUIT   Signal = 3
	SIGILL    Signal = 4
	SIGTRAP   Signal = 5
	SIGABRT   Signal = 6
	SIGEMT    Signal = 7
	SIGFPE    Signal = 8
	SIGKILL   Signal = 9
	SIGBUS    Signal = 10
	SIGSEGV   Signal = 11
	SIGSYS    Signal = 12
	SIGPIPE   Signal = 13
	SIGALRM   Signal = 14
	SIGTERM   Signal = 15
	SIGURG    Signal = 16
	SIGSTOP   Signal = 17
	SIGTSTP   Signal = 18
	SIGCONT   Signal = 19
	SIGCHLD   Signal = 20
	SIGTTIN   Signal = 21
	SIGTTOU   Signal = 22
	SIGIO     Signal = 23
	SIGXCPU   Signal = 24
	SIGXFSZ   Signal = 25
	SIGVTALRM Signal = 26
	SIGPROF   Signal = 27
	SIGWINCH  Signal = 28
	SIGINFO   Signal = 29
	SIGUSR1   Signal = 30
	SIGUSR2   Signal = 31
	SIGRTMIN  Signal = 32
	NSIG             = 64 // _NSIG: signals are 1..64, one 64-bit sigset word
)

var signalNames = [...]string{
	SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
	SIGABRT: "SIGABRT", SIGEMT: "SIGEMT", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGBUS: "SIGBUS",
	SIGSEGV: "SIGSEGV", SIGSYS: "SIGSYS", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
	SIGURG: "SIGURG", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP", SIGCONT: "SIGCONT", SIGCHLD: "SIGCHLD",
	SIGTTIN: "SIGTTIN", SIGTTOU: "SIGTTOU", SIGIO: "SIGIO", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
	SIGVTALRM: "SIGVTALRM", SIGPROF: "SIGPROF", SIGWINCH: "SIGWINCH", SIGINFO: "SIGINFO",
	SIGUSR1: "SIGUSR1", SIGUSR2: "SIGUSR2",
}

// String returns the signal's name ("SIGSYS", "SIGRTMIN+3").
func (s Signal) String() string {
	if s > 0 && int(s) < len(signalNames) && signalNames[s] != "" {
		return signalNames[s]
	}
	if s >= SIGRTMIN && s <= NSIG {
		return "SIGRTMIN+" + strconv.Itoa(int(s-SIGRTMIN))
	}
	return "signal " + strconv.Itoa(int(s))
}

// SignalByName returns the signal named name ("SIGSYS" or "SYS").
func SignalByName(name string) (Signal, bool) {
	for i, n := range signalNames {
		if n != "" && (n == name || n[3:] == name) {
			return Signal(i), true
		}
	}
	return 0, false
}
