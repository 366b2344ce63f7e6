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

	"github.com/stytchkit/stytch-go/config"
	"github.com/stytchkit/stytch-go/stytchapi"
)

type echo struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
	Value      string `json:"value"`
}

// newClient returns a client whose HTTP traffic goes to a fresh httpmock
// transport.
func newClient(t *testing.T, opts ...stytchapi.Option) (*stytchapi.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts = append([]stytchapi.Option{stytchapi.WithHTTPClient(&http.Client{Transport: mt}), stytchapi.WithRetryWait(time.Millisecond, time.Millisecond)}, opts...)
	c, err := stytchapi.NewClient("project-test-123", "secret-test-abc", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, mt
}

func TestNewClientValidates(t *testing.T) {
	if _, err := stytchapi.NewClient("", "s"); !errors.Is(err, config.ErrMissingProjectID) {
		t.Fatalf("got %v", err)
	}
	if _, err := stytchapi.NewClient("project-test-1", ""); !errors.Is(err, config.ErrMissingSecret) {
		t.Fatalf("got %v", err)
	}
	if _, err := stytchapi.NewClient("project-test-1", "s", stytchapi.WithBaseURL("not a url")); !errors.Is(err, config.ErrInvalidBaseURL) {
		t.Fatalf("got %v", err)
	}
	live, err := stytchapi.NewClient("project-live-1", "s")
	if err != nil || live.BaseURL() != config.LiveBaseURL || live.Env() != config.EnvLive {
		t.Fatalf("live client: %v %s", err, live.BaseURL())
	}
	test, _ := stytchapi.NewClient("project-test-1", "s")
	if test.BaseURL() != config.TestBaseURL || test.ProjectID() != "project-test-1" {
		t.Fatalf("test client base %s", test.BaseURL())
	}
}

func TestDoSendsRequestAndDecodes(t *testing.T) {
	c, mt := newClient(t, stytchapi.WithUserAgent("my-app/1.0"))
	mt.RegisterResponder(http.MethodPut, "https://test.stytch.com/v1/b2b/organizations/org%20with%20space",
		func(req *http.Request) (*http.Response, error) {
			user, pass, _ := req.BasicAuth()
			b, _ := io.ReadAll(req.Body)
			body := string(b)
			if user != "project-test-123" || pass != "secret-test-abc" {
				return httpmock.NewStringResponse(401, `{}`), nil
			}
			got := map[string]string{
				"ua":      req.Header.Get("User-Agent"),
				"session": req.Header.Get("X-Stytch-Member-Session"),
				"ctype":   req.Header.Get("Content-Type"),
				"body":    body,
				"query":   req.URL.RawQuery,
			}
			want := map[string]string{
				"ua":      "my-app/1.0 stytch-go/" + stytchapi.Version + " (" + strings.Fields(got["ua"])[2][1:],
				"session": "tok",
				"ctype":   "application/json",
				"body":    `{"name":"x"}`,
				"query":   "a=1",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				return httpmock.NewStringResponse(400, `{"error_type":"bad","error_message":"`+strings.ReplaceAll(diff, `"`, `'`)+`"}`), nil
			}
			return httpmock.NewStringResponse(200, `{"request_id":"request-id-test-1","status_code":200,"value":"ok"}`), nil
		})
	out, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{
		Method:     http.MethodPut,
		Path:       "/v1/b2b/organizations/{organization_id}",
		PathParams: []string{"org with space"},
		Query:      map[string][]string{"a": {"1"}, "empty": {""}},
		Body:       map[string]string{"name": "x"},
		Options:    []stytchapi.RequestOption{stytchapi.WithMemberSession("tok")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&echo{"request-id-test-1", 200, "ok"}, out); diff != "" {
		t.Fatal(diff)
	}
}

func TestErrors(t *testing.T) {
	c, mt := newClient(t, stytchapi.WithRetries(0))
	cases := []struct {
		status int
		body   string
		want   stytchapi.Error
	}{
		{404, `{"status_code":404,"request_id":"request-id-test-9","error_type":"member_not_found","error_message":"Member not found.","error_url":"https://stytch.com/docs/api/errors/404#member_not_found","error_details":{"k":"v"}}`,
			stytchapi.Error{StatusCode: 404, RequestID: "request-id-test-9", ErrorType: "member_not_found", ErrorMessage: "Member not found.", ErrorURL: "https://stytch.com/docs/api/errors/404#member_not_found", ErrorDetails: map[string]any{"k": "v"}}},
		{400, `{"status_code":400,"request_id":"r","error":"invalid_client","error_description":"bad client","error_uri":"https://x"}`,
			stytchapi.Error{StatusCode: 400, RequestID: "r", ErrorType: "invalid_client", ErrorMessage: "bad client", ErrorURL: "https://x"}},
		{502, "<html><body>Bad   Gateway</body></html>", stytchapi.Error{StatusCode: 502, ErrorMessage: "<html><body>Bad Gateway</body></html>"}},
		{500, "", stytchapi.Error{StatusCode: 500, ErrorMessage: "empty response body"}},
		{503, strings.Repeat("x", 1000), stytchapi.Error{StatusCode: 503, ErrorMessage: strings.Repeat("x", 256) + "…"}},
	}
	for _, tc := range cases {
		mt.RegisterResponder(http.MethodGet, "https://test.stytch.com/e", httpmock.NewStringResponder(tc.status, tc.body))
		_, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/e"})
		var apiErr *stytchapi.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d: got %v", tc.status, err)
		}
		if diff := cmp.Diff(&tc.want, apiErr); diff != "" {
			t.Errorf("status %d (-want +got):\n%s", tc.status, diff)
		}
	}
	mt.RegisterResponder(http.MethodGet, "https://test.stytch.com/e", httpmock.NewStringResponder(404, cases[0].body))
	_, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/e"})
	if !stytchapi.IsErrorType(err, stytchapi.ErrorTypeMemberNotFound) || stytchapi.IsErrorType(err, stytchapi.ErrorTypeOrganizationNotFound) {
		t.Fatalf("IsErrorType wrong for %v", err)
	}
	if !errors.Is(err, &stytchapi.Error{ErrorType: stytchapi.ErrorTypeMemberNotFound}) {
		t.Fatal("errors.Is by type failed")
	}
	if got := err.Error(); got != "stytch: 404 member_not_found: Member not found. (request_id request-id-test-9)" {
		t.Fatalf("Error() = %q", got)
	}
}

func TestLocalFailures(t *testing.T) {
	c, mt := newClient(t, stytchapi.WithRetries(0))
	if _, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/members/{member_id}", PathParams: []string{"org", ""}}); !errors.Is(err, stytchapi.ErrInvalidPathParam) {
		t.Fatalf("empty member ID: %v", err)
	}
	if mt.GetTotalCallCount() != 0 {
		t.Fatal("a request with an empty path parameter was sent")
	}
	mt.RegisterResponder(http.MethodGet, "https://test.stytch.com/bad", httpmock.NewStringResponder(200, `{"value": 5}`))
	if _, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodGet, Path: "/bad"}); err == nil || !strings.Contains(err.Error(), "decoding") {
		t.Fatalf("undecodable success: %v", err)
	}
	if _, err := stytchapi.Do[echo](context.Background(), c, stytchapi.Request{Method: http.MethodPost, Path: "/x", Body: map[string]any{"f": func() {}}}); err == nil || !strings.Contains(err.Error(), "encoding") {
		t.Fatalf("unencodable body: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := stytchapi.Do[echo](ctx, c, stytchapi.Request{Method: http.MethodGet, Path: "/bad"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
	if strings.Contains(err.Error(), "secret-test-abc") {
		t.Fatal("error contains the secret")
	}
}

func TestValueHelpers(t *testing.T) {
	if *stytchapi.Bool(true) != true || *stytchapi.String("s") != "s" || *stytchapi.Int(3) != 3 || *stytchapi.Ptr(2.5) != 2.5 || *stytchapi.Uint32(7) != 7 || *stytchapi.Int32(-1) != -1 {
		t.Fatal("value helpers")
	}
}
