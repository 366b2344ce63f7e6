package mockserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

var slugSeq atomic.Int64

// call sends a request with the test project's basic auth and returns the
// status and decoded JSON body.
func call(t *testing.T, ts *mockserver.TestServer, method, path string, body any) (int, map[string]any) {
	t.Helper()
	return callAs(t, ts, ts.ProjectID, ts.Secret, method, path, body, nil)
}

func callAs(t *testing.T, ts *mockserver.TestServer, id, secret, method, path string, body any, hdr http.Header) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(id, secret)
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := ts.HTTP.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: %d, body is not JSON: %q", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

// wantStatus fails unless the call answered status (and, for errors, type).
func wantStatus(t *testing.T, status int, body map[string]any, wantStatus int, wantType string) {
	t.Helper()
	if status != wantStatus || (wantType != "" && body["error_type"] != wantType) {
		t.Fatalf("got %d %v (%v), want %d %s", status, body["error_type"], body["error_message"], wantStatus, wantType)
	}
	if body["request_id"] == "" || body["status_code"] != float64(status) {
		t.Fatalf("body lacks request_id/status_code: %v", body)
	}
}

// fastClient is a client for the test project whose retries wait 1–5 ms.
func fastClient(t *testing.T, ts *mockserver.TestServer, opts ...stytchapi.Option) *b2b.Client {
	t.Helper()
	creds := mockserver.Credentials{ProjectID: ts.ProjectID, Secret: ts.Secret, Environment: mockserver.EnvTest}
	return ts.NewClient(t, creds, append([]stytchapi.Option{stytchapi.WithRetryWait(time.Millisecond, 5*time.Millisecond)}, opts...)...)
}

func createOrg(t testing.TB, c *b2b.Client, name string) organizations.Organization {
	t.Helper()
	slug := fmt.Sprintf("%s-%d", strings.ToLower(strings.ReplaceAll(name, " ", "-")), slugSeq.Add(1))
	resp, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: name, OrganizationSlug: slug})
	if err != nil {
		t.Fatalf("Create %q: %v", name, err)
	}
	return resp.Organization
}

func countOrgs(t *testing.T, c *b2b.Client) int {
	t.Helper()
	resp, err := c.Organizations.Search(ctx, &organizations.SearchParams{})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	return len(resp.Organizations)
}

func events(t *testing.T, ts *mockserver.TestServer, f mockserver.EventFilter) []mockserver.Event {
	t.Helper()
	page, err := ts.Events(ts.ProjectID, f)
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	return page.Events
}
