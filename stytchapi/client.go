// Package stytchapi is the core every stytch-go client shares: the Client that
// holds credentials and the retrying transport, its Options, the request
// helper that endpoint methods call, and Error, the type of every error the
// Stytch API answers with.
//
// Most programs never use this package directly beyond its options, error
// helpers and value helpers: they create a b2b.Client, which wraps a Client.
package stytchapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/config"
	"github.com/stytchkit/stytch-go/internal/transport"
)

// Version is the version of stytch-go, sent in the User-Agent header.
const Version = "0.1.0"

// Client sends requests to the Stytch API on behalf of one project. It is safe
// for concurrent use; create one per project and share it. Creating a Client
// does no network I/O and starts no goroutine.
type Client struct {
	cfg       config.Config
	baseURL   string
	transport *transport.Transport
	logger    *slog.Logger
}

// Option configures a Client.
type Option func(*settings)

type settings struct {
	baseURL    string
	httpClient *http.Client
	timeout    time.Duration
	retries    int
	retriesSet bool
	waitMin    time.Duration
	waitMax    time.Duration
	logger     *slog.Logger
	userAgent  string
}

// WithBaseURL sends requests to url instead of the environment's base URL:
// a custom domain, a proxy, or a local mock server such as stytch-mock.
func WithBaseURL(url string) Option { return func(s *settings) { s.baseURL = url } }

// WithHTTPClient sends requests through c. Its Timeout is kept unless
// WithTimeout is also given; c itself is never modified.
func WithHTTPClient(c *http.Client) Option { return func(s *settings) { s.httpClient = c } }

// WithTimeout bounds each attempt of a request (default 10s). The caller's
// context bounds the request as a whole, retries included.
func WithTimeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// WithRetries sets how many times a failed request may be retried (default 3).
// WithRetries(0) switches retries off.
func WithRetries(n int) Option {
	return func(s *settings) { s.retries, s.retriesSet = max(n, 0), true }
}

// WithRetryWait sets the base and the cap of the exponential backoff between
// retries (defaults 200ms and 5s).
func WithRetryWait(base, cap time.Duration) Option {
	return func(s *settings) { s.waitMin, s.waitMax = base, cap }
}

// WithLogger logs one line per request (method, path, status, attempts,
// duration, request_id) and one per retry decision. Credentials, tokens,
// query strings and bodies are never logged. By default nothing is logged.
func WithLogger(l *slog.Logger) Option { return func(s *settings) { s.logger = l } }

// WithUserAgent puts product (for example "my-app/1.4") in front of the
// User-Agent header, which otherwise names stytch-go and its version.
func WithUserAgent(product string) Option { return func(s *settings) { s.userAgent = product } }

// NewClient returns a Client for the project. The environment (TEST or LIVE)
// follows from the project ID unless WithBaseURL overrides the base URL. A
// missing project ID or secret, or an invalid base URL, is reported here
// rather than at the first call.
func NewClient(projectID, secret string, opts ...Option) (*Client, error) {
	var s settings
	for _, o := range opts {
		o(&s)
	}
	cfg := config.Config{ProjectID: projectID, Secret: secret, BaseURL: s.baseURL}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ua := fmt.Sprintf("stytch-go/%s (%s)", Version, runtime.Version())
	if p := strings.TrimSpace(s.userAgent); p != "" {
		ua = p + " " + ua
	}
	t := transport.New(transport.Options{
		ProjectID:    projectID,
		Secret:       secret,
		UserAgent:    ua,
		HTTPClient:   s.httpClient,
		Timeout:      s.timeout,
		MaxRetries:   s.retries,
		RetriesSet:   s.retriesSet,
		RetryWaitMin: s.waitMin,
		RetryWaitMax: s.waitMax,
		Logger:       s.logger,
	})
	return &Client{cfg: cfg, baseURL: cfg.ResolvedBaseURL(), transport: t, logger: s.logger}, nil
}

// NewClientFromConfig returns a Client for cfg, as NewClient does.
func NewClientFromConfig(cfg config.Config, opts ...Option) (*Client, error) {
	if cfg.BaseURL != "" {
		opts = append([]Option{WithBaseURL(cfg.BaseURL)}, opts...)
	}
	return NewClient(cfg.ProjectID, cfg.Secret, opts...)
}

// ProjectID returns the ID of the project the client acts for.
func (c *Client) ProjectID() string { return c.cfg.ProjectID }

// Env returns the environment of the client's project.
func (c *Client) Env() config.Env { return c.cfg.Env() }

// BaseURL returns the base URL requests are sent to, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }
