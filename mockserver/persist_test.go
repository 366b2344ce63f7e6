package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// world is what populate made, to check after a restore.
type world struct {
	orgs    []organizations.Organization
	members []organizations.Member
	login   mockserver.SessionFixture
}

// populate fills the test project with organizations, members, a session,
// a moved clock and platform settings.
func populate(t *testing.T, ts *mockserver.TestServer) world {
	t.Helper()
	c := fastClient(t, ts)
	var w world
	for i := range 3 {
		o := createOrg(t, c, fmt.Sprintf("Persist %d", i))
		w.orgs = append(w.orgs, o)
		m, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: o.OrganizationID, EmailAddress: fmt.Sprintf("ada%d@example.com", i), Name: "Ada"})
		if err != nil {
			t.Fatal(err)
		}
		w.members = append(w.members, m.Member)
	}
	w.login = ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: w.orgs[0].OrganizationID, MemberID: w.members[0].MemberID, SessionCustomClaims: map[string]any{"team": "core"}})
	ts.Clock().Advance(time.Minute)
	if _, err := ts.AddFault(ts.ProjectID, mockserver.Fault{Path: "/v1/b2b/nothing", Status: 503}); err != nil {
		t.Fatal(err)
	}
	if err := ts.SetSessionDuration(ts.ProjectID, 90); err != nil {
		t.Fatal(err)
	}
	return w
}

// serve runs srv under httptest and returns a client for creds.
func serve(t *testing.T, srv *mockserver.Server, projectID, secret string) *b2b.Client {
	t.Helper()
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := b2b.NewClient(projectID, secret, stytchapi.WithBaseURL(hs.URL), stytchapi.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkWorld asserts through the SDK that w is all there.
func checkWorld(t *testing.T, c *b2b.Client, w world) {
	t.Helper()
	for i, o := range w.orgs {
		got, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: o.OrganizationID})
		if err != nil || got.Organization.OrganizationSlug != o.OrganizationSlug {
			t.Fatalf("org %d: %+v, %v", i, got, err)
		}
		m, err := c.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: o.OrganizationID, EmailAddress: strings.ToUpper(w.members[i].EmailAddress)})
		if err != nil || m.Member.MemberID != w.members[i].MemberID {
			t.Fatalf("member %d by email: %+v, %v", i, m, err)
		}
	}
	// The old JWT verifies locally against the restored JWKS...
	claims, err := c.Sessions.AuthenticateJWTLocal(ctx, w.login.SessionJWT, nil)
	if err != nil {
		t.Fatalf("old JWT does not verify after the restore: %v", err)
	}
	if claims.MemberSession().MemberSessionID != w.login.MemberSession.MemberSessionID {
		t.Fatalf("JWT session = %q", claims.MemberSession().MemberSessionID)
	}
	// ...and the session token still authenticates, with its custom claims.
	auth, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: w.login.SessionToken})
	if err != nil {
		t.Fatalf("session token after the restore: %v", err)
	}
	if auth.MemberSession.MemberSessionID != w.login.MemberSession.MemberSessionID || auth.MemberSession.CustomClaims["team"] != "core" {
		t.Fatalf("restored session = %+v", auth.MemberSession)
	}
	if auth.SessionToken != w.login.SessionToken {
		t.Fatalf("restored session answers another token")
	}
}

func TestExportImportIntoFreshServer(t *testing.T) {
	ts := mockserver.Start(t)
	w := populate(t, ts)
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(snap, []byte(ts.Secret)) || bytes.Contains(snap, []byte(w.login.SessionToken)) {
		t.Fatal("the snapshot holds the secret or a session token in clear")
	}

	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	again, err := srv.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(snap, again) {
		t.Fatalf("export after import differs:\n%s\n---\n%s", snap, again)
	}
	if off := srv.Clock(ts.ProjectID).Offset(); off != time.Minute {
		t.Fatalf("clock offset = %v", off)
	}
	if !srv.CheckCredentials(ts.ProjectID, ts.Secret) {
		t.Fatal("the original secret does not authenticate the imported project")
	}
	checkWorld(t, serve(t, srv, ts.ProjectID, ts.Secret), w)
	faults, _ := srv.Faults(ts.ProjectID)
	if len(faults) != 1 || faults[0].Path != "/v1/b2b/nothing" {
		t.Fatalf("faults = %+v", faults)
	}
}

