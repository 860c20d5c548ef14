package zenml

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// fuzzServe serves one request in process and checks that the reply has
// an allowed status and a JSON body of the shape its status calls for.
func fuzzServe(t *testing.T, h *Handler, method, target, contentType, body string, allowed ...int) {
	t.Helper()
	req := httptest.NewRequest(method, "http://zenml.test/", strings.NewReader(body))
	req.URL.Path = BasePath + target
	if i := strings.IndexByte(target, '?'); i >= 0 {
		req.URL.Path, req.URL.RawQuery = BasePath+target[:i], target[i+1:]
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+h.Token())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	ok := false
	for _, s := range allowed {
		ok = ok || rec.Code == s
	}
	if !ok {
		t.Fatalf("%s %s %q: status %d, want one of %v: %s", method, target, body, rec.Code, allowed, rec.Body)
	}
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s %s %q: body is not a JSON object: %v\n%s", method, target, body, err, rec.Body)
	}
	if _, isError := v["detail"]; isError != (rec.Code >= 400) {
		t.Fatalf("%s %s %q: status %d with body %s", method, target, body, rec.Code, rec.Body)
	}
}

func FuzzCreateBody(f *testing.F) {
	for _, seed := range []string{
		`{"name":"p","description":"d","version":"1","project_id":"00000002-0000-4000-8000-000000000002","spec":{"a":1}}`,
		`{"name":"s","components":{"orchestrator":["00000006-0000-4000-8000-000000000001"]}}`,
		`{"name":"x","scope":"user","values":{"k":"v"}}`,
		`{"name":"m","license":null}`,
		`{"name":1,"scope":null,"values":{"a":[]}}`,
		`[1,2]`, `{"name":"x",}`, `{`, ``, `"x"`, `{"name":"x"} trailing`,
	} {
		for op := range byte(4) {
			f.Add(op, seed)
		}
	}
	h := NewHandler()
	f.Fuzz(func(t *testing.T, op byte, body string) {
		paths := []string{"/pipelines", "/stacks", "/models", "/secrets"}
		// 201, or rejected: conflict, dangling reference, bad component
		// type, or validation.
		fuzzServe(t, h, "POST", paths[int(op)%len(paths)], "application/json", body, 201, 400, 404, 409, 413, 422)
	})
}

func FuzzListQuery(f *testing.F) {
	for _, seed := range []string{
		"page=1&size=20", "page=0", "size=1001", "pipeline_id=00000003-0000-4000-8000-000000000001&status=completed",
		"status=bogus", "pipeline_id=%zz", "page=99999999999999999999", "size=-1&page=abc", "&&==&",
	} {
		f.Add(seed)
	}
	h := NewHandler()
	f.Fuzz(func(t *testing.T, query string) {
		fuzzServe(t, h, "GET", "/runs?"+query, "", "", 200, 400, 422)
	})
}

func FuzzLoginForm(f *testing.F) {
	for _, seed := range []string{"username=default&password=zenml", "username=bob&password=builder", "username=", "%", "password=x&password=y&username=alice"} {
		f.Add(seed)
	}
	h := NewHandler()
	f.Fuzz(func(t *testing.T, form string) {
		fuzzServe(t, h, "POST", "/login", "application/x-www-form-urlencoded", form, 200, 401, 422)
	})
}

func FuzzParseUUID(f *testing.F) {
	for _, seed := range []string{
		"00000003-0000-4000-8000-000000000001", "0000000300004000800000000000000A", "{00000003-0000-4000-8000-000000000001}",
		"urn:uuid:00000003-0000-4000-8000-000000000001", "", "-", "{}", "urn:uuid:", "g", "é",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, reason := parseUUID(s)
		if (id == "") == (reason == "") {
			t.Fatalf("parseUUID(%q) = %q, %q: want exactly one of id and reason", s, id, reason)
		}
		if id == "" {
			return
		}
		if again, r := parseUUID(id); again != id || r != "" || len(id) != 36 || strings.ToLower(id) != id {
			t.Fatalf("parseUUID(%q) = %q, which is not canonical (%q, %q)", s, id, again, r)
		}
	})
}

func FuzzVerifyToken(f *testing.F) {
	valid := issueToken(makeID(userKind, 1), defaultNow)
	for _, seed := range []string{valid, valid + "x", "a.b.c", "..", "", strings.Replace(valid, ".", "..", 1)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		id, reason := verifyToken(token, defaultNow)
		if (id == "") == (reason == "") {
			t.Fatalf("verifyToken(%q) = %q, %q: want exactly one of id and reason", token, id, reason)
		}
		// Only the seeded token is signed with the server's key, so any
		// accepted token is a spelling of it.
		if id != "" && id != makeID(userKind, 1) {
			t.Fatalf("verifyToken(%q) accepted a token for %s", token, id)
		}
	})
}
