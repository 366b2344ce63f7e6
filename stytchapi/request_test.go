package stytchapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/stytchkit/stytch-go/stytchapi"
)

// A path parameter that is empty, "." or "..", or contains "/", is refused
// with ErrInvalidPathParam before anything is sent, and the error names the
// parameter but not its value.
func TestInvalidPathParamsAreNeverSent(t *testing.T) {
	c, mt := newClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{}`))
	for _, bad := range []string{"", ".", "..", "a/b", "/", "secret-token-1/.."} {
		for _, pos := range []int{0, 1} {
			params := []string{"organization-test-1", "member-test-1"}
			params[pos] = bad
			_, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{
				Method:     http.MethodDelete,
				Path:       "/v1/b2b/organizations/{organization_id}/members/{member_id}",
				PathParams: params,
			})
			if !errors.Is(err, stytchapi.ErrInvalidPathParam) {
				t.Fatalf("%q at %d: got %v, want ErrInvalidPathParam", bad, pos, err)
			}
			name := []string{"organization_id", "member_id"}[pos]
			if !strings.Contains(err.Error(), name) {
				t.Errorf("%q at %d: error %q does not name %s", bad, pos, err, name)
			}
			if bad != "" && bad != "." && bad != ".." && bad != "/" && strings.Contains(err.Error(), bad) {
				t.Errorf("error %q contains the parameter's value", err)
			}
		}
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Fatalf("%d requests were sent for invalid path parameters", n)
	}
}

// Valid path parameters are escaped as one segment each, and a template whose
// placeholders do not match PathParams is a local error.
func TestPathParams(t *testing.T) {
	c, mt := newClient(t)
	mt.RegisterResponder(http.MethodGet, `=~^https://test\.stytch\.com/v1/x/`, func(r *http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(200, `{"value":"`+r.URL.EscapedPath()+`"}`), nil
	})
	out, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/x/{a}/y/{b}", PathParams: []string{"a b", "...?#%"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "/v1/x/a%20b/y/...%3F%23%25"; out.Value != want {
		t.Errorf("path = %q, want %q", out.Value, want)
	}
	for _, r := range []stytchapi.Request{
		{Method: http.MethodGet, Path: "/v1/x/{a}", PathParams: nil},
		{Method: http.MethodGet, Path: "/v1/x/{a}", PathParams: []string{"1", "2"}},
		{Method: http.MethodGet, Path: "/v1/x/{a", PathParams: []string{"1"}},
	} {
		if _, err := stytchapi.Do[echo](context.Background(), c, r); err == nil || errors.Is(err, stytchapi.ErrInvalidPathParam) {
			t.Errorf("%s %v: got %v, want a template error", r.Path, r.PathParams, err)
		}
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Fatalf("%d requests sent, want 1", n)
	}
}

// A nil params pointer is sent as an empty JSON object, not as null.
func TestNilBodyIsEmptyObject(t *testing.T) {
	type params struct {
		Name string `json:"name,omitzero"`
	}
	c, mt := newClient(t)
	var nilParams *params
	mt.RegisterResponder(http.MethodPost, "https://test.stytch.com/v1/x", func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		return httpmock.NewStringResponse(200, `{"value":"`+string(b)+`"}`), nil
	})
	out, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodPost, Path: "/v1/x", Body: nilParams})
	if err != nil {
		t.Fatal(err)
	}
	if out.Value != "{}" {
		t.Fatalf("nil params sent %q, want {}", out.Value)
	}
}

// Per-call options reach the wire: headers are set, the retry budget and
// the per-attempt timeout are the call's own.
func TestRequestOptions(t *testing.T) {
	c, mt := newClient(t, stytchapi.WithRetries(3))
	var headers []http.Header
	mt.RegisterResponder(http.MethodGet, "https://test.stytch.com/v1/x", func(r *http.Request) (*http.Response, error) {
		headers = append(headers, r.Header.Clone())
		return httpmock.NewStringResponse(503, `{"error_type":"unavailable"}`), nil
	})
	_, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/v1/x", Options: []stytchapi.RequestOption{
		stytchapi.WithMemberSession("session-token"),
		stytchapi.WithMemberSessionJWT("session-jwt"),
		stytchapi.WithHeader("X-Trace", "t-1"),
		stytchapi.WithHeader("Authorization", "Bearer hijack"),
		nil,
		stytchapi.WithRequestRetries(1),
	}})
	var apiErr *stytchapi.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("got %v, want the 503", err)
	}
	if len(headers) != 2 {
		t.Fatalf("%d attempts, want 2 (one retry)", len(headers))
	}
	got := map[string]string{
		"session": headers[1].Get("X-Stytch-Member-Session"),
		"jwt":     headers[1].Get("X-Stytch-Member-SessionJWT"),
		"trace":   headers[1].Get("X-Trace"),
	}
	want := map[string]string{"session": "session-token", "jwt": "session-jwt", "trace": "t-1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	if user, _, ok := (&http.Request{Header: headers[0]}).BasicAuth(); !ok || user != "project-test-123" {
		t.Errorf("WithHeader replaced the credentials: %q", headers[0].Get("Authorization"))
	}

	headers = nil
	_, _ = stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/v1/x"})
	if len(headers) != 4 {
		t.Fatalf("without options: %d attempts, want the client's 1+3", len(headers))
	}
	if headers[0].Get("X-Trace") != "" {
		t.Error("an option of one call leaked into the next")
	}
}

// WithRequestTimeout bounds the attempts of one call.
func TestWithRequestTimeout(t *testing.T) {
	c, mt := newClient(t, stytchapi.WithRetries(0), stytchapi.WithTimeout(5*time.Second))
	mt.RegisterResponder(http.MethodGet, "https://test.stytch.com/v1/slow", func(r *http.Request) (*http.Response, error) {
		select {
		case <-r.Context().Done():
			return nil, r.Context().Err()
		case <-time.After(2 * time.Second):
			return httpmock.NewStringResponse(200, `{}`), nil
		}
	})
	start := time.Now()
	_, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/slow", Options: []stytchapi.RequestOption{stytchapi.WithRequestTimeout(50 * time.Millisecond)},
	})
	if err == nil {
		t.Fatal("the call outlived its 50ms timeout")
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the call took %v despite a 50ms timeout", d)
	}
}
