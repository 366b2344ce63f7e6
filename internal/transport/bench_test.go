package transport_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stytchkit/stytch-go/internal/transport"
)

// benchCallers is the number of goroutines calling concurrently.
const benchCallers = 50

var benchBody = []byte(`{"organization_id":"organization-test-123","email_address":"someone@example.test"}`)

// benchServer starts a loopback API stand-in that counts the TCP
// connections it accepts.
func benchServer(b *testing.B) (*httptest.Server, *atomic.Int64) {
	b.Helper()
	conns := new(atomic.Int64)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status_code":200,"request_id":"request-id-bench","organizations":[]}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	b.Cleanup(srv.Close)
	return srv, conns
}

// runParallel runs call from benchCallers goroutines (SetParallelism
// multiplies GOMAXPROCS) and reports new connections per call. The first
// benchCallers concurrent calls warm the pool so that the metric measures
// steady-state connection reuse rather than the pool filling up.
func runParallel(b *testing.B, conns *atomic.Int64, call func() error) {
	b.Helper()
	var wg sync.WaitGroup
	for range benchCallers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := call(); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	conns.Store(0)

	b.SetParallelism(max(1, (benchCallers+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := call(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(conns.Load())/float64(b.N), "conns/op")
}

// BenchmarkDo measures Transport.Do (a POST with a JSON body, answered 200)
// from 50 concurrent callers sharing one Transport over loopback.
func BenchmarkDo(b *testing.B) {
	srv, conns := benchServer(b)
	tr := transport.New(transport.Options{ProjectID: testProjectID, Secret: testSecret, UserAgent: "stytch-go/bench"})
	req := transport.Request{Method: http.MethodPost, URL: srv.URL + "/v1/b2b/organizations/search", Body: benchBody, Idempotent: true}
	ctx := context.Background()
	runParallel(b, conns, func() error {
		resp, err := tr.Do(ctx, req)
		if err == nil && resp.StatusCode != http.StatusOK {
			b.Errorf("status %d", resp.StatusCode)
		}
		return err
	})
}

// BenchmarkBareNetHTTP is the baseline for BenchmarkDo: the same request
// made with net/http alone on the same kind of pooled client, reading the
// body the same way.
func BenchmarkBareNetHTTP(b *testing.B) {
	srv, conns := benchServer(b)
	client := transport.NewPooledClient(transport.DefaultTimeout)
	url := srv.URL + "/v1/b2b/organizations/search"
	ctx := context.Background()
	runParallel(b, conns, func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(benchBody))
		if err != nil {
			return err
		}
		req.SetBasicAuth(testProjectID, testSecret)
		req.Header.Set("User-Agent", "stytch-go/bench")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.ReadAll(io.LimitReader(resp.Body, transport.MaxBodyBytes+1)); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			b.Errorf("status %d", resp.StatusCode)
		}
		return nil
	})
}
