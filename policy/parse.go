package policy

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Policy is a parsed policy file, with its includes merged in.
type Policy struct {
	File      string               // the file it was parsed from
	Arches    []string             // target architectures from [policy] arch; Alpha when unset
	Default   Action               // for syscalls no rule decides ([policy] default)
	BadArch   Action               // for calls from a foreign architecture ([policy] bad_arch)
	Rules     []*Rule              // includes' rules first, then this file's, in order
	Tests     []*Test              // this file's [[test]] cases
	Groups    map[string]*Group    // user-defined groups
	Constants map[string]*Constant // user-defined constants
	Warnings  ErrorList            // problems that do not stop compilation
}

// Rule is one [[rule]]: when a syscall in Syscalls is made and When holds, Action applies.
type Rule struct {
	Pos      Pos // of the [[rule]] header
	Index    int // position in Policy.Rules
	Name     string
	Syscalls []SyscallRef
	When     Expr   // nil: always
	WhenText string // the condition as written
	whenPos  Pos    // position of the first character of WhenText
	Action   Action
}

// SyscallRef names syscalls in a rule, a group or a test: a syscall name, a
// number, an @group, or any of these prefixed with ~ to remove them again. A
// name ending in ? is optional: architectures without it skip it.
type SyscallRef struct {
	Pos      Pos
	Name     string // name or @group; empty when IsNr
	Nr       int64
	IsNr     bool
	Exclude  bool
	Optional bool
}

// String formats the reference as written.
func (r SyscallRef) String() string {
	s := r.Name
	if r.IsNr {
		s = fmt.Sprint(r.Nr)
	}
	if r.Exclude {
		s = "~" + s
	}
	if r.Optional {
		s += "?"
	}
	return s
}

// Group is a user-defined syscall group from [groups].
type Group struct {
	Pos     Pos
	Name    string
	Members []SyscallRef
}

// Constant is a user-defined constant from [constants].
type Constant struct {
	Pos  Pos
	Name string
	Expr ConstExpr
	Text string // the value as written
}

// Test is an inline [[test]] case.
type Test struct {
	Pos     Pos
	Name    string
	Syscall SyscallRef
	Args    [6]ConstExpr // nil: 0
	ArgText [6]string    // the arguments as written
	IP      ConstExpr    // nil: 0
	Arch    string       // architecture of the simulated syscall; empty: the compile target
	Expect  Action       // the verdict the filter must give
}

// Describe returns the test's name, or a summary of its call.
func (t *Test) Describe() string {
	if t.Name != "" {
		return t.Name
	}
	var args []string
	for i, a := range t.ArgText {
		if t.Args[i] != nil {
			args = append(args, a)
		}
	}
	return fmt.Sprintf("%s(%s)", t.Syscall, strings.Join(args, ", "))
}

type rawFile struct {
	Policy    rawPolicy        `toml:"policy"`
	Groups    map[string][]any `toml:"groups"`
	Constants map[string]any   `toml:"constants"`
	Rule      []rawRule        `toml:"rule"`
	Test      []rawTest        `toml:"test"`
}

type rawPolicy struct {
	Arch    any      `toml:"arch"`
	Default string   `toml:"default"`
	BadArch string   `toml:"bad_arch"`
	Include []string `toml:"include"`
}

type rawRule struct {
	Name     string `toml:"name"`
	Syscalls []any  `toml:"syscalls"`
	When     string `toml:"when"`
	Action   string `toml:"action"`
}

type rawTest struct {
	Name    string `toml:"name"`
	Syscall any    `toml:"syscall"`
	Args    []any  `toml:"args"`
	IP      any    `toml:"ip"`
	Arch    string `toml:"arch"`
	Expect  string `toml:"expect"`
}

// maxIncludeDepth bounds include nesting.
const maxIncludeDepth = 16

type parser struct {
	readFile func(string) ([]byte, error)
	errs     ErrorList
	warns    ErrorList
	stack    []string // include chain, for cycle detection
}

