package transport

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

const (
	// DefaultTimeout is the per-attempt timeout used when Options.Timeout is
	// zero. It bounds one HTTP exchange (connect, send, receive headers and
	// read the body), not the whole call with its retries; bound the whole
	// call with the context passed to Do.
	DefaultTimeout = 10 * time.Second

	// DefaultMaxRetries is the number of retries made after the first attempt
	// when Options.RetriesSet is false.
	DefaultMaxRetries = 3

	// MaxBodyBytes is the largest response body Do will read (10 MiB). A
	// larger body makes Do return an error instead of a Response.
	MaxBodyBytes = 10 << 20
)

// Defaults for the backoff settings of Options.
const (
	defaultRetryWaitMin  = 200 * time.Millisecond
	defaultRetryWaitMax  = 5 * time.Second
	defaultRetryAfterMax = 10 * time.Second
)

// Options configures a Transport. The zero value of every field selects the
// documented default, so Options{ProjectID: id, Secret: s} is a complete
// configuration.
type Options struct {
	// ProjectID and Secret are sent as HTTP basic auth credentials on every
	// attempt. They are never logged and never appear in errors.
	ProjectID, Secret string

	// UserAgent is sent as the User-Agent header. Empty leaves Go's default.
	UserAgent string

	// HTTPClient is the client that performs each attempt. When nil, New
	// builds one with NewPooledClient(Timeout). A supplied client is never
	// modified: Do works on a shallow copy of it, read at the time of each
	// call, so a Transport installed on it later (for example by a mocking
	// library) is picked up.
	HTTPClient *http.Client

	// Timeout bounds each attempt; zero means DefaultTimeout for the pooled
	// client. For a supplied HTTPClient, a positive Timeout replaces the
	// client's own Timeout (on Do's copy only), and zero keeps the client's
	// Timeout as it is.
	Timeout time.Duration

	// MaxRetries is the number of retries allowed after the first attempt.
	// It is honoured only when RetriesSet is true; otherwise
	// DefaultMaxRetries is used. Negative values mean no retries.
	MaxRetries int

	// RetriesSet reports that MaxRetries was set explicitly, so that a
	// MaxRetries of 0 turns retries off instead of selecting the default.
	RetriesSet bool

	// RetryWaitMin is the base backoff before the first retry; it doubles on
	// each further retry. Zero or negative means 200ms.
	RetryWaitMin time.Duration

	// RetryWaitMax caps the exponential backoff. Zero or negative means 5s.
	// A value below RetryWaitMin is raised to RetryWaitMin.
	RetryWaitMax time.Duration

	// RetryAfterMax caps how long Do honours a server's Retry-After header on
	// a retried 429 or 503 response. Zero or negative means 10s.
	RetryAfterMax time.Duration

	// Logger receives one Debug record per retry decision and one Info
	// record per completed call. Nil logs nothing. Records never contain
	// credentials, headers, query strings or bodies.
	Logger *slog.Logger
}

// Request describes one API call for Transport.Do.
type Request struct {
	// Method is the HTTP method, such as http.MethodPost.
	Method string

	// URL is the absolute http or https URL to call.
	URL string

	// Header holds extra headers, such as X-Stytch-Member-Session. Its values
	// replace those Do sets itself (Accept, Content-Type, User-Agent), except
	// Authorization, which always carries the Options credentials when they
	// are set.
	Header http.Header

	// Body is the exact request body, or nil for none. The same bytes are
	// sent on every attempt. Do does not modify them; the caller must not
	// modify them while Do runs. When Body is non-nil, Content-Type:
	// application/json is sent.
	Body []byte

	// Idempotent reports whether repeating the call is harmless: true for
	// GET, PUT and DELETE and for read-only POSTs such as searches; false for
	// calls that may consume a single-use token, send a message or create
	// something. Only idempotent calls are retried after a failure that may
	// have reached the server (a 500, 502, 503 or 504 response, or a
	// connection lost mid-request). Do does not infer it from Method.
	Idempotent bool

	// Timeout, when positive, bounds each attempt of this call in place of
	// Options.Timeout.
	Timeout time.Duration

	// MaxRetries, when RetriesSet is true, is the number of retries allowed
	// for this call in place of Options.MaxRetries. Negative means none.
	MaxRetries int

	// RetriesSet reports that MaxRetries was set for this call.
	RetriesSet bool
}

