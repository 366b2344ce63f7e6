package transport_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/stytchkit/stytch-go/internal/transport"
)

const (
	testProjectID = "project-test-123"
	testSecret    = "secret-test-SUPERSECRET"
	baseURL       = "https://api.stytch.test"
)

// step is one scripted answer of a fakeAPI: an error, or a response.
type step struct {
	status int
	body   string
	header http.Header
	err    error
}

// seen is what a fakeAPI recorded about one attempt.
type seen struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// fakeAPI answers attempts from a script (the last step repeats) and records
// every attempt it receives.
type fakeAPI struct {
	mu    sync.Mutex
	steps []step
	calls []seen
}

func (f *fakeAPI) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	n := len(f.calls)
	f.calls = append(f.calls, seen{
		Method: req.Method,
		Path:   req.URL.Path,
		Query:  req.URL.RawQuery,
		Header: req.Header.Clone(),
		Body:   body,
	})
	s := f.steps[min(n, len(f.steps)-1)]
	f.mu.Unlock()

	if s.err != nil {
		return nil, s.err
	}
	resp := httpmock.NewStringResponse(s.status, s.body)
	for k, vs := range s.header {
		resp.Header[k] = vs
	}
	return resp, nil
}

func (f *fakeAPI) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeAPI) recorded() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.calls...)
}

// newFake returns a fake API answering with steps and a Transport talking to
// it. Unset backoff options are made tiny so tests run fast.
func newFake(t testing.TB, opts transport.Options, steps ...step) (*fakeAPI, *transport.Transport) {
	t.Helper()
	f := &fakeAPI{steps: steps}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(f.respond)
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Transport: mt}
	} else {
		httpmock.ActivateNonDefault(opts.HTTPClient)
		t.Cleanup(func() { httpmock.DeactivateNonDefault(opts.HTTPClient) })
		opts.HTTPClient.Transport = mt
	}
	if opts.ProjectID == "" {
		opts.ProjectID, opts.Secret = testProjectID, testSecret
	}
	if opts.RetryWaitMin == 0 {
		opts.RetryWaitMin = time.Millisecond
	}
	if opts.RetryWaitMax == 0 {
		opts.RetryWaitMax = time.Millisecond
	}
	return f, transport.New(opts)
}

func ok(body string) step            { return step{status: 200, body: body} }
func status(code int, b string) step { return step{status: code, body: b} }
func fail(err error) step            { return step{err: err} }

func stytchError(code int, errorType string) step {
	return status(code, fmt.Sprintf(`{"status_code":%d,"request_id":"request-id-test-1","error_type":%q,"error_message":"m"}`,
		code, errorType))
}

const okBody = `{"status_code":200,"request_id":"request-id-test-ok"}`

// call describes a request shape used across the matrix tests.
type call struct {
	name       string
	method     string
	idempotent bool
}

var (
	getCall       = call{"GET", http.MethodGet, true}
	putCall       = call{"PUT", http.MethodPut, true}
	deleteCall    = call{"DELETE", http.MethodDelete, true}
	idemPostCall  = call{"idempotent POST", http.MethodPost, true}
	plainPostCall = call{"non-idempotent POST", http.MethodPost, false}
)

func (c call) request() transport.Request {
	r := transport.Request{
		Method:     c.method,
		URL:        baseURL + "/v1/b2b/test",
		Idempotent: c.idempotent,
	}
	if c.method == http.MethodPost || c.method == http.MethodPut {
		r.Body = []byte(`{"a":1}`)
	}
	return r
}

// want is the observable result of a call.
type want struct {
	Calls    int
	Status   int
	Body     string
	Attempts int
}

func got(f *fakeAPI, resp *transport.Response) want {
	w := want{Calls: f.count()}
	if resp != nil {
		w.Status, w.Body, w.Attempts = resp.StatusCode, string(resp.Body), resp.Attempts
	}
	return w
}

