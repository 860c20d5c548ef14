package oas

import (
	"fmt"
	"strconv"
	"strings"
)

// splitPointer splits an RFC 6901 JSON Pointer into its unescaped reference
// tokens. The empty pointer names the whole document and yields no tokens.
func splitPointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if p[0] != '/' {
		return nil, fmt.Errorf("a JSON pointer must be empty or start with \"/\"")
	}
	tokens := strings.Split(p[1:], "/")
	for i, tok := range tokens {
		if !strings.Contains(tok, "~") {
			continue
		}
		var b strings.Builder
		for j := 0; j < len(tok); j++ {
			if tok[j] != '~' {
				b.WriteByte(tok[j])
				continue
			}
			if j+1 < len(tok) && (tok[j+1] == '0' || tok[j+1] == '1') {
				if tok[j+1] == '0' {
					b.WriteByte('~')
				} else {
					b.WriteByte('/')
				}
				j++
				continue
			}
			return nil, fmt.Errorf("\"~\" at offset %d must be followed by 0 or 1", offsetOfToken(tokens, i)+j)
		}
		tokens[i] = b.String()
	}
	return tokens, nil
}

// offsetOfToken returns the byte offset in the pointer text where token i
// starts (just after its "/").
func offsetOfToken(tokens []string, i int) int {
	off := 1
	for _, t := range tokens[:i] {
		off += len(t) + 1
	}
	return off
}

// escapeToken escapes one reference token for use in a JSON Pointer.
func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	s = strings.ReplaceAll(s, "~", "~0")
	return strings.ReplaceAll(s, "/", "~1")
}

// joinPointer builds a JSON Pointer from unescaped tokens.
func joinPointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// lookup follows tokens through plain JSON values. It reports false when a
// token names no member or element.
func lookup(v any, tokens []string) (any, bool) {
	for _, tok := range tokens {
		switch c := v.(type) {
		case map[string]any:
			next, ok := c[tok]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, ok := arrayIndex(tok)
			if !ok || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// arrayIndex parses an array index token: "0" or a decimal number without
// leading zeros.
func arrayIndex(tok string) (int, bool) {
	if tok == "" || (len(tok) > 1 && tok[0] == '0') {
		return 0, false
	}
	for _, c := range tok {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	i, err := strconv.Atoi(tok)
	return i, err == nil
}
