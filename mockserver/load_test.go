package mockserver_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// TestLoad runs 50 concurrent clients against one loopback server for a
// bounded time (10 s; 2 s with -short; STYTCH_MOCK_LOADTEST_SECONDS
// overrides), each running full login flows (organization, member, magic
// link from the outbox, authenticate, remote and local session checks) and
// creating, updating, getting and searching organizations, in its own
// project and in a project they all share. Any error fails the test; run it
// with -race to check the lock discipline.
func TestLoad(t *testing.T) {
	const clients = 50
	dur := 10 * time.Second
	if testing.Short() {
		dur = 2 * time.Second
	}
	if v, err := strconv.Atoi(os.Getenv("STYTCH_MOCK_LOADTEST_SECONDS")); err == nil && v > 0 && v <= 600 {
		dur = time.Duration(v) * time.Second
	}
	ts := mockserver.Start(t)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2}}
	defer hc.CloseIdleConnections()
	shared := ts.NewClient(t, mockserver.Credentials{ProjectID: ts.ProjectID, Secret: ts.Secret}, stytchapi.WithHTTPClient(hc), stytchapi.WithRetries(0))

	var ops, failures atomic.Int64
	var firstErr sync.Once
	fail := func(err error) {
		failures.Add(1)
		firstErr.Do(func() { t.Errorf("first error: %v", err) })
	}
	start := time.Now()
	deadline := start.Add(dur)
	var wg sync.WaitGroup
	var logins atomic.Int64
	for i := range clients {
		creds, _ := ts.NewProject(t, mockserver.EnvTest)
		own := ts.NewClient(t, creds, stytchapi.WithHTTPClient(hc), stytchapi.WithRetries(0))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline); n++ {
				for _, target := range []struct {
					c         *b2b.Client
					projectID string
				}{{own, creds.ProjectID}, {shared, ts.ProjectID}} {
					slug := fmt.Sprintf("c%d-%d", i, n)
					if err := cycle(target.c, slug); err != nil {
						fail(err)
						return
					}
					if err := loginFlow(ts.Server, target.projectID, target.c, slug); err != nil {
						fail(err)
						return
					}
					ops.Add(4 + loginRequests)
					logins.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if failures.Load() != 0 {
		t.Fatalf("%d clients failed", failures.Load())
	}
	t.Logf("%d clients, %v: %d requests (%d full logins), %.0f requests/s", clients, dur, ops.Load(), logins.Load(), float64(ops.Load())/took.Seconds())

	// Every create in the shared project is there, and the event log kept
	// a start and an end for each request.
	page, err := ts.Events(ts.ProjectID, mockserver.EventFilter{Action: "B2BOrganizationsCreate", Status: "success"})
	if err != nil {
		t.Fatal(err)
	}
	starts, _ := ts.Events(ts.ProjectID, mockserver.EventFilter{Status: "start"})
	ends, _ := ts.Events(ts.ProjectID, mockserver.EventFilter{Status: "success"})
	if len(starts.Events) != len(ends.Events) || len(page.Events) == 0 {
		t.Fatalf("shared project: %d starts, %d successes, %d creates", len(starts.Events), len(ends.Events), len(page.Events))
	}
}

// loginRequests is how many API requests loginFlow makes.
const loginRequests = 5

// loginFlow signs a new member in the way a backend does: an organization
// that admits the member's email domain, login_or_signup, the magic link
// from the outbox, authenticate, then a remote session check and a local
// JWT validation.
func loginFlow(srv *mockserver.Server, projectID string, c *b2b.Client, slug string) error {
	slug = "login-" + slug
	org, err := c.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: slug, OrganizationSlug: slug,
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{slug + ".example.com"},
	})
	if err != nil {
		return fmt.Errorf("login: create organization: %w", err)
	}
	addr := "ada@" + slug + ".example.com"
	if _, err := c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.Organization.OrganizationID, EmailAddress: addr}); err != nil {
		return fmt.Errorf("login: login_or_signup: %w", err)
	}
	msg, ok := srv.Outbox(projectID).Last(addr)
	if !ok {
		return fmt.Errorf("login: no email to %s", addr)
	}
	auth, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	if err != nil {
		return fmt.Errorf("login: authenticate: %w", err)
	}
	if !auth.MemberAuthenticated || auth.SessionJWT == "" {
		return fmt.Errorf("login: member not authenticated: %+v", auth)
	}
	if _, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: auth.SessionToken}); err != nil {
		return fmt.Errorf("login: session authenticate: %w", err)
	}
	claims, err := c.Sessions.AuthenticateJWTLocal(ctx, auth.SessionJWT, nil)
	if err != nil {
		return fmt.Errorf("login: local JWT validation: %w", err)
	}
	if claims.MemberID != auth.MemberID {
		return fmt.Errorf("login: JWT names %s, want %s", claims.MemberID, auth.MemberID)
	}
	return nil
}

// cycle creates, updates, gets and searches one organization.
func cycle(c *b2b.Client, slug string) error {
	cr, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Load " + slug, OrganizationSlug: slug})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	id := cr.Organization.OrganizationID
	if _, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: id, OrganizationName: "Updated " + slug}); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	got, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: id})
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	if got.Organization.OrganizationName != "Updated "+slug {
		return fmt.Errorf("get: name %q after update", got.Organization.OrganizationName)
	}
	if _, err := c.Organizations.Search(ctx, &organizations.SearchParams{Limit: 10}); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// BenchmarkGetOrganization compares GET organization on the mock with a
// trivial net/http handler answering a fixed JSON body, both over loopback
// HTTP with the same client, in parallel. Compare the req/s metrics.
func BenchmarkGetOrganization(b *testing.B) {
	run := func(b *testing.B, h http.Handler, path, id, secret string) {
		hs := httptest.NewServer(h)
		defer hs.Close()
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
		defer hc.CloseIdleConnections()
		b.ReportAllocs()
		b.ResetTimer()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req, _ := http.NewRequest(http.MethodGet, hs.URL+path, nil)
				req.SetBasicAuth(id, secret)
				resp, err := hc.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	}

	b.Run("mock", func(b *testing.B) {
		s := mockserver.New(mockserver.Options{})
		creds, err := s.CreateProject(mockserver.EnvTest)
		if err != nil {
			b.Fatal(err)
		}
		hs := httptest.NewServer(s)
		c, _ := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
		org := createOrg(b, c, "Bench")
		hs.Close()
		run(b, s, "/v1/b2b/organizations/"+org.OrganizationID, creds.ProjectID, creds.Secret)
	})
	b.Run("trivial", func(b *testing.B) {
		body := []byte(`{"request_id":"request-id-test-0","status_code":200,"organization":{"organization_id":"organization-test-0","organization_name":"Bench"}}`)
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		})
		run(b, h, "/v1/b2b/organizations/organization-test-0", "project-test-x", "secret")
	})
}