// Response is the final response of a call, with its body fully read.
type Response struct {
	// StatusCode is the HTTP status of the final attempt.
	StatusCode int

	// Header holds the headers of the final attempt's response.
	Header http.Header

	// Body is the complete body of the final attempt's response, at most
	// MaxBodyBytes long.
	Body []byte

	// Attempts is the number of attempts made; 1 means the call was not
	// retried.
	Attempts int

	call *call // the pooled call that owns the Response, for Release
}

// Transport sends API requests with Stytch's retry policy. It holds no
// per-call state, so one Transport is safe for concurrent use by any number
// of goroutines, and all of them share the underlying client's connection
// pool.
//
// The policy only repeats a call when doing so cannot cause a second side
// effect: a connection that was never established is retried for every
// method; a 500, 502, 503 or 504 response and a connection lost mid-request
// are retried only for idempotent requests; a 429 is retried only when its
// JSON error_type is "too_many_requests". Every other outcome, and the last
// outcome once retries run out, is handed to the caller as it is.
type Transport struct {
	client        *http.Client // caller's or pooled; never modified
	attempts      *http.Client // what retryablehttp drives; see httpClient
	authorization string       // the Basic authorization header value
	timeout       time.Duration
	projectID     string
	secret        string
	userAgent     string
	maxRetries    int
	waitMin       time.Duration
	waitMax       time.Duration
	retryAfterMax time.Duration
	logger        *slog.Logger

	// calls recycles the per-call state (with its retryablehttp.Client and
	// response buffer) so that a call allocates little beyond net/http's
	// own objects.
	calls sync.Pool
}

// New returns a Transport configured by opts, with defaults filled in for
// zero fields. It performs no I/O and starts no goroutines.
func New(opts Options) *Transport {
	t := &Transport{
		client:        opts.HTTPClient,
		timeout:       opts.Timeout,
		projectID:     opts.ProjectID,
		secret:        opts.Secret,
		userAgent:     opts.UserAgent,
		maxRetries:    DefaultMaxRetries,
		waitMin:       opts.RetryWaitMin,
		waitMax:       opts.RetryWaitMax,
		retryAfterMax: opts.RetryAfterMax,
		logger:        opts.Logger,
	}
	if t.client == nil {
		if t.timeout <= 0 {
			t.timeout = DefaultTimeout
		}
		t.client = NewPooledClient(t.timeout)
	}
	if opts.RetriesSet {
		t.maxRetries = max(opts.MaxRetries, 0)
	}
	if t.waitMin <= 0 {
		t.waitMin = defaultRetryWaitMin
	}
	if t.waitMax <= 0 {
		t.waitMax = defaultRetryWaitMax
	}
	t.waitMax = max(t.waitMax, t.waitMin)
	if t.retryAfterMax <= 0 {
		t.retryAfterMax = defaultRetryAfterMax
	}
	if t.projectID != "" || t.secret != "" {
		t.authorization = "Basic " + base64.StdEncoding.EncodeToString([]byte(t.projectID+":"+t.secret))
	}
	t.attempts = t.httpClient()
	t.calls.New = func() any { return newCall() }
	return t
}

// httpClient builds, once, the client that retryablehttp drives: it
// applies the per-attempt timeout and hides CloseIdleConnections (see
// keepIdleConns). Its RoundTripper reads the configured client's Transport
// on every request, so a transport installed on the caller's client after
// New (such as an httpmock activation) still takes effect, and the caller's
// client is never modified.
func (t *Transport) httpClient() *http.Client {
	c := &http.Client{
		Transport:     keepIdleConns{c: t.client},
		CheckRedirect: t.client.CheckRedirect,
		Jar:           t.client.Jar,
		Timeout:       t.client.Timeout,
	}
	if t.timeout > 0 {
		c.Timeout = t.timeout
	}
	return c
}

