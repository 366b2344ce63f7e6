package mockserver

import (
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/consumer"
	"github.com/stytchkit/stytch-go/mockserver/internal/engine"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// TestServer is a Server running under httptest with one fresh TEST project
// and a client for it, as Start returns it.
type TestServer struct {
	*Server
	// URL is the base URL of the server, e.g. http://127.0.0.1:34567.
	URL string
	// ProjectID and Secret are the credentials of the test's project.
	ProjectID string
	Secret    string
	// PublicToken is the project's public token, for the browser-facing
	// routes (GET /v1/public/sso/start).
	PublicToken string
	// Client is a B2B client for the project, pointed at the server.
	Client *b2b.Client
	// Consumer is a consumer client for the project when it is a consumer
	// project (StartConsumer), else nil.
	Consumer *consumer.Client
	// HTTP is the underlying httptest server.
	HTTP *httptest.Server
}

// Start runs a new Server under httptest with a fresh TEST project and
// returns it with a ready client. The server closes when the test ends.
func Start(tb testing.TB) *TestServer {
	tb.Helper()
	var mu sync.Mutex
	var unregistered []string
	s := &Server{engine: engine.New(engine.Options{OnUnregisteredErrorType: func(method, path, errorType string) {
		mu.Lock()
		defer mu.Unlock()
		unregistered = append(unregistered, fmt.Sprintf("%s %s answered error_type %q", method, path, errorType))
	}})}
	hs := httptest.NewServer(s)
	tb.Cleanup(func() {
		hs.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, u := range unregistered {
			tb.Errorf("mockserver: %s, which is not in Stytch's published registry of error types (a bug in stytch-mock)", u)
		}
	})
	creds, err := s.CreateProject(EnvTest)
	if err != nil {
		tb.Fatalf("mockserver: creating the test project: %v", err)
	}
	ts := &TestServer{Server: s, URL: hs.URL, ProjectID: creds.ProjectID, Secret: creds.Secret, PublicToken: creds.PublicToken, HTTP: hs}
	ts.Client = ts.NewClient(tb, creds)
	return ts
}

// NewClient returns a B2B client for a project of this server, pointed at it.
func (ts *TestServer) NewClient(tb testing.TB, creds Credentials, opts ...stytchapi.Option) *b2b.Client {
	tb.Helper()
	opts = append([]stytchapi.Option{stytchapi.WithBaseURL(ts.URL), stytchapi.WithHTTPClient(ts.HTTP.Client())}, opts...)
	c, err := b2b.NewClient(creds.ProjectID, creds.Secret, opts...)
	if err != nil {
		tb.Fatalf("mockserver: creating a client: %v", err)
	}
	return c
}

// NewProject adds a fresh project in env ("test" or "live") and returns its
// credentials and a client for it.
func (ts *TestServer) NewProject(tb testing.TB, env string) (Credentials, *b2b.Client) {
	tb.Helper()
	creds, err := ts.CreateProject(env)
	if err != nil {
		tb.Fatalf("mockserver: creating a project: %v", err)
	}
	return creds, ts.NewClient(tb, creds)
}

// Clock returns the clock of the test's project.
func (ts *TestServer) Clock() *Clock { return ts.Server.Clock(ts.ProjectID) }
