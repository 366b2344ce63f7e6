package stytchapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/stytchkit/stytch-go/internal/transport"
)

// ErrEmptyPathParameter is returned, before any request is sent, when an
// identifier that goes into the URL path (an organization ID, a member ID...)
// is empty.
var ErrEmptyPathParameter = errors.New("stytch: a required path parameter is empty")

// Request describes one API call for Do. Endpoint methods build it; programs
// only need it to call an endpoint this SDK does not cover yet.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path, built with Pathf so that identifiers are escaped.
	Path string
	// Query holds query-string parameters; empty values are left out.
	Query url.Values
	// Body is marshalled to JSON and sent when non-nil.
	Body any
	// ReadOnly marks a POST that only reads (such as search), so that it may
	// be retried after a server error like GET, PUT and DELETE.
	ReadOnly bool
	// Options are the per-call options the caller passed, such as
	// WithMemberSession.
	Options []RequestOption
}

// RequestOption changes one call, for example to run it as a member.
type RequestOption func(h http.Header)

// WithMemberSession runs the call as the member who owns sessionToken: Stytch
// checks the member's RBAC permissions for the action before it runs. The
// project's credentials are still sent.
func WithMemberSession(sessionToken string) RequestOption {
	return func(h http.Header) { h.Set("X-Stytch-Member-Session", sessionToken) }
}

// WithMemberSessionJWT is WithMemberSession for a session JWT.
func WithMemberSessionJWT(sessionJWT string) RequestOption {
	return func(h http.Header) { h.Set("X-Stytch-Member-SessionJWT", sessionJWT) }
}

// Pathf formats an API path, escaping every argument as one path segment.
// An empty argument yields an empty segment, which Do rejects with
// ErrEmptyPathParameter.
func Pathf(format string, args ...string) string {
	escaped := make([]any, len(args))
	for i, a := range args {
		escaped[i] = url.PathEscape(a)
	}
	return fmt.Sprintf(format, escaped...)
}

// Do sends r with c and decodes a successful response into a new T. A non-2xx
// response is returned as an *Error; a transport failure is returned wrapped
// with its cause (errors.Is(err, context.DeadlineExceeded) works).
func Do[T any](ctx context.Context, c *Client, r Request) (*T, error) {
	var out T
	if err := c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) do(ctx context.Context, r Request, out any) error {
	if strings.Contains(r.Path, "//") || strings.HasSuffix(r.Path, "/") {
		return fmt.Errorf("%w: %s %s", ErrEmptyPathParameter, r.Method, r.Path)
	}
	u := c.baseURL + r.Path
	if q := encodeQuery(r.Query); q != "" {
		u += "?" + q
	}
	treq := transport.Request{
		Method:     r.Method,
		URL:        u,
		Idempotent: r.Method != http.MethodPost || r.ReadOnly,
	}
	if r.Body != nil {
		b, err := json.Marshal(r.Body)
		if err != nil {
			return fmt.Errorf("stytch: encoding %s %s request: %w", r.Method, r.Path, err)
		}
		treq.Body = b
	}
	if len(r.Options) > 0 {
		treq.Header = make(http.Header, len(r.Options))
		for _, o := range r.Options {
			o(treq.Header)
		}
	}
	resp, err := c.transport.Do(ctx, treq)
	if err != nil {
		return fmt.Errorf("stytch: %s %s: %w", r.Method, r.Path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return errorFromResponse(resp.StatusCode, resp.Body)
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("stytch: decoding %s %s response (status %d): %w", r.Method, r.Path, resp.StatusCode, err)
	}
	return nil
}

// encodeQuery encodes q, leaving out parameters whose value is empty.
func encodeQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	clean := make(url.Values, len(q))
	for k, vs := range q {
		for _, v := range vs {
			if v != "" {
				clean.Add(k, v)
			}
		}
	}
	return clean.Encode()
}
