package zenml

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// benchRequest serves one request in process and checks its status.
func benchRequest(b *testing.B, h *Handler, method, path, contentType, body, token string, want int) {
	req := httptest.NewRequest(method, BasePath+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: status %d, want %d: %s", method, path, rec.Code, want, rec.Body)
	}
}

func BenchmarkLogin(b *testing.B) {
	h := NewHandler()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%1000 == 0 {
			h.Reset() // keep the request log short
		}
		benchRequest(b, h, "POST", "/login", "application/x-www-form-urlencoded", "username=default&password=zenml", "", http.StatusOK)
	}
}

func BenchmarkListRuns(b *testing.B) {
	h := NewHandler()
	tok := h.Token()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%1000 == 0 {
			h.Reset()
		}
		benchRequest(b, h, "GET", "/runs?pipeline_id="+trainingID+"&page=1&size=20", "", "", tok, http.StatusOK)
	}
}

func BenchmarkGetPipeline(b *testing.B) {
	h := NewHandler()
	tok := h.Token()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%1000 == 0 {
			h.Reset()
		}
		benchRequest(b, h, "GET", "/pipelines/"+trainingID, "", "", tok, http.StatusOK)
	}
}

func BenchmarkCreateSecret(b *testing.B) {
	h := NewHandler()
	tok := h.Token()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%1000 == 0 {
			h.Reset()
		}
		body := `{"name":"s` + strconv.Itoa(i) + `","scope":"user","values":{"k":"v"}}`
		benchRequest(b, h, "POST", "/secrets", "application/json", body, tok, http.StatusCreated)
	}
}

func BenchmarkParallelReads(b *testing.B) {
	h := NewHandler()
	tok := h.Token()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			benchRequest(b, h, "GET", "/stacks/"+awsStackID, "", "", tok, http.StatusOK)
		}
	})
}
