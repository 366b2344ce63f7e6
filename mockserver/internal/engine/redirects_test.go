package engine

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func TestRedirectMatches(t *testing.T) {
	cases := []struct {
		pattern, got string
		want         bool
	}{
		{"http://localhost:3000", "http://localhost:3000", true},
		{"http://localhost:3000", "http://localhost:3000/", true},
		{"http://localhost:3000", "http://localhost:3001", false},
		{"http://localhost:3000", "https://localhost:3000", false},
		{"https://app.example.com/auth", "https://app.example.com/auth", true},
		{"https://app.example.com/auth", "https://app.example.com/other", false},
		{"https://app.example.com/auth", "https://app.example.com/auth?next=x", false},
		{"https://app.example.com/auth?next={}", "https://app.example.com/auth?next=%2Fdash", true},
		{"https://app.example.com/auth?next={}", "https://app.example.com/auth", false},
		{"https://app.example.com/auth?next={}", "https://app.example.com/auth?next=a&x=b", false},
		{"https://app.example.com/auth?mode=login", "https://app.example.com/auth?mode=login", true},
		{"https://app.example.com/auth?mode=login", "https://app.example.com/auth?mode=signup", false},
		{"https://*.example.com/cb", "https://tenant.example.com/cb", true},
		{"https://*.example.com/cb", "https://a.b.example.com/cb", true},
		{"https://*.example.com/cb", "https://example.com/cb", false},
		{"https://*.example.com/cb", "https://evil-example.com/cb", false},
		{"myapp://callback", "myapp://callback", true},
		{"myapp://callback", "otherapp://callback", false},
	}
	for _, c := range cases {
		u, err := url.Parse(c.got)
		if err != nil {
			t.Fatal(err)
		}
		if got := state.RedirectMatches(c.pattern, u); got != c.want {
			t.Errorf("redirectMatches(%q, %q) = %v, want %v", c.pattern, c.got, got, c.want)
		}
	}
}

func TestValidateRedirectURLs(t *testing.T) {
	all := []string{"login", "signup"}
	cases := []struct {
		env  string
		list []state.RedirectURL
		want string
	}{
		{"test", []state.RedirectURL{{URL: "http://localhost:3000", Types: all, DefaultFor: all}}, ""},
		{"test", []state.RedirectURL{{URL: "https://*.example.com", Types: all}}, ""},
		{"live", []state.RedirectURL{{URL: "https://*.example.com", Types: all}}, "no_wildcards_in_live_redirect_url"},
		{"live", []state.RedirectURL{{URL: "http://app.example.com", Types: all}}, "redirect_url_must_use_https"},
		{"live", []state.RedirectURL{{URL: "myapp://callback", Types: all, DefaultFor: all}}, ""},
		{"test", []state.RedirectURL{{URL: "https://*.example.com", Types: all, DefaultFor: []string{"login"}}}, "redirect_url_with_wildcard_cannot_be_default"},
		{"test", []state.RedirectURL{{URL: "https://a.com/x?next={}", Types: all, DefaultFor: []string{"login"}}}, "redirect_url_with_query_param_placeholder_cannot_be_default"},
		{"test", []state.RedirectURL{{URL: "https://a.com", Types: all, DefaultFor: []string{"login"}}, {URL: "https://b.com", Types: all, DefaultFor: []string{"login"}}}, "duplicate_default_redirect_url"},
		{"test", []state.RedirectURL{{URL: "https://a.com", Types: []string{"logout"}}}, "invalid_redirect_url_type"},
		{"test", []state.RedirectURL{{URL: "https://a.com", Types: []string{"login"}, DefaultFor: []string{"signup"}}}, "invalid_redirect_url_type"},
		{"test", []state.RedirectURL{{URL: "https://a.com"}}, "invalid_redirect_url_type"},
		{"test", []state.RedirectURL{{URL: "not a url", Types: all}}, "invalid_redirect_url"},
		{"test", []state.RedirectURL{{URL: "https://a.*.com", Types: all}}, "invalid_redirect_url"},
		{"test", []state.RedirectURL{{URL: "https://a.com/*", Types: all}}, "invalid_redirect_url"},
	}
	for _, c := range cases {
		err := state.ValidateRedirectURLs(c.env, c.list)
		got := ""
		if err != nil {
			got = err.Type
		}
		if got != c.want {
			t.Errorf("%s %+v: got %q, want %q", c.env, c.list, got, c.want)
		}
	}
}

