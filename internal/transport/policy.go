package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// errBodyTooLarge is the cause returned when a response body exceeds
// MaxBodyBytes.
var errBodyTooLarge = fmt.Errorf("response body exceeds %d bytes", MaxBodyBytes)

// call is the state of one Do call. retryablehttp invokes checkRetry after
// every attempt and backoff before every retry, always from the goroutine
// running Do, so call needs no locking.
type call struct {
	t          *Transport
	req        *retryablehttp.Request
	method     string
	path       string // URL path only: safe to log
	idempotent bool
	maxRetries int // retries allowed for this call

	attempts int           // attempts made so far
	body     []byte        // body of the last attempt's response, in buf
	failErr  error         // transport or body error of the last attempt
	wait     time.Duration // wait chosen by checkRetry for backoff to return

	// Reused from call to call (see Transport.calls):
	buf    []byte               // backing array of body
	replay replayBody           // what resp.Body reads after readBody
	resp   Response             // the Response handed to Exchange's caller
	rc     retryablehttp.Client // bound to this call by newCall
}

// replayBody is an http.Response body over bytes already read.
type replayBody struct{ bytes.Reader }

// Close does nothing; it makes replayBody an io.ReadCloser.
func (*replayBody) Close() error { return nil }

// checkRetry is the retryablehttp.CheckRetry of a call. It reads the
// response body (so that a 429's error_type can be inspected and the caller
// still gets the bytes), decides whether the outcome is retryable, and, if
// so, computes the wait before the next attempt. It refuses to retry when
// retries are exhausted, ctx has ended, or the wait would end after ctx's
// deadline.
func (c *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c.attempts++
	c.body, c.failErr, c.wait = nil, nil, 0

	var tooLarge bool
	if err == nil {
		c.body, tooLarge, err = readBody(resp, c.buf, &c.replay)
		if c.body != nil {
			c.buf = c.body[:0]
		}
	}
	c.failErr = err

	retry, reason := c.classify(resp, err, tooLarge)
	var stopErr error
	switch {
	case !retry:
	case ctx.Err() != nil:
		retry, reason, stopErr = false, "context done", ctx.Err()
	case c.attempts > c.maxRetries:
		retry, reason = false, "retries exhausted"
	default:
		c.wait = c.nextWait(resp)
		if dl, ok := ctx.Deadline(); ok && !time.Now().Add(c.wait).Before(dl) {
			retry, reason, c.wait = false, "wait would pass context deadline", 0
		}
	}

	if c.t.logger != nil && (err != nil || resp.StatusCode >= 400) {
		c.logDecision(ctx, resp, err, retry, reason)
	}
	return retry, stopErr
}

// backoff is the retryablehttp.Backoff of a call: it returns the wait that
// checkRetry computed for this retry.
func (c *call) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return c.wait
}

// classify applies the retry policy to one attempt's outcome, ignoring the
// retry budget and the context. The reason is for logs only.
func (c *call) classify(resp *http.Response, err error, tooLarge bool) (bool, string) {
	if err != nil {
		switch {
		case tooLarge:
			return false, "response body too large"
		case isDialError(err):
			// No connection, so the server cannot have seen the request.
			return true, "connection not established"
		case isPermanentError(err):
			return false, "certificate error"
		case c.idempotent:
			return true, "transport error, idempotent request"
		default:
			return false, "transport error, request not idempotent"
		}
	}
	switch code := resp.StatusCode; code {
	case http.StatusTooManyRequests:
		if et := errorType(c.body); et == "too_many_requests" {
			return true, "rate limited"
		} else if et != "" {
			return false, "429 " + et
		}
		return false, "429 without a known error_type"
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if c.idempotent {
			return true, "server error, idempotent request"
		}
		return false, "server error, request not idempotent"
	default:
		return false, "status not retryable"
	}
}

// nextWait returns the wait before the next attempt: the server's
// Retry-After on a 429 or 503, capped at RetryAfterMax, or else exponential
// backoff with jitter.
func (c *call) nextWait(resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests ||
		resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, c.t.retryAfterMax)
		}
	}
	return backoff(c.t.waitMin, c.t.waitMax, c.attempts)
}

