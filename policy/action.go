package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/axpsec/axpsec/abi"
)

// Action is a parsed action such as allow or errno(EPERM). An errno given by
// name is resolved per architecture (Alpha's errno values differ from x86_64's).
type Action struct {
	Pos   Pos
	Text  string // as written
	Base  uint32 // the SECCOMP_RET_* action
	Data  uint16 // data for errno/trap/trace when given as a number
	Errno string // errno name, when errno(NAME) was written
}

var actionBases = map[string]uint32{
	"allow":        abi.SeccompRetAllow,
	"log":          abi.SeccompRetLog,
	"errno":        abi.SeccompRetErrno,
	"trap":         abi.SeccompRetTrap,
	"trace":        abi.SeccompRetTrace,
	"user_notif":   abi.SeccompRetUserNotif,
	"kill_thread":  abi.SeccompRetKillThread,
	"kill_process": abi.SeccompRetKillProcess,
}

// ParseAction parses an action: allow, log, errno(N|NAME), trap[(N)],
// trace[(N)], user_notif, kill_thread or kill_process.
func ParseAction(s string) (Action, error) {
	a := Action{Text: s}
	t := strings.ToLower(strings.TrimSpace(s))
	name, arg, hasArg := t, "", false
	if i := strings.IndexByte(t, '('); i >= 0 {
		if !strings.HasSuffix(t, ")") {
			return a, fmt.Errorf("action %q: missing closing parenthesis", s)
		}
		name, arg, hasArg = strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+1:len(t)-1]), true
	}
	base, ok := actionBases[name]
	if !ok {
		return a, fmt.Errorf("unknown action %q (want allow, log, errno(N), trap(N), trace(N), user_notif, kill_thread or kill_process)", s)
	}
	a.Base = base
	switch name {
	case "errno":
		if !hasArg {
			return a, fmt.Errorf("action %q: errno needs a value, e.g. errno(EPERM) or errno(1)", s)
		}
		if n, err := strconv.ParseUint(arg, 0, 64); err == nil {
			if n > 4095 {
				return a, fmt.Errorf("action %q: errno %d out of range 0..4095", s, n)
			}
			a.Data = uint16(n)
			return a, nil
		}
		up := strings.ToUpper(arg)
		if _, ok := abi.ErrnoByName(up); !ok {
			if _, ok := genericErrno[up]; !ok {
				return a, fmt.Errorf("action %q: unknown errno name %q", s, arg)
			}
		}
		a.Errno = up
	case "trap", "trace":
		if hasArg {
			n, err := strconv.ParseUint(arg, 0, 64)
			if err != nil || n > 0xffff {
				return a, fmt.Errorf("action %q: data must be a number 0..65535", s)
			}
			a.Data = uint16(n)
		}
	default:
		if hasArg {
			return a, fmt.Errorf("action %q: %s takes no value", s, name)
		}
	}
	return a, nil
}

// Value returns the SECCOMP_RET_* value of a for arch.
func (a Action) Value(arch *abi.Arch) (uint32, error) {
	if a.Errno == "" {
		return a.Base | uint32(a.Data), nil
	}
	n, ok := errnoValue(arch, a.Errno)
	if !ok {
		return 0, fmt.Errorf("errno %s has no known value on %s", a.Errno, arch.Name)
	}
	return a.Base | uint32(n), nil
}

func errnoValue(arch *abi.Arch, name string) (int, bool) {
	if arch == abi.Alpha {
		e, ok := abi.ErrnoByName(name)
		return int(e), ok
	}
	n, ok := genericErrno[name]
	return n, ok
}
