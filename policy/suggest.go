package policy

import (
	"slices"
	"sort"
	"strings"

	"github.com/axpsec/axpsec/abi"
)

// alphaAliases maps syscall names of other architectures to their Alpha equivalents.
var alphaAliases = map[string]string{
	"getpid":      "getxpid",
	"getuid":      "getxuid",
	"getgid":      "getxgid",
	"newfstatat":  "fstatat64",
	"fstatat":     "fstatat64",
	"sigprocmask": "osf_sigprocmask",
	"getsysinfo":  "osf_getsysinfo",
	"waitpid":     "wait4",
	"mmap2":       "mmap",
	"ugetrlimit":  "getrlimit",
}

// suggest returns a hint (", did you mean ...?") for an unknown syscall name.
func suggest(arch *abi.Arch, name string) string {
	var cands []string
	if arch == abi.Alpha {
		if a, ok := alphaAliases[name]; ok {
			cands = append(cands, a)
		}
		if _, ok := arch.SyscallNumber("osf_" + name); ok {
			cands = append(cands, "osf_"+name)
		}
	}
	type scored struct {
		name string
		d    int
	}
	var near []scored
	limit := 1 + len(name)/4
	for _, s := range arch.Syscalls {
		if d := editDistance(name, s.Name); d <= limit {
			near = append(near, scored{s.Name, d})
		}
	}
	sort.SliceStable(near, func(i, j int) bool { return near[i].d < near[j].d })
	for _, n := range near {
		if len(cands) >= 3 {
			break
		}
		if !slices.Contains(cands, n.name) {
			cands = append(cands, n.name)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(cands, " or ") + "?"
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
