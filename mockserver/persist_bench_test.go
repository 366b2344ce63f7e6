package mockserver_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver"
)

// BenchmarkMutation measures one organization update with and without a
// data directory, in a project of 100 organizations with 5 members each:
// the difference is what persistence costs per mutation (a full snapshot,
// write, fsync, rename and directory fsync).
func BenchmarkMutation(b *testing.B) {
	for _, persist := range []bool{false, true} {
		b.Run(fmt.Sprintf("data-dir=%v", persist), func(b *testing.B) {
			srv := mockserver.New(mockserver.Options{})
			if persist {
				if _, err := srv.OpenDataDir(b.TempDir()); err != nil {
					b.Fatal(err)
				}
			}
			creds, err := srv.CreateProject(mockserver.EnvTest)
			if err != nil {
				b.Fatal(err)
			}
			do := func(method, path, body string) {
				req := httptest.NewRequest(method, path, bytes.NewBufferString(body))
				req.SetBasicAuth(creds.ProjectID, creds.Secret)
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
				}
			}
			for i := range 100 {
				do(http.MethodPost, "/v1/b2b/organizations", fmt.Sprintf(`{"organization_name":"Org %d","organization_slug":"org-%d"}`, i, i))
				for j := range 5 {
					do(http.MethodPost, fmt.Sprintf("/v1/b2b/organizations/org-%d/members", i), fmt.Sprintf(`{"email_address":"m%d@org%d.example"}`, j, i))
				}
			}
			b.ResetTimer()
			for i := range b.N {
				do(http.MethodPut, "/v1/b2b/organizations/org-0", fmt.Sprintf(`{"organization_name":"Renamed %d"}`, i))
			}
			b.StopTimer()
			snap, _ := srv.Export(creds.ProjectID)
			b.ReportMetric(float64(len(snap)), "snapshot-bytes")
		})
	}
}

// BenchmarkExport measures taking the snapshot alone (no disk), for the
// same project as BenchmarkMutation.
func BenchmarkExport(b *testing.B) {
	srv := mockserver.New(mockserver.Options{})
	creds, _ := srv.CreateProject(mockserver.EnvTest)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for i := range 100 {
		body := fmt.Sprintf(`{"organization_name":"Org %d","organization_slug":"org-%d"}`, i, i)
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/b2b/organizations", bytes.NewBufferString(body))
		req.SetBasicAuth(creds.ProjectID, creds.Secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
	b.ResetTimer()
	for range b.N {
		if _, err := srv.Export(creds.ProjectID); err != nil {
			b.Fatal(err)
		}
	}
}
