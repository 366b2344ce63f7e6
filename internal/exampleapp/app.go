package main

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

//go:embed templates
var templateFS embed.FS

// Cookie names. The session cookie holds the Stytch session JWT; the
// discovery cookie holds the intermediate session token between the
// discovery page and the choice of an organization.
const (
	sessionCookie   = "session_jwt"
	discoveryCookie = "intermediate_session"
)

// app is the web application: its Stytch client, where magic links and SSO
// logins land (redirectURL), where the mock's outbox is (mailboxURL), and
// what SSO needs besides the client.
type app struct {
	client      *b2b.Client
	redirectURL string
	mailboxURL  string
	sso         ssoSetup
	log         *slog.Logger
	pages       map[string]*template.Template
}

func newApp(client *b2b.Client, redirectURL, mailboxURL string, log *slog.Logger) (*app, error) {
	a := &app{client: client, redirectURL: redirectURL, mailboxURL: mailboxURL, log: log, pages: map[string]*template.Template{}}
	for _, name := range []string{"login", "sent", "discovery", "home", "settings", "error"} {
		t, err := template.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parsing the %s page: %w", name, err)
		}
		a.pages[name] = t
	}
	return a, nil
}

// routes returns the app's handler. http.CrossOriginProtection refuses
// cross-site form posts (CSRF), using the browser's Sec-Fetch-Site header.
func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.loginPage)
	mux.HandleFunc("POST /login", a.sendDiscoveryLink)
	mux.HandleFunc("POST /sso", a.startSSO)
	mux.HandleFunc("GET /authenticate", a.authenticate)
	mux.HandleFunc("POST /discovery/create", a.createOrganization)
	mux.HandleFunc("POST /discovery/enter", a.enterOrganization)
	mux.Handle("GET /org", a.member(a.home))
	mux.Handle("POST /invite", a.member(a.invite))
	mux.Handle("GET /settings", a.member(a.settings))
	mux.Handle("POST /settings", a.member(a.saveSettings))
	mux.Handle("POST /settings/sso", a.member(a.createSSOConnection))
	mux.Handle("POST /logout", a.member(a.logout))
	return http.NewCrossOriginProtection().Handler(mux)
}

// session is the logged-in member of a request: the verified claims of
// their session JWT, and the JWT itself to make calls as them.
type session struct {
	*sessions.Claims
	jwt string
}

// member wraps a handler that needs a logged-in member. It validates the
// session JWT locally: the signature against the project's cached JWKS, and
// the expiry. A JWT older than a minute is re-checked with Stytch (so a
// revoked session is noticed within a minute), which answers a fresh JWT.
func (a *app) member(next func(http.ResponseWriter, *http.Request, *session)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		claims, err := a.client.Sessions.AuthenticateJWT(r.Context(), c.Value, &sessions.JWTOptions{MaxTokenAge: time.Minute, AllowRemote: true})
		switch {
		case loggedOut(err):
			clearCookie(w, r, sessionCookie)
			http.Redirect(w, r, "/?expired=1", http.StatusSeeOther)
			return
		case err != nil:
			a.fail(w, r, fmt.Errorf("validating the session: %w", err))
			return
		}
		s := &session{Claims: claims, jwt: c.Value}
		if claims.Remote != nil && claims.Remote.SessionJWT != "" {
			s.jwt = claims.Remote.SessionJWT
			setCookie(w, r, sessionCookie, s.jwt, 0)
		}
		next(w, r, s)
	})
}

// loggedOut reports whether a session check failed because the session is
// no good (a forged or malformed JWT, or a session Stytch no longer knows:
// expired or revoked), rather than because Stytch could not be reached.
func loggedOut(err error) bool {
	var apiErr *stytchapi.Error
	return errors.Is(err, sessions.ErrJWTInvalid) ||
		errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusNotFound)
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure over TLS. A
// maxAge of 0 makes it a browser-session cookie; Stytch decides when the
// session itself ends.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

func clearCookie(w http.ResponseWriter, r *http.Request, name string) { setCookie(w, r, name, "", -1) }

// render writes a page; data is the page's own, the layout adds the
// mailbox link and the logged-in member.
func (a *app) render(w http.ResponseWriter, status int, name string, s *session, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	page := struct {
		Mailbox string
		Session *session
		Data    any
	}{a.mailboxURL, s, data}
	if err := a.pages[name].ExecuteTemplate(w, "layout", page); err != nil {
		a.log.Error("rendering", "page", name, "err", err)
	}
}

// fail shows an error page. A Stytch error keeps its status and error_type
// (a 403 is a refusal by RBAC); anything else is a 500.
func (a *app) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "Something went wrong."
	var apiErr *stytchapi.Error
	if errors.As(err, &apiErr) && apiErr.StatusCode < 500 {
		status, msg = apiErr.StatusCode, fmt.Sprintf("Stytch said %s: %s", apiErr.ErrorType, apiErr.ErrorMessage)
	}
	a.log.Warn("request failed", "path", r.URL.Path, "err", err)
	a.render(w, status, "error", nil, msg)
}
