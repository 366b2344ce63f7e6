package engine

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// migrateWith points the project's session migration at userinfo and
// answers a migrate call's status and body.
func migrateWith(t *testing.T, e *Engine, creds Credentials, orgID, userinfo string) (int, map[string]any) {
	t.Helper()
	s, b := call(t, e, creds, http.MethodPut, "/mock/session_migration", strings.NewReader(fmt.Sprintf(`{"userinfo_url":%q}`, userinfo)))
	if s != 200 {
		t.Fatalf("set userinfo_url: %d %v", s, b)
	}
	return call(t, e, creds, http.MethodPost, "/v1/b2b/sessions/migrate", strings.NewReader(`{"session_token":"tok","organization_id":"`+orgID+`"}`))
}

// nonLoopbackAddr returns an address of this machine that is not loopback,
// or skips the test.
func nonLoopbackAddr(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skip(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	t.Skip("no non-loopback IPv4 address")
	return ""
}

func TestOutboundAllowlistAndOneMessage(t *testing.T) {
	e, creds := testProject(t)
	_, b := call(t, e, creds, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"out"}`))
	orgID := b["organization"].(map[string]any)["organization_id"].(string)

	notJSON := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html>")) }))
	defer notJSON.Close()
	teapot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	defer teapot.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}))
	defer redirect.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	var message string
	for _, u := range []string{
		"http://169.254.169.254/latest/meta-data/", // cloud metadata: not allowed
		"http://10.0.0.1:8080/",                    // private network: not allowed
		redirect.URL,                               // allowed host redirecting to a forbidden one
		closedURL,                                  // closed port
		notJSON.URL,                                // not JSON
		teapot.URL,                                 // another status
	} {
		s, b := migrateWith(t, e, creds, orgID, u)
		wantError(t, s, b, 400, "migrate_from_external_unexpected_response")
		if message == "" {
			message = b["error_message"].(string)
		}
		if b["error_message"] != message {
			t.Fatalf("%s: message %q differs from %q", u, b["error_message"], message)
		}
	}

	// An address outside loopback is reached only once allowed.
	ip := nonLoopbackAddr(t)
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skip(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"email":"nobody@example.com"}`))
	})}}
	srv.Start()
	defer srv.Close()
	s, b := migrateWith(t, e, creds, orgID, srv.URL)
	wantError(t, s, b, 400, "migrate_from_external_unexpected_response")
	allowed := New(Options{OutboundAllow: []string{ip + "/32"}})
	creds2, err := allowed.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, b = call(t, allowed, creds2, http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"out"}`))
	s, b = migrateWith(t, allowed, creds2, b["organization"].(map[string]any)["organization_id"].(string), srv.URL)
	wantError(t, s, b, 404, "migrate_from_external_email_does_not_exist") // reached: the email has no member
}
