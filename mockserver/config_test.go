package mockserver_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

const validYAML = `
listen: 127.0.0.1:9999
trust_forwarded_for: true
tls:
  cert_file: cert.pem
  key_file: key.pem
  self_signed: true
  hosts: [mock.internal, 192.0.2.10]
projects:
  - project_id: project-test-11111111-2222-3333-4444-555555555555
    secret: secret-test-fixed
    ip_allowlist: [127.0.0.1, 10.0.0.0/8]
    session_duration_minutes: 90
  - project_id: project-live-abc
    secret: secret-live-fixed
    environment: live
`

func writeConfig(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfigValidYAMLAndApply(t *testing.T) {
	path := writeConfig(t, "mock.yaml", validYAML)
	c, err := mockserver.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	if c.Listen != "127.0.0.1:9999" || !c.TrustForwardedFor || c.TLS == nil || c.TLS.CertFile != filepath.Join(dir, "cert.pem") || len(c.Projects) != 2 {
		t.Fatalf("config = %+v", c)
	}
	if c.Projects[0].Environment != "test" || c.Projects[1].Environment != "live" || c.Projects[0].SessionDurationMinutes != 90 {
		t.Fatalf("projects = %+v", c.Projects)
	}

	s := mockserver.New(mockserver.Options{})
	if err := c.Apply(s); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.IPAllowlist(c.Projects[0].ProjectID); strings.Join(l, ",") != "127.0.0.1,10.0.0.0/8" {
		t.Fatalf("allowlist %v", l)
	}
	// The fixed credentials work through the SDK.
	hs := httptest.NewServer(s)
	defer hs.Close()
	cl, err := b2b.NewClient(c.Projects[0].ProjectID, c.Projects[0].Secret, stytchapi.WithBaseURL(hs.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Cfg", OrganizationSlug: "cfg"}); err != nil {
		t.Fatal(err)
	}
	// Applying again (as after a restart with a data directory) keeps the
	// project and its state; another secret for it fails cleanly.
	if err := c.Apply(s); err != nil {
		t.Fatalf("second Apply: %v", err)
	}
	if _, err := cl.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "cfg"}); err != nil {
		t.Fatalf("state lost by the second Apply: %v", err)
	}
	c.Projects[0].Secret = "another-secret"
	if err := c.Apply(s); err == nil || !strings.Contains(err.Error(), "projects[0].secret") || strings.Contains(err.Error(), "another-secret") {
		t.Fatalf("Apply with another secret: %v", err)
	}
}

func TestLoadConfigJSON(t *testing.T) {
	path := writeConfig(t, "mock.json", `{"projects":[{"project_id":"project-test-x","secret":"s3cret"}]}`)
	c, err := mockserver.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != mockserver.DefaultListen || c.TLS != nil || len(c.Projects) != 1 || c.Projects[0].Environment != "test" {
		t.Fatalf("config = %+v", c)
	}
	if c, err := mockserver.ParseConfig(nil); err != nil || c.Listen != mockserver.DefaultListen {
		t.Fatalf("empty config: %+v, %v", c, err)
	}
}

