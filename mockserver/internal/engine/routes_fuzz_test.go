package engine

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
)

// fuzzWorld is a project with an organization, a member and a session, so
// that fuzzed requests reach the decoders and validation of every route
// instead of stopping at "not found".
type fuzzWorld struct {
	e             *Engine
	creds         Credentials
	orgID, member string
	sessionToken  string
}

func newFuzzWorld(tb testing.TB) *fuzzWorld {
	tb.Helper()
	e := New(Options{DisableDashboard: true})
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		tb.Fatal(err)
	}
	w := &fuzzWorld{e: e, creds: creds}
	var org struct {
		Organization struct {
			OrganizationID string `json:"organization_id"`
		} `json:"organization"`
	}
	w.do(tb, http.MethodPost, "/v1/b2b/organizations", `{"organization_name":"Acme","organization_slug":"acme","email_allowed_domains":["acme.com"],"email_jit_provisioning":"RESTRICTED"}`, &org)
	w.orgID = org.Organization.OrganizationID
	var m struct {
		MemberID string `json:"member_id"`
	}
	w.do(tb, http.MethodPost, "/v1/b2b/organizations/"+w.orgID+"/members", `{"email_address":"ada@acme.com","roles":["stytch_admin"]}`, &m)
	w.member = m.MemberID
	var s struct {
		SessionToken string `json:"session_token"`
	}
	w.do(tb, http.MethodPost, "/mock/sessions", `{"organization_id":"`+w.orgID+`","member_id":"`+w.member+`"}`, &s)
	w.sessionToken = s.SessionToken
	return w
}

func (w *fuzzWorld) do(tb testing.TB, method, path, body string, out any) int {
	tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.SetBasicAuth(w.creds.ProjectID, w.creds.Secret)
	rec := httptest.NewRecorder()
	w.e.ServeHTTP(rec, req)
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			tb.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return rec.Code
}

// concretePath fills a route pattern's parameters with the world's IDs.
func (w *fuzzWorld) concretePath(pattern string) string {
	r := strings.NewReplacer(
		"{organization_id}", w.orgID,
		"{member_id}", w.member,
		"{project_id}", w.creds.ProjectID,
	)
	p := r.Replace(pattern)
	// Any other parameter gets a plausible but unknown ID.
	for strings.Contains(p, "{") {
		i, j := strings.Index(p, "{"), strings.Index(p, "}")
		p = p[:i] + "unknown-id" + p[j+1:]
	}
	return p
}

// FuzzAPIRoutes sends arbitrary bodies and query strings to every API route
// of the mock: whatever arrives, the answer is JSON with a 2xx or 4xx
// status, never a panic or a 5xx.
func FuzzAPIRoutes(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `[]`, `{`, ``, `"x"`, `{"email_address":"ada@acme.com","organization_id":"acme"}`,
		`{"session_token":"x","session_jwt":"y"}`, `{"intermediate_session_token":"abc","organization_id":"acme"}`,
		`{"magic_links_token":"DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94="}`,
		`{"query":{"operator":"AND","operands":[{"filter_name":"member_emails","filter_value":["ada@acme.com"]}]},"organization_ids":["acme"]}`,
		`{"roles":["stytch_admin"],"name":"x","trusted_metadata":{"a":1}}`,
		`{"session_duration_minutes":-1,"session_custom_claims":{"iss":"x"}}`,
	} {
		f.Add(uint8(0), s, "member_id=x&include_deleted=maybe")
	}
	w := newFuzzWorld(f)
	routes := api.Routes()
	f.Fuzz(func(t *testing.T, pick uint8, body, query string) {
		rt := routes[int(pick)%len(routes)]
		path := w.concretePath(rt.Pattern)
		if query != "" {
			if _, err := url.ParseRequestURI(path + "?" + query); err == nil && !strings.ContainsAny(query, " #") {
				path += "?" + query // only what an HTTP client could send
			}
		}
		req := httptest.NewRequest(rt.Method, "http://mock"+path, bytes.NewBufferString(body))
		req.SetBasicAuth(w.creds.ProjectID, w.creds.Secret)
		if pick%3 == 0 {
			req.Header.Set("X-Stytch-Member-Session", w.sessionToken)
		}
		rec := httptest.NewRecorder()
		w.e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", rt.Method, path, body, rec.Code, rec.Body.String())
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s: invalid JSON %q", rt.Method, path, rec.Body.String())
		}
	})
}
