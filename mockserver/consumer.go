package mockserver

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stytchkit/stytch-go/consumer"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// The verticals of a project. A B2B project serves /v1/b2b/ routes and
// answers invalid_consumer_endpoint on consumer routes; a consumer project
// serves the consumer routes (/v1/users, /v1/magic_links, /v1/sessions) and
// answers invalid_b2b_endpoint on B2B routes.
const (
	VerticalB2B      = state.VerticalB2B
	VerticalConsumer = state.VerticalConsumer
)

// CreateConsumerProject adds a consumer project with a fresh ID and secret
// in env ("test" or "live").
func (s *Server) CreateConsumerProject(env string) (Credentials, error) {
	return s.engine.CreateVerticalProject(env, VerticalConsumer, "", "")
}

// StartConsumer is Start with a fresh TEST consumer project: ts.Consumer is
// a consumer client for it (ts.Client, the B2B client, gets
// invalid_b2b_endpoint from every B2B route).
func StartConsumer(tb testing.TB) *TestServer {
	tb.Helper()
	s := New(Options{})
	hs := httptest.NewServer(s)
	tb.Cleanup(hs.Close)
	creds, err := s.CreateConsumerProject(EnvTest)
	if err != nil {
		tb.Fatalf("mockserver: creating the consumer test project: %v", err)
	}
	ts := &TestServer{Server: s, URL: hs.URL, ProjectID: creds.ProjectID, Secret: creds.Secret, HTTP: hs}
	ts.Client = ts.NewClient(tb, creds)
	ts.Consumer = ts.NewConsumerClient(tb, creds)
	return ts
}

// NewConsumerClient returns a consumer client for a project of this server,
// pointed at it.
func (ts *TestServer) NewConsumerClient(tb testing.TB, creds Credentials, opts ...stytchapi.Option) *consumer.Client {
	tb.Helper()
	opts = append([]stytchapi.Option{stytchapi.WithBaseURL(ts.URL), stytchapi.WithHTTPClient(ts.HTTP.Client())}, opts...)
	c, err := consumer.NewClient(creds.ProjectID, creds.Secret, opts...)
	if err != nil {
		tb.Fatalf("mockserver: creating a consumer client: %v", err)
	}
	return c
}

// NewConsumerProject adds a fresh consumer project in env ("test" or
// "live") beside the test's project and returns its credentials and a
// consumer client for it.
func (ts *TestServer) NewConsumerProject(tb testing.TB, env string) (Credentials, *consumer.Client) {
	tb.Helper()
	creds, err := ts.CreateConsumerProject(env)
	if err != nil {
		tb.Fatalf("mockserver: creating a consumer project: %v", err)
	}
	return creds, ts.NewConsumerClient(tb, creds)
}

// AddUserFactor attaches a registered factor of kind ("totp", "webauthn",
// "biometric", "crypto_wallet", "password" or "oauth") to a user of the
// test's consumer project and returns its ID, for tests of the factor
// deletions (the mock has no enrolment endpoints for them).
func (ts *TestServer) AddUserFactor(tb testing.TB, userID, kind string) string {
	tb.Helper()
	var out struct {
		FactorID string `json:"factor_id"`
	}
	if err := ts.admin(http.MethodPost, "/mock/users/"+url.PathEscape(userID)+"/factors", map[string]string{"type": kind}, &out); err != nil {
		tb.Fatalf("mockserver: AddUserFactor: %v", err)
	}
	return out.FactorID
}

// UserAccessTokenParams describe a connected-app access token of a user.
// Scopes defaults to openid and full_access, FirstParty to true, ClientID to
// a fresh ID.
type UserAccessTokenParams struct {
	UserID     string   `json:"-"`
	ClientID   string   `json:"client_id,omitempty"`
	Scopes     []string `json:"scopes,omitempty"`
	FirstParty *bool    `json:"first_party,omitempty"`
}

// IssueUserAccessToken mints a connected-app access token for a user of
// the test's consumer project, as if the app had completed the OAuth flow:
// the app then appears among the user's connected apps, and a fresh
// first-party full_access token can be exchanged for a session.
func (ts *TestServer) IssueUserAccessToken(tb testing.TB, p UserAccessTokenParams) string {
	tb.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := ts.admin(http.MethodPost, "/mock/users/"+url.PathEscape(p.UserID)+"/access_tokens", p, &out); err != nil {
		tb.Fatalf("mockserver: IssueUserAccessToken: %v", err)
	}
	return out.AccessToken
}
