package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

func TestEventsStartThenSuccessOrError(t *testing.T) {
	ts := mockserver.Start(t)
	org := createOrg(t, ts.Client, "Acme")
	_, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "organization-test-00000000-0000-0000-0000-000000000000"})
	apitest.WantError(t, err, 404, "organization_not_found")

	evs := events(t, ts, mockserver.EventFilter{})
	if len(evs) != 4 {
		t.Fatalf("got %d events, want 4: %+v", len(evs), evs)
	}
	// Newest first: Get error, Get start, Create success, Create start.
	want := []struct{ action, status, errType string }{
		{"B2BOrganizationsGet", "error", "organization_not_found"},
		{"B2BOrganizationsGet", "start", ""},
		{"B2BOrganizationsCreate", "success", ""},
		{"B2BOrganizationsCreate", "start", ""},
	}
	for i, w := range want {
		e := evs[i]
		if e.Action != w.action || e.Status != w.status || e.ErrorType != w.errType {
			t.Errorf("event %d = %s %s %s, want %s %s %s", i, e.Action, e.Status, e.ErrorType, w.action, w.status, w.errType)
		}
	}
	if evs[0].RequestID != evs[1].RequestID || evs[2].RequestID != evs[3].RequestID || evs[0].RequestID == evs[2].RequestID {
		t.Errorf("start/end pairs do not share request IDs: %+v", evs)
	}
	if evs[0].HTTPStatus != 404 || evs[2].HTTPStatus != 200 || evs[1].HTTPStatus != 0 {
		t.Errorf("http statuses: %d %d %d", evs[0].HTTPStatus, evs[1].HTTPStatus, evs[2].HTTPStatus)
	}
	if evs[0].OrganizationID == "" || evs[0].Route != "/v1/b2b/organizations/{organization_id}" {
		t.Errorf("get event lacks route or organization: %+v", evs[0])
	}
	_ = org
}

func TestEventsFiltersAndPagination(t *testing.T) {
	ts := mockserver.Start(t)
	for i := range 5 {
		createOrg(t, ts.Client, "Org "+string(rune('A'+i)))
	}
	creates := events(t, ts, mockserver.EventFilter{Action: "B2BOrganizationsCreate", Status: "success"})
	if len(creates) != 5 {
		t.Fatalf("got %d create successes, want 5", len(creates))
	}
	one := events(t, ts, mockserver.EventFilter{RequestID: creates[2].RequestID})
	if len(one) != 2 || one[0].Status != "success" || one[1].Status != "start" {
		t.Fatalf("request_id filter: %+v", one)
	}

	// Pages of 3 over the 10 events, through the Go API and over HTTP.
	var seen []string
	cursor := ""
	for range 10 {
		page, err := ts.Events(ts.ProjectID, mockserver.EventFilter{Limit: 3, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			seen = append(seen, e.EventID)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	all := events(t, ts, mockserver.EventFilter{})
	if len(seen) != 10 || len(all) != 10 || seen[0] != all[0].EventID || seen[9] != all[9].EventID {
		t.Fatalf("paged %v, all %d", seen, len(all))
	}

	status, body := call(t, ts, http.MethodGet, "/mock/events?limit=4&status=start", nil)
	wantStatus(t, status, body, 200, "")
	if evs := body["events"].([]any); len(evs) != 4 || body["next_cursor"] == "" {
		t.Fatalf("HTTP page: %v", body)
	}
	status, body = call(t, ts, http.MethodGet, "/mock/events?limit=4&status=start&cursor="+url.QueryEscape(body["next_cursor"].(string)), nil)
	wantStatus(t, status, body, 200, "")
	if evs := body["events"].([]any); len(evs) != 1 || body["next_cursor"] != "" {
		t.Fatalf("HTTP last page: %v", body)
	}

	// Time window: since the third create's start, until now+1h.
	since := creates[2].Timestamp.Format(time.RFC3339Nano)
	until := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	status, body = call(t, ts, http.MethodGet, "/mock/events?status=success&since="+url.QueryEscape(since)+"&until="+url.QueryEscape(until), nil)
	wantStatus(t, status, body, 200, "")
	if n := len(body["events"].([]any)); n < 3 || n > 5 {
		t.Fatalf("since filter gave %d events", n)
	}
	status, body = call(t, ts, http.MethodGet, "/mock/events?until=2000-01-01T00:00:00Z", nil)
	wantStatus(t, status, body, 200, "")
	if n := len(body["events"].([]any)); n != 0 {
		t.Fatalf("until filter gave %d events", n)
	}
}

func TestEventsBadQueries(t *testing.T) {
	ts := mockserver.Start(t)
	for _, q := range []string{"status=done", "limit=0", "limit=1001", "limit=x", "since=yesterday", "until=2024-13-01", "cursor=nope"} {
		status, body := call(t, ts, http.MethodGet, "/mock/events?"+q, nil)
		wantStatus(t, status, body, 400, "invalid_request_value")
	}
	status, body := callAs(t, ts, ts.ProjectID, "secret-test-wrong", http.MethodGet, "/mock/events", nil, nil)
	wantStatus(t, status, body, 401, "unauthorized_credentials")
	if _, err := ts.Events("project-test-nope", mockserver.EventFilter{}); err == nil {
		t.Fatal("Events on an unknown project succeeded")
	}
}

func TestEventsPrunedAfterThirtyMockDays(t *testing.T) {
	ts := mockserver.Start(t)
	createOrg(t, ts.Client, "Old")
	ts.Clock().Advance(29 * 24 * time.Hour)
	if n := len(events(t, ts, mockserver.EventFilter{})); n != 2 {
		t.Fatalf("after 29 days: %d events, want 2", n)
	}
	status, body := call(t, ts, http.MethodPost, "/mock/clock", map[string]any{"advance_seconds": 2 * 24 * 3600})
	wantStatus(t, status, body, 200, "")
	if n := len(events(t, ts, mockserver.EventFilter{})); n != 0 {
		t.Fatalf("after 31 days: %d events, want 0", n)
	}
	createOrg(t, ts.Client, "New")
	if n := len(events(t, ts, mockserver.EventFilter{})); n != 2 {
		t.Fatalf("new events: %d, want 2", n)
	}
}

func TestEventsHoldNoSecretsOrQueries(t *testing.T) {
	ts := mockserver.Start(t)
	org := createOrg(t, ts.Client, "Acme")
	status, _ := call(t, ts, http.MethodGet, "/v1/b2b/organizations/"+org.OrganizationID+"?token=tok-SECRETVALUE&session_jwt=eyJhbGci", nil)
	if status != 200 {
		t.Fatalf("get: %d", status)
	}
	raw, err := json.Marshal(events(t, ts, mockserver.EventFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{ts.Secret, "SECRETVALUE", "eyJhbGci", "token=", "?"} {
		if strings.Contains(string(raw), bad) {
			t.Errorf("events contain %q: %s", bad, raw)
		}
	}
}
