package zenml

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The credentials of the seeded administrator account.
const (
	DefaultUsername = "default"
	DefaultPassword = "zenml"
)

// TokenLifetime is how long an access token stays valid, measured on the
// server's clock. It is the expires_in of the login response.
const TokenLifetime = time.Hour

// signingKey signs every access token. It is fixed, so that a token depends
// only on the user and the clock, and stays valid across Reset and across
// servers.
var signingKey = []byte("zenml-reference-server")

// tokenHeader is the encoded JOSE header of every token.
var tokenHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// claims is the payload of an access token.
type claims struct {
	Subject   string `json:"sub"` // user id
	IssuedAt  int64  `json:"iat"`
	ExpiresAt int64  `json:"exp"`
}

// issueToken returns an HS256-signed JWT for the user with the given id.
func issueToken(userID string, now time.Time) string {
	payload, _ := json.Marshal(claims{Subject: userID, IssuedAt: now.Unix(), ExpiresAt: now.Add(TokenLifetime).Unix()})
	signed := tokenHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signed + "." + base64.RawURLEncoding.EncodeToString(sign(signed))
}

func sign(s string) []byte {
	mac := hmac.New(sha256.New, signingKey)
	mac.Write([]byte(s))
	return mac.Sum(nil)
}

// verifyToken checks a token's form, signature and expiry and returns the
// user id it was issued to, or why it is not acceptable.
func verifyToken(token string, now time.Time) (userID, reason string) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != tokenHeader {
		return "", "the token is not a JWT issued by this server"
	}
	mac, err := base64.RawURLEncoding.Strict().DecodeString(parts[2])
	if err != nil || !hmac.Equal(mac, sign(parts[0]+"."+parts[1])) {
		return "", "signature verification failed"
	}
	payload, err := base64.RawURLEncoding.Strict().DecodeString(parts[1])
	var cl claims
	if err != nil || json.Unmarshal(payload, &cl) != nil || cl.Subject == "" {
		return "", "the token has no valid claims"
	}
	if now.Unix() >= cl.ExpiresAt {
		return "", "the token has expired"
	}
	return cl.Subject, ""
}

// authenticate resolves the bearer token of a request to an active user.
func authenticate(st *state, r *http.Request, now time.Time) (*user, *reply) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		rep := unauthorized("Authentication error: no bearer access token was supplied")
		return nil, &rep
	}
	id, reason := verifyToken(token, now)
	if reason != "" {
		rep := unauthorized("Authentication error: error decoding access token: %s.", reason)
		return nil, &rep
	}
	u, found := st.users.get(id)
	if !found {
		rep := unauthorized("Authentication error: error retrieving token account %s", id)
		return nil, &rep
	}
	if !u.Active {
		rep := unauthorized("Authentication error: account %s is not active", u.Name)
		return nil, &rep
	}
	return u, nil
}

// tokenResponse is the body of a successful login.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// login implements POST /login: the OAuth2 password grant, with the
// credentials in a form body. The grant_type, scope and client fields of the
// OAuth2 form are accepted and ignored.
func login(st *state, c *call) reply {
	values := formValues(c.req.Header.Get("Content-Type"), c.body)
	var creds [2]string
	for i, name := range [2]string{"username", "password"} {
		vs, present := values[name]
		if !present {
			c.fail(fieldError{Type: "missing", Loc: []any{"body", name}, Msg: "Field required", Input: nil})
			continue
		}
		creds[i] = vs[len(vs)-1]
	}
	if c.failed() {
		return c.invalid()
	}
	u, found := st.users.find(func(u *user) bool { return u.Name == creds[0] })
	if !found || !hmac.Equal([]byte(u.password), []byte(creds[1])) {
		return unauthorized("Authentication error: invalid username or password")
	}
	if !u.Active {
		return unauthorized("Authentication error: user %s is not active", u.Name)
	}
	return success(http.StatusOK, tokenResponse{
		AccessToken: issueToken(u.ID, c.now),
		TokenType:   "bearer",
		ExpiresIn:   int(TokenLifetime / time.Second),
	})
}

// formValues parses a URL-encoded or multipart form body. Any other body
// yields no values, so every form field is reported missing, as FastAPI does.
func formValues(contentType string, body []byte) url.Values {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return nil
		}
		return values
	case "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(maxBodyBytes)
		if err != nil {
			return nil
		}
		defer form.RemoveAll()
		return form.Value
	}
	return nil
}

// currentUser implements GET /current-user.
func currentUser(_ *state, c *call) reply { return success(http.StatusOK, c.user) }

// issueFor returns a token for the named user, for callers that start from
// an access token instead of logging in.
func issueFor(st *state, username string, now time.Time) (string, error) {
	u, found := st.users.find(func(u *user) bool { return u.Name == username })
	if !found {
		return "", fmt.Errorf("zenml: no user named %q", username)
	}
	return issueToken(u.ID, now), nil
}
