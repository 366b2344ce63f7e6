package mockserver_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stytchkit/stytch-go/mockserver"
)

// headlessBrowser starts a headless Chromium that resolves only loopback
// addresses, navigates it to first and returns a step function that runs
// actions with a timeout, failing the test on an error. It skips the test
// in -short mode or when no browser is installed (on Debian: apt-get
// install chromium).
func headlessBrowser(t *testing.T, first string) func(name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := findChromium()
	if browser == "" {
		t.Skip("no Chromium or Chrome found on PATH (looked for chromium, chromium-browser, google-chrome); install one to run the browser tests")
	}
	root, cancelRoot := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancelRoot)
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
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)
	// The first Run starts the browser; it gets no timeout of its own (a
	// cancelled first context would close the browser).
	if err := chromedp.Do(bctx, chromedp.Navigate(first)); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}
	return func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// landingApp serves the app a browser login ends at (every page shows
// #landed) and registers callback on it as the project's default login and
// signup redirect URL. The returned function waits for the browser to land
// on callback and returns the query it carried.
func landingApp(t *testing.T, ts *mockserver.TestServer, callback string) func() url.Values {
	t.Helper()
	target, wait := landingServer(t, callback)
	both := []string{"login", "signup"}
	if err := ts.SetRedirectURLs(ts.ProjectID, []mockserver.RedirectURL{{URL: target, Types: both, DefaultFor: both}}); err != nil {
		t.Fatal(err)
	}
	return wait
}

// landingServer serves an app whose every page shows #landed and returns
// the URL of its callback path and a function that waits for the browser
// to land on callback and returns the query it carried.
func landingServer(t *testing.T, callback string) (string, func() url.Values) {
	t.Helper()
	landed := make(chan url.Values, 4)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == callback {
			select {
			case landed <- r.URL.Query():
			default:
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><title>app</title><h1 id="landed">Signed in</h1>`)
	}))
	t.Cleanup(app.Close)
	return app.URL + callback, func() url.Values {
		t.Helper()
		select {
		case q := <-landed:
			return q
		case <-time.After(10 * time.Second):
			t.Fatal("the browser never reached the app's redirect URL")
			return nil
		}
	}
}
