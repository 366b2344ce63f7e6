package engine

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver/internal/admin"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// FuzzDecodeFault checks that any POST /mock/faults body either decodes into
// a fault that passes validation again, or fails with a 400 Stytch error.
func FuzzDecodeFault(f *testing.F) {
	for _, s := range []string{
		`{"method":"GET","path":"/v1/b2b/organizations/*","status":503,"times":2}`,
		`{"drop_connection":true}`, `{"latency_ms":5}`, `{"status":429,"retry_after_seconds":1,"error_type":"captcha_failed"}`,
		`{"path":"/v1/[","status":500}`, `[]`, `{`, ``, `{"status":1e99}`, `{"times":-1,"status":500}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		flt, err := admin.DecodeFault(body)
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest {
				t.Fatalf("error %v is not a 400 apiError", err)
			}
			return
		}
		if _, err := state.NormalizeFault(flt); err != nil {
			t.Fatalf("decoded fault %+v fails validation: %v", flt, err)
		}
		var ps state.PlatformState
		if _, err := ps.AddFault(flt); err != nil {
			t.Fatal(err)
		}
		ps.TakeFault(http.MethodGet, "/v1/b2b/organizations/x")
	})
}

// FuzzIPAllowlist checks that allowlist entries parse or fail with a 400,
// and that parsed lists round-trip through their string form.
func FuzzIPAllowlist(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "10.0.0.0/8", "::1", "::ffff:1.2.3.4/120", "fe80::1%eth0", "", "1.2.3.4/33", "x"} {
		f.Add(s, "203.0.113.9:443")
	}
	f.Fuzz(func(t *testing.T, entry, remote string) {
		pfxs, err := state.ParseIPAllowlist(strings.Split(entry, ","))
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest {
				t.Fatalf("error %v is not a 400 apiError", err)
			}
			return
		}
		again, err := state.ParseIPAllowlist(state.FormatAllowlist(pfxs))
		if err != nil || len(again) != len(pfxs) {
			t.Fatalf("%q -> %v does not round-trip: %v %v", entry, state.FormatAllowlist(pfxs), again, err)
		}
		for i := range pfxs {
			if again[i] != pfxs[i] {
				t.Fatalf("%q -> %v round-trips to %v", entry, pfxs, again)
			}
		}
		var ps state.PlatformState
		ps.SetAllowlist(pfxs)
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", remote)
		ps.Allowed(clientAddr(r, true))
		ps.Allowed(clientAddr(r, false))
	})
}

// FuzzEventsQuery drives GET /mock/events with arbitrary query strings: the
// answer is a 200 or a 400, never a panic or a 500.
func FuzzEventsQuery(f *testing.F) {
	for _, s := range []string{"status=start", "limit=5&cursor=x", "since=2024-01-01T00:00:00Z&until=2025-01-01T00:00:00Z", "limit=-1", "cursor=ZXZlbnRzOjA", "action=B2BOrganizationsCreate"} {
		f.Add(s)
	}
	e := New(Options{})
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		f.Fatal(err)
	}
	for range 3 {
		r := httptest.NewRequest(http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"F","organization_slug":"f"}`))
		r.SetBasicAuth(creds.ProjectID, creds.Secret)
		e.ServeHTTP(httptest.NewRecorder(), r)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := url.ParseQuery(q); err != nil {
			return
		}
		r := httptest.NewRequest(http.MethodGet, "/mock/events", nil)
		r.URL.RawQuery = q
		r.SetBasicAuth(creds.ProjectID, creds.Secret)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("GET /mock/events?%s: %d %s", q, w.Code, w.Body)
		}
	})
}