// ParseFile reads and parses the policy at path, following includes.
func ParseFile(path string) (*Policy, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	return Parse(path, src)
}

// Parse parses the policy src read from filename. Includes are read from
// disk relative to filename's directory. The error, if any, is an ErrorList.
func Parse(filename string, src []byte) (*Policy, error) {
	return parseWith(filename, src, os.ReadFile)
}

func parseWith(filename string, src []byte, readFile func(string) ([]byte, error)) (*Policy, error) {
	p := &parser{readFile: readFile}
	pol := p.parseFile(filename, src, true)
	if pol != nil {
		p.validate(pol)
	}
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	pol.Warnings = p.warns
	return pol, nil
}

func (p *parser) parseFile(filename string, src []byte, top bool) *Policy {
	var raw rawFile
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			p.errs.add(Pos{File: filename, Line: pe.Position.Line, Col: pe.Position.Col}, "%s", pe.Message)
		} else {
			p.errs.add(Pos{File: filename}, "%v", err)
		}
		return nil
	}
	loc := newLocator(filename, src)
	for _, k := range md.Undecoded() {
		if len(k) >= 2 && (k[0] == "groups" || k[0] == "constants") {
			continue
		}
		table, key := "", k[len(k)-1]
		if len(k) > 1 {
			table = k[0]
		}
		p.errs.add(p.findKey(loc, table, key), "unknown key %q (known: policy.{arch,default,bad_arch,include}, groups, constants, rule.{name,syscalls,when,action}, test.{name,syscall,args,ip,arch,expect})", k.String())
	}
	pol := &Policy{File: filename, Groups: map[string]*Group{}, Constants: map[string]*Constant{}}

	// Includes first: their rules precede ours.
	for _, inc := range raw.Policy.Include {
		pos := loc.element("policy", 0, "include", inc)
		path := inc
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(filename), inc)
		}
		if len(p.stack) >= maxIncludeDepth {
			p.errs.add(pos, "includes nested deeper than %d", maxIncludeDepth)
			continue
		}
		if cycle := p.inStack(path); cycle {
			p.errs.add(pos, "include cycle: %s includes %s again", filename, inc)
			continue
		}
		data, err := p.readFile(path)
		if err != nil {
			p.errs.add(pos, "include: %v", err)
			continue
		}
		p.stack = append(p.stack, filepath.Clean(filename))
		sub := p.parseFile(path, data, false)
		p.stack = p.stack[:len(p.stack)-1]
		if sub != nil {
			p.merge(pol, sub)
		}
	}

	if raw.Policy.Arch != nil {
		pos := loc.key("policy", 0, "arch")
		switch a := raw.Policy.Arch.(type) {
		case string:
			pol.Arches = []string{a}
		case []any:
			for _, x := range a {
				s, ok := x.(string)
				if !ok {
					p.errs.add(pos, "policy.arch: want architecture names, found %v", x)
					continue
				}
				pol.Arches = append(pol.Arches, s)
			}
		default:
			p.errs.add(pos, "policy.arch: want a name or a list of names (alpha, x86_64, aarch64)")
		}
	}
	if raw.Policy.Default != "" {
		pol.Default = p.action(loc.key("policy", 0, "default"), raw.Policy.Default)
	}
	if raw.Policy.BadArch != "" {
		pol.BadArch = p.action(loc.key("policy", 0, "bad_arch"), raw.Policy.BadArch)
	}

	names := make([]string, 0, len(raw.Groups))
	for n := range raw.Groups {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		pos := loc.key("groups", 0, n)
		if n == "" || strings.ContainsAny(n, "@~ ") {
			p.errs.add(pos, "group name %q: use letters, digits, - and _ (refer to it as \"@name\")", n)
			continue
		}
		if _, ok := builtinGroups[n]; ok {
			p.errs.add(pos, "group @%s is built in; choose another name", n)
			continue
		}
		if _, dup := pol.Groups[n]; dup {
			p.errs.add(pos, "group @%s defined twice", n)
			continue
		}
		g := &Group{Pos: pos, Name: n}
		for _, m := range raw.Groups[n] {
			g.Members = append(g.Members, p.syscallRef(loc, "groups", 0, n, m))
		}
		pol.Groups[n] = g
	}

	names = names[:0]
	for n := range raw.Constants {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		pos := loc.key("constants", 0, n)
		c := &Constant{Pos: pos, Name: n}
		switch v := raw.Constants[n].(type) {
		case int64:
			c.Text = fmt.Sprint(v)
			if v < 0 {
				c.Expr = &NumConst{Value: uint64(-v), Neg: true}
			} else {
				c.Expr = &NumConst{Value: uint64(v)}
			}
		case string:
			c.Text = v
			e, err := ParseConst(v)
			if err != nil {
				p.errs.add(pos, "constant %s: %v", n, syntaxMsg(err))
				continue
			}
			c.Expr = e
		default:
			p.errs.add(pos, "constant %s: want an integer or a constant expression string", n)
			continue
		}
		if !isIdentStart(n[0]) || strings.IndexFunc(n, func(r rune) bool { return r > 127 || !isIdentChar(byte(r)) }) >= 0 || isField(n) || isKeyword(n) {
			p.errs.add(pos, "constant name %q is not a valid identifier", n)
			continue
		}
		if _, dup := pol.Constants[n]; dup {
			p.errs.add(pos, "constant %s defined twice", n)
			continue
		}
		pol.Constants[n] = c
	}

	for i, rr := range raw.Rule {
		r := &Rule{Pos: loc.table("rule", i), Name: rr.Name}
		if len(rr.Syscalls) == 0 {
			p.errs.add(r.Pos, "rule has no syscalls (add syscalls = [\"name\", ...])")
		}
		for _, s := range rr.Syscalls {
			r.Syscalls = append(r.Syscalls, p.syscallRef(loc, "rule", i, "syscalls", s))
		}
		if rr.Action == "" {
			p.errs.add(r.Pos, "rule has no action (add action = \"allow\" or another action)")
		} else {
			r.Action = p.action(loc.key("rule", i, "action"), rr.Action)
		}
		if strings.TrimSpace(rr.When) != "" {
			r.WhenText = rr.When
			r.whenPos = loc.inString("rule", i, "when", 0)
			e, err := ParseExpr(rr.When)
			if err != nil {
				p.errs.add(r.exprPos(errOffset(err)), "condition: %s", syntaxMsg(err))
			}
			r.When = e
		}
		pol.Rules = append(pol.Rules, r)
	}

	if top {
		for i, rt := range raw.Test {
			pol.Tests = append(pol.Tests, p.test(loc, i, rt))
		}
	}
	return pol
}