// Do sends req, retrying it according to the Transport's policy, and returns
// the final response with its body read. A response with any status,
// including 4xx and 5xx, is returned with a nil error: interpreting the
// status is the caller's job.
//
// Do returns an error when no usable response was obtained: the request
// could not be built, the last attempt failed in transport (the cause is
// wrapped and can be inspected with errors.As, e.g. for *net.OpError), the
// body exceeded MaxBodyBytes, or ctx ended (the error then wraps ctx.Err(),
// so errors.Is(err, context.DeadlineExceeded) works). Do never sleeps
// past ctx's deadline: when the next wait would end after it, the current
// outcome is returned instead.
func (t *Transport) Do(ctx context.Context, req Request) (*Response, error) {
	r, err := t.Exchange(ctx, req)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	cp := *r
	cp.Body = bytes.Clone(r.Body)
	cp.call = nil
	return &cp, nil
}

// Exchange sends req exactly as Do does and returns the same outcome, except
// that the Response and the bytes of its Body belong to the Transport: they
// are valid until the caller calls Release, after which the Transport reuses
// them for another call. This spares a copy of every body.
func (t *Transport) Exchange(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	c := t.calls.Get().(*call)
	if err := c.start(ctx, t, &req); err != nil {
		t.release(c)
		return nil, err
	}
	// Not every RoundTripper checks the context before answering; make no
	// attempt at all once it has ended.
	if err := ctx.Err(); err != nil {
		err = fmt.Errorf("stytch transport: %s %s: %w", c.method, c.path, err)
		t.release(c)
		return nil, err
	}

	rc := &c.rc
	rc.HTTPClient = t.attemptClient(req.Timeout)
	rc.RetryWaitMin, rc.RetryWaitMax, rc.RetryMax = t.waitMin, t.waitMax, c.maxRetries
	resp, rerr := rc.Do(c.req)
	if resp != nil {
		// checkRetry has already read and closed the network body.
		resp.Body.Close()
	}

	out, err := c.finish(ctx, resp, rerr)
	if t.logger != nil {
		c.logDone(ctx, out, err, time.Since(start))
	}
	if err != nil {
		t.release(c)
		return nil, err
	}
	return out, nil
}

// Release hands a Response obtained from Exchange back to its Transport.
// Neither the Response nor its Body may be used afterwards. Release does
// nothing on a Response returned by Do.
func (r *Response) Release() {
	if c := r.call; c != nil {
		c.t.release(c)
	}
}

// newCall returns fresh per-call state for the pool, with its
// retryablehttp.Client bound to it once.
func newCall() *call {
	c := &call{}
	c.rc = retryablehttp.Client{
		Logger:     nil, // retryablehttp must never write to stderr
		CheckRetry: c.checkRetry,
		Backoff:    c.backoff,
		// Hand back the last response or error instead of retryablehttp's
		// "giving up" error, so the real Stytch error reaches the caller.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return c
}

// maxPooledBody is the largest response buffer kept for reuse; a call that
// read a larger body lets its buffer go.
const maxPooledBody = 64 << 10

// release clears c of everything that belongs to its call and returns it to
// the pool.
func (t *Transport) release(c *call) {
	buf := c.buf[:0]
	if cap(buf) > maxPooledBody {
		buf = nil
	}
	c.t, c.req, c.method, c.path = nil, nil, "", ""
	c.idempotent, c.maxRetries, c.attempts = false, 0, 0
	c.body, c.buf, c.failErr, c.wait = nil, buf, nil, 0
	c.resp = Response{}
	c.replay.Reset(nil)
	c.rc.HTTPClient = nil
	t.calls.Put(c)
}

// start validates req and fills c, fresh from the pool, with the state of
// one call and its retryablehttp request.
func (c *call) start(ctx context.Context, t *Transport, req *Request) error {
	// Pass an untyped nil for no body: a typed nil []byte would make
	// retryablehttp attach an empty body.
	var body any
	if req.Body != nil {
		body = req.Body
	}
	rreq, err := retryablehttp.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return fmt.Errorf("stytch transport: invalid %s request: %w", req.Method, redactError(err))
	}
	u := rreq.URL
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("stytch transport: invalid %s request: URL %q is not an absolute http(s) URL",
			req.Method, redactURL(u))
	}
	t.setHeaders(rreq.Header, req)

	c.t = t
	c.req = rreq
	c.method = rreq.Method
	c.path = u.Path
	c.idempotent = req.Idempotent
	c.maxRetries = t.maxRetries
	if req.RetriesSet {
		c.maxRetries = max(req.MaxRetries, 0)
	}
	return nil
}

