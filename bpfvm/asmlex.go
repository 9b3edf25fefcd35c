package bpfvm

import (
	"fmt"
	"strings"
)

func isIdent(t string) bool {
	if t == "" {
		return false
	}
	for i, c := range t {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

var operators = []string{"<<=", ">>=", "+=", "-=", "*=", "/=", "|=", "&=", "^=", "==", "!=", ">=", "<=", ">>", "<<",
	"=", ">", "<", "&", "!", "(", ")", "[", "]", ",", ":", "-", "."}

// tokenize splits a line (without its comment) into identifiers, numbers and
// operators.
func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			found := false
			for _, op := range operators {
				if strings.HasPrefix(s[i:], op) {
					toks = append(toks, op)
					i += len(op)
					found = true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
		}
	}
	return toks, nil
}
