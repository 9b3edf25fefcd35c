package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/axpsec/axpsec/abi"
	"github.com/axpsec/axpsec/bpfvm"
	"github.com/axpsec/axpsec/kernelsim"
	"github.com/axpsec/axpsec/policy"
)

// seccompOptions are axpsec run's policy flags.
type seccompOptions struct {
	policy string
	dryRun bool
	audit  string
}

// addFlags registers --policy, --dry-run and --audit.
func (s *seccompOptions) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&s.policy, "policy", "", "compile this TOML policy for alpha and install it as the first seccomp filter (with no_new_privs) before the program starts")
	fs.BoolVar(&s.dryRun, "dry-run", false, "with --policy: deny nothing; report every verdict other than ALLOW as \"would have been ...\"")
	fs.StringVar(&s.audit, "audit", "", "with --policy: write one JSON line per verdict other than ALLOW to `FILE`")
}

// policyRun is the seccomp side of one axpsec run --policy.
type policyRun struct {
	opts     seccompOptions
	compiled *policy.Compiled
	audit    *os.File
	log      io.Writer // dry-run lines
}

// loadRunPolicy compiles the --policy file for Alpha and opens the audit
// file. It returns nil when no policy was given.
func loadRunPolicy(o *runOptions) (*policyRun, error) {
	s := o.seccomp
	if s.policy == "" {
		if s.dryRun || s.audit != "" {
			return nil, errors.New("--dry-run and --audit need --policy")
		}
		return nil, nil
	}
	pol, err := policy.ParseFile(s.policy)
	if err != nil {
		return nil, fmt.Errorf("policy %s:\n%w", s.policy, err)
	}
	for _, w := range pol.Warnings {
		fmt.Fprintf(o.stderr, "%s: warning: %s\n", w.Pos, w.Msg)
	}
	c, err := pol.Compile(abi.Alpha)
	if err != nil {
		return nil, fmt.Errorf("compiling %s for alpha:\n%w", s.policy, err)
	}
	pr := &policyRun{opts: s, compiled: c, log: o.stderr}
	if s.audit != "" {
		f, err := os.Create(s.audit)
		if err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		pr.audit = f
	}
	return pr, nil
}

// install configures the kernel's seccomp layer and attaches the policy to
// the initial process.
func (pr *policyRun) install(k *kernelsim.Kernel) error {
	if pr == nil {
		return nil
	}
	cfg := kernelsim.SeccompConfig{}
	if pr.audit != nil {
		cfg.Audit = pr.audit
	}
	if pr.opts.dryRun {
		cfg.Log = pr.log
	}
	k.ConfigureSeccomp(cfg)
	return k.InstallFilter(kernelsim.Filter{
		Program: pr.compiled.Program,
		Name:    pr.opts.policy,
		DryRun:  pr.opts.dryRun,
		Rule:    pr.ruleFor,
	})
}

// ruleFor names the policy rule deciding d as file:line, or the default
// action's position.
func (pr *policyRun) ruleFor(d *bpfvm.SeccompData) string {
	_, r := pr.compiled.RuleFor(policy.Data(*d))
	if r != nil {
		return fmt.Sprintf("%s:%d", r.Pos.File, r.Pos.Line)
	}
	pol := pr.compiled.Policy()
	if d.Arch != abi.AuditArchAlpha {
		return posOr(pol.BadArch.Pos, pol.File) + " (bad_arch)"
	}
	return posOr(pol.Default.Pos, pol.File) + " (default)"
}

// posOr formats p as file:line, or file when the position is unknown.
func posOr(p policy.Pos, file string) string {
	if p.Line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// finish flushes and closes the audit log and prints the summary.
func (pr *policyRun) finish(k *kernelsim.Kernel, w io.Writer) error {
	if pr == nil {
		return nil
	}
	err := k.FlushAudit()
	if pr.audit != nil {
		if cerr := pr.audit.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing audit log: %w", cerr)
		}
	}
	writeSeccompSummary(w, pr.opts, k.SeccompStats())
	return err
}

// summaryTop is how many syscalls the summary lists per line.
const summaryTop = 8

// writeSeccompSummary prints the one-screen summary of a policy run.
func writeSeccompSummary(w io.Writer, o seccompOptions, s kernelsim.SeccompStats) {
	mode := ""
	if o.dryRun {
		mode = " (dry run: nothing was denied)"
	}
	pct := func(n uint64) float64 {
		if s.Checked == 0 {
			return 0
		}
		return 100 * float64(n) / float64(s.Checked)
	}
	fmt.Fprintf(w, "axpsec: policy %s%s\n", o.policy, mode)
	fmt.Fprintf(w, "axpsec:   %d syscalls checked (%d distinct); cached verdicts: %d constant (%.1f%%), %d memo (%.1f%%)\n",
		s.Checked, len(s.Syscalls), s.Cached, pct(s.Cached), s.Memo, pct(s.Memo))
	fmt.Fprintf(w, "axpsec:   verdicts: %s\n", verdictList(s.Verdicts))
	fmt.Fprintf(w, "axpsec:   most frequent: %s\n", countList(s.Syscalls))
	if len(s.Denied) > 0 {
		verb := "denied"
		if o.dryRun {
			verb = "would have been denied"
		}
		fmt.Fprintf(w, "axpsec:   %s: %s\n", verb, countList(s.Denied))
	}
	if o.audit != "" {
		fmt.Fprintf(w, "axpsec:   audit log: %s\n", o.audit)
	}
}

// verdictOrder lists actions from most to least restrictive.
var verdictOrder = []string{"KILL_PROCESS", "KILL_THREAD", "TRAP", "ERRNO", "USER_NOTIF", "TRACE", "LOG", "ALLOW"}

// verdictList formats verdict counts, most restrictive first.
func verdictList(v map[string]uint64) string {
	var parts []string
	for _, a := range verdictOrder {
		if n := v[a]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", a, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// countList formats the first summaryTop counts (already most frequent first).
func countList(c []kernelsim.SyscallCount) string {
	var parts []string
	for i, sc := range c {
		if i == summaryTop {
			parts = append(parts, fmt.Sprintf("... %d more", len(c)-summaryTop))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", sc.Name, sc.Count))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
