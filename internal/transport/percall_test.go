package transport_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/internal/transport"
)

// A call's own retry budget replaces the Transport's, in both directions,
// and leaves the Transport's budget intact for the next call.
func TestPerCallMaxRetries(t *testing.T) {
	cases := []struct {
		name      string
		client    transport.Options
		call      transport.Request
		wantCalls int
	}{
		{"call turns retries off", transport.Options{}, transport.Request{MaxRetries: 0, RetriesSet: true}, 1},
		{"call allows more than the client", transport.Options{MaxRetries: 1, RetriesSet: true}, transport.Request{MaxRetries: 5, RetriesSet: true}, 6},
		{"negative means none", transport.Options{}, transport.Request{MaxRetries: -1, RetriesSet: true}, 1},
		{"unset keeps the client's", transport.Options{MaxRetries: 2, RetriesSet: true}, transport.Request{MaxRetries: 5}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			final := stytchError(503, "service_unavailable")
			f, tr := newFake(t, tc.client, final)
			req := getCall.request()
			req.MaxRetries, req.RetriesSet = tc.call.MaxRetries, tc.call.RetriesSet
			resp, err := tr.Do(context.Background(), req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			w := want{Calls: tc.wantCalls, Status: 503, Body: final.body, Attempts: tc.wantCalls}
			if diff := cmp.Diff(w, got(f, resp)); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}

			// The next call without an override uses the client's budget.
			before := f.count()
			if _, err := tr.Do(context.Background(), getCall.request()); err != nil {
				t.Fatalf("Do: %v", err)
			}
			clientBudget := transport.DefaultMaxRetries
			if tc.client.RetriesSet {
				clientBudget = tc.client.MaxRetries
			}
			if n := f.count() - before; n != clientBudget+1 {
				t.Errorf("next call made %d attempts, want %d", n, clientBudget+1)
			}
		})
	}
}

// A call's own timeout bounds each of its attempts in place of the
// Transport's, and does not change the Transport's for other calls.
func TestPerCallTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(300 * time.Millisecond):
		}
		io.WriteString(w, okBody)
	}))
	defer srv.Close()
	var dialed atomic.Int32
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dialed.Add(1)
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	tr := transport.New(transport.Options{HTTPClient: client, Timeout: 5 * time.Second, MaxRetries: 0, RetriesSet: true})
	req := getCall.request()
	req.URL = srv.URL + "/v1/b2b/test"

	short := req
	short.Timeout = 50 * time.Millisecond
	start := time.Now()
	if _, err := tr.Do(context.Background(), short); err == nil {
		t.Fatal("a 50ms per-call timeout did not stop a 300ms answer")
	}
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Errorf("the call took %v; the per-call timeout was 50ms", d)
	}

	resp, err := tr.Do(context.Background(), req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("without a per-call timeout: %+v, %v; want 200 under the client's 5s timeout", resp, err)
	}
	if client.Timeout != 0 {
		t.Error("the caller's client was modified")
	}
	if dialed.Load() == 0 {
		t.Error("the caller's transport was not used")
	}
}
