package stytchapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/stytchkit/stytch-go/internal/jsondec"
	"github.com/stytchkit/stytch-go/internal/transport"
)

// ErrInvalidPathParam is returned, before any request is sent, when a value
// that goes into the URL path (an organization ID, a member ID...) is empty,
// is "." or "..", or contains a "/". Such a value would address a different
// resource once a proxy normalises the path: DELETE .../members/.. would
// delete the organization. The error names the parameter, never its value.
var ErrInvalidPathParam = errors.New("stytch: invalid path parameter")

// Request describes one API call for Do. Endpoint methods build it; programs
// only need it to call an endpoint this SDK does not cover yet.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path. Each "{name}" placeholder in it is replaced, in
	// order, by the next element of PathParams, escaped as one path segment:
	// "/v1/b2b/organizations/{organization_id}".
	Path string
	// PathParams are the values of the placeholders of Path. Do refuses,
	// with ErrInvalidPathParam, a value that is empty, "." or ".." or that
	// contains "/".
	PathParams []string
	// Query holds query-string parameters; empty values are left out.
	Query url.Values
	// Body is marshalled to JSON and sent when non-nil. A nil pointer is
	// sent as an empty object, so that nil params mean "no fields".
	Body any
	// Form, when non-nil, is sent form-encoded
	// (application/x-www-form-urlencoded) instead of Body, as OAuth2
	// endpoints such as the M2M token endpoint take it.
	Form url.Values
	// ReadOnly marks a POST that only reads (such as search), so that it may
	// be retried after a server error like GET, PUT and DELETE.
	ReadOnly bool
	// Options are the per-call options the caller passed, such as
	// WithMemberSession or WithRequestTimeout.
	Options []RequestOption
}

// Do sends r with c and decodes a successful response into a new T. A non-2xx
// response is returned as an *Error; a transport failure is returned wrapped
// with its cause (errors.Is(err, context.DeadlineExceeded) works); an invalid
// path parameter is returned as ErrInvalidPathParam without sending anything.
func Do[T any](ctx context.Context, c *Client, r Request) (*T, error) {
	var out T
	if err := c.do(ctx, &r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// buildURL returns base followed by r.Path with its placeholders filled
// with r.PathParams (each value checked), then the query string.
func (r *Request) buildURL(base string) (string, error) {
	query := encodeQuery(r.Query)
	var b strings.Builder
	n := len(base) + len(r.Path) + len(query) + 1
	for _, p := range r.PathParams {
		n += len(p) + len(p)/2 // room for some escaping
	}
	b.Grow(n)
	b.WriteString(base)
	rest, i := r.Path, 0
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("stytch: %s %s: unterminated path placeholder", r.Method, r.Path)
		}
		name := rest[open+1 : open+end]
		if i >= len(r.PathParams) {
			return "", fmt.Errorf("stytch: %s %s: no value for path parameter %s", r.Method, r.Path, name)
		}
		if reason := badSegment(r.PathParams[i]); reason != "" {
			return "", fmt.Errorf("%w: %s %s: %s %s", ErrInvalidPathParam, r.Method, r.Path, name, reason)
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(r.PathParams[i]))
		rest, i = rest[open+end+1:], i+1
	}
	if i != len(r.PathParams) {
		return "", fmt.Errorf("stytch: %s %s: %d path parameters for %d placeholders", r.Method, r.Path, len(r.PathParams), i)
	}
	b.WriteString(rest)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	return b.String(), nil
}

// badSegment says why v cannot be one path segment, or returns "".
func badSegment(v string) string {
	switch {
	case v == "":
		return "is empty"
	case v == "." || v == "..":
		return `is "." or ".."`
	case strings.Contains(v, "/"):
		return `contains "/"`
	}
	return ""
}

// encodeBody marshals a request body; a nil pointer becomes "{}".
func encodeBody(body any) ([]byte, error) {
	if v := reflect.ValueOf(body); v.Kind() == reflect.Pointer && v.IsNil() {
		return []byte("{}"), nil
	}
	return json.Marshal(body)
}

func (c *Client) do(ctx context.Context, r *Request, out any) error {
	u, err := r.buildURL(c.baseURL)
	if err != nil {
		return err
	}
	s := settingsOf(r.Options)
	treq := transport.Request{
		Method:     r.Method,
		URL:        u,
		Idempotent: r.Method != http.MethodPost || r.ReadOnly,
		Header:     s.header,
		Timeout:    s.timeout,
		MaxRetries: s.retries,
		RetriesSet: s.retriesSet,
	}
	switch {
	case r.Form != nil:
		treq.Body = []byte(r.Form.Encode())
		if treq.Header == nil {
			treq.Header = make(http.Header)
		} else {
			treq.Header = treq.Header.Clone()
		}
		treq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case r.Body != nil:
		b, err := encodeBody(r.Body)
		if err != nil {
			return fmt.Errorf("stytch: encoding %s %s request: %w", r.Method, r.Path, err)
		}
		treq.Body = b
	}
	resp, err := c.transport.Exchange(ctx, treq)
	if err != nil {
		return fmt.Errorf("stytch: %s %s: %w", r.Method, r.Path, err)
	}
	defer resp.Release() // after which resp.Body is reused: decode before
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return errorFromResponse(resp.StatusCode, resp.Body)
	}
	if err := jsondec.Unmarshal(resp.Body, out); err != nil {
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