// setHeaders sets the headers of an attempt: Accept, Content-Type when there
// is a body, User-Agent, then req.Header's (each replacing any value set
// before), then Authorization. The values of the fixed headers share one
// allocation.
func (t *Transport) setHeaders(h http.Header, req *Request) {
	vals := make([]string, 0, 4)
	set := func(key, value string) { // key is already canonical
		vals = append(vals, value)
		n := len(vals)
		h[key] = vals[n-1 : n : n]
	}
	set("Accept", "application/json")
	if req.Body != nil {
		set("Content-Type", "application/json")
	}
	if t.userAgent != "" {
		set("User-Agent", t.userAgent)
	}
	for k, vs := range req.Header {
		h.Del(k)
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	if t.authorization != "" {
		set("Authorization", t.authorization)
	}
}

// attemptClient returns the client for the attempts of one call: the shared
// one, or a copy with the call's own per-attempt timeout. The copy shares
// the RoundTripper, and with it the connection pool.
func (t *Transport) attemptClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		return t.attempts
	}
	c := *t.attempts
	c.Timeout = timeout
	return &c
}

// finish turns what retryablehttp returned into Do's result.
func (c *call) finish(ctx context.Context, resp *http.Response, rerr error) (*Response, error) {
	cause := c.failErr // transport or body error of the last attempt
	if cause == nil {
		cause = rerr // e.g. ctx ended during a backoff wait
	}
	if cause == nil && resp == nil {
		cause = errors.New("no response") // not expected; never return (nil, nil)
	}
	if cause == nil {
		c.resp = Response{
			StatusCode: resp.StatusCode,
			Header:     resp.Header,
			Body:       c.body,
			Attempts:   c.attempts,
			call:       c,
		}
		return &c.resp, nil
	}

	cause = redactError(cause)
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(cause, ctxErr) {
		return nil, fmt.Errorf("stytch transport: %s %s: %w (after %d attempt(s)): %w",
			c.method, c.path, ctxErr, c.attempts, cause)
	}
	return nil, fmt.Errorf("stytch transport: %s %s (after %d attempt(s)): %w",
		c.method, c.path, c.attempts, cause)
}

// redactURL returns u without user info, query or fragment, so that it can
// appear in errors and logs.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return r.String()
}

// redactError replaces the URL of a *url.Error (which http.Client.Do returns
// for every transport error and url.Parse for a bad URL) by its redacted form,
// so that query strings and user info never reach an error string. The
// wrapped cause is kept, so errors.As and errors.Is still see it.
func redactError(err error) error {
	ue, ok := err.(*url.Error)
	if !ok {
		return err
	}
	redacted := "(unparseable URL)"
	if u, perr := url.Parse(ue.URL); perr == nil {
		redacted = redactURL(u)
	}
	if ue.URL == redacted {
		return err
	}
	return &url.Error{Op: ue.Op, URL: redacted, Err: ue.Err}
}
