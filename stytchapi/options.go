package stytchapi

import (
	"net/http"
	"time"
)

// RequestOption changes one call: the member it runs as, extra headers, its
// timeout or its retries. Every endpoint method takes RequestOptions as its
// last parameters. Only this package creates them, with the With...
// functions below.
type RequestOption interface {
	applyRequest(*callSettings)
}

// callSettings are the per-call settings the options of one call add up to.
type callSettings struct {
	header     http.Header
	timeout    time.Duration
	retries    int
	retriesSet bool
}

// requestOptionFunc adapts a function to RequestOption.
type requestOptionFunc func(*callSettings)

func (f requestOptionFunc) applyRequest(s *callSettings) { f(s) }

// setHeader returns an option that sets one header of the call.
func setHeader(key, value string) RequestOption {
	return requestOptionFunc(func(s *callSettings) {
		if s.header == nil {
			s.header = make(http.Header)
		}
		s.header.Set(key, value)
	})
}

// WithMemberSession runs the call as the member who owns sessionToken: Stytch
// checks the member's RBAC permissions for the action before it runs. The
// project's credentials are still sent. Endpoints that do not take a member
// session ignore it.
func WithMemberSession(sessionToken string) RequestOption {
	return setHeader("X-Stytch-Member-Session", sessionToken)
}

// WithMemberSessionJWT is WithMemberSession for a session JWT.
func WithMemberSessionJWT(sessionJWT string) RequestOption {
	return setHeader("X-Stytch-Member-SessionJWT", sessionJWT)
}

// WithHeader sets an extra header on the call, replacing a value the client
// would send itself (such as User-Agent). The Authorization header always
// carries the project's credentials and cannot be replaced.
func WithHeader(key, value string) RequestOption {
	return setHeader(key, value)
}

// WithRequestTimeout bounds each attempt of this call by d, in place of the
// client's WithTimeout. The caller's context still bounds the call as a
// whole, retries included. A d of zero or less keeps the client's timeout.
func WithRequestTimeout(d time.Duration) RequestOption {
	return requestOptionFunc(func(s *callSettings) { s.timeout = d })
}

// WithRequestRetries allows this call n retries, in place of the client's
// WithRetries; WithRequestRetries(0) makes a single attempt. The retry policy
// itself is unchanged: a call that may have had a side effect is still not
// repeated.
func WithRequestRetries(n int) RequestOption {
	return requestOptionFunc(func(s *callSettings) { s.retries, s.retriesSet = max(n, 0), true })
}

// settingsOf applies opts in order; nil options are skipped.
func settingsOf(opts []RequestOption) callSettings {
	if len(opts) == 0 {
		return callSettings{} // the common case, without allocating
	}
	return applyOptions(opts)
}

// applyOptions is settingsOf for at least one option.
func applyOptions(opts []RequestOption) callSettings {
	var s callSettings
	for _, o := range opts {
		if o != nil {
			o.applyRequest(&s)
		}
	}
	return s
}