func TestLoadConfigInvalid(t *testing.T) {
	proj := func(extra string) string {
		return "projects:\n  - project_id: project-test-a\n    secret: s\n  - project_id: project-test-b\n    secret: s\n" + extra
	}
	for _, tc := range []struct{ body, field, problem string }{
		{"listen: nope", "listen", "host:port"},
		{"listen: 127.0.0.1:99999", "listen", "65535"},
		{"lisen: 127.0.0.1:1", "lisen", "unknown field"},
		{"trust_forwarded_for: yes please", "trust_forwarded_for", "true or false"},
		{"projects: {}", "projects", "list of projects"},
		{"projects:\n  - project_id: project-test-a\n    secret: s\n  - project_id: proj-b\n    secret: s", "projects[1].project_id", `must start with "project-test-" or "project-live-"`},
		{"projects:\n  - project_id: project-test-\n    secret: s", "projects[0].project_id", "continue after"},
		{"projects:\n  - secret: s", "projects[0].project_id", "required"},
		{"projects:\n  - project_id: project-test-a", "projects[0].secret", "required"},
		{"projects:\n  - project_id: project-test-a\n    secret: s\n  - project_id: project-test-a\n    secret: t", "projects[1].project_id", "duplicates projects[0]"},
		{"projects:\n  - project_id: project-test-a\n    secret: s\n    environment: live", "projects[0].environment", "test ID"},
		{"projects:\n  - project_id: project-test-a\n    secret: s\n    environment: prod", "projects[0].environment", `"test" or "live"`},
		{proj("    ip_allowlist: [1.2.3.4, nope]"), "projects[1].ip_allowlist[1]", "not an IP"},
		{proj("    ip_allowlist: [1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9,1.1.1.10,1.1.1.11]"), "projects[1].ip_allowlist", "at most 10"},
		{proj("    ip_allowlist: 1.2.3.4"), "projects[1].ip_allowlist", "list of strings"},
		{proj("    session_duration_minutes: 2"), "projects[1].session_duration_minutes", "between 5 and 527040"},
		{proj("    session_duration_minutes: 7.5"), "projects[1].session_duration_minutes", "whole number"},
		{proj("    sesion_duration_minutes: 60"), "projects[1].sesion_duration_minutes", "unknown field"},
		{"tls:\n  key_file: k.pem", "tls.cert_file", "required"},
		{"tls:\n  cert_file: c.pem\n  key_file: k.pem\n  hosts: [a]", "tls.hosts", "self_signed"},
		{"tls: true", "tls", "mapping"},
	} {
		path := writeConfig(t, "bad.yaml", tc.body)
		_, err := mockserver.LoadConfig(path)
		var ce *mockserver.ConfigError
		if !errors.As(err, &ce) || ce.Field != tc.field || !strings.Contains(ce.Problem, tc.problem) || !strings.Contains(err.Error(), path) {
			t.Errorf("config %q:\n got error %v\nwant field %s with %q", tc.body, err, tc.field, tc.problem)
		}
	}
	// Syntax errors and duplicate keys fail as a whole document; secrets are
	// never echoed.
	for _, body := range []string{"listen: [", "listen: a:1\nlisten: b:2", "- 1\n- 2", `{"projects": [}`} {
		if _, err := mockserver.ParseConfig([]byte(body)); err == nil {
			t.Errorf("config %q: no error", body)
		}
	}
	_, err := mockserver.ParseConfig([]byte("projects:\n  - project_id: project-test-a\n    secret: \"has space-TOPSECRET\""))
	if err == nil || strings.Contains(err.Error(), "TOPSECRET") {
		t.Errorf("bad secret: %v", err)
	}
	if _, err := mockserver.LoadConfig(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestSelfSignedTLSWithSDK(t *testing.T) {
	dir := t.TempDir()
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	cert, err := mockserver.GenerateSelfSignedCert([]string{"mock.internal"}, certPath, keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(keyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := leaf.VerifyHostname("mock.internal"); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
		if err := leaf.VerifyHostname(h); err != nil {
			t.Fatal(err)
		}
	}

	s := mockserver.New(mockserver.Options{})
	creds, err := s.CreateProject(mockserver.EnvTest)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(s)
	hs.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	hs.StartTLS()
	defer hs.Close()

	pemBytes, err := os.ReadFile(certPath)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("cert file holds no PEM certificate")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	defer hc.CloseIdleConnections()
	cl, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL), stytchapi.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	created, err := cl.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "TLS", OrganizationSlug: "tls"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := cl.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: created.Organization.OrganizationID})
	if err != nil || got.Organization.OrganizationSlug != "tls" {
		t.Fatalf("Get over TLS: %+v, %v", got, err)
	}

	// A client that does not trust the certificate fails, unretried.
	untrusted, _ := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL), stytchapi.WithHTTPClient(&http.Client{}))
	if _, err := untrusted.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: created.Organization.OrganizationID}); err == nil {
		t.Fatal("an untrusting client succeeded")
	}

	// Config.Certificate generates the same kind of pair from a config.
	c, err := mockserver.ParseConfig([]byte("tls:\n  cert_file: " + filepath.Join(dir, "c2.pem") + "\n  key_file: " + filepath.Join(dir, "k2.pem") + "\n  self_signed: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if pair, err := c.Certificate(); err != nil || pair == nil {
		t.Fatalf("Certificate: %v", err)
	}
	c.TLS.SelfSigned = false
	if pair, err := c.Certificate(); err != nil || pair == nil {
		t.Fatalf("Certificate from files: %v", err)
	}
}
