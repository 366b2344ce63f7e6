package mockserver_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func TestIPAllowlistAdminRoutes(t *testing.T) {
	ts := mockserver.Start(t)
	status, body := call(t, ts, http.MethodGet, "/mock/ip_allowlist", nil)
	wantStatus(t, status, body, 200, "")
	if l := body["allowlist"].([]any); len(l) != 0 {
		t.Fatalf("default allowlist %v, want empty", l)
	}
	status, body = call(t, ts, http.MethodPut, "/mock/ip_allowlist", map[string]any{"allowlist": []string{"127.0.0.1", "10.1.2.3/8", "::1", "::ffff:192.0.2.1"}})
	wantStatus(t, status, body, 200, "")
	got, _ := ts.IPAllowlist(ts.ProjectID)
	if strings.Join(got, ",") != "127.0.0.1,10.0.0.0/8,::1,192.0.2.1" {
		t.Fatalf("allowlist = %v", got)
	}
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = "192.0.2." + string(rune('1'+i%9))
	}
	for _, tc := range []struct {
		body    any
		errType string
	}{
		{map[string]any{"allowlist": eleven}, "allow_list_max_exceeded"},
		{map[string]any{"allowlist": []string{"127.0.0.1", "not-an-ip"}}, "invalid_ip_address"},
		{map[string]any{"allowlist": []string{"10.0.0.0/33"}}, "invalid_ip_address"},
		{map[string]any{"allowlist": []string{"fe80::1%eth0"}}, "invalid_ip_address"},
		{map[string]any{"allowlist": []string{""}}, "invalid_ip_address"},
		{map[string]any{}, "invalid_request_value"},
		{map[string]any{"allowlist": "127.0.0.1"}, "invalid_request_value"},
		{map[string]any{"allowlist": []string{}, "extra": 1}, "invalid_request_value"},
		{"{not json", "bad_request"},
	} {
		status, body := call(t, ts, http.MethodPut, "/mock/ip_allowlist", tc.body)
		wantStatus(t, status, body, 400, tc.errType)
	}
	// A failed update leaves the list unchanged.
	if got2, _ := ts.IPAllowlist(ts.ProjectID); strings.Join(got2, ",") != strings.Join(got, ",") {
		t.Fatalf("allowlist changed by a failed update: %v", got2)
	}
}