func TestResetThenImportOverHTTP(t *testing.T) {
	ts := mockserver.Start(t)
	w := populate(t, ts)
	status, _ := call(t, ts, http.MethodGet, "/mock/export", nil)
	if status != http.StatusOK {
		t.Fatalf("export: %d", status)
	}
	snap, _ := ts.Export(ts.ProjectID)
	jwks := jwksKids(t, ts)

	status, body := call(t, ts, http.MethodPost, "/mock/reset", nil)
	wantStatus(t, status, body, http.StatusOK, "")
	c := fastClient(t, ts)
	if n := countOrgs(t, c); n != 0 {
		t.Fatalf("%d organizations after reset", n)
	}
	if got := jwksKids(t, ts); got != jwks {
		t.Fatalf("reset changed the keys: %s -> %s", jwks, got)
	}
	if ts.Clock().Offset() != time.Minute {
		t.Fatal("reset moved the clock")
	}
	if _, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: w.login.SessionToken}); err == nil {
		t.Fatal("the session survived the reset")
	}

	status, body = call(t, ts, http.MethodPost, "/mock/import", string(snap))
	wantStatus(t, status, body, http.StatusOK, "")
	checkWorld(t, c, w)
}

func jwksKids(t *testing.T, ts *mockserver.TestServer) string {
	t.Helper()
	resp, err := ts.HTTP.Client().Get(ts.URL + "/v1/b2b/sessions/jwks/" + ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	var kids []string
	for _, k := range out.Keys {
		kids = append(kids, k.Kid)
	}
	return strings.Join(kids, ",")
}

func TestImportRefusesBadSnapshotsAndChangesNothing(t *testing.T) {
	ts := mockserver.Start(t)
	populate(t, ts)
	good, _ := ts.Export(ts.ProjectID)
	other := mockserver.Start(t)
	foreign, _ := other.Export(other.ProjectID)
	var doc map[string]any
	_ = json.Unmarshal(good, &doc)
	mutate := func(f func(map[string]any)) string {
		var d map[string]any
		_ = json.Unmarshal(good, &d)
		f(d)
		b, _ := json.Marshal(d)
		return string(b)
	}
	tests := []struct {
		name, body, want string
	}{
		{"version", mutate(func(d map[string]any) { d["version"] = 99 }), "unsupported snapshot version 99"},
		{"other project", string(foreign), "project.project_id"},
		{"unknown section", mutate(func(d map[string]any) { d["widgets"] = []any{} }), "widgets: unknown section"},
		{"member of no org", mutate(func(d map[string]any) {
			d["organizations"] = d["organizations"].([]any)[1:]
		}), "names no organization"},
		{"bad key", mutate(func(d map[string]any) {
			keys := d["signing_keys"].([]any)
			keys[0].(map[string]any)["private_key_pem"] = "nope"
		}), "private_key_pem"},
		{"bad access token", mutate(func(d map[string]any) {
			d["access_tokens"] = []any{map[string]any{"token_hash": "not-a-hash", "organization_id": "o", "member_id": "m",
				"client_id": "c", "scopes": []string{"full_access"}, "first_party": true, "issued_at": "2024-01-01T00:00:00Z", "exchanged": false}}
		}), "access_tokens[0].token_hash"},
		{"not json", "{", "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, ts, http.MethodPost, "/mock/import", tt.body)
			wantStatus(t, status, body, http.StatusBadRequest, "invalid_snapshot")
			if msg, _ := body["error_message"].(string); !strings.Contains(msg, tt.want) {
				t.Fatalf("message %q lacks %q", msg, tt.want)
			}
			now, _ := ts.Export(ts.ProjectID)
			if !sameState(t, good, now) {
				t.Fatal("a refused import changed the project")
			}
		})
	}
}

// sameState compares snapshots without the event log, which every request
// grows.
func sameState(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y map[string]json.RawMessage
	_ = json.Unmarshal(a, &x)
	_ = json.Unmarshal(b, &y)
	delete(x, "events")
	delete(y, "events")
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

func TestDataDirSurvivesRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	srv := mockserver.New(mockserver.Options{})
	if _, err := srv.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	creds, err := srv.CreateProject(mockserver.EnvTest)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	ts := &mockserver.TestServer{Server: srv, URL: hs.URL, ProjectID: creds.ProjectID, Secret: creds.Secret, HTTP: hs}
	w := populate(t, ts)
	c := fastClient(t, ts)
	if _, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: w.orgs[1].OrganizationID, OrganizationName: "Renamed"}); err != nil {
		t.Fatal(err)
	}
	w.orgs[1].OrganizationName = "Renamed"

	file := filepath.Join(dir, "stytch-mock.db")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Reads, including read-only POSTs, do not write.
	countOrgs(t, c)
	if _, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: w.orgs[0].OrganizationID}); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Fatal("a read wrote the data directory")
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, file: 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Fatalf("%s: mode %v, want %v (%v)", path, fi.Mode().Perm(), want, err)
		}
	}
	hs.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	srv2 := mockserver.New(mockserver.Options{})
	ids, err := srv2.OpenDataDir(dir)
	if err != nil || len(ids) != 1 || ids[0] != creds.ProjectID {
		t.Fatalf("OpenDataDir = %v, %v", ids, err)
	}
	t.Cleanup(func() { _ = srv2.Close() })
	c2 := serve(t, srv2, creds.ProjectID, creds.Secret)
	checkWorld(t, c2, w)
	got, err := c2.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: w.orgs[1].OrganizationID})
	if err != nil || got.Organization.OrganizationName != "Renamed" {
		t.Fatalf("update lost: %+v %v", got, err)
	}
	if d, _ := srv2.Clock(creds.ProjectID).Offset(), 0; d != time.Minute {
		t.Fatalf("clock offset %v", d)
	}
}

func TestDataDirRefusesCorruptFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "project-test-x.json"), []byte(`{"format":"stytch-mock-project","version":3}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := mockserver.New(mockserver.Options{}).OpenDataDir(dir)
	if err == nil || !strings.Contains(err.Error(), "project-test-x.json") || !strings.Contains(err.Error(), "version 3") {
		t.Fatalf("OpenDataDir = %v", err)
	}
}

func TestSeedFile(t *testing.T) {
	srv := mockserver.New(mockserver.Options{})
	ids, err := srv.SeedFile("testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != "project-test-seed-example" {
		t.Fatalf("seeded %v", ids)
	}
	c := serve(t, srv, ids[0], "secret-test-seed-example")
	got, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "acme"})
	if err != nil || got.Organization.OrganizationName != "Acme Inc" {
		t.Fatalf("seeded org: %+v %v", got, err)
	}
	m, err := c.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: "acme", EmailAddress: "ada@acme.example"})
	if err != nil || !m.Member.IsAdmin {
		t.Fatalf("seeded member: %+v %v", m, err)
	}
	// Seeding again leaves existing projects alone.
	if ids, err := srv.SeedFile("testdata/seed.json"); err != nil || len(ids) != 0 {
		t.Fatalf("second seed: %v %v", ids, err)
	}
	if _, err := srv.Seed([]byte(`{"projects":[{"format":"stytch-mock-project","version":1}]}`)); err == nil || !strings.Contains(err.Error(), "projects[0]") {
		t.Fatalf("bad seed: %v", err)
	}
}

// A magic link sent before an export still works after the import, and an
// intermediate session survives too.
func TestExportImportKeepsPendingLogins(t *testing.T) {
	ts := mockserver.Start(t)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme", MFAPolicy: organizations.MFAPolicyRequiredForAll})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	for _, e := range []string{"ada@acme.com", "grace@acme.com"} {
		if _, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: e}); err != nil {
			t.Fatal(err)
		}
		if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: e}); err != nil {
			t.Fatal(err)
		}
	}
	msg, _ := ts.Outbox().Last("ada@acme.com")
	// Grace authenticates before the export: MFA is required, so she holds an
	// intermediate session.
	graceMsg, _ := ts.Outbox().Last("grace@acme.com")
	grace, err := ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: graceMsg.Token})
	if err != nil || grace.IntermediateSessionToken == "" {
		t.Fatalf("grace: %+v %v", grace, err)
	}
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	// The emails in the outbox carry their links (that is what an outbox is);
	// the token stores hold hashes only.
	var sections map[string]json.RawMessage
	if err := json.Unmarshal(snap, &sections); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sections["auth"], []byte(msg.Token)) || bytes.Contains(snap, []byte(grace.IntermediateSessionToken)) {
		t.Fatal("the snapshot holds a token in clear")
	}
	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	c := serve(t, srv, ts.ProjectID, ts.Secret)
	ada, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	if err != nil || ada.IntermediateSessionToken == "" || ada.MemberID == "" {
		t.Fatalf("ada after import: %+v %v", ada, err)
	}
	// The link stays single-use across the import, and the intermediate
	// session is still known.
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: graceMsg.Token})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnableToAuthMagicLink)
	list, err := c.Discovery.Organizations.List(ctx, &discovery.OrganizationsListParams{IntermediateSessionToken: grace.IntermediateSessionToken})
	if err != nil || len(list.DiscoveredOrganizations) == 0 {
		t.Fatalf("grace's intermediate session after import: %+v %v", list, err)
	}
}
