package runtime

import (
	"strings"
	"testing"
)

// FuzzRedact checks the masking of text: a secret never survives in any
// of its encoded forms, and masking twice changes nothing.
func FuzzRedact(f *testing.F) {
	f.Add("tok.abc.DEF", "Authorization: Bearer tok.abc.DEF and again tok.abc.DEF", "x")
	f.Add(`p@ss w"rd/1+x`, `{"pw":"p@ss w\"rd/1+x"} limit=p%40ss%20w%22rd%2F1%2Bx`, "p@ss")
	f.Add("red", "<redacted> is red", "acted")
	f.Add("aaa", "aaaaaaa", "aa")
	f.Add("é<&>", "\u00e9\\u003c\\u0026\\u003e", "")
	f.Add("eyJhbGciOi.J9-x_y~z", "Bearer eyJhbGciOi.J9-x_y~z", "Bearer eyJhbGciOi.J9-x_y~z")
	f.Fuzz(func(t *testing.T, secret, text, other string) {
		rd := newRedactor(&config{redact: true, secrets: []string{secret, other}})
		once := rd.text(text)
		if twice := rd.text(once); twice != once {
			t.Fatalf("masking twice changes the text:\n once: %q\ntwice: %q", once, twice)
		}
		if unreserved(secret) {
			for _, form := range encodedForms(secret) {
				if form != secret {
					t.Fatalf("the unreserved secret %q has the encoded form %q", secret, form)
				}
			}
		}
		if strings.ContainsRune(secret, 0) {
			return
		}
		for _, form := range forms(secret) {
			if form == "" || strings.Contains(Mask, form) {
				continue
			}
			plain := strings.ReplaceAll(rd.text(text+" "+form+" "), Mask, "\x00")
			if strings.Contains(plain, form) {
				t.Fatalf("the form %q of secret %q survives: %q", form, secret, plain)
			}
		}
	})
}