func TestIPAllowlistBlocksAPIButNotAdmin(t *testing.T) {
	ts := mockserver.Start(t)
	org := createOrg(t, ts.Client, "Acme")
	get := func() error {
		_, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: org.OrganizationID})
		return err
	}

	if err := ts.SetIPAllowlist(ts.ProjectID, []string{"10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	apitest.WantError(t, get(), 401, "invalid_ip_address")
	evs := events(t, ts, mockserver.EventFilter{Status: "error"})
	if len(evs) != 1 || evs[0].ErrorType != "invalid_ip_address" || evs[0].HTTPStatus != 401 {
		t.Fatalf("error events: %+v", evs)
	}

	// The admin API still works, so the project can be unlocked.
	status, body := call(t, ts, http.MethodPut, "/mock/ip_allowlist", map[string]any{"allowlist": []string{"127.0.0.0/8"}})
	wantStatus(t, status, body, 200, "")
	if err := get(); err != nil {
		t.Fatalf("Get from 127.0.0.1 with 127.0.0.0/8 allowed: %v", err)
	}

	// Another project is not affected by this project's list.
	if err := ts.SetIPAllowlist(ts.ProjectID, []string{"10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	_, other := ts.NewProject(t, mockserver.EnvTest)
	createOrg(t, other, "Other")

	if err := ts.SetIPAllowlist(ts.ProjectID, nil); err != nil {
		t.Fatal(err)
	}
	if err := get(); err != nil {
		t.Fatalf("Get with the allowlist cleared: %v", err)
	}
}

func TestIPAllowlistForwardedFor(t *testing.T) {
	ts := mockserver.Start(t)
	org := createOrg(t, ts.Client, "Acme")
	if err := ts.SetIPAllowlist(ts.ProjectID, []string{"203.0.113.0/24"}); err != nil {
		t.Fatal(err)
	}
	path := "/v1/b2b/organizations/" + org.OrganizationID
	xff := func(v string) http.Header { return http.Header{"X-Forwarded-For": {v}} }

	// Not trusted by default: the header is ignored and 127.0.0.1 is refused.
	status, body := callAs(t, ts, ts.ProjectID, ts.Secret, http.MethodGet, path, nil, xff("203.0.113.7"))
	wantStatus(t, status, body, 401, "invalid_ip_address")

	ts.SetTrustForwardedFor(true)
	status, body = callAs(t, ts, ts.ProjectID, ts.Secret, http.MethodGet, path, nil, xff("203.0.113.7, 127.0.0.1"))
	wantStatus(t, status, body, 200, "")
	status, body = callAs(t, ts, ts.ProjectID, ts.Secret, http.MethodGet, path, nil, xff("127.0.0.1, 203.0.113.7"))
	wantStatus(t, status, body, 401, "invalid_ip_address")
	status, body = callAs(t, ts, ts.ProjectID, ts.Secret, http.MethodGet, path, nil, xff("garbage"))
	wantStatus(t, status, body, 401, "invalid_ip_address")
	// Without the header the remote address still counts.
	status, body = callAs(t, ts, ts.ProjectID, ts.Secret, http.MethodGet, path, nil, nil)
	wantStatus(t, status, body, 401, "invalid_ip_address")
}

func TestFaultAdminRoutes(t *testing.T) {
	ts := mockserver.Start(t)
	status, body := call(t, ts, http.MethodPost, "/mock/faults", map[string]any{"method": "get", "path": "/v1/b2b/organizations/*", "status": 503, "times": 2})
	wantStatus(t, status, body, 200, "")
	f := body["fault"].(map[string]any)
	if f["fault_id"] == "" || f["method"] != "GET" || f["error_type"] != "server_unavailable" || f["times"] != float64(2) {
		t.Fatalf("fault = %v", f)
	}
	status, body = call(t, ts, http.MethodPost, "/mock/faults", map[string]any{"latency_ms": 5})
	wantStatus(t, status, body, 200, "")
	status, body = call(t, ts, http.MethodGet, "/mock/faults", nil)
	wantStatus(t, status, body, 200, "")
	if n := len(body["faults"].([]any)); n != 2 {
		t.Fatalf("%d faults, want 2", n)
	}
	status, body = call(t, ts, http.MethodDelete, "/mock/faults/"+f["fault_id"].(string), nil)
	wantStatus(t, status, body, 200, "")
	status, body = call(t, ts, http.MethodDelete, "/mock/faults/"+f["fault_id"].(string), nil)
	wantStatus(t, status, body, 404, "fault_not_found")
	status, body = call(t, ts, http.MethodDelete, "/mock/faults", nil)
	wantStatus(t, status, body, 200, "")
	if fs, _ := ts.Faults(ts.ProjectID); len(fs) != 0 {
		t.Fatalf("faults after clear: %v", fs)
	}

	for _, bad := range []any{
		map[string]any{},
		map[string]any{"status": 200},
		map[string]any{"status": 503, "drop_connection": true},
		map[string]any{"error_type": "x"},
		map[string]any{"status": 429, "error_type": "Not Snake"},
		map[string]any{"method": "BREW", "status": 500},
		map[string]any{"path": "no-slash", "status": 500},
		map[string]any{"path": "/v1/[", "status": 500},
		map[string]any{"latency_ms": -1},
		map[string]any{"latency_ms": 10_000_000},
		map[string]any{"status": 429, "retry_after_seconds": -3},
		map[string]any{"status": 500, "times": -1},
		map[string]any{"status": 500, "bogus": true},
		map[string]any{"status": "500"},
		"[]",
		"{",
	} {
		status, body := call(t, ts, http.MethodPost, "/mock/faults", bad)
		if status != 400 {
			t.Errorf("POST /mock/faults %v: %d %v", bad, status, body)
		}
	}
}

func TestFaultTooManyRequestsRetriedThenCreateSucceeds(t *testing.T) {
	ts := mockserver.Start(t)
	c := fastClient(t, ts)
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Method: "POST", Path: "/v1/b2b/organizations", Status: 429, ErrorType: "too_many_requests", Times: 2}); err != nil {
		t.Fatal(err)
	}
	createOrg(t, c, "Acme")
	if n := countOrgs(t, c); n != 1 {
		t.Fatalf("%d organizations, want exactly 1", n)
	}
	starts := events(t, ts, mockserver.EventFilter{Action: "B2BOrganizationsCreate", Status: "start"})
	errs := events(t, ts, mockserver.EventFilter{Action: "B2BOrganizationsCreate", Status: "error"})
	if len(starts) != 3 || len(errs) != 2 || errs[0].ErrorType != "too_many_requests" {
		t.Fatalf("attempts: %d starts, errors %+v; want 3 attempts, 2 errors", len(starts), errs)
	}
	if fs, _ := ts.Faults(ts.ProjectID); len(fs) != 0 {
		t.Fatalf("used-up fault still listed: %+v", fs)
	}
}

func TestFaultCaptchaFailedNotRetried(t *testing.T) {
	ts := mockserver.Start(t)
	c := fastClient(t, ts)
	f, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Path: "/v1/b2b/organizations", Status: 429, ErrorType: "captcha_failed"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	apitest.WantError(t, err, 429, "captcha_failed")
	fs, _ := ts.Faults(ts.ProjectID)
	if len(fs) != 1 || fs[0].ID != f.ID || fs[0].Hits != 1 {
		t.Fatalf("faults: %+v, want one with 1 hit", fs)
	}
}

func TestFaultServiceUnavailableRetriedOnGet(t *testing.T) {
	ts := mockserver.Start(t)
	c := fastClient(t, ts)
	org := createOrg(t, c, "Acme")
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Method: "GET", Path: "/v1/b2b/organizations/*", Status: 503, Times: 2}); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: org.OrganizationID})
	if err != nil || resp.Organization.OrganizationID != org.OrganizationID {
		t.Fatalf("Get: %+v, %v", resp, err)
	}
	if n := len(events(t, ts, mockserver.EventFilter{Action: "B2BOrganizationsGet", Status: "start"})); n != 3 {
		t.Fatalf("%d Get attempts, want 3", n)
	}
}