func (p *parser) inStack(path string) bool {
	return slices.Contains(p.stack, filepath.Clean(path))
}

func (p *parser) findKey(loc *locator, table, key string) Pos {
	for i := range loc.sections[table] {
		if pos := loc.key(table, i, key); pos.Col > 1 || table == "" {
			return pos
		}
	}
	return loc.table(table, 0)
}

// merge adds an included policy's parts to pol (which includes it).
func (p *parser) merge(pol, sub *Policy) {
	if len(pol.Arches) == 0 {
		pol.Arches = sub.Arches
	}
	if pol.Default.Text == "" {
		pol.Default = sub.Default
	}
	if pol.BadArch.Text == "" {
		pol.BadArch = sub.BadArch
	}
	for n, g := range sub.Groups {
		if old, dup := pol.Groups[n]; dup {
			p.errs.add(g.Pos, "group @%s already defined at %s", n, old.Pos)
			continue
		}
		pol.Groups[n] = g
	}
	for n, c := range sub.Constants {
		if old, dup := pol.Constants[n]; dup {
			p.errs.add(c.Pos, "constant %s already defined at %s", n, old.Pos)
			continue
		}
		pol.Constants[n] = c
	}
	pol.Rules = append(pol.Rules, sub.Rules...)
}

func (p *parser) action(pos Pos, s string) Action {
	a, err := ParseAction(s)
	if err != nil {
		p.errs.add(pos, "%v", err)
	}
	a.Pos = pos
	return a
}

