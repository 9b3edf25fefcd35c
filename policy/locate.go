package policy

import (
	"regexp"
	"strings"
)

// locator finds approximate source positions of TOML tables, keys and string
// values, since the TOML decoder reports positions only for syntax errors.
type locator struct {
	file     string
	lines    []string
	sections map[string][]section // "rule" -> one per [[rule]]; "policy" -> one
}

type section struct{ start, end int } // line indexes [start, end)

var headerRE = regexp.MustCompile(`^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?`)

func newLocator(file string, src []byte) *locator {
	l := &locator{file: file, lines: strings.Split(string(src), "\n"), sections: map[string][]section{}}
	cur, curStart := "", 0
	flush := func(end int) {
		l.sections[cur] = append(l.sections[cur], section{curStart, end})
	}
	for i, line := range l.lines {
		if m := headerRE.FindStringSubmatch(line); m != nil {
			flush(i)
			cur, curStart = m[2], i
		}
	}
	flush(len(l.lines))
	return l
}

// table returns the position of the index'th [name] or [[name]] header.
func (l *locator) table(name string, index int) Pos {
	s, ok := l.section(name, index)
	if !ok {
		return Pos{File: l.file}
	}
	return Pos{File: l.file, Line: s.start + 1, Col: 1}
}

func (l *locator) section(name string, index int) (section, bool) {
	secs := l.sections[name]
	if index < 0 || index >= len(secs) {
		return section{}, false
	}
	return secs[index], true
}

// key returns the position of the value of key in the index'th table name
// ("" is the top level), falling back to the table header.
func (l *locator) key(name string, index int, key string) Pos {
	s, ok := l.section(name, index)
	if !ok {
		return Pos{File: l.file}
	}
	for i := s.start; i < s.end; i++ {
		line := l.lines[i]
		t := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(t, key) {
			continue
		}
		rest := strings.TrimLeft(t[len(key):], " \t")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		val := strings.TrimLeft(rest[1:], " \t")
		return Pos{File: l.file, Line: i + 1, Col: len(line) - len(val) + 1}
	}
	return l.table(name, index)
}

// inString returns the position of byte off inside the string value of key
// (assuming a one-line string without escapes before off).
func (l *locator) inString(name string, index int, key string, off int) Pos {
	p := l.key(name, index, key)
	if p.Line > 0 && p.Line <= len(l.lines) {
		line := l.lines[p.Line-1]
		if p.Col-1 < len(line) && (line[p.Col-1] == '"' || line[p.Col-1] == '\'') {
			p.Col += 1 + off
		}
	}
	return p
}

// element returns the position of the quoted string elem in the value of key
// (which may span lines), falling back to the key.
func (l *locator) element(name string, index int, key, elem string) Pos {
	p := l.key(name, index, key)
	s, ok := l.section(name, index)
	if !ok || p.Line == 0 {
		return p
	}
	for _, q := range []string{`"` + elem + `"`, `'` + elem + `'`} {
		for i := p.Line - 1; i < s.end; i++ {
			from := 0
			if i == p.Line-1 {
				from = p.Col - 1
			}
			if from > len(l.lines[i]) {
				continue
			}
			if j := strings.Index(l.lines[i][from:], q); j >= 0 {
				return Pos{File: l.file, Line: i + 1, Col: from + j + 1}
			}
		}
	}
	return p
}