func TestFaultServiceUnavailableNotRetriedOnCreate(t *testing.T) {
	ts := mockserver.Start(t)
	c := fastClient(t, ts)
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Method: "POST", Path: "/v1/b2b/organizations", Status: 503}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	apiErr := apitest.WantError(t, err, 503, "server_unavailable")
	if !strings.HasPrefix(apiErr.RequestID, "request-id-test-") {
		t.Fatalf("request ID %q", apiErr.RequestID)
	}
	fs, _ := ts.Faults(ts.ProjectID)
	if len(fs) != 1 || fs[0].Hits != 1 {
		t.Fatalf("faults %+v: want exactly one attempt", fs)
	}
	if err := ts.ClearFaults(ts.ProjectID); err != nil {
		t.Fatal(err)
	}
	if n := countOrgs(t, c); n != 0 {
		t.Fatalf("%d organizations exist, want none", n)
	}
}

func TestFaultDroppedConnection(t *testing.T) {
	ts := mockserver.Start(t)
	c := fastClient(t, ts)
	org := createOrg(t, c, "Acme")

	// A GET is retried after the connection drops mid-flight.
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Method: "GET", Path: "/v1/b2b/organizations/*", DropConnection: true, Times: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: org.OrganizationID}); err != nil {
		t.Fatalf("Get after a dropped connection: %v", err)
	}
	evs := events(t, ts, mockserver.EventFilter{Action: "B2BOrganizationsGet", Status: "error"})
	if len(evs) != 1 || evs[0].ErrorType != "connection_dropped" {
		t.Fatalf("error events: %+v", evs)
	}

	// A create is not retried: the caller gets the transport error.
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Method: "POST", Path: "/v1/b2b/organizations", DropConnection: true}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Beta", OrganizationSlug: "beta"})
	var apiErr *stytchapi.Error
	if err == nil || errors.As(err, &apiErr) {
		t.Fatalf("Create over a dropped connection: %v, want a transport error", err)
	}
	if fs, _ := ts.Faults(ts.ProjectID); len(fs) != 1 || fs[0].Hits != 1 {
		t.Fatalf("faults %+v: want one attempt", fs)
	}
}

