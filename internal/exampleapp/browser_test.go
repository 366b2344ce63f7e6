package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

// tab drives one browser tab. Each step gets its own timeout, derived
// from the tab's context as chromedp requires.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func (b tab) do(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
}

func (b tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (b tab) eval(expr string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return n
}

// contains fails the test unless the text of sel contains every want.
func (b tab) contains(sel string, wants ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, want := range wants {
		if !strings.Contains(got, want) {
			b.t.Errorf("%s lacks %q: %q", sel, want, got)
		}
	}
}

// openMail clicks the magic link of the newest email to address in the
// mock dashboard's outbox, which the tab shows.
func (b tab) openMail(address string) {
	b.t.Helper()
	b.do("the outbox", chromedp.WaitVisible(chromedp.CSS("#outbox tr.message")))
	n := b.eval(fmt.Sprintf(`(() => {
		const row = [...document.querySelectorAll("#outbox tr.message")].find(r => r.cells[2].textContent.trim() === %q);
		if (!row) return 0;
		row.querySelector("a.magic-link").click();
		return 1;
	})()`, address))
	if n != 1 {
		b.t.Fatalf("no email to %s in the outbox", address)
	}
}

// shot saves a screenshot for docs/exampleapp.md when UPDATE_SCREENSHOTS is
// set.
func (b tab) shot(name string) {
	b.t.Helper()
	if os.Getenv("UPDATE_SCREENSHOTS") == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "exampleapp", name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// TestAppInBrowser clicks through the whole example with a real headless
// Chromium, as `go run ./internal/exampleapp` serves it: discovery signup,
// creating an organization, inviting a teammate, the invitee's login in a
// second browser context (its own cookies), a non-admin refused on the
// settings page, an admin allowing the email domain and adding an SSO
// connection, a colleague logging in with SSO through the built-in IdP's
// sign-in page in a third browser context, logging out, and an uninvited
// colleague entering through the email domain. It skips when no
// browser is installed (on Debian: apt-get install chromium).
func TestAppInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := findBrowser()
	if browser == "" {
		t.Skip("no Chromium or Chrome found on PATH (looked for chromium, chromium-browser, google-chrome); install one to run the example app's browser test")
	}

	root, cancelRoot := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancelRoot()
	st, err := start(root, options{addr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	go func() { _ = st.serve(root) }()

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
		chromedp.WindowSize(1000, 640),
		chromedp.UserDataDir(t.TempDir()),
	)
	defer cancelAlloc()
	actx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelBrowser()
	ada := tab{t, actx}

	// The first Run starts the browser; it gets no timeout of its own.
	if err := chromedp.Do(actx, chromedp.Navigate(st.appURL+"/")); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}

	// Sign up through discovery: the link arrives in the mock's outbox.
	ada.do("login page", chromedp.WaitVisible(chromedp.CSS("#email")))
	ada.shot("1-login")
	ada.do("send the link", chromedp.SendKeys(chromedp.CSS("#email"), "ada@acme.test"), chromedp.Click(chromedp.CSS("#send-link")), chromedp.WaitVisible(chromedp.CSS("#sent")))
	if n := ada.eval(`document.scripts.length`); n != 0 {
		t.Errorf("the app's page has %d scripts", n)
	}
	ada.do("open the mailbox", chromedp.Click(chromedp.CSS("#open-mailbox")))
	ada.openMail("ada@acme.test")
	ada.do("discovery page", chromedp.WaitVisible(chromedp.CSS("#create-org")))
	ada.contains("#discovered", "not a member of any organization")
	ada.shot("2-discovery")

	// Self-onboarding: Ada creates Acme Corp and is its admin.
	ada.do("create the organization", chromedp.SendKeys(chromedp.CSS("#org-name"), "Acme Corp"), chromedp.Click(chromedp.CSS("#create-org")), chromedp.WaitVisible(chromedp.CSS("#members")))
	ada.contains("#members", "ada@acme.test (you)", "active", "stytch_admin")
	ada.contains("#whoami", "acme-corp", "stytch_admin")

	// Ada invites Grace.
	ada.do("invite", chromedp.SendKeys(chromedp.CSS("#invite-email"), "grace@acme.test"), chromedp.Click(chromedp.CSS("#send-invite")), chromedp.WaitVisible(chromedp.CSS("#invited")))
	ada.contains("#members", "grace@acme.test", "invited")
	ada.shot("3-members")

	// Grace, in her own browser context, follows the invitation.
	gctx, cancelGrace := chromedp.NewContext(actx, chromedp.WithNewBrowserContext())
	defer cancelGrace()
	grace := tab{t, gctx}
	// Again, the first Run opens the tab and gets no timeout of its own.
	if err := chromedp.Do(gctx, chromedp.Navigate(st.mock.mailboxURL())); err != nil {
		t.Fatalf("Grace opens the mailbox: %v", err)
	}
	grace.shot("4-mailbox")
	grace.openMail("grace@acme.test")
	grace.do("Grace is in", chromedp.WaitVisible(chromedp.CSS("#members")))
	grace.contains("#whoami", "acme-corp", "stytch_member")
	grace.contains("#members", "grace@acme.test (you)", "active")
	if strings.Contains(grace.text("#whoami"), "stytch_admin") {
		t.Error("the invitee is an admin")
	}
	if n := grace.eval(`document.querySelectorAll("#invite").length`); n != 0 {
		t.Error("a member who is not an admin sees the invite form")
	}

	// Grace is no admin: the settings page refuses her.
	grace.do("Grace tries the settings", chromedp.Click(chromedp.CSS("#settings-link")), chromedp.WaitVisible(chromedp.CSS("#error")))
	grace.contains("#error", "Only admins")
	grace.shot("5-refused")

	// Ada, an admin, lets acme.test addresses join by themselves.
	ada.do("Ada's settings", chromedp.Click(chromedp.CSS("#settings-link")), chromedp.WaitVisible(chromedp.CSS("#settings")))
	ada.do("save the settings",
		chromedp.SendKeys(chromedp.CSS("#domains"), "acme.test"),
		chromedp.SetValue(chromedp.CSS("#email-jit"), "RESTRICTED"),
		chromedp.Click(chromedp.CSS("#save-settings")),
		chromedp.WaitVisible(chromedp.CSS("#saved")),
	)
	if got := ada.eval(`document.querySelector("#email-jit").value === "RESTRICTED" && document.querySelector("#domains").value === "acme.test" ? 1 : 0`); got != 1 {
		t.Error("the saved settings do not show")
	}
	ada.shot("6-settings")

	// Ada adds an SSO connection, pointed at the mock's built-in IdP.
	ada.do("add an SSO connection", chromedp.Click(chromedp.CSS("#add-sso")), chromedp.WaitVisible(chromedp.CSS("#sso-added")))
	ada.contains("#sso-connections", "Acme Corp IdP", "SAML", "active", "/mock/idp/")
	ada.do("scroll to SSO", chromedp.ScrollIntoView(chromedp.CSS("#sso")))
	ada.shot("7-sso-settings")

	// Linus, in a third browser context, logs in with SSO: the app sends
	// him to Stytch, Stytch to the IdP's sign-in page, and back. He is no
	// member yet; the organization's SSO JIT provisioning adds him.
	lctx, cancelLinus := chromedp.NewContext(actx, chromedp.WithNewBrowserContext())
	defer cancelLinus()
	linus := tab{t, lctx}
	if err := chromedp.Do(lctx, chromedp.Navigate(st.appURL+"/")); err != nil {
		t.Fatalf("Linus opens the app: %v", err)
	}
	linus.do("Log in with SSO", chromedp.SendKeys(chromedp.CSS("#sso-slug"), "acme-corp"), chromedp.Click(chromedp.CSS("#sso-login")), chromedp.WaitVisible(chromedp.CSS("#sign-in")))
	linus.do("fill the IdP's sign-in page", chromedp.SendKeys(chromedp.CSS("#email"), "linus@acme.test"), chromedp.SendKeys(chromedp.CSS("#name"), "Linus Torvalds"))
	linus.shot("8-idp-sign-in")
	linus.do("sign in at the IdP", chromedp.Click(chromedp.CSS("#sign-in")), chromedp.WaitVisible(chromedp.CSS("#members")))
	linus.contains("#whoami", "acme-corp", "stytch_member")
	linus.contains("#members", "linus@acme.test (you)", "active", "ada@acme.test")
	if n := linus.eval(`location.pathname === "/org" ? 1 : 0`); n != 1 {
		t.Error("the SSO login did not land on the members page")
	}

	// Logging out revokes the session: the members page sends Ada to log in.
	ada.do("log out", chromedp.Click(chromedp.CSS("#logout")), chromedp.WaitVisible(chromedp.CSS("#email")))
	ada.do("members after logout", chromedp.Navigate(st.appURL+"/org"), chromedp.WaitVisible(chromedp.CSS("#email")))

	// Carol, uninvited, finds Acme Corp through its email domain and enters.
	carol := ada // the same browser, logged out
	carol.do("Carol sends a link", chromedp.SendKeys(chromedp.CSS("#email"), "carol@acme.test"), chromedp.Click(chromedp.CSS("#send-link")), chromedp.WaitVisible(chromedp.CSS("#sent")))
	carol.do("Carol opens the mailbox", chromedp.Click(chromedp.CSS("#open-mailbox")))
	carol.openMail("carol@acme.test")
	carol.do("Carol's organizations", chromedp.WaitVisible(chromedp.CSS("button.enter-org")))
	carol.contains("#discovered", "Enter Acme Corp")
	carol.do("Carol enters Acme Corp", chromedp.Click(chromedp.CSS("button.enter-org")), chromedp.WaitVisible(chromedp.CSS("#members")))
	carol.contains("#members", "carol@acme.test (you)", "grace@acme.test", "ada@acme.test")
}
