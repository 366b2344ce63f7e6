package engine

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// BenchmarkMixedWorkload runs 16 clients over loopback HTTP against a
// project that already holds 0 to 50,000 organizations. Each client cycles
// through four operations: create an organization, update it, search (a
// fuzzy name search and an exact slug search, in turn) and log a member in
// (magic link login_or_signup, then authenticate with the token from the
// outbox). b.N is the number of operations in all; req/s counts HTTP
// requests and p99-ms is over every request.
func BenchmarkMixedWorkload(b *testing.B) {
	for _, size := range []int{0, 10_000, 25_000, 50_000} {
		b.Run(fmt.Sprintf("orgs=%d", size), func(b *testing.B) { runMixedWorkload(b, size) })
	}
}

func runMixedWorkload(b *testing.B, size int) {
	const clients = 16
	e := New(Options{})
	hs := httptest.NewServer(e)
	defer hs.Close()
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		b.Fatal(err)
	}
	fillOrgs(e.Project(creds.ProjectID), size)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2}}
	defer hc.CloseIdleConnections()
	c, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL), stytchapi.WithHTTPClient(hc), stytchapi.WithRetries(0))
	if err != nil {
		b.Fatal(err)
	}
	loginOrgs := make([]string, clients)
	for k := range clients {
		domain := fmt.Sprintf("login%d.example.com", k)
		org, err := c.Organizations.Create(ctx, &organizations.CreateParams{
			OrganizationName: "Login " + domain, OrganizationSlug: fmt.Sprintf("login-%d", k),
			EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{domain},
		})
		if err != nil {
			b.Fatal(err)
		}
		loginOrgs[k] = org.Organization.OrganizationID
	}

	var next atomic.Int64
	var failed atomic.Bool
	latencies := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for k := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &mixedClient{c: c, e: e, projectID: creds.ProjectID, k: k, loginOrg: loginOrgs[k]}
			for j := 0; next.Add(1) <= int64(b.N) && !failed.Load(); j++ {
				if err := w.op(j); err != nil {
					failed.Store(true)
					b.Error(err)
					return
				}
			}
			latencies[k] = w.latencies
		}()
	}
	wg.Wait()
	took := time.Since(start)
	b.StopTimer()
	all := slices.Concat(latencies...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/took.Seconds(), "req/s")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// mixedClient is one client of BenchmarkMixedWorkload.
type mixedClient struct {
	c         *b2b.Client
	e         *Engine
	projectID string
	k         int
	loginOrg  string
	orgs      []string // organizations this client created
	latencies []time.Duration
}

// timed runs one request and records its latency.
func (w *mixedClient) timed(f func() error) error {
	start := time.Now()
	err := f()
	w.latencies = append(w.latencies, time.Since(start))
	return err
}

// op runs operation j of the client's cycle.
func (w *mixedClient) op(j int) error {
	f := organizations.Filter
	switch (j + w.k) % 4 {
	case 0:
		return w.timed(func() error {
			slug := fmt.Sprintf("load-c%d-%d", w.k, j)
			r, err := w.c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Load " + slug, OrganizationSlug: slug})
			if err == nil {
				w.orgs = append(w.orgs, r.Organization.OrganizationID)
			}
			return err
		})
	case 1:
		id := w.loginOrg
		if len(w.orgs) > 0 {
			id = w.orgs[len(w.orgs)-1]
		}
		return w.timed(func() error {
			_, err := w.c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: id, OrganizationName: fmt.Sprintf("Updated c%d-%d", w.k, j)})
			return err
		})
	case 2:
		q := organizations.And(f("organization_slugs", []string{fmt.Sprintf("login-%d", w.k)}))
		if j%8 < 4 {
			q = organizations.And(f("organization_name_fuzzy", fmt.Sprintf("c%d-%d", w.k, j-1)))
		}
		return w.timed(func() error {
			r, err := w.c.Organizations.Search(ctx, &organizations.SearchParams{Query: q, Limit: 10})
			if err == nil && r.ResultsMetadata.Total == 0 && j%8 >= 4 {
				err = fmt.Errorf("search %v found nothing", q)
			}
			return err
		})
	default:
		addr := fmt.Sprintf("u%d@login%d.example.com", w.k, w.k)
		if err := w.timed(func() error {
			_, err := w.c.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: w.loginOrg, EmailAddress: addr})
			return err
		}); err != nil {
			return err
		}
		msgs := w.e.Outbox(w.projectID, addr)
		if len(msgs) == 0 {
			return fmt.Errorf("no email to %s", addr)
		}
		return w.timed(func() error {
			r, err := w.c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msgs[0].Token})
			if err == nil && !r.MemberAuthenticated {
				err = fmt.Errorf("login of %s: member not authenticated", addr)
			}
			return err
		})
	}
}
