package runtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	libopenapi "github.com/pb33f/libopenapi"
	loarazzo "github.com/pb33f/libopenapi/arazzo"

	"github.com/arazzo-dev/arazzo/conformance/zenml"
	"github.com/arazzo-dev/arazzo/runtime"
	"github.com/arazzo-dev/arazzo/specs"
)

// The benchmarks run the golden fixture, the ZenML provision-secret
// workflow: three requests, JSON in and out.

// decodeJSON decodes a response body the way the engine does: with
// encoding/json, into plain values with json.Number numbers.
func decodeJSON(r io.Reader) (any, error) {
	d := json.NewDecoder(r)
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// resetEvery resets the ZenML server every n iterations, outside the
// timer, so that the secret listing does not grow without bound.
func resetEvery(b *testing.B, srv *zenml.Server, i, n int) {
	if i%n == n-1 {
		b.StopTimer()
		srv.Reset()
		b.StartTimer()
	}
}

// BenchmarkGolden compares the engine with the same three requests written
// by hand with net/http, against the reference ZenML server over loopback.
func BenchmarkGolden(b *testing.B) {
	srv := zenml.NewServer()
	defer srv.Close()
	token := srv.Token()
	// Both sides share one client. Dials are counted to show that both
	// keep their connection alive: each should dial once, not per request.
	var dials atomic.Int64
	dialer := &net.Dialer{}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		}}}
	reportDials := func(b *testing.B) {
		b.ReportMetric(float64(dials.Swap(0)), "dials")
	}

	b.Run("engine", func(b *testing.B) {
		srv.Reset()
		client.CloseIdleConnections()
		dials.Store(0)
		defer reportDials(b)
		e := goldenEngine(b, srv.URL, runtime.HTTPClient(client))
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			res, err := e.Run(ctx, "provision-secret", map[string]any{
				"accessToken": token, "secretName": fmt.Sprintf("s-%d", i), "values": map[string]any{"k": "v"},
			})
			if err != nil || res.Status != runtime.StatusSucceeded {
				b.Fatalf("run %d: %v %v", i, err, res.Error)
			}
			resetEvery(b, srv, i, 50)
		}
	})

	b.Run("handwritten", func(b *testing.B) {
		srv.Reset()
		client.CloseIdleConnections()
		dials.Store(0)
		defer reportDials(b)
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			out, err := provisionByHand(ctx, client, srv.URL, token, fmt.Sprintf("s-%d", i), map[string]any{"k": "v"})
			if err != nil {
				b.Fatalf("run %d: %v", i, err)
			}
			if out["secretId"] == nil {
				b.Fatalf("run %d: no secret id", i)
			}
			resetEvery(b, srv, i, 50)
		}
	})
}

// provisionByHand is the golden workflow written directly with net/http.
func provisionByHand(ctx context.Context, client *http.Client, base, token, name string, values map[string]any) (map[string]any, error) {
	call := func(method, path string, body any, want int) (map[string]any, error) {
		var rd io.Reader
		if body != nil {
			data, err := json.Marshal(body)
			if err != nil {
				return nil, err
			}
			rd = bytes.NewReader(data)
		}
		req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		v, err := decodeJSON(resp.Body)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != want {
			return nil, fmt.Errorf("%s %s: status %d", method, path, resp.StatusCode)
		}
		m, _ := v.(map[string]any)
		return m, nil
	}
	user, err := call("GET", "/current-user", nil, 200)
	if err != nil {
		return nil, err
	}
	secret, err := call("POST", "/secrets", map[string]any{"name": name, "values": values}, 201)
	if err != nil {
		return nil, err
	}
	if _, err := call("GET", "/secrets?page=1&size=100", nil, 200); err != nil {
		return nil, err
	}
	return map[string]any{"secretId": secret["id"], "secretName": secret["name"], "ownerId": user["id"]}, nil
}

// canned holds the responses of the reference server to the golden
// workflow, captured once, by operation.
type canned struct {
	user, secret, list []byte
}

