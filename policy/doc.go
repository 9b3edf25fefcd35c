// Package policy reads seccomp policies written in TOML and compiles them to
// classic BPF seccomp filters for Linux/Alpha (and x86_64 and aarch64, so a
// policy can be checked against a host kernel).
//
// Parse and ParseFile read a policy (rules naming syscalls, syscall groups,
// argument conditions, actions, constants, includes and inline tests),
// reporting problems as an ErrorList with file:line:col positions.
// Policy.Compile resolves it for one architecture and generates the filter;
// the Compiled result also evaluates the policy directly (Evaluate, RuleFor),
// runs the inline tests on a filter (RunTests) and lists every syscall's
// verdict (Explain). ImportOCI converts an OCI/Docker seccomp profile into
// policy text. The language is described in docs/policy.md.
package policy