// backoff returns the wait after the given (1-based) failed attempt: the
// base min·2^(attempt-1), capped at max, with "equal jitter" applied, i.e. a
// uniformly random duration in [base/2, base]. The jitter spreads out
// callers that failed together; keeping half the base keeps the wait
// meaningful.
func backoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	base := minWait
	for i := 1; i < attempt && base < maxWait; i++ {
		base *= 2
	}
	base = min(base, maxWait)
	half := base / 2
	return half + rand.N(base-half+1)
}

// parseRetryAfter parses a Retry-After value, either delay-seconds or an
// HTTP date, relative to now. A date in the past yields 0.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second) // avoid overflow; capped later anyway
		}
		return time.Duration(secs) * time.Second, true
	}
	when, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(when.Sub(now), 0), true
}

// readBody reads resp's body completely (up to MaxBodyBytes) into buf,
// reusing its capacity, closes it, and replaces resp.Body with replay, a
// reader over the bytes read, so that later readers (retryablehttp draining
// it, or the caller) still see them.
func readBody(resp *http.Response, buf []byte, replay *replayBody) (body []byte, tooLarge bool, err error) {
	rc := resp.Body
	defer rc.Close()
	if resp.ContentLength > MaxBodyBytes {
		resp.Body = http.NoBody
		return nil, true, errBodyTooLarge
	}
	body = buf[:0]
	if resp.ContentLength > 0 {
		// +1 so that the final read sees EOF without growing.
		body = slices.Grow(body, int(resp.ContentLength)+1)
	}
	const limit = MaxBodyBytes + 1 // one byte more than allowed shows a body too large
	for {
		if len(body) == cap(body) {
			body = slices.Grow(body, max(512, cap(body)))
		}
		n, rerr := rc.Read(body[len(body):min(cap(body), limit)])
		body = body[:len(body)+n]
		if len(body) > MaxBodyBytes {
			resp.Body = http.NoBody
			return nil, true, errBodyTooLarge
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
	}
	replay.Reset(body)
	resp.Body = replay
	return body, false, err
}

// errorType returns the error_type field of a Stytch JSON error body, or ""
// when the body is not such JSON.
func errorType(body []byte) string {
	var v struct {
		ErrorType string `json:"error_type"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.ErrorType
}

// requestID returns the request_id field of a Stytch JSON body, or "".
func requestID(body []byte) string {
	var v struct {
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	return v.RequestID
}

// isDialError reports whether err shows that no connection was established,
// so the request cannot have reached the server.
func isDialError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// isPermanentError reports transport errors that a retry cannot fix: the
// server's certificate was rejected.
func isPermanentError(err error) bool {
	var (
		verifyErr *tls.CertificateVerificationError
		authErr   x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &authErr) ||
		errors.As(err, &hostErr) || errors.As(err, &invalid)
}

// errorKind names the class of a transport error for logs, without any of
// its text (which could contain addresses or URLs).
func errorKind(err error) string {
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, errBodyTooLarge):
		return "body_too_large"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case isDialError(err):
		return "dial"
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNRESET):
		return "reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "eof"
	case isPermanentError(err):
		return "certificate"
	default:
		return "other"
	}
}

// logDecision writes the Debug record for one attempt that did not succeed.
func (c *call) logDecision(ctx context.Context, resp *http.Response, err error, retry bool, reason string) {
	l := c.t.logger
	if !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs,
		slog.String("method", c.method),
		slog.String("path", c.path),
		slog.Int("attempt", c.attempts),
	)
	if err != nil {
		attrs = append(attrs, slog.String("error_kind", errorKind(err)))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	attrs = append(attrs, slog.Bool("retry", retry), slog.String("reason", reason))
	if retry {
		attrs = append(attrs, slog.Duration("wait", c.wait))
	}
	l.LogAttrs(ctx, slog.LevelDebug, "stytch request attempt failed", attrs...)
}

// logDone writes the Info record for a completed call.
func (c *call) logDone(ctx context.Context, resp *Response, err error, took time.Duration) {
	l := c.t.logger
	if !l.Enabled(ctx, slog.LevelInfo) {
		return
	}
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs,
		slog.String("method", c.method),
		slog.String("path", c.path),
	)
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	} else {
		attrs = append(attrs, slog.String("error_kind", errorKind(err)))
	}
	attrs = append(attrs,
		slog.Int("attempts", c.attempts),
		slog.Duration("duration", took),
	)
	if resp != nil {
		if id := requestID(resp.Body); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
	}
	l.LogAttrs(ctx, slog.LevelInfo, "stytch request", attrs...)
}