func TestResolveRedirectURL(t *testing.T) {
	p := state.NewProject("project-test-x", "test", "s")
	if got, err := p.ResolveRedirectURL("login", "", "no_match_for_provided_magic_link_url"); err != nil || got != state.DefaultTestRedirectURL {
		t.Fatalf("TEST default: %q %v", got, err)
	}
	p.RedirectURLs = []state.RedirectURL{
		{URL: "https://app.example.com/login", Types: []string{"login"}},
		{URL: "https://app.example.com/join?invite={}", Types: []string{"invite", "signup"}, DefaultFor: []string{}},
	}
	if _, err := p.ResolveRedirectURL("login", "", "x"); err == nil || err.Type != "no_default_login_redirect_url_set" {
		t.Fatalf("no default: %v", err)
	}
	if _, err := p.ResolveRedirectURL("discovery", "", "x"); err == nil || err.Type != "no_discovery_redirect_urls_set" {
		t.Fatalf("none registered: %v", err)
	}
	if got, err := p.ResolveRedirectURL("invite", "https://app.example.com/join?invite=abc", "x"); err != nil || got != "https://app.example.com/join?invite=abc" {
		t.Fatalf("template match: %q %v", got, err)
	}
	if _, err := p.ResolveRedirectURL("login", "https://app.example.com/join?invite=abc", "no_match_for_provided_magic_link_url"); err == nil || err.Type != "no_match_for_provided_magic_link_url" {
		t.Fatalf("wrong type: %v", err)
	}
	live := state.NewProject("project-live-x", "live", "s")
	if _, err := live.ResolveRedirectURL("login", "", "x"); err == nil || err.Type != "no_login_redirect_urls_set" {
		t.Fatalf("LIVE starts empty: %v", err)
	}
	if got := state.WithToken("https://a.com/x?next=1", "multi_tenant_magic_links", "tok=="); got != "https://a.com/x?next=1&stytch_token_type=multi_tenant_magic_links&token=tok%3D%3D" {
		t.Fatalf("withToken = %q", got)
	}
}

func TestRedirectAndOutboxAdminRoutes(t *testing.T) {
	e, creds := testProject(t)
	s, b := call(t, e, creds, http.MethodGet, "/mock/redirect_urls", nil)
	if s != 200 || len(b["redirect_urls"].([]any)) != 1 {
		t.Fatalf("default registry: %d %v", s, b)
	}
	s, b = call(t, e, creds, http.MethodPut, "/mock/redirect_urls", strings.NewReader(`{"redirect_urls":[{"url":"https://*.acme.com","types":["login"],"default_for":["login"]}]}`))
	wantError(t, s, b, 400, "redirect_url_with_wildcard_cannot_be_default")
	s, b = call(t, e, creds, http.MethodPut, "/mock/redirect_urls", strings.NewReader(`{"redirect_urls":[{"url":"https://app.acme.com/cb","types":["login","signup"],"default_for":["login"]}]}`))
	if s != 200 {
		t.Fatalf("set: %d %v", s, b)
	}
	_, b = call(t, e, creds, http.MethodGet, "/mock/redirect_urls", nil)
	if got := b["redirect_urls"].([]any)[0].(map[string]any)["url"]; got != "https://app.acme.com/cb" {
		t.Fatalf("registry after set: %v", b)
	}

	p := e.Project(creds.ProjectID)
	p.SendEmail(state.Message{To: "Ada@Example.com", Template: "login", Token: "t1"})
	p.SendEmail(state.Message{To: "ada@example.com", Template: "login", Token: "t2"})
	p.SendSMS(state.Message{To: "+15555550100", Template: "otp", Code: "123456"})
	_, b = call(t, e, creds, http.MethodGet, "/mock/outbox?to=ADA@example.com", nil)
	msgs := b["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["token"] != "t2" {
		t.Fatalf("outbox newest first by address: %v", msgs)
	}
	_, b = call(t, e, creds, http.MethodGet, "/mock/outbox", nil)
	if len(b["messages"].([]any)) != 3 {
		t.Fatalf("whole outbox: %v", b)
	}
	call(t, e, creds, http.MethodDelete, "/mock/outbox", nil)
	if len(e.Outbox(creds.ProjectID, "")) != 0 {
		t.Fatal("outbox not cleared")
	}
	s, b = call(t, e, Credentials{}, http.MethodGet, "/mock/outbox", nil)
	wantError(t, s, b, 400, "invalid_authorization_header")
}
