package zenml

import (
	"fmt"
	"strings"
)

// parseUUID reads a UUID the way the real server's validation layer does:
// the hyphenated form, the 32-digit simple form, either wrapped in braces or
// prefixed with "urn:uuid:", in any letter case. It returns the canonical
// lower-case hyphenated form, or an empty string and the reason the text is
// not a UUID.
func parseUUID(s string) (canonical, reason string) {
	text := s
	if len(text) >= 9 && strings.EqualFold(text[:9], "urn:uuid:") {
		text = text[9:]
	} else if len(text) >= 2 && text[0] == '{' && text[len(text)-1] == '}' {
		text = text[1 : len(text)-1]
	}
	for i, r := range text {
		if !isHex(r) && r != '-' {
			return "", fmt.Sprintf("invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `%c` at %d", r, i+1)
		}
	}
	var hex string
	if !strings.Contains(text, "-") {
		if len(text) != 32 {
			return "", fmt.Sprintf("invalid length: expected length 32 for simple format, found %d", len(text))
		}
		hex = text
	} else {
		groups := strings.Split(text, "-")
		if len(groups) != 5 {
			return "", fmt.Sprintf("invalid group count: expected 5, found %d", len(groups))
		}
		for i, want := range [5]int{8, 4, 4, 4, 12} {
			if len(groups[i]) != want {
				return "", fmt.Sprintf("invalid group length in group %d: expected %d, found %d", i, want, len(groups[i]))
			}
		}
		hex = strings.Join(groups, "")
	}
	hex = strings.ToLower(hex)
	return hex[0:8] + "-" + hex[8:12] + "-" + hex[12:16] + "-" + hex[16:20] + "-" + hex[20:32], ""
}

func isHex(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'
}
