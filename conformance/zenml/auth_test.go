package zenml

import (
	"bytes"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	c := start(t)
	tokenBody := func(tok string) string {
		return `{"access_token":"` + tok + `","token_type":"bearer","expires_in":3600}`
	}
	alice, err := c.srv.IssueToken("alice")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		want        string
	}{
		{"default user", "application/x-www-form-urlencoded", "username=default&password=zenml", 200, tokenBody(c.srv.Token())},
		{"OAuth2 extras ignored", "application/x-www-form-urlencoded", "grant_type=password&username=alice&password=wonderland&scope=&client_id=cli", 200, tokenBody(alice)},
		{"wrong password", "application/x-www-form-urlencoded", "username=default&password=secret", 401,
			`{"detail":["CredentialsNotValid","Authentication error: invalid username or password"]}`},
		{"empty password", "application/x-www-form-urlencoded", "username=default&password=", 401,
			`{"detail":["CredentialsNotValid","Authentication error: invalid username or password"]}`},
		{"unknown user", "application/x-www-form-urlencoded", "username=mallory&password=zenml", 401,
			`{"detail":["CredentialsNotValid","Authentication error: invalid username or password"]}`},
		{"inactive user", "application/x-www-form-urlencoded", "username=bob&password=builder", 401,
			`{"detail":["CredentialsNotValid","Authentication error: user bob is not active"]}`},
		{"missing password", "application/x-www-form-urlencoded", "username=default", 422,
			`{"detail":[{"type":"missing","loc":["body","password"],"msg":"Field required","input":null}]}`},
		{"JSON body is not a form", "application/json", `{"username":"default","password":"zenml"}`, 422,
			`{"detail":[{"type":"missing","loc":["body","username"],"msg":"Field required","input":null},{"type":"missing","loc":["body","password"],"msg":"Field required","input":null}]}`},
		{"no body", "", "", 422,
			`{"detail":[{"type":"missing","loc":["body","username"],"msg":"Field required","input":null},{"type":"missing","loc":["body","password"],"msg":"Field required","input":null}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.as("").send("POST", "/login", tt.contentType, tt.body)
			expect(t, got, tt.status, tt.want)
			if tt.status == 401 && got.Header.Get("WWW-Authenticate") != "Bearer" {
				t.Errorf("WWW-Authenticate = %q, want Bearer", got.Header.Get("WWW-Authenticate"))
			}
		})
	}
}

func TestLoginMultipart(t *testing.T) {
	c := start(t)
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("username", "default")
	w.WriteField("password", "zenml")
	w.Close()
	got := c.as("").send("POST", "/login", w.FormDataContentType(), buf.String())
	if tok := got.object(t, 200)["access_token"]; tok != c.srv.Token() {
		t.Errorf("access_token = %v, want %s", tok, c.srv.Token())
	}
}

func TestLoginTokenWorks(t *testing.T) {
	c := start(t)
	login := c.as("").postForm("/login", url.Values{"username": {"alice"}, "password": {"wonderland"}}).object(t, 200)
	me := c.as(login["access_token"].(string)).get("/current-user").object(t, 200)
	if me["id"] != aliceID || me["name"] != "alice" {
		t.Errorf("current user = %v, %v; want alice (%s)", me["id"], me["name"], aliceID)
	}
}

func TestTokenIsDeterministic(t *testing.T) {
	a, b := NewHandler(), NewHandler()
	if a.Token() != b.Token() {
		t.Error("two handlers with the default clock issue different tokens")
	}
	want := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
		"eyJzdWIiOiIwMDAwMDAwMS0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJpYXQiOjE3MTcyNDMyMDAsImV4cCI6MTcxNzI0NjgwMH0."
	if tok := a.Token(); !strings.HasPrefix(tok, want) {
		t.Errorf("Token() = %s, want header and claims %s", tok, want)
	}
	if _, err := a.IssueToken("nobody"); err == nil || err.Error() != `zenml: no user named "nobody"` {
		t.Errorf("IssueToken(nobody) error = %v", err)
	}
}

func TestBearerAuth(t *testing.T) {
	now := defaultNow
	c := start(t, Clock(func() time.Time { return now }))
	valid := c.srv.Token()
	bob, err := c.srv.IssueToken("bob")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(valid, ".")
	forged := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	tests := []struct {
		name   string
		header string // the whole Authorization header; empty sends none
		status int
		want   string
	}{
		{"no header", "", 401, `{"detail":["CredentialsNotValid","Authentication error: no bearer access token was supplied"]}`},
		{"basic scheme", "Basic ZGVmYXVsdDp6ZW5tbA==", 401, `{"detail":["CredentialsNotValid","Authentication error: no bearer access token was supplied"]}`},
		{"bearer without token", "Bearer", 401, `{"detail":["CredentialsNotValid","Authentication error: no bearer access token was supplied"]}`},
		{"unexpanded expression", "Bearer $inputs.accessToken", 401,
			`{"detail":["CredentialsNotValid","Authentication error: error decoding access token: the token is not a JWT issued by this server."]}`},
		{"forged signature", "Bearer " + forged, 401,
			`{"detail":["CredentialsNotValid","Authentication error: error decoding access token: signature verification failed."]}`},
		{"token of unknown account", "Bearer " + issueToken(missingID, now), 401,
			`{"detail":["CredentialsNotValid","Authentication error: error retrieving token account ` + missingID + `"]}`},
		{"token of inactive account", "Bearer " + bob, 401, `{"detail":["CredentialsNotValid","Authentication error: account bob is not active"]}`},
		{"lower-case scheme", "bearer " + valid, 200, ""},
		{"extra spaces", "Bearer   " + valid + " ", 200, ""},
		{"valid", "Bearer " + valid, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.withAuthorization(tt.header).get("/current-user")
			if tt.status == 200 {
				if got.object(t, 200)["id"] != defaultUserID {
					t.Errorf("current user = %s", got.Raw)
				}
				return
			}
			expect(t, got, tt.status, tt.want)
		})
	}

	t.Run("expired", func(t *testing.T) {
		now = defaultNow.Add(TokenLifetime)
		defer func() { now = defaultNow }()
		expect(t, c.as(valid).get("/current-user"), 401,
			`{"detail":["CredentialsNotValid","Authentication error: error decoding access token: the token has expired."]}`)
	})
	t.Run("just before expiry", func(t *testing.T) {
		now = defaultNow.Add(TokenLifetime - time.Second)
		defer func() { now = defaultNow }()
		c.as(valid).get("/current-user").must(t, 200)
	})
}

func TestEveryProtectedOperationNeedsAToken(t *testing.T) {
	c := start(t)
	for _, rt := range routes {
		if rt.public {
			continue
		}
		path := strings.NewReplacer("{pipeline_id}", trainingID, "{run_id}", runningRunID, "{stack_id}", awsStackID, "{artifact_id}", makeID(artifactKind, 1)).
			Replace("/" + strings.Join(rt.path, "/"))
		t.Run(rt.operation, func(t *testing.T) {
			expect(t, c.as("").send(rt.method, path, "application/json", `{"name":"x","values":{}}`), 401,
				`{"detail":["CredentialsNotValid","Authentication error: no bearer access token was supplied"]}`)
		})
	}
	// Nothing was changed by the refused requests.
	if got := c.get("/runs/"+runningRunID).object(t, 200)["status"]; got != "running" {
		t.Errorf("polled run status = %v after refused reads", got)
	}
}

func TestCurrentUser(t *testing.T) {
	c := start(t)
	expect(t, c.get("/current-user"), 200, `{"id":"00000001-0000-4000-8000-000000000001","name":"default","full_name":"Default Admin","email":"default@zenml.example.com","active":true,"is_admin":true,"created":"2024-04-01T09:00:00Z","updated":"2024-04-01T09:00:00Z"}`)
}

func TestUsersOption(t *testing.T) {
	c := start(t, Users(
		User{Name: "carol", Password: "pw", FullName: "Carol", Admin: true},
		User{Name: "default", Password: "changed"},
		User{Name: "dave", Password: "pw", Inactive: true},
	))
	expect(t, c.as("").postForm("/login", url.Values{"username": {"default"}, "password": {"zenml"}}), 401,
		`{"detail":["CredentialsNotValid","Authentication error: invalid username or password"]}`)
	c.as("").postForm("/login", url.Values{"username": {"default"}, "password": {"changed"}}).must(t, 200)
	carol := c.as("").postForm("/login", url.Values{"username": {"carol"}, "password": {"pw"}}).object(t, 200)
	expect(t, c.as(carol["access_token"].(string)).get("/current-user"), 200,
		`{"id":"00000001-0000-4000-8000-000000000004","name":"carol","full_name":"Carol","active":true,"is_admin":true,"created":"2024-04-01T09:00:00Z","updated":"2024-04-01T09:00:00Z"}`)
	c.as("").postForm("/login", url.Values{"username": {"dave"}, "password": {"pw"}}).must(t, 401)
	if got := c.get("/users").object(t, 200)["total"]; got != 5.0 {
		t.Errorf("users = %v, want 3 seeded + 2 added", got)
	}
	me := c.get("/current-user").object(t, 200)
	if me["id"] != defaultUserID || me["full_name"] != nil {
		t.Errorf("replaced default user = %v", me)
	}
}
