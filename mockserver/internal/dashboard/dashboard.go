package dashboard

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The dashboard is a read-only web view of the mock's state for local
// development: projects, organizations, members, the outbox (with clickable
// magic links) and the event log. It is served at / and under /dashboard/,
// is unauthenticated, and is turned off with Options.DisableDashboard.
//
// Its few actions (clear a project's outbox, rotate its signing keys, reset
// it after a confirmation page) are POSTs refused when a browser marks them
// as cross-site (Sec-Fetch-Site or Origin), and they write the data
// directory as the matching admin routes do. Pages are rendered with
// html/template, which escapes every value; secrets are never shown (the
// engine keeps only their hash), session tokens and JWTs never, and magic
// link tokens only inside the outbox messages a developer needs to click.

//go:embed templates/*.tmpl templates/style.css
var dashboardFS embed.FS

// dashboardMaxRows bounds every table, so that a project with 100,000
// members still renders quickly. Tables say when rows were left out.
const dashboardMaxRows = 500

// Backend is what the dashboard reads and acts on: the engine's projects.
type Backend interface {
	// Project returns a project, or nil when there is none with that ID.
	Project(id string) *state.Project
	// Projects lists every project.
	Projects() []*state.Project
	// Reset empties a project, keeping its credentials.
	Reset(id string) error
	// Persist writes a project to the data directory, if there is one.
	Persist(id string) error
}

// Dashboard is the read-mostly web UI of the mock: projects, their
// organizations, members, sessions, keys, outbox and events.
type Dashboard struct {
	b      Backend
	logger *slog.Logger
	pages  map[string]*template.Template
	css    []byte
	csrf   *http.CrossOriginProtection
	hosts  map[string]bool // extra host names allowed besides IP literals and localhost
	// csrfKey signs the CSRF tokens of the action forms (csrf.go).
	csrfKey []byte
}

// dashboardTemplates parses the pages once per process: each page is the
// layout plus the page's own "content".
var dashboardTemplates = sync.OnceValue(func() map[string]*template.Template {
	funcs := template.FuncMap{
		"time": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2006-01-02 15:04:05.000 UTC")
		},
		"timep": func(t *time.Time) string {
			if t == nil || t.IsZero() {
				return ""
			}
			return t.UTC().Format("2006-01-02 15:04:05 UTC")
		},
		"join": func(s []string) string { return strings.Join(s, ", ") },
	}
	pages := map[string]*template.Template{}
	for _, page := range []string{"projects", "project", "organization", "reset", "error"} {
		pages[page] = template.Must(template.New("layout.tmpl").Funcs(funcs).ParseFS(dashboardFS, "templates/layout.tmpl", "templates/"+page+".tmpl"))
	}
	return pages
})

