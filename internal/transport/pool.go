package transport

import (
	"net"
	"net/http"
	"time"
)

// NewPooledClient returns an *http.Client tuned for many concurrent calls to
// one API host. Its *http.Transport keeps up to 100 idle connections, all of
// which may be to the same host (MaxIdleConnsPerHost 100, where net/http's
// default of 2 would make a busy client open and close connections
// constantly), places no limit on connections per host, closes idle
// connections after 90s, attempts HTTP/2, and bounds dialing and the TLS
// handshake to 5s each. timeout becomes the client's Timeout, which bounds
// each request including reading its body; zero means no timeout, as for
// http.Client.
//
// The client is independent of http.DefaultClient and http.DefaultTransport,
// and honours the proxy environment variables (HTTP_PROXY, HTTPS_PROXY,
// NO_PROXY).
func NewPooledClient(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout:   5 * time.Second,
		KeepAlive: 30 * time.Second,
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   100,
			MaxConnsPerHost:       0,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   5 * time.Second,
			ExpectContinueTimeout: 1 * time.Second,
		},
	}
}

// keepIdleConns wraps the RoundTripper of the client that retryablehttp
// drives, exposing RoundTrip only.
//
// retryablehttp calls HTTPClient.CloseIdleConnections whenever a call ends
// in failure: when ctx is cancelled during a backoff wait, and whenever it
// returns an error or a response that CheckRetry still wanted to retry.
// http.Client.CloseIdleConnections forwards to its Transport when the
// Transport has that method. The pool is shared by every concurrent call on
// the Transport (and by anything else using the caller's client), so one
// failing call would drop every idle keep-alive connection and force all
// other callers to redial and redo TLS handshakes: a connection storm
// exactly when the API is already struggling. Hiding the method makes those
// calls no-ops; idle connections still expire through IdleConnTimeout, and
// the owner of the underlying client can still close them directly.
type keepIdleConns struct {
	c *http.Client // the configured client, whose Transport does the work
}

// RoundTrip implements http.RoundTripper with the configured client's
// current Transport (http.DefaultTransport when it has none).
func (k keepIdleConns) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt := k.c.Transport; rt != nil {
		return rt.RoundTrip(req)
	}
	return http.DefaultTransport.RoundTrip(req)
}
