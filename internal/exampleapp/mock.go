package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver"
)

// mockEnv is the Stytch mock the app talks to and its project. The app
// itself only uses the SDK; this file is set-up that a real deployment does
// once in Stytch's dashboard (create a project, register redirect URLs).
type mockEnv struct {
	url, projectID, secret string
	publicToken            string // for the browser's SSO start URL
	close                  func()
}

// mailboxURL is the mock dashboard's outbox: every email the mock "sent".
func (m *mockEnv) mailboxURL() string {
	return m.url + "/dashboard/projects/" + url.PathEscape(m.projectID) + "#outbox"
}

// appRedirect registers url as the default redirect URL of every
// magic-link kind the app uses.
func appRedirect(url string) mockserver.RedirectURL {
	types := []string{"login", "signup", "invite", "discovery"}
	return mockserver.RedirectURL{URL: url, Types: types, DefaultFor: types}
}

// setupMock starts a mock in-process, or uses the one at o.mockURL, and
// registers redirectURL as the project's default redirect URL.
func setupMock(ctx context.Context, o options, redirectURL string) (*mockEnv, error) {
	reg := appRedirect(redirectURL)
	if o.mockURL != "" {
		return remoteMock(ctx, o, reg)
	}
	srv := mockserver.New(mockserver.Options{})
	creds, err := srv.CreateProject(mockserver.EnvTest)
	if err != nil {
		return nil, fmt.Errorf("creating the mock project: %w", err)
	}
	if err := srv.SetRedirectURLs(creds.ProjectID, []mockserver.RedirectURL{reg}); err != nil {
		return nil, fmt.Errorf("registering the redirect URL: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for the mock: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	return &mockEnv{url: "http://" + ln.Addr().String(), projectID: creds.ProjectID, secret: creds.Secret, publicToken: creds.PublicToken, close: func() { hs.Close() }}, nil
}

// remoteMock sets up a project of a running stytch-mock through its admin
// routes.
func remoteMock(ctx context.Context, o options, reg mockserver.RedirectURL) (*mockEnv, error) {
	m := &mockEnv{url: strings.TrimRight(o.mockURL, "/"), projectID: o.projectID, secret: o.secret, publicToken: o.publicToken, close: func() {}}
	if m.projectID == "" || m.secret == "" {
		var created struct {
			ProjectID   string `json:"project_id"`
			Secret      string `json:"secret"`
			PublicToken string `json:"public_token"`
		}
		if err := m.admin(ctx, http.MethodPost, "/mock/projects", map[string]string{"environment": mockserver.EnvTest}, &created); err != nil {
			return nil, err
		}
		m.projectID, m.secret, m.publicToken = created.ProjectID, created.Secret, created.PublicToken
	}
	body := map[string]any{"redirect_urls": []mockserver.RedirectURL{reg}}
	if err := m.admin(ctx, http.MethodPut, "/mock/redirect_urls", body, nil); err != nil {
		return nil, err
	}
	return m, nil
}

// useBuiltinIdP points an SSO connection at the mock's built-in identity
// provider, which plays the customer's IdP (Okta, Entra ID, ...): its
// entity ID, sign-in URL, signing certificate and attribute mapping. With a
// real IdP, the organization's admin copies these values from the IdP into
// client.SSO.SAML.UpdateConnection (or gives UpdateByURL its metadata URL).
func (m *mockEnv) useBuiltinIdP(ctx context.Context, connectionID string) error {
	return m.admin(ctx, http.MethodPut, "/mock/sso/"+url.PathEscape(connectionID)+"/builtin_idp", struct{}{}, nil)
}

// admin calls an admin route of the mock with the project's credentials.
func (m *mockEnv) admin(ctx context.Context, method, path string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encoding %s %s: %w", method, path, err)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.url+path, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if m.projectID != "" {
		req.SetBasicAuth(m.projectID, m.secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decoding %s %s: %w", method, path, err)
	}
	return nil
}
