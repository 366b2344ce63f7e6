package mockserver

import (
	"net/http/httptest"
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