func captureCanned(b *testing.B) *canned {
	srv := zenml.NewServer()
	defer srv.Close()
	get := func(method, path, body string) []byte {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.Token())
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return data
	}
	return &canned{
		user:   get("GET", "/current-user", ""),
		secret: get("POST", "/secrets", `{"name": "s", "values": {"k": "v"}}`),
		list:   get("GET", "/secrets?page=1&size=100", ""),
	}
}

// RoundTrip answers from the canned responses without any network.
func (c *canned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	var body []byte
	status := 200
	switch {
	case strings.HasSuffix(r.URL.Path, "/current-user"):
		body = c.user
	case r.Method == http.MethodPost:
		body, status = c.secret, 201
	default:
		body = c.list
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}

// Execute answers libopenapi's engine from the same canned responses,
// decoded the same way.
func (c *canned) Execute(ctx context.Context, req *loarazzo.ExecutionRequest) (*loarazzo.ExecutionResponse, error) {
	var body []byte
	status := 200
	switch req.OperationID {
	case "getCurrentUser":
		body = c.user
	case "createSecret":
		body, status = c.secret, 201
	default:
		body = c.list
	}
	v, err := decodeJSON(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return &loarazzo.ExecutionResponse{StatusCode: status, Headers: map[string][]string{"Content-Type": {"application/json"}}, Body: v}, nil
}

func goldenInputs() map[string]any {
	return map[string]any{"accessToken": "token", "secretName": "s", "scope": "workspace", "values": map[string]any{"k": "v"}}
}

// BenchmarkEngineOverhead measures what an engine adds to the golden run
// when the API answers instantly: ours with a transport of canned
// responses, libopenapi's with an executor of the same responses. The
// handwritten case is the baseline: the golden workflow written with
// net/http over the same transport, so that the difference with ours is
// the engine's own work, free of the network's noise.
func BenchmarkEngineOverhead(b *testing.B) {
	c := captureCanned(b)
	b.Run("handwritten", func(b *testing.B) {
		client := &http.Client{Transport: c}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			out, err := provisionByHand(ctx, client, "http://zenml.test/api/v1", "token", "s", map[string]any{"k": "v"})
			if err != nil || out["secretId"] == nil {
				b.Fatalf("%v %v", err, out)
			}
		}
	})
	b.Run("ours", func(b *testing.B) {
		e := goldenEngine(b, "http://zenml.test/api/v1", runtime.Transport(c))
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			res, err := e.Run(ctx, "provision-secret", goldenInputs())
			if err != nil || res.Status != runtime.StatusSucceeded {
				b.Fatalf("%v %v", err, res.Error)
			}
		}
	})
	b.Run("libopenapi", func(b *testing.B) {
		data, err := specs.FS.ReadFile(specs.Golden)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := libopenapi.NewArazzoDocument(data)
		if err != nil {
			b.Fatal(err)
		}
		sources := []*loarazzo.ResolvedSource{{Name: "zenmlApi", URL: "http://zenml.test/api/v1", Type: "openapi"}}
		// One engine serves the whole loop, as ours does; it is not safe
		// for concurrent use, and keeps its expression caches between runs.
		e := loarazzo.NewEngine(doc, c, sources)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			res, err := e.RunWorkflow(ctx, "provision-secret", goldenInputs())
			if err != nil || !res.Success {
				b.Fatalf("%v %+v", err, res)
			}
		}
	})
}

// BenchmarkRunParallel measures how many golden runs per second one engine
// completes when called from many goroutines at once, with canned
// responses.
func BenchmarkRunParallel(b *testing.B) {
	c := captureCanned(b)
	e := goldenEngine(b, "http://zenml.test/api/v1", runtime.Transport(c))
	ctx := context.Background()
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := e.Run(ctx, "provision-secret", goldenInputs())
			if err != nil || res.Status != runtime.StatusSucceeded {
				b.Errorf("%v %v", err, res.Error)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "runs/s")
}
