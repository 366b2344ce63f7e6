package organizations_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// BenchmarkGet compares Organizations.Get with a bare net/http GET of the
// same endpoint on the same mock, so the difference is the SDK's overhead
// (request building, retry wrapper, decoding). Compare with benchstat.
func BenchmarkGet(b *testing.B) {
	ts := mockserver.Start(b)
	o := create(&testing.T{}, ts, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: o.OrganizationID}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		hc := ts.HTTP.Client()
		url := ts.URL + "/v1/b2b/organizations/" + o.OrganizationID
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			req.SetBasicAuth(ts.ProjectID, ts.Secret)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatal(resp.Status)
			}
		}
	})
}

func BenchmarkNewClient(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := b2b.NewClient("project-test-1", "secret-test-1"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNewClientStartsNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 100 {
		if _, err := b2b.NewClient("project-test-1", "secret-test-1"); err != nil {
			t.Fatal(err)
		}
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Fatalf("NewClient started goroutines: %d -> %d", before, after)
	}
}

// BenchmarkGetClientSide isolates the client: both sub-benchmarks fetch the
// same canned organization from a handler that only writes fixed bytes, so
// the allocations they differ by are the SDK's own (the server's are the
// same in both).
func BenchmarkGetClientSide(b *testing.B) {
	ts := mockserver.Start(b)
	o := create(&testing.T{}, ts, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	canned, err := json.Marshal(&organizations.GetResponse{RequestID: "request-id-test-1", StatusCode: 200, Organization: o})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(canned)
	}))
	defer srv.Close()
	client, err := b2b.NewClient(ts.ProjectID, ts.Secret, stytchapi.WithBaseURL(srv.URL), stytchapi.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: o.OrganizationID}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		hc := srv.Client()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/b2b/organizations/"+o.OrganizationID, nil)
			req.SetBasicAuth(ts.ProjectID, ts.Secret)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
