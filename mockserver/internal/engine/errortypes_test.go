package engine

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// The engine reports an API answer whose error_type Stytch does not publish
// (mockserver.Start turns the report into a test failure), and leaves the
// /mock/ routes' own types alone.
func TestUnregisteredErrorTypeIsReported(t *testing.T) {
	var got []string
	e := New(Options{OnUnregisteredErrorType: func(method, path, errorType string) {
		got = append(got, method+" "+path+" "+errorType)
	}})
	e.api.Add(&httpkit.Route{Method: http.MethodGet, Pattern: "/v1/made_up", Public: true, Handler: func(*httpkit.Call) (any, error) {
		return nil, apierr.BadRequest("made_up_error", "invented")
	}})
	e.api.Add(&httpkit.Route{Method: http.MethodGet, Pattern: "/v1/fine", Public: true, Handler: func(*httpkit.Call) (any, error) {
		return nil, apierr.BadRequest("bad_request", "registered")
	}})
	for _, path := range []string{"/v1/made_up", "/v1/fine", "/mock/faults/nope", "/v1/no_such_route"} {
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	if len(got) != 1 || got[0] != "GET /v1/made_up made_up_error" {
		t.Fatalf("reported %q, want only the made-up type", got)
	}
}