func TestFaultRetryAfterHonoured(t *testing.T) {
	ts := mockserver.Start(t)
	c := fastClient(t, ts)
	org := createOrg(t, c, "Acme")
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Method: "GET", Status: 429, RetryAfterSeconds: 1, Times: 1}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: org.OrganizationID}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < time.Second {
		t.Fatalf("Get took %v: Retry-After: 1 not honoured", took)
	}
}

func TestFaultRetryAfterHeaderAndLatency(t *testing.T) {
	ts := mockserver.Start(t)
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Status: 429, RetryAfterSeconds: 7, LatencyMS: 30, Times: 1}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/b2b/organizations/search", strings.NewReader("{}"))
	req.SetBasicAuth(ts.ProjectID, ts.Secret)
	start := time.Now()
	resp, err := ts.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("got %d Retry-After %q after %v", resp.StatusCode, resp.Header.Get("Retry-After"), time.Since(start))
	}

	// Latency alone delays, then the request is handled normally.
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{LatencyMS: 40, Times: 1}); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	createOrg(t, ts.Client, "Slow")
	if took := time.Since(start); took < 40*time.Millisecond {
		t.Fatalf("create took %v, want at least 40ms", took)
	}
}

func TestFaultsAreProjectScoped(t *testing.T) {
	ts := mockserver.Start(t)
	_, other := ts.NewProject(t, mockserver.EnvTest)
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Status: 500}); err != nil {
		t.Fatal(err)
	}
	createOrg(t, other, "Unaffected")
	// Admin routes are never faulted.
	status, body := call(t, ts, http.MethodGet, "/mock/faults", nil)
	wantStatus(t, status, body, 200, "")
	if _, err := ts.AddFault("project-test-unknown", mockserver.Fault{Status: 500}); !errors.Is(err, mockserver.ErrNoProject) {
		t.Fatalf("AddFault on an unknown project: %v", err)
	}
}

// A fault answers on /v1/ routes, so its error_type must be one Stytch
// publishes; without one it gets a registered type that fits its status.
func TestFaultErrorTypeMustBeRegistered(t *testing.T) {
	ts := mockserver.Start(t)
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Status: 418, ErrorType: "mock_teapot"}); err == nil || !strings.Contains(err.Error(), "not in Stytch's registry") {
		t.Fatalf("a fault with an unregistered error_type: %v", err)
	}
	for status, want := range map[int]string{400: "bad_request", 401: "unauthorized_credentials", 404: "route_not_found",
		409: "bad_request", 429: "too_many_requests", 500: "internal_server_error", 502: "server_unavailable", 504: "server_unavailable"} {
		f, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Status: status, Path: "/v1/none"})
		if err != nil {
			t.Fatal(err)
		}
		if f.ErrorType != want {
			t.Errorf("status %d: default error_type %q, want %q", status, f.ErrorType, want)
		}
	}
}
