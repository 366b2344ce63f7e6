package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// maxRedirects bounds the redirects an outbound fetch follows.
const maxRedirects = 3

// loopbackKey is the context key of the mock's own handler.
type loopbackKey struct{}

// loopback is the mock's own handler with the URL prefix it serves
// in-process.
type loopback struct {
	handler http.Handler
	prefix  string
}

// WithLoopback returns ctx carrying the mock's own handler: outbound
// requests whose URL starts with prefix (the built-in IdP of a connection,
// {base}/mock/idp/) are served in-process by h instead of the network, so
// that the relying party reaches the built-in provider even where the
// mock's public URL does not resolve from inside it.
func WithLoopback(ctx context.Context, h http.Handler) context.Context {
	return context.WithValue(ctx, loopbackKey{}, h)
}

// allowedKey is the context key of the engine's outbound client, the one
// that enforces the allowlist of outbound hosts.
type allowedKey struct{}

// WithOutbound returns ctx carrying the client through which the mock's own
// requests to other hosts must go (it enforces the outbound allowlist).
func WithOutbound(ctx context.Context, c *http.Client) context.Context {
	return context.WithValue(ctx, allowedKey{}, c)
}

// outboundTransport sends the mock's own HTTP requests: to the built-in IdP
// in-process, everywhere else through outbound and the allowlisted
// transport next.
type outboundTransport struct {
	loop *loopback
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t outboundTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.loop != nil && strings.HasPrefix(req.URL.String(), t.loop.prefix) {
		r := req.Clone(req.Context())
		r.Host, r.RequestURI, r.RemoteAddr = req.URL.Host, req.URL.RequestURI(), "127.0.0.1:0"
		rec := httptest.NewRecorder()
		t.loop.handler.ServeHTTP(rec, r)
		return rec.Result(), nil
	}
	return outbound(req, t.next)
}

// outbound is the one place where requests the mock makes on its own
// behalf (SAML metadata for update_by_url, an external OIDC provider's
// token, JWKS and userinfo endpoints) leave the process. Every hop,
// redirects included, passes here, so an allowlist of outbound hosts is
// enforced by wiring it into this function.
func outbound(req *http.Request, next http.RoundTripper) (*http.Response, error) {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, errors.New("only http(s) URLs are fetched")
	}
	return next.RoundTrip(req)
}

// newOutboundClient is an HTTP client for the mock's own requests: a
// timeout, at most maxRedirects redirects, http(s) only. Requests under
// builtinPrefix (a connection's built-in IdP, "" for none) are served
// in-process when ctx carries the loopback handler.
func newOutboundClient(ctx context.Context, timeout time.Duration, builtinPrefix string) *http.Client {
	allowed, _ := ctx.Value(allowedKey{}).(*http.Client)
	if allowed == nil {
		allowed = httpkit.OutboundPolicy{}.Client(timeout) // loopback only
	}
	t := outboundTransport{next: allowed.Transport}
	if h, ok := ctx.Value(loopbackKey{}).(http.Handler); ok && h != nil && builtinPrefix != "" {
		t.loop = &loopback{handler: h, prefix: builtinPrefix}
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: t,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return errors.New("too many redirects")
			}
			return nil
		},
	}
}
