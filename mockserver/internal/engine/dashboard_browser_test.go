package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// findBrowser returns the path of a Chromium or Chrome binary, or "".
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestDashboardInBrowser drives the dashboard with a real headless Chromium:
// projects list, project page with the organizations and members created
// through the SDK, the event-log filters, a magic link clicked through to the
// app's landing page, the clear-outbox form, and resetting the project
// through its confirmation page. It skips when no browser is
// installed (on Debian: apt-get install chromium).
func TestDashboardInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := findBrowser()
	if browser == "" {
		t.Skip("no Chromium or Chrome found on PATH (looked for chromium, chromium-browser, google-chrome); install one to run the dashboard's browser test")
	}

	f := newDashFixture(t)

	// The app the magic link lands on: it records the tokens it receives.
	type landing struct{ tokenType, token string }
	landed := make(chan landing, 4)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/authenticate" {
			select {
			case landed <- landing{r.URL.Query().Get("stytch_token_type"), r.URL.Query().Get("token")}:
			default:
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><title>app</title><h1 id="landed">Landed</h1>`)
	}))
	t.Cleanup(app.Close)
	all := []string{"login", "signup", "invite", "reset_password", "discovery"}
	if err := f.e.SetRedirectURLs(f.creds.ProjectID, []state.RedirectURL{{URL: app.URL + "/authenticate", Types: all, DefaultFor: all}}); err != nil {
		t.Fatal(err)
	}
	const token = "mock-magic-link-token-0123456789"
	f.sendMagicLink(t, "alice@acme.test", token)

	// The whole test is bounded; the browser lives as long as bctx.
	root, cancelRoot := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancelRoot()
	actx, cancelAlloc := chromedp.NewExecAllocator(root,
		chromedp.ExecPath(browser),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Only loopback: any host name fails to resolve.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(t.TempDir()),
	)
	defer cancelAlloc()

	var mu sync.Mutex
	var dialogs []string
	bctx, cancelBrowser := chromedp.NewContext(actx,
		chromedp.WithListener(func(ev any) {
			if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
				mu.Lock()
				dialogs = append(dialogs, d.Message)
				mu.Unlock()
			}
		}),
		chromedp.WithLogf(t.Logf),
	)
	defer cancelBrowser()

	// step runs actions with their own timeout, derived from the browser's
	// context as chromedp requires.
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := context.WithTimeout(bctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(bctx, 20*time.Second)
		defer cancel()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := func(expr string) int {
		t.Helper()
		ctx, cancel := context.WithTimeout(bctx, 20*time.Second)
		defer cancel()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		return n
	}

	// waitFor polls a JavaScript condition across page loads (a poll inside
	// the page dies with the page when a form navigates).
	waitFor := func(cond string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			ctx, cancel := context.WithTimeout(bctx, 2*time.Second)
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
			cancel()
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s: %v", cond, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// The first Run starts the browser; it gets no timeout of its own.
	if err := chromedp.Do(bctx, chromedp.Navigate(f.srv.URL+"/")); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}
	step("projects page", chromedp.WaitVisible(chromedp.CSS("#projects")))
	if got := text("#projects"); !strings.Contains(got, f.creds.ProjectID) {
		t.Fatalf("projects page shows %q", got)
	}

	step("open the project", chromedp.Click(chromedp.CSS("a.project-link")), chromedp.WaitVisible(chromedp.CSS("#organizations")))
	orgs := text("#organizations")
	for _, want := range []string{"Acme Corp", hostileName, "acme", "hostile"} {
		if !strings.Contains(orgs, want) {
			t.Errorf("organizations section lacks %q: %q", want, orgs)
		}
	}
	membersText := text("#members")
	for _, want := range []string{"alice@acme.test", "bob@acme.test", "mallory@evil.test", "active", "pending", "stytch_admin", `<img src=x onerror=alert(2)>`} {
		if !strings.Contains(membersText, want) {
			t.Errorf("members section lacks %q: %q", want, membersText)
		}
	}
	if n := eval(`document.querySelectorAll("main script, main img").length`); n != 0 {
		t.Errorf("hostile names became %d elements", n)
	}

	// Event log: filter on errors, then on a request ID.
	if n := eval(`document.querySelectorAll("#event-log tbody tr").length`); n < 10 {
		t.Fatalf("unfiltered event log has %d rows", n)
	}
	step("filter errors",
		chromedp.SetValue(chromedp.CSS(`select[name="status"]`), "error"),
		chromedp.Click(chromedp.CSS("#filter-events")),
	)
	waitFor(`location.search.includes("status=error") && document.readyState === "complete"`)
	step("filtered log", chromedp.WaitVisible(chromedp.CSS("#event-log")))
	if n := eval(`document.querySelectorAll("#event-log tbody tr").length`); n != 1 {
		t.Errorf("status=error shows %d rows, want 1", n)
	}
	if got := text("#event-log tbody tr"); !strings.Contains(got, "organization_not_found") || !strings.Contains(got, "B2BOrganizationsGet") {
		t.Errorf("error row: %q", got)
	}

	// The organization page.
	step("open Acme", chromedp.Click(chromedp.CSS("a.org-link")), chromedp.WaitVisible(chromedp.CSS("#settings")))
	if got := text("#settings"); !strings.Contains(got, "acme.test") || !strings.Contains(got, f.acme.OrganizationID) {
		t.Errorf("settings: %q", got)
	}
	if got := text("#members"); !strings.Contains(got, "alice@acme.test") || strings.Contains(got, "mallory") {
		t.Errorf("Acme's members: %q", got)
	}

	// The magic link in the outbox lands on the app with the token.
	step("back to the project", chromedp.Navigate(f.srv.URL+"/dashboard/projects/"+f.creds.ProjectID), chromedp.WaitVisible(chromedp.CSS("a.magic-link")))
	step("click the magic link", chromedp.Click(chromedp.CSS("a.magic-link")), chromedp.WaitVisible(chromedp.CSS("#landed")))
	select {
	case got := <-landed:
		if got.token != token || got.tokenType != "multi_tenant_magic_links" {
			t.Errorf("the app received %+v", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the app never received the magic link")
	}

	// Clearing the outbox from the page is a same-origin POST.
	step("clear the outbox",
		chromedp.Navigate(f.srv.URL+"/dashboard/projects/"+f.creds.ProjectID),
		chromedp.Click(chromedp.CSS("#clear-outbox")),
	)
	waitFor(`location.hash === "#outbox" && document.readyState === "complete" && !document.querySelector("#clear-outbox")`)
	if got := text("#outbox"); !strings.Contains(got, "The outbox is empty") {
		t.Errorf("outbox after clearing: %q", got)
	}
	if n := len(f.e.Outbox(f.creds.ProjectID, "")); n != 0 {
		t.Errorf("%d messages left after clearing", n)
	}

	// Resetting goes through the confirmation page, then a same-origin POST.
	projectURL := "/dashboard/projects/" + f.creds.ProjectID
	step("open the reset confirmation",
		chromedp.Click(chromedp.CSS("#reset-project")),
		chromedp.WaitVisible(chromedp.CSS("#confirm-reset")),
	)
	if n := len(f.e.ProjectIDs()); n != 1 || f.project() == nil {
		t.Fatalf("the confirmation page changed the projects")
	}
	step("confirm the reset", chromedp.Click(chromedp.CSS("#confirm-reset")))
	waitFor(`location.pathname === "` + projectURL + `" && document.readyState === "complete" && !!document.querySelector("#organizations")`)
	if got := text("#organizations"); !strings.Contains(got, "No organizations.") || strings.Contains(got, "Acme Corp") {
		t.Errorf("organizations after the reset: %q", got)
	}
	if n := eval(`document.querySelectorAll("#organizations tbody tr").length`); n != 0 {
		t.Errorf("%d organization rows after the reset", n)
	}
	p := f.project()
	p.Mu.RLock()
	orgsLeft := len(p.Orgs)
	p.Mu.RUnlock()
	if orgsLeft != 0 {
		t.Errorf("%d organizations left after the reset", orgsLeft)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) > 0 {
		t.Errorf("the page opened JavaScript dialogs: %q", dialogs)
	}
}