func TestRateLimitedIsRetried(t *testing.T) {
	for _, c := range []call{getCall, plainPostCall} {
		t.Run(c.name, func(t *testing.T) {
			f, tr := newFake(t, transport.Options{}, stytchError(429, "too_many_requests"), ok(okBody))
			resp, err := tr.Do(context.Background(), c.request())
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if diff := cmp.Diff(want{Calls: 2, Status: 200, Body: okBody, Attempts: 2}, got(f, resp)); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOther429sAreNotRetried(t *testing.T) {
	bodies := map[string]string{
		"captcha_failed":               stytchError(429, "captcha_failed").body,
		"too_few_tokens_authenticated": stytchError(429, "too_few_tokens_authenticated").body,
		"user_lock_limit_reached":      stytchError(429, "user_lock_limit_reached").body,
		"unknown error_type":           stytchError(429, "something_new").body,
		"non-JSON":                     "Too Many Requests",
		"JSON without error_type":      `{"status_code":429}`,
	}
	for name, body := range bodies {
		for _, c := range []call{getCall, idemPostCall, plainPostCall} {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				f, tr := newFake(t, transport.Options{}, status(429, body), ok(okBody))
				resp, err := tr.Do(context.Background(), c.request())
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if diff := cmp.Diff(want{Calls: 1, Status: 429, Body: body, Attempts: 1}, got(f, resp)); diff != "" {
					t.Errorf("result mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestServerErrors(t *testing.T) {
	for _, code := range []int{500, 502, 503, 504} {
		for _, c := range []call{getCall, putCall, deleteCall, idemPostCall} {
			t.Run(fmt.Sprintf("%d/%s retried", code, c.name), func(t *testing.T) {
				f, tr := newFake(t, transport.Options{}, stytchError(code, "internal_server_error"), ok(okBody))
				resp, err := tr.Do(context.Background(), c.request())
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if diff := cmp.Diff(want{Calls: 2, Status: 200, Body: okBody, Attempts: 2}, got(f, resp)); diff != "" {
					t.Errorf("result mismatch (-want +got):\n%s", diff)
				}
			})
		}
		t.Run(fmt.Sprintf("%d/%s not retried", code, plainPostCall.name), func(t *testing.T) {
			first := stytchError(code, "internal_server_error")
			f, tr := newFake(t, transport.Options{}, first, ok(okBody))
			resp, err := tr.Do(context.Background(), plainPostCall.request())
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if diff := cmp.Diff(want{Calls: 1, Status: code, Body: first.body, Attempts: 1}, got(f, resp)); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatusesNeverRetried(t *testing.T) {
	for _, code := range []int{501, 505, 400, 401, 403, 404, 409} {
		for _, c := range []call{getCall, idemPostCall, plainPostCall} {
			t.Run(fmt.Sprintf("%d/%s", code, c.name), func(t *testing.T) {
				first := stytchError(code, "some_error")
				f, tr := newFake(t, transport.Options{}, first, ok(okBody))
				resp, err := tr.Do(context.Background(), c.request())
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if diff := cmp.Diff(want{Calls: 1, Status: code, Body: first.body, Attempts: 1}, got(f, resp)); diff != "" {
					t.Errorf("result mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func refused() error {
	return &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
}

func TestDialErrorsRetriedForEveryMethod(t *testing.T) {
	dialErrs := map[string]error{
		"connection refused": refused(),
		"DNS failure": &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.DNSError{Err: "no such host", Name: "api.stytch.test", IsNotFound: true}},
		"bare DNS error":    &net.DNSError{Err: "server misbehaving", Name: "api.stytch.test"},
		"dial timeout":      &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded},
		"bare ECONNREFUSED": &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED},
	}
	for name, dialErr := range dialErrs {
		for _, c := range []call{plainPostCall, getCall} {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				f, tr := newFake(t, transport.Options{}, fail(dialErr), ok(okBody))
				resp, err := tr.Do(context.Background(), c.request())
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if diff := cmp.Diff(want{Calls: 2, Status: 200, Body: okBody, Attempts: 2}, got(f, resp)); diff != "" {
					t.Errorf("result mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestMidFlightErrorsRetriedOnlyWhenIdempotent(t *testing.T) {
	midFlight := map[string]error{
		"unexpected EOF": io.ErrUnexpectedEOF,
		"read reset": &net.OpError{Op: "read", Net: "tcp",
			Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}},
		"write broken pipe": &net.OpError{Op: "write", Net: "tcp",
			Err: &os.SyscallError{Syscall: "write", Err: syscall.EPIPE}},
	}
	for name, cause := range midFlight {
		for _, c := range []call{getCall, idemPostCall} {
			t.Run(name+"/"+c.name+" retried", func(t *testing.T) {
				f, tr := newFake(t, transport.Options{}, fail(cause), ok(okBody))
				resp, err := tr.Do(context.Background(), c.request())
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if diff := cmp.Diff(want{Calls: 2, Status: 200, Body: okBody, Attempts: 2}, got(f, resp)); diff != "" {
					t.Errorf("result mismatch (-want +got):\n%s", diff)
				}
			})
		}
		t.Run(name+"/non-idempotent POST not retried", func(t *testing.T) {
			f, tr := newFake(t, transport.Options{}, fail(cause), ok(okBody))
			resp, err := tr.Do(context.Background(), plainPostCall.request())
			if err == nil {
				t.Fatalf("Do returned %+v, want an error", resp)
			}
			if !errors.Is(err, cause) {
				t.Errorf("Do error %v does not wrap %v", err, cause)
			}
			if n := f.count(); n != 1 {
				t.Errorf("server saw %d attempts, want 1", n)
			}
		})
	}

	t.Run("cause is inspectable", func(t *testing.T) {
		cause := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
		_, tr := newFake(t, transport.Options{}, fail(cause))
		_, err := tr.Do(context.Background(), plainPostCall.request())
		var opErr *net.OpError
		if !errors.As(err, &opErr) || opErr.Op != "read" {
			t.Fatalf("errors.As(%v, *net.OpError) = %v, want the read error", err, opErr)
		}
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("errors.Is(%v, ECONNRESET) = false", err)
		}
	})
}

func TestRetriesExhausted(t *testing.T) {
	t.Run("final response returned", func(t *testing.T) {
		final := stytchError(503, "service_unavailable")
		f, tr := newFake(t, transport.Options{}, final)
		resp, err := tr.Do(context.Background(), getCall.request())
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		w := want{Calls: 1 + transport.DefaultMaxRetries, Status: 503, Body: final.body, Attempts: 1 + transport.DefaultMaxRetries}
		if diff := cmp.Diff(w, got(f, resp)); diff != "" {
			t.Errorf("result mismatch (-want +got):\n%s", diff)
		}
		if w.Calls != 4 {
			t.Errorf("DefaultMaxRetries = %d, want 3", transport.DefaultMaxRetries)
		}
	})
	t.Run("final transport error returned", func(t *testing.T) {
		f, tr := newFake(t, transport.Options{}, fail(refused()))
		resp, err := tr.Do(context.Background(), plainPostCall.request())
		if err == nil {
			t.Fatalf("Do returned %+v, want an error", resp)
		}
		var opErr *net.OpError
		if !errors.As(err, &opErr) || opErr.Op != "dial" {
			t.Errorf("errors.As(%v, *net.OpError) did not find the dial error", err)
		}
		if n := f.count(); n != 4 {
			t.Errorf("server saw %d attempts, want 4", n)
		}
		if !strings.Contains(err.Error(), "4 attempt") {
			t.Errorf("error %q does not mention the 4 attempts", err)
		}
	})
}

func TestMaxRetries(t *testing.T) {
	cases := []struct {
		name       string
		maxRetries int
		set        bool
		wantCalls  int
	}{
		{"unset means default", 0, false, 4},
		{"unset ignores MaxRetries", 7, false, 4},
		{"zero switches retries off", 0, true, 1},
		{"negative switches retries off", -2, true, 1},
		{"one", 1, true, 2},
		{"five", 5, true, 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			final := stytchError(500, "internal_server_error")
			f, tr := newFake(t, transport.Options{MaxRetries: tc.maxRetries, RetriesSet: tc.set}, final)
			resp, err := tr.Do(context.Background(), getCall.request())
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			w := want{Calls: tc.wantCalls, Status: 500, Body: final.body, Attempts: tc.wantCalls}
			if diff := cmp.Diff(w, got(f, resp)); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func rateLimited(retryAfter string) step {
	s := stytchError(429, "too_many_requests")
	s.header = http.Header{"Retry-After": {retryAfter}}
	return s
}

func TestRetryAfter(t *testing.T) {
	t.Run("wait past deadline is not taken", func(t *testing.T) {
		first := rateLimited("1")
		f, tr := newFake(t, transport.Options{}, first, ok(okBody))
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		resp, err := tr.Do(ctx, getCall.request())
		took := time.Since(start)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if diff := cmp.Diff(want{Calls: 1, Status: 429, Body: first.body, Attempts: 1}, got(f, resp)); diff != "" {
			t.Errorf("result mismatch (-want +got):\n%s", diff)
		}
		if took > 150*time.Millisecond {
			t.Errorf("Do took %v, want it to return at once", took)
		}
	})

	t.Run("capped by RetryAfterMax", func(t *testing.T) {
		f, tr := newFake(t, transport.Options{RetryAfterMax: 30 * time.Millisecond}, rateLimited("3600"), ok(okBody))
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		resp, err := tr.Do(ctx, getCall.request())
		took := time.Since(start)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if diff := cmp.Diff(want{Calls: 2, Status: 200, Body: okBody, Attempts: 2}, got(f, resp)); diff != "" {
			t.Errorf("result mismatch (-want +got):\n%s", diff)
		}
		// Backoff alone would wait about 1ms; the capped Retry-After 30ms.
		if took < 30*time.Millisecond || took > 2*time.Second {
			t.Errorf("Do took %v, want about 30ms", took)
		}
	})

	t.Run("HTTP date honoured", func(t *testing.T) {
		date := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
		f, tr := newFake(t, transport.Options{RetryAfterMax: 40 * time.Millisecond}, rateLimited(date), ok(okBody))
		start := time.Now()
		resp, err := tr.Do(context.Background(), getCall.request())
		took := time.Since(start)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if diff := cmp.Diff(want{Calls: 2, Status: 200, Body: okBody, Attempts: 2}, got(f, resp)); diff != "" {
			t.Errorf("result mismatch (-want +got):\n%s", diff)
		}
		if took < 40*time.Millisecond || took > 2*time.Second {
			t.Errorf("Do took %v, want about 40ms (the capped Retry-After date)", took)
		}
	})

	t.Run("HTTP date past deadline is not taken", func(t *testing.T) {
		date := time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
		first := rateLimited(date)
		f, tr := newFake(t, transport.Options{}, first, ok(okBody))
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		resp, err := tr.Do(ctx, getCall.request())
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if diff := cmp.Diff(want{Calls: 1, Status: 429, Body: first.body, Attempts: 1}, got(f, resp)); diff != "" {
			t.Errorf("result mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("honoured on 503", func(t *testing.T) {
		first := stytchError(503, "service_unavailable")
		first.header = http.Header{"Retry-After": {"3600"}}
		f, tr := newFake(t, transport.Options{RetryAfterMax: 30 * time.Millisecond}, first, ok(okBody))
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		resp, err := tr.Do(ctx, getCall.request())
		took := time.Since(start)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if diff := cmp.Diff(want{Calls: 2, Status: 200, Body: okBody, Attempts: 2}, got(f, resp)); diff != "" {
			t.Errorf("result mismatch (-want +got):\n%s", diff)
		}
		if took < 30*time.Millisecond {
			t.Errorf("Do took %v, want at least the capped Retry-After of 30ms", took)
		}
	})
}

func TestContext(t *testing.T) {
	t.Run("deadline already passed", func(t *testing.T) {
		f, tr := newFake(t, transport.Options{}, ok(okBody))
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		resp, err := tr.Do(ctx, getCall.request())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Do = %+v, %v; want an error wrapping context.DeadlineExceeded", resp, err)
		}
		if n := f.count(); n != 0 {
			t.Errorf("server saw %d attempts, want 0", n)
		}
	})

	t.Run("cancel during backoff returns promptly", func(t *testing.T) {
		f, tr := newFake(t, transport.Options{RetryWaitMin: 10 * time.Second, RetryWaitMax: 10 * time.Second},
			stytchError(503, "service_unavailable"))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		resp, err := tr.Do(ctx, getCall.request())
		took := time.Since(start)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Do = %+v, %v; want an error wrapping context.Canceled", resp, err)
		}
		if took > 2*time.Second {
			t.Errorf("Do took %v after cancel at 50ms", took)
		}
		if n := f.count(); n != 1 {
			t.Errorf("server saw %d attempts, want 1", n)
		}
	})

	t.Run("deadline during backoff after transport error", func(t *testing.T) {
		// The wait (>=5s) would pass the deadline, so the dial error is
		// returned at once; it must still be inspectable.
		f, tr := newFake(t, transport.Options{RetryWaitMin: 10 * time.Second, RetryWaitMax: 10 * time.Second},
			fail(refused()))
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := tr.Do(ctx, plainPostCall.request())
		var opErr *net.OpError
		if !errors.As(err, &opErr) {
			t.Fatalf("Do error %v does not wrap the *net.OpError", err)
		}
		if took := time.Since(start); took > 500*time.Millisecond {
			t.Errorf("Do took %v, want it to give up at once", took)
		}
		if n := f.count(); n != 1 {
			t.Errorf("server saw %d attempts, want 1", n)
		}
	})
}

func TestBodyReplayedExactly(t *testing.T) {
	body := []byte(`{"organization_id":"organization-test-1","email_address":"a@b.test","x":"\u00e9\n"}`)
	cases := []struct {
		name  string
		c     call
		steps []step
	}{
		{"5xx on idempotent POST", idemPostCall, []step{status(502, "bad gateway"), status(503, "x"), ok(okBody)}},
		{"dial errors on non-idempotent POST", plainPostCall, []step{fail(refused()), fail(refused()), ok(okBody)}},
		{"429 on PUT", putCall, []step{stytchError(429, "too_many_requests"), stytchError(429, "too_many_requests"), ok(okBody)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, tr := newFake(t, transport.Options{}, tc.steps...)
			req := tc.c.request()
			req.Body = append([]byte(nil), body...)
			if _, err := tr.Do(context.Background(), req); err != nil {
				t.Fatalf("Do: %v", err)
			}
			var bodies [][]byte
			for _, s := range f.recorded() {
				bodies = append(bodies, s.Body)
			}
			if diff := cmp.Diff([][]byte{body, body, body}, bodies); diff != "" {
				t.Errorf("bodies seen by the server (-want +got):\n%s", diff)
			}
			if !bytes.Equal(req.Body, body) {
				t.Errorf("Do modified the caller's body: %q", req.Body)
			}
		})
	}
}

func TestHeadersOnEveryAttempt(t *testing.T) {
	f, tr := newFake(t, transport.Options{UserAgent: "stytch-go/test (go1.x)"},
		stytchError(500, "internal_server_error"), stytchError(429, "too_many_requests"), ok(okBody))
	req := idemPostCall.request()
	req.Header = http.Header{"X-Stytch-Member-Session": {"session-token-test"}}
	if _, err := tr.Do(context.Background(), req); err != nil {
		t.Fatalf("Do: %v", err)
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testProjectID+":"+testSecret))
	type hdrs struct{ Auth, UA, Accept, ContentType, Session string }
	var gotH []hdrs
	for _, s := range f.recorded() {
		gotH = append(gotH, hdrs{
			s.Header.Get("Authorization"), s.Header.Get("User-Agent"), s.Header.Get("Accept"),
			s.Header.Get("Content-Type"), s.Header.Get("X-Stytch-Member-Session"),
		})
	}
	one := hdrs{wantAuth, "stytch-go/test (go1.x)", "application/json", "application/json", "session-token-test"}
	if diff := cmp.Diff([]hdrs{one, one, one}, gotH); diff != "" {
		t.Errorf("headers per attempt (-want +got):\n%s", diff)
	}
}

func TestNoBodyNoContentType(t *testing.T) {
	f, tr := newFake(t, transport.Options{}, ok(okBody))
	if _, err := tr.Do(context.Background(), getCall.request()); err != nil {
		t.Fatalf("Do: %v", err)
	}
	s := f.recorded()[0]
	if ct := s.Header.Get("Content-Type"); ct != "" || len(s.Body) != 0 {
		t.Errorf("GET without body sent Content-Type %q and body %q", ct, s.Body)
	}
}

func TestCallerHeadersOverrideDefaults(t *testing.T) {
	f, tr := newFake(t, transport.Options{UserAgent: "ua"}, ok(okBody))
	req := getCall.request()
	req.Header = http.Header{"Accept": {"text/plain"}, "Authorization": {"Bearer nope"}}
	if _, err := tr.Do(context.Background(), req); err != nil {
		t.Fatalf("Do: %v", err)
	}
	h := f.recorded()[0].Header
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testProjectID+":"+testSecret))
	if diff := cmp.Diff([]string{"text/plain", wantAuth}, []string{h.Get("Accept"), h.Get("Authorization")}); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
}

func TestLoggingNeverLeaksSecrets(t *testing.T) {
	const (
		bodyToken  = "magic-link-token-BODYSECRET"
		queryToken = "QUERYSECRET"
		path       = "/v1/b2b/magic_links/authenticate"
	)
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	okWithID := `{"status_code":200,"request_id":"request-id-test-LOGGED","member_session":{"session_token":"session-BODYSECRET"}}`
	_, tr := newFake(t, transport.Options{Logger: logger},
		stytchError(429, "too_many_requests"), fail(refused()), ok(okWithID))
	req := transport.Request{
		Method: http.MethodPost,
		URL:    baseURL + path + "?token=" + queryToken,
		Header: http.Header{"X-Stytch-Member-Session": {"member-session-HEADERSECRET"}},
		Body:   []byte(`{"magic_links_token":"` + bodyToken + `"}`),
	}
	resp, err := tr.Do(context.Background(), req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if resp.Attempts != 3 {
		t.Fatalf("Attempts = %d, want 3", resp.Attempts)
	}

	// A failing call, logged too.
	_, tr2 := newFake(t, transport.Options{Logger: logger, MaxRetries: 1, RetriesSet: true}, fail(refused()))
	if _, err := tr2.Do(context.Background(), req); err == nil {
		t.Fatal("Do with only dial errors succeeded")
	}

	out := buf.String()
	t.Logf("log output:\n%s", out)
	basic := base64.StdEncoding.EncodeToString([]byte(testProjectID + ":" + testSecret))
	for _, secret := range []string{testSecret, basic, "Authorization", "authorization", bodyToken,
		"BODYSECRET", queryToken, "?token", "HEADERSECRET", "Basic "} {
		if strings.Contains(out, secret) {
			t.Errorf("log output contains %q", secret)
		}
	}
	for _, must := range []string{
		`"path":"` + path + `"`, `"status":200`, `"attempts":3`, `"request_id":"request-id-test-LOGGED"`,
		`"status":429`, `"error_kind":"dial"`, `"attempt":1`, `"attempt":2`, `"retry":true`,
		`"level":"DEBUG"`, `"level":"INFO"`, `"method":"POST"`,
	} {
		if !strings.Contains(out, must) {
			t.Errorf("log output lacks %s", must)
		}
	}
	if n := strings.Count(out, `"level":"INFO"`); n != 2 {
		t.Errorf("got %d Info records, want one per call (2)", n)
	}
}

func TestNilLoggerLogsNothing(t *testing.T) {
	// slog.Default is the last place a nil Logger could leak to.
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(old)

	_, tr := newFake(t, transport.Options{}, stytchError(503, "x"), ok(okBody))
	if _, err := tr.Do(context.Background(), getCall.request()); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("nil Logger still logged: %s", buf.String())
	}
}

func TestErrorsNeverContainSecrets(t *testing.T) {
	// A real refused connection: a loopback port nothing listens on.
	srv := httptest.NewServer(http.NotFoundHandler())
	deadURL := srv.URL
	srv.Close()

	tr := transport.New(transport.Options{
		ProjectID: testProjectID, Secret: testSecret,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	})
	errs := map[string]error{}
	_, errs["refused"] = tr.Do(context.Background(), transport.Request{
		Method: http.MethodPost, URL: deadURL + "/v1/b2b/sessions/authenticate?session_token=QUERYSECRET",
		Body: []byte(`{"session_token":"BODYSECRET"}`),
	})
	_, errs["bad URL"] = tr.Do(context.Background(), transport.Request{
		Method: http.MethodGet, URL: "https://api.stytch.test/v1/%zz?token=QUERYSECRET",
	})
	_, errs["relative URL"] = tr.Do(context.Background(), transport.Request{
		Method: http.MethodGet, URL: "/v1/b2b/organizations?token=QUERYSECRET",
	})
	_, trMock := newFake(t, transport.Options{}, fail(io.ErrUnexpectedEOF))
	_, errs["mid-flight"] = trMock.Do(context.Background(), transport.Request{
		Method: http.MethodPost, URL: "https://user:USERINFOSECRET@api.stytch.test/v1/x?token=QUERYSECRET",
		Body: []byte(`{"token":"BODYSECRET"}`),
	})

	basic := base64.StdEncoding.EncodeToString([]byte(testProjectID + ":" + testSecret))
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: Do succeeded, want an error", name)
			continue
		}
		msg := err.Error()
		for _, secret := range []string{testSecret, basic, "Authorization", "QUERYSECRET", "BODYSECRET", "USERINFOSECRET"} {
			if strings.Contains(msg, secret) {
				t.Errorf("%s: error %q contains %q", name, msg, secret)
			}
		}
	}
	var opErr *net.OpError
	if !errors.As(errs["refused"], &opErr) || !errors.Is(errs["refused"], syscall.ECONNREFUSED) {
		t.Errorf("refused: error %v does not wrap the *net.OpError / ECONNREFUSED", errs["refused"])
	}
}

func TestBodyTooLarge(t *testing.T) {
	big := strings.Repeat("x", transport.MaxBodyBytes+1)
	exact := strings.Repeat("y", transport.MaxBodyBytes)

	t.Run("with Content-Length", func(t *testing.T) {
		_, tr := newFake(t, transport.Options{}, ok(big))
		resp, err := tr.Do(context.Background(), getCall.request())
		if err == nil {
			t.Fatalf("Do returned %d bytes, want an error", len(resp.Body))
		}
	})
	t.Run("without Content-Length", func(t *testing.T) {
		f := &fakeAPI{}
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
			f.respond(req) // record only
			resp := httpmock.NewStringResponse(200, "")
			resp.Body = io.NopCloser(strings.NewReader(big))
			resp.ContentLength = -1
			return resp, nil
		})
		f.steps = []step{ok("")}
		tr := transport.New(transport.Options{HTTPClient: &http.Client{Transport: mt}})
		resp, err := tr.Do(context.Background(), getCall.request())
		if err == nil {
			t.Fatalf("Do returned %d bytes, want an error", len(resp.Body))
		}
		if n := f.count(); n != 1 {
			t.Errorf("server saw %d attempts, want 1 (a too-large body is not retried)", n)
		}
	})
	t.Run("exactly MaxBodyBytes is fine", func(t *testing.T) {
		_, tr := newFake(t, transport.Options{}, ok(exact))
		resp, err := tr.Do(context.Background(), getCall.request())
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if len(resp.Body) != transport.MaxBodyBytes {
			t.Errorf("body has %d bytes, want %d", len(resp.Body), transport.MaxBodyBytes)
		}
	})
}

// TestNoStderrOutput runs retrying calls in a child process and checks that
// nothing (such as retryablehttp's default logger) wrote to its stderr.
func TestNoStderrOutput(t *testing.T) {
	if os.Getenv("TRANSPORT_TEST_STDERR_CHILD") == "1" {
		_, tr := newFake(t, transport.Options{},
			stytchError(503, "x"), fail(refused()), stytchError(429, "too_many_requests"), ok(okBody))
		if _, err := tr.Do(context.Background(), getCall.request()); err != nil {
			t.Fatalf("Do: %v", err)
		}
		_, tr = newFake(t, transport.Options{}, fail(io.ErrUnexpectedEOF))
		_, _ = tr.Do(context.Background(), getCall.request())
		_, tr = newFake(t, transport.Options{}, stytchError(503, "x"))
		_, _ = tr.Do(context.Background(), getCall.request())
		return
	}
	if testing.Short() {
		t.Skip("spawns a child test process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoStderrOutput$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "TRANSPORT_TEST_STDERR_CHILD=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child test failed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "--- PASS: TestNoStderrOutput") {
		t.Fatalf("child did not run the calls:\n%s", stdout.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("retrying calls wrote to stderr:\n%s", stderr.String())
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so that the server notices the client hanging up
		if hits.Add(1) == 1 {
			select { // hang the first attempt
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		io.WriteString(w, okBody)
	}))
	defer srv.Close()

	clients := map[string]func() *http.Client{
		"pooled client":   func() *http.Client { return nil },
		"supplied client": func() *http.Client { return &http.Client{Transport: &http.Transport{}} },
	}
	for clientName, client := range clients {
		for _, c := range []call{getCall, plainPostCall} {
			t.Run(clientName+"/"+c.name, func(t *testing.T) {
				hits.Store(0)
				tr := transport.New(transport.Options{
					HTTPClient:   client(),
					Timeout:      100 * time.Millisecond,
					RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
				})
				req := c.request()
				req.URL = srv.URL + "/v1/b2b/test"
				resp, err := tr.Do(context.Background(), req)
				if c.idempotent {
					if err != nil || resp.StatusCode != 200 || resp.Attempts != 2 {
						t.Fatalf("Do = %+v, %v; want 200 after 2 attempts", resp, err)
					}
					return
				}
				if err == nil {
					t.Fatalf("Do = %+v; want the timeout error", resp)
				}
				if n := hits.Load(); n != 1 {
					t.Errorf("server saw %d attempts, want 1", n)
				}
			})
		}
	}
}

// TestFailedCallKeepsPoolConnections checks that a call that ends in failure
// does not close the idle connections other calls share.
func TestFailedCallKeepsPoolConnections(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/fail" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		io.WriteString(w, okBody)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	tr := transport.New(transport.Options{RetryWaitMin: 10 * time.Second, RetryWaitMax: 10 * time.Second})
	get := func(ctx context.Context, path string) (*transport.Response, error) {
		return tr.Do(ctx, transport.Request{Method: http.MethodGet, URL: srv.URL + path, Idempotent: true})
	}
	if _, err := get(context.Background(), "/ok"); err != nil {
		t.Fatal(err)
	}
	// Cancelled during its backoff wait: retryablehttp then asks the client
	// to close idle connections.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := get(ctx, "/fail"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call: err = %v, want context.Canceled", err)
	}
	if _, err := get(context.Background(), "/ok"); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("server saw %d connections, want 1 reused connection", n)
	}
}

func TestCallerClientNotModified(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, okBody))
	client := &http.Client{Transport: mt}
	tr := transport.New(transport.Options{HTTPClient: client, Timeout: 50 * time.Millisecond})
	if _, err := tr.Do(context.Background(), getCall.request()); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if client.Timeout != 0 || client.Transport != mt {
		t.Errorf("caller's client modified: Timeout %v, Transport %T", client.Timeout, client.Transport)
	}
	if mt.GetTotalCallCount() != 1 {
		t.Errorf("caller's transport saw %d calls, want 1", mt.GetTotalCallCount())
	}
}

func TestActivateNonDefaultAfterNew(t *testing.T) {
	client := &http.Client{}
	tr := transport.New(transport.Options{HTTPClient: client})
	httpmock.ActivateNonDefault(client)
	defer httpmock.DeactivateNonDefault(client)
	httpmock.RegisterNoResponder(httpmock.NewStringResponder(200, okBody))
	defer httpmock.Reset()
	resp, err := tr.Do(context.Background(), getCall.request())
	if err != nil || string(resp.Body) != okBody {
		t.Fatalf("Do = %+v, %v; want the mocked response", resp, err)
	}
}

func TestNewPooledClient(t *testing.T) {
	c := transport.NewPooledClient(7 * time.Second)
	ht, isHT := c.Transport.(*http.Transport)
	if !isHT {
		t.Fatalf("Transport is %T, want *http.Transport", c.Transport)
	}
	type pool struct {
		Timeout                                time.Duration
		MaxIdle, MaxIdlePerHost, MaxPerHost    int
		IdleTimeout                            time.Duration
		HTTP2                                  bool
		HasDial, HasTLSTimeout, SharesDefaults bool
	}
	gotPool := pool{c.Timeout, ht.MaxIdleConns, ht.MaxIdleConnsPerHost, ht.MaxConnsPerHost, ht.IdleConnTimeout,
		ht.ForceAttemptHTTP2, ht.DialContext != nil, ht.TLSHandshakeTimeout > 0, ht == http.DefaultTransport}
	wantPool := pool{7 * time.Second, 100, 100, 0, 90 * time.Second, true, true, true, false}
	if diff := cmp.Diff(wantPool, gotPool); diff != "" {
		t.Errorf("pool settings (-want +got):\n%s", diff)
	}
	if c2 := transport.NewPooledClient(0); c2.Transport == c.Transport {
		t.Error("NewPooledClient returned a shared Transport")
	}
}

func TestConcurrentCalls(t *testing.T) {
	f, tr := newFake(t, transport.Options{}, ok(okBody))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := tr.Do(context.Background(), idemPostCall.request())
			if err == nil && resp.StatusCode != 200 {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := f.count(); n != 64 {
		t.Errorf("server saw %d calls, want 64", n)
	}
}

func TestCertificateErrorsNotRetried(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, okBody)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the server logs the failed handshakes
	srv.StartTLS()
	defer srv.Close()

	// The pooled client does not trust httptest's self-signed certificate.
	tr := transport.New(transport.Options{RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	_, err := tr.Do(context.Background(), transport.Request{Method: http.MethodGet, URL: srv.URL + "/v1/x", Idempotent: true})
	var verifyErr *tls.CertificateVerificationError
	if !errors.As(err, &verifyErr) {
		t.Fatalf("Do error = %v, want a certificate verification error", err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("server saw %d connections, want 1 (no retry)", n)
	}
}

func TestNoRetryOnceContextDone(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fakeAPI{steps: []step{stytchError(503, "x")}}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		cancel() // the context ends while the attempt is in flight
		return f.respond(req)
	})
	tr := transport.New(transport.Options{HTTPClient: &http.Client{Transport: mt}, Logger: logger,
		RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	_, err := tr.Do(ctx, getCall.request())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Do error = %v, want context.Canceled", err)
	}
	if n := f.count(); n != 1 {
		t.Errorf("server saw %d attempts, want 1", n)
	}
	if out := buf.String(); strings.Contains(out, `"retry":true`) || !strings.Contains(out, `"retry":false`) {
		t.Errorf("want one retry:false decision, log:\n%s", out)
	}
}
