package wire

import (
	"fmt"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// isUnreserved reports whether c is in RFC 3986's unreserved set:
// ALPHA / DIGIT / "-" / "." / "_" / "~".
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// isReservedInQuery reports whether c is an RFC 3986 reserved character that
// may stay unencoded in a query value under allowReserved. The reserved
// characters that RFC 3986 forbids in a query ("#", "[", "]") and those with a
// meaning in form-style query strings ("&", "=", "+") are excluded, as
// OpenAPI 3.1.1 (Parameter Object, allowReserved) asks.
func isReservedInQuery(c byte) bool {
	return strings.IndexByte(":/?@!$'()*,;", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// escapeStrict percent-encodes every byte of s outside the unreserved set
// (RFC 6570 simple expansion).
func escapeStrict(s string) string {
	return escape(s, func(string, int) bool { return false })
}

// escapeReserved percent-encodes s for a query value with allowReserved:
// reserved characters allowed in a query pass through, as do existing
// percent-encoded triples; everything else, including a "%" that does not
// start a triple, is encoded (RFC 6570 reserved expansion).
func escapeReserved(s string) string {
	return escape(s, func(s string, i int) bool {
		c := s[i]
		if c == '%' {
			return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
		}
		return isReservedInQuery(c)
	})
}

// escape percent-encodes the bytes of s that are neither unreserved nor
// accepted by keep. It returns s itself when nothing needs encoding.
func escape(s string, keep func(s string, i int) bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isUnreserved(s[i]) && !keep(s, i) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || keep(s, i) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

// isCookieOctet reports whether c may appear unencoded in a cookie value
// (RFC 6265 section 4.1.1: printable US-ASCII except space, DQUOTE, comma,
// semicolon and backslash).
func isCookieOctet(c byte) bool {
	return c == 0x21 || 0x23 <= c && c <= 0x2B || 0x2D <= c && c <= 0x3A ||
		0x3C <= c && c <= 0x5B || 0x5D <= c && c <= 0x7E
}

// escapeCookie percent-encodes the bytes of s that are not cookie-octets.
// "%" is a cookie-octet and is kept, so a value that is already a valid
// cookie value (for example one copied from a Set-Cookie header, which may
// itself be percent-encoded) is sent unchanged.
func escapeCookie(s string) string {
	return escape(s, func(s string, i int) bool { return isCookieOctet(s[i]) })
}

// isTokenChar reports whether c is a tchar (RFC 9110 section 5.6.2), the
// characters allowed in header field names and cookie names.
func isTokenChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// isToken reports whether s is a non-empty RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return false
		}
	}
	return true
}

// checkFieldValue returns an error when s cannot be sent as an HTTP header
// field value: control characters other than horizontal tab (in particular
// CR, LF and NUL, which would allow header injection) are refused.
func checkFieldValue(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' || c == 0x7F {
			return fmt.Errorf("value contains the control character %s at offset %d; header values cannot contain CR, LF, NUL or other control characters", byteName(c), i)
		}
	}
	return nil
}

// byteName names a control byte for error messages.
func byteName(c byte) string {
	switch c {
	case '\r':
		return "CR (0x0D)"
	case '\n':
		return "LF (0x0A)"
	case 0:
		return "NUL (0x00)"
	}
	return "0x" + string(upperHex[c>>4]) + string(upperHex[c&15])
}