func (p *parser) syscallRef(loc *locator, table string, index int, key string, v any) SyscallRef {
	switch x := v.(type) {
	case string:
		ref := SyscallRef{Pos: loc.element(table, index, key, x), Name: strings.TrimSpace(x)}
		if strings.HasPrefix(ref.Name, "~") {
			ref.Exclude, ref.Name = true, strings.TrimSpace(ref.Name[1:])
		}
		if strings.HasSuffix(ref.Name, "?") {
			ref.Optional, ref.Name = true, strings.TrimSpace(ref.Name[:len(ref.Name)-1])
		}
		if ref.Name == "" {
			p.errs.add(ref.Pos, "empty syscall name")
		}
		return ref
	case int64:
		ref := SyscallRef{Pos: loc.key(table, index, key), Nr: x, IsNr: true}
		if x < math.MinInt32 || x > math.MaxUint32 {
			p.errs.add(ref.Pos, "syscall number %d out of range (syscall numbers are 32-bit)", x)
		}
		return ref
	}
	pos := loc.key(table, index, key)
	p.errs.add(pos, "syscall: want a name, \"@group\" or a number, found %v", v)
	return SyscallRef{Pos: pos}
}

func (p *parser) test(loc *locator, i int, rt rawTest) *Test {
	t := &Test{Pos: loc.table("test", i), Name: rt.Name, Arch: rt.Arch}
	if rt.Syscall == nil {
		p.errs.add(t.Pos, "test has no syscall")
	} else {
		t.Syscall = p.syscallRef(loc, "test", i, "syscall", rt.Syscall)
		if t.Syscall.Exclude || t.Syscall.Optional || strings.HasPrefix(t.Syscall.Name, "@") {
			p.errs.add(t.Syscall.Pos, "test syscall must be one syscall name or number")
		}
	}
	if len(rt.Args) > 6 {
		p.errs.add(loc.key("test", i, "args"), "test has %d args; syscalls take at most 6", len(rt.Args))
	}
	for j, a := range rt.Args {
		if j >= 6 {
			break
		}
		t.Args[j], t.ArgText[j] = p.testValue(loc.key("test", i, "args"), a)
	}
	if rt.IP != nil {
		t.IP, _ = p.testValue(loc.key("test", i, "ip"), rt.IP)
	}
	if rt.Expect == "" {
		p.errs.add(t.Pos, "test has no expect (add expect = \"allow\" or another action)")
	} else {
		t.Expect = p.action(loc.key("test", i, "expect"), rt.Expect)
	}
	return t
}

func (p *parser) testValue(pos Pos, v any) (ConstExpr, string) {
	switch x := v.(type) {
	case int64:
		if x < 0 {
			return &NumConst{Value: uint64(-x), Neg: true}, fmt.Sprint(x)
		}
		return &NumConst{Value: uint64(x)}, fmt.Sprint(x)
	case string:
		e, err := ParseConst(x)
		if err != nil {
			p.errs.add(pos, "test value %q: %s", x, syntaxMsg(err))
			return nil, x
		}
		return e, x
	}
	p.errs.add(pos, "test value: want an integer or a constant expression string, found %v", v)
	return nil, fmt.Sprint(v)
}

// exprPos maps a byte offset in the rule's condition to a file position.
func (r *Rule) exprPos(off int) Pos {
	p := r.whenPos
	if p.Line > 0 && p.Col > 0 && !strings.Contains(r.WhenText, "\n") {
		p.Col += off
	}
	return p
}

func errOffset(err error) int {
	var se *SyntaxError
	if errors.As(err, &se) {
		return se.Off
	}
	return 0
}

func syntaxMsg(err error) string {
	var se *SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}