// New returns the dashboard of b. hosts are the host names (besides IP
// addresses and localhost) under which it answers; logger may be nil.
func New(b Backend, logger *slog.Logger, hosts []string) *Dashboard {
	css, err := dashboardFS.ReadFile("templates/style.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	allowed := map[string]bool{}
	for _, h := range hosts {
		allowed[strings.ToLower(strings.TrimSpace(h))] = true
	}
	return &Dashboard{b: b, logger: logger, pages: dashboardTemplates(), css: css, csrf: http.NewCrossOriginProtection(), hosts: allowed, csrfKey: newCSRFKey()}
}

// hostAllowed reports whether the request's Host may see the dashboard: an IP
// address, localhost (or a name under .localhost), or a configured name. A
// DNS-rebinding attack reaches a local server under the attacker's own domain
// name, so refusing unknown names keeps other web pages from reading the
// dashboard (and the tokens in its outbox) through a victim's browser.
func (d *Dashboard) hostAllowed(r *http.Request) bool {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || d.hosts[host]
}

// IsDashboardRequest reports whether r is for the dashboard: GET or HEAD of
// /, or any path under /dashboard. Nothing there is an API or admin route.
func IsDashboardRequest(r *http.Request) bool {
	p := r.URL.Path
	if p == "/" {
		return r.Method == http.MethodGet || r.Method == http.MethodHead
	}
	return p == "/dashboard" || strings.HasPrefix(p, "/dashboard/")
}

// ServeHTTP serves the dashboard's pages, its stylesheet and its one action.
func (d *Dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status := http.StatusOK
	defer func() {
		if v := recover(); v != nil {
			status = http.StatusInternalServerError
			if d.logger != nil {
				d.logger.Error("dashboard handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			}
			http.Error(w, "The dashboard hit an internal error; this is a bug in stytch-mock.", status)
		}
		if d.logger != nil {
			d.logger.Info("dashboard", "method", r.Method, "path", r.URL.Path, "status", status, "duration", time.Since(start))
		}
	}()
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

	if !d.hostAllowed(r) {
		status = http.StatusForbidden
		http.Error(w, "The dashboard answers only to IP addresses, localhost and the host names it was configured with (mockserver.Options.DashboardHosts, stytch-mock --dashboard-host).", status)
		return
	}

	segs, ok := httpkit.SplitEscapedPath(r.URL.EscapedPath())
	if !ok {
		status = d.renderError(w, http.StatusNotFound, "There is no such dashboard page.")
		return
	}
	if len(segs) > 0 && segs[0] == "dashboard" {
		segs = segs[1:]
	}
	if len(segs) > 0 && segs[len(segs)-1] == "" { // trailing slash
		segs = segs[:len(segs)-1]
	}
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	switch {
	case len(segs) == 0:
		if !get {
			status = d.methodNotAllowed(w, "GET, HEAD")
			return
		}
		status = d.render(w, "projects", d.projectsPage())
	case len(segs) == 1 && segs[0] == "style.css":
		if !get {
			status = d.methodNotAllowed(w, "GET, HEAD")
			return
		}
		h.Set("Content-Type", "text/css; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(d.css)
	case len(segs) == 2 && segs[0] == "projects":
		if !get {
			status = d.methodNotAllowed(w, "GET, HEAD")
			return
		}
		p := d.b.Project(segs[1])
		if p == nil {
			status = d.renderError(w, http.StatusNotFound, fmt.Sprintf("There is no project %q.", segs[1]))
			return
		}
		page := d.projectPage(p, r.URL.Query())
		page.CSRF = d.ensureCSRF(w, r)
		status = d.render(w, "project", page)
	case len(segs) == 4 && segs[0] == "projects" && segs[2] == "organizations":
		if !get {
			status = d.methodNotAllowed(w, "GET, HEAD")
			return
		}
		p := d.b.Project(segs[1])
		if p == nil {
			status = d.renderError(w, http.StatusNotFound, fmt.Sprintf("There is no project %q.", segs[1]))
			return
		}
		page, found := d.organizationPage(p, segs[3], r)
		if !found {
			status = d.renderError(w, http.StatusNotFound, fmt.Sprintf("Project %q has no organization %q.", p.ID, segs[3]))
			return
		}
		status = d.render(w, "organization", page)
	case len(segs) == 4 && segs[0] == "projects" && segs[2] == "outbox" && segs[3] == "clear":
		p, st := d.actionProject(w, r, segs[1])
		if p == nil {
			status = st
			return
		}
		p.Outbox.Clear()
		status = d.persistThenRedirect(w, r, p.ID, projectPath(p.ID)+"#outbox")
	case len(segs) == 4 && segs[0] == "projects" && segs[2] == "keys" && segs[3] == "rotate":
		p, st := d.actionProject(w, r, segs[1])
		if p == nil {
			status = st
			return
		}
		if _, err := p.Keys.Rotate(p.Clock.Now()); err != nil {
			status = d.renderError(w, http.StatusInternalServerError, "Could not generate a signing key: "+err.Error())
			return
		}
		status = d.persistThenRedirect(w, r, p.ID, projectPath(p.ID)+"#keys")
	case len(segs) == 3 && segs[0] == "projects" && segs[2] == "reset":
		if get {
			// The confirmation page: resetting is destructive, so the
			// project page only links here and the POST button is on it.
			p := d.b.Project(segs[1])
			if p == nil {
				status = d.renderError(w, http.StatusNotFound, fmt.Sprintf("There is no project %q.", segs[1]))
				return
			}
			page := d.resetPage(p)
			page.CSRF = d.ensureCSRF(w, r)
			status = d.render(w, "reset", page)
			return
		}
		p, st := d.actionProject(w, r, segs[1])
		if p == nil {
			status = st
			return
		}
		// Reset writes the data directory itself, as POST /mock/reset does.
		if err := d.b.Reset(p.ID); err != nil {
			if errors.Is(err, state.ErrNoProject) {
				status = d.renderError(w, http.StatusNotFound, fmt.Sprintf("There is no project %q.", p.ID))
				return
			}
			status = d.persistFailed(w, p.ID, err)
			return
		}
		status = http.StatusSeeOther
		http.Redirect(w, r, projectPath(p.ID), status)
	default:
		status = d.renderError(w, http.StatusNotFound, "There is no such dashboard page.")
	}
}

// render executes a page into a buffer first, so that a template error is a
// clean 500 rather than half a page.
func (d *Dashboard) render(w http.ResponseWriter, page string, data any) int {
	var buf bytes.Buffer
	if err := d.pages[page].Execute(&buf, data); err != nil {
		if d.logger != nil {
			d.logger.Error("dashboard template failed", "page", page, "error", err)
		}
		http.Error(w, "The dashboard could not render this page; this is a bug in stytch-mock.", http.StatusInternalServerError)
		return http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
	return http.StatusOK
}

type errorPage struct {
	Title   string
	Status  int
	Message string
}

func (d *Dashboard) renderError(w http.ResponseWriter, status int, msg string) int {
	var buf bytes.Buffer
	if err := d.pages["error"].Execute(&buf, errorPage{Title: http.StatusText(status), Status: status, Message: msg}); err != nil {
		http.Error(w, msg, status)
		return status
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return status
}

func (d *Dashboard) methodNotAllowed(w http.ResponseWriter, allow string) int {
	w.Header().Set("Allow", allow)
	return d.renderError(w, http.StatusMethodNotAllowed, "This dashboard page only answers "+allow+".")
}

// actionProject checks a dashboard action: a POST, not cross-site, on an
// existing project. On failure it has answered and returns nil and the status.
func (d *Dashboard) actionProject(w http.ResponseWriter, r *http.Request, id string) (*state.Project, int) {
	if r.Method != http.MethodPost {
		return nil, d.methodNotAllowed(w, "POST")
	}
	if err := d.csrf.Check(r); err != nil || !sameOrigin(r) {
		return nil, d.renderError(w, http.StatusForbidden, "Refused a request that is not same-origin: dashboard actions must come from the dashboard's own pages.")
	}
	if !d.checkCSRF(w, r) {
		return nil, d.renderError(w, http.StatusForbidden, "Refused an action without a valid CSRF token: reload the dashboard page and try again.")
	}
	p := d.b.Project(id)
	if p == nil {
		return nil, d.renderError(w, http.StatusNotFound, fmt.Sprintf("There is no project %q.", id))
	}
	return p, 0
}

// persistThenRedirect writes the changed project to the data directory, when
// there is one, as a successful admin route does, then redirects with 303.
func (d *Dashboard) persistThenRedirect(w http.ResponseWriter, r *http.Request, id, to string) int {
	if err := d.b.Persist(id); err != nil {
		return d.persistFailed(w, id, err)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return http.StatusSeeOther
}

func (d *Dashboard) persistFailed(w http.ResponseWriter, id string, err error) int {
	if d.logger != nil {
		d.logger.Error("mock could not write its data directory", "project_id", id, "error", err)
	}
	return d.renderError(w, http.StatusInternalServerError, "The change was made but could not be written to the data directory.")
}

func projectPath(id string) string { return "/dashboard/projects/" + url.PathEscape(id) }

func orgPath(projectID, orgID string) string {
	return projectPath(projectID) + "/organizations/" + url.PathEscape(orgID)
}

// Page data. Everything is copied out of the project under its locks, then
// rendered with no lock held.

type projectRow struct {
	ID, Env, URL                   string
	Organizations, Members, Outbox int
	Events                         int
	Now                            time.Time
}

type projectsPage struct {
	Title    string
	Projects []projectRow
}

func (d *Dashboard) projectsPage() projectsPage {
	ps := d.b.Projects()
	// TEST projects first, then LIVE; by ID within each (the engine keeps no
	// creation order of projects).
	slices.SortFunc(ps, func(a, b *state.Project) int {
		return cmp.Or(cmp.Compare(envOrder(a.Env), envOrder(b.Env)), cmp.Compare(a.ID, b.ID))
	})
	page := projectsPage{Title: "Projects", Projects: make([]projectRow, 0, len(ps))}
	for _, p := range ps {
		now := p.Clock.Now()
		row := projectRow{ID: p.ID, Env: p.Env, URL: projectPath(p.ID), Now: now}
		p.Mu.RLock()
		row.Organizations = len(p.Orgs)
		for _, m := range p.Members {
			if m.Member.Status != organizations.StatusDeleted {
				row.Members++
			}
		}
		p.Mu.RUnlock()
		row.Outbox = p.Outbox.Len()
		row.Events = len(p.Events.Snapshot(now))
		page.Projects = append(page.Projects, row)
	}
	return page
}

func envOrder(env string) int {
	if env == "test" {
		return 0
	}
	return 1
}

type orgRow struct {
	ID, Name, Slug, URL string
	Members             int
	CreatedAt           *time.Time
}

type memberRow struct {
	OrgName, OrgURL         string
	ID, Email, Name, Status string
	Roles                   []string
	CreatedAt               *time.Time
}

type eventFilter struct {
	Status, Action, RequestID string
}

type projectPage struct {
	// CSRF is the token the action forms carry (csrf.go).
	CSRF            string
	Title           string
	ID, Env         string
	Now             time.Time
	Offset          time.Duration
	RedirectURLs    []state.RedirectURL
	Organizations   []orgRow
	OrgsOmitted     int
	Members         []memberRow
	MembersOmitted  int
	Messages        []state.Message
	MessagesOmitted int
	ClearURL        string
	Events          []state.Event
	EventsTotal     int
	EventsOmitted   int
	Filter          eventFilter
	Filtered        bool
	Actions         []string
	Statuses        []string
	SelfURL         string
	Sessions        []sessionRow
	SessionsOmitted int
	M2MClients      []m2mClientRow
	M2MOmitted      int
	// ConnectedApps are the project's connected apps (B2B projects).
	ConnectedApps        []connectedAppRow
	ConnectedAppsOmitted int
	// Vertical is the project's vertical; Users are a consumer project's.
	Vertical     string
	Users        []userRow
	UsersOmitted int
	PublicToken  string
	Keys         []keyRow
	RotateURL    string
	ResetURL     string
}

func (d *Dashboard) projectPage(p *state.Project, q url.Values) projectPage {
	now := p.Clock.Now()
	page := projectPage{Title: p.ID, ID: p.ID, Env: p.Env, Now: now, Offset: p.Clock.Offset(), ClearURL: projectPath(p.ID) + "/outbox/clear", RotateURL: projectPath(p.ID) + "/keys/rotate", ResetURL: projectPath(p.ID) + "/reset", SelfURL: projectPath(p.ID), Statuses: []string{"start", "success", "error"}}

	p.Mu.RLock()
	page.RedirectURLs = state.CloneRedirectURLs(p.RedirectURLs)
	orgs := make([]*state.OrgRecord, 0, len(p.Orgs))
	for _, o := range p.Orgs {
		orgs = append(orgs, o)
	}
	slices.SortFunc(orgs, func(a, b *state.OrgRecord) int { return cmp.Compare(a.Seq, b.Seq) })
	for i, o := range orgs {
		if i == dashboardMaxRows {
			page.OrgsOmitted = len(orgs) - i
			break
		}
		page.Organizations = append(page.Organizations, d.orgRow(p, o))
	}
	for _, o := range orgs {
		for _, r := range p.MembersOf(o.Org.OrganizationID) {
			if len(page.Members) == dashboardMaxRows {
				page.MembersOmitted++
				continue
			}
			page.Members = append(page.Members, memberRowOf(p, r, o))
		}
	}
	page.Sessions, page.SessionsOmitted = sessionRows(p, "", now)
	page.M2MClients, page.M2MOmitted = m2mClientRows(p)
	page.ConnectedApps, page.ConnectedAppsOmitted = connectedAppRows(p)
	page.Vertical = p.Vertical
	page.Users, page.UsersOmitted = userRows(p, now)
	page.PublicToken = p.SSO.PublicToken
	p.Mu.RUnlock()
	page.Keys = keyRows(p.Keys.List(), now)

	msgs := p.Outbox.List("")
	if len(msgs) > dashboardMaxRows {
		page.MessagesOmitted = len(msgs) - dashboardMaxRows
		msgs = msgs[:dashboardMaxRows]
	}
	page.Messages = msgs

	page.Filter = eventFilter{Status: strings.TrimSpace(q.Get("status")), Action: strings.TrimSpace(q.Get("action")), RequestID: strings.TrimSpace(q.Get("request_id"))}
	page.Filtered = page.Filter != eventFilter{}
	events := p.Events.Snapshot(now)
	page.EventsTotal = len(events)
	actions := map[string]bool{}
	for _, ev := range slices.Backward(events) {
		actions[ev.Action] = true
		if page.Filter.Status != "" && ev.Status != page.Filter.Status ||
			page.Filter.Action != "" && ev.Action != page.Filter.Action ||
			page.Filter.RequestID != "" && ev.RequestID != page.Filter.RequestID {
			continue
		}
		if len(page.Events) == dashboardMaxRows {
			page.EventsOmitted++
			continue
		}
		page.Events = append(page.Events, ev)
	}
	page.Actions = make([]string, 0, len(actions))
	for a := range actions {
		page.Actions = append(page.Actions, a)
	}
	slices.Sort(page.Actions)
	return page
}

// orgRow summarises an organization. Callers hold p.mu.
func (d *Dashboard) orgRow(p *state.Project, o *state.OrgRecord) orgRow {
	row := orgRow{ID: o.Org.OrganizationID, Name: o.Org.OrganizationName, Slug: o.Org.OrganizationSlug, URL: orgPath(p.ID, o.Org.OrganizationID), CreatedAt: state.CloneTime(o.Org.CreatedAt)}
	for _, r := range p.MembersOf(o.Org.OrganizationID) {
		if r.Member.Status != organizations.StatusDeleted {
			row.Members++
		}
	}
	return row
}

// memberRowOf summarises a member. Callers hold p.mu.
func memberRowOf(p *state.Project, r *state.MemberRecord, o *state.OrgRecord) memberRow {
	row := memberRow{OrgName: o.Org.OrganizationName, OrgURL: orgPath(p.ID, o.Org.OrganizationID), ID: r.Member.MemberID, Email: r.Member.EmailAddress, Name: r.Member.Name, Status: r.Member.Status, CreatedAt: state.CloneTime(r.Member.CreatedAt)}
	for _, role := range p.MemberRoles(r) {
		row.Roles = append(row.Roles, role.RoleID)
	}
	return row
}

type setting struct {
	Name, Value string
}

type organizationPage struct {
	Title           string
	ProjectID       string
	ProjectURL      string
	Now             time.Time
	Org             orgRow
	Settings        []setting
	Members         []memberRow
	MembersOmitted  int
	Sessions        []sessionRow
	SessionsOmitted int
	SSOConnections  []ssoConnRow
	SCIMConnection  *scimConnRow
	// OAuthRegistrations are the members' OAuth links (oauth_registrations.go).
	OAuthRegistrations        []oauthRegRow
	OAuthRegistrationsOmitted int
}

func (d *Dashboard) organizationPage(p *state.Project, orgID string, r *http.Request) (organizationPage, bool) {
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	o := p.Orgs[orgID]
	if o == nil {
		return organizationPage{}, false
	}
	v := p.OrgView(o)
	page := organizationPage{Title: v.OrganizationName, ProjectID: p.ID, ProjectURL: projectPath(p.ID), Org: d.orgRow(p, o), SSOConnections: ssoConnRows(p, orgID), SCIMConnection: scimConnRowOf(p, orgID, r)}
	list := func(s []string) string {
		if len(s) == 0 {
			return "(none)"
		}
		return strings.Join(s, ", ")
	}
	jsonText := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			return "(unprintable)"
		}
		return string(b)
	}
	page.Settings = []setting{
		{"organization_id", v.OrganizationID},
		{"organization_name", v.OrganizationName},
		{"organization_slug", v.OrganizationSlug},
		{"organization_external_id", v.OrganizationExternalID},
		{"organization_logo_url", v.OrganizationLogoURL},
		{"email_allowed_domains", list(v.EmailAllowedDomains)},
		{"email_jit_provisioning", v.EmailJITProvisioning},
		{"email_invites", v.EmailInvites},
		{"claimed_email_domains", list(v.ClaimedEmailDomains)},
		{"auth_methods", v.AuthMethods},
		{"allowed_auth_methods", list(v.AllowedAuthMethods)},
		{"mfa_policy", v.MFAPolicy},
		{"mfa_methods", v.MFAMethods},
		{"allowed_mfa_methods", list(v.AllowedMFAMethods)},
		{"sso_jit_provisioning", v.SSOJITProvisioning},
		{"sso_jit_provisioning_allowed_connections", list(v.SSOJITProvisioningAllowedConnections)},
		{"sso_default_connection_id", v.SSODefaultConnectionID},
		{"oauth_tenant_jit_provisioning", v.OAuthTenantJITProvisioning},
		{"allowed_oauth_tenants", jsonText(v.AllowedOAuthTenants)},
		{"rbac_email_implicit_role_assignments", jsonText(v.RBACEmailImplicitRoleAssignments)},
		{"first_party_connected_apps_allowed_type", v.FirstPartyConnectedAppsAllowedType},
		{"third_party_connected_apps_allowed_type", v.ThirdPartyConnectedAppsAllowedType},
		{"trusted_metadata", jsonText(v.TrustedMetadata)},
		{"created_at", formatTimePtr(v.CreatedAt)},
		{"updated_at", formatTimePtr(v.UpdatedAt)},
	}
	for _, r := range p.MembersOf(orgID) {
		if len(page.Members) == dashboardMaxRows {
			page.MembersOmitted++
			continue
		}
		page.Members = append(page.Members, memberRowOf(p, r, o))
	}
	page.Now = p.Clock.Now()
	page.Sessions, page.SessionsOmitted = sessionRows(p, orgID, page.Now)
	page.OAuthRegistrations, page.OAuthRegistrationsOmitted = oauthRegRows(p, orgID)
	return page, true
}

// sessionRow summarises a live member session. It carries no session token
// or JWT: the engine keeps only the token's hash, and the dashboard never
// mints a JWT.
type sessionRow struct {
	ID, Email, OrgName, OrgURL           string
	StartedAt, LastAccessedAt, ExpiresAt time.Time
	Factors, Roles                       []string
	// Impersonator names who impersonates, for an impersonated session.
	Impersonator string
}

// sessionRows lists the live sessions of a project (of one organization when
// orgID is set), oldest first, capped at dashboardMaxRows; it also returns
// how many were left out. Expired sessions are skipped, not dropped: the
// dashboard only reads. Callers hold p.mu.
func sessionRows(p *state.Project, orgID string, now time.Time) ([]sessionRow, int) {
	var live []*state.SessionRecord
	for _, s := range p.Sessions.ByID {
		if (orgID == "" || s.OrgID == orgID) && p.SessionIsLive(s, now) {
			live = append(live, s)
		}
	}
	slices.SortFunc(live, func(a, b *state.SessionRecord) int {
		return cmp.Or(a.StartedAt.Compare(b.StartedAt), cmp.Compare(a.ID, b.ID))
	})
	omitted := 0
	if len(live) > dashboardMaxRows {
		omitted = len(live) - dashboardMaxRows
		live = live[:dashboardMaxRows]
	}
	rows := make([]sessionRow, 0, len(live))
	for _, s := range live {
		v := p.SessionView(s)
		row := sessionRow{ID: s.ID, StartedAt: s.StartedAt, LastAccessedAt: s.LastAccessedAt, ExpiresAt: s.ExpiresAt, Roles: v.Roles}
		if m := p.Members[s.MemberID]; m != nil {
			row.Email = m.Member.EmailAddress
		}
		if o := p.Orgs[s.OrgID]; o != nil {
			row.OrgName, row.OrgURL = o.Org.OrganizationName, orgPath(p.ID, s.OrgID)
		}
		for _, f := range s.Factors {
			desc := f.Type
			if f.DeliveryMethod != "" {
				desc += " (" + f.DeliveryMethod + ")"
			}
			row.Factors = append(row.Factors, desc)
			row.Impersonator = cmp.Or(row.Impersonator, impersonator(f))
		}
		rows = append(rows, row)
	}
	return rows, omitted
}

// keyRow is one signing key as the dashboard shows it: its kid only.
type keyRow struct {
	Kid     string
	Current bool
	Retired time.Time // zero for the current key
	Until   time.Time // when a retired key leaves the JWKS
	Gone    bool      // a retired key no longer published
}

// keyRows lists the keys newest first.
func keyRows(keys []state.KeyInfo, now time.Time) []keyRow {
	rows := make([]keyRow, 0, len(keys))
	for i, k := range slices.Backward(keys) {
		row := keyRow{Kid: k.KID, Current: i == len(keys)-1 && k.Retired.IsZero(), Retired: k.Retired}
		if !k.Retired.IsZero() {
			row.Until = k.Retired.Add(state.KeyRetention)
			row.Gone = !now.Before(row.Until)
		}
		rows = append(rows, row)
	}
	return rows
}

type resetPage struct {
	// CSRF is the token the form carries (csrf.go).
	CSRF                                     string
	Title                                    string
	ID, Env                                  string
	ProjectURL                               string
	ResetURL                                 string
	Organizations, Members, Sessions, Outbox int
}

func (d *Dashboard) resetPage(p *state.Project) resetPage {
	now := p.Clock.Now()
	page := resetPage{Title: "Reset " + p.ID, ID: p.ID, Env: p.Env, ProjectURL: projectPath(p.ID), ResetURL: projectPath(p.ID) + "/reset"}
	p.Mu.RLock()
	page.Organizations = len(p.Orgs)
	for _, m := range p.Members {
		if m.Member.Status != organizations.StatusDeleted {
			page.Members++
		}
	}
	for _, s := range p.Sessions.ByID {
		if p.SessionIsLive(s, now) {
			page.Sessions++
		}
	}
	p.Mu.RUnlock()
	page.Outbox = p.Outbox.Len()
	return page
}

func formatTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
