package engine

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

// testEnv is an engine under httptest with one project, a client for it and
// one organization.
type testEnv struct {
	e      *Engine
	p      *state.Project
	client *b2b.Client
	orgID  string
}

func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	e := New(Options{})
	hs := httptest.NewServer(e)
	t.Cleanup(hs.Close)
	creds, err := e.CreateProject("test", "", "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL), stytchapi.WithHTTPClient(hs.Client()))
	if err != nil {
		t.Fatal(err)
	}
	org, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{e: e, p: e.Project(creds.ProjectID), client: c, orgID: org.Organization.OrganizationID}
}

// edit changes a stored member directly, for state no endpoint can reach
// yet (verified emails, passwords, TOTP).
func (env *testEnv) edit(memberID string, f func(r *state.MemberRecord)) {
	env.p.Mu.Lock()
	defer env.p.Mu.Unlock()
	f(env.p.Members[memberID])
}

func (env *testEnv) create(t testing.TB, email string) organizations.Member {
	t.Helper()
	resp, err := env.client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: env.orgID, EmailAddress: email})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Member
}

func wantErrType(t *testing.T, err error, want stytchapi.ErrorType) {
	t.Helper()
	if !stytchapi.IsErrorType(err, want) {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestReactivate(t *testing.T) {
	env := newTestEnv(t)
	c := env.client.Organizations.Members
	m := env.create(t, "a@example.com")
	env.edit(m.MemberID, func(r *state.MemberRecord) { r.Member.EmailAddressVerified = true })
	if _, err := c.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: env.orgID, MemberID: m.MemberID}); err != nil {
		t.Fatal(err)
	}
	// Someone else takes the address: reactivation is refused.
	other := env.create(t, "A@example.com")
	_, err := c.Reactivate(ctx, &organizations.MembersReactivateParams{OrganizationID: env.orgID, MemberID: m.MemberID})
	wantErrType(t, err, stytchapi.ErrorTypeReactivationEmailBelongsToAnotherMember)
	if _, err := c.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: env.orgID, MemberID: other.MemberID}); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Reactivate(ctx, &organizations.MembersReactivateParams{OrganizationID: env.orgID, MemberID: m.MemberID})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Member.Status != "active" || resp.Member.EmailAddress != "a@example.com" {
		t.Fatalf("reactivated: %+v", resp.Member)
	}
	got, err := c.Get(ctx, &organizations.MembersGetParams{OrganizationID: env.orgID, EmailAddress: "a@example.com"})
	if err != nil || got.MemberID != m.MemberID {
		t.Fatalf("Get after reactivation: %v %+v", err, got)
	}
	// The reactivated member holds its email again.
	_, err = c.Create(ctx, &organizations.MembersCreateParams{OrganizationID: env.orgID, EmailAddress: "a@example.com"})
	wantErrType(t, err, stytchapi.ErrorTypeDuplicateMemberEmail)
}

func TestStartEmailUpdate(t *testing.T) {
	env := newTestEnv(t)
	c := env.client.Organizations.Members
	m := env.create(t, "a@example.com")
	b := env.create(t, "b@example.com")
	for _, id := range []string{m.MemberID, b.MemberID} {
		env.edit(id, func(r *state.MemberRecord) { r.Member.EmailAddressVerified = true })
	}
	_, err := c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: env.orgID, MemberID: m.MemberID, EmailAddress: "B@example.com"})
	wantErrType(t, err, stytchapi.ErrorTypeDuplicateMemberEmail)

	start := env.p.Clock.Now()
	resp, err := c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: env.orgID, MemberID: m.MemberID, EmailAddress: "new@example.com", DeliveryMethod: organizations.DeliveryEmailOTP, Locale: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Member.EmailAddress != "a@example.com" {
		t.Fatalf("email changed before the update was proved: %s", resp.Member.EmailAddress)
	}
	env.p.Mu.RLock()
	u := env.p.Members[m.MemberID].EmailUpdate
	env.p.Mu.RUnlock()
	if u == nil || u.EmailAddress != "new@example.com" || u.DeliveryMethod != "EMAIL_OTP" || u.Locale != "fr" || len(u.TokenHash) != 64 {
		t.Fatalf("pending update: %+v", u)
	}
	if ttl := u.ExpiresAt.Sub(u.CreatedAt); ttl != 5*time.Minute || u.CreatedAt.Before(start) {
		t.Fatalf("update lasts %v from %v", ttl, u.CreatedAt)
	}
	// Another member cannot start an update to the same address meanwhile...
	_, err = c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: env.orgID, MemberID: b.MemberID, EmailAddress: "new@example.com"})
	wantErrType(t, err, stytchapi.ErrorTypeDuplicateMemberEmail)
	// ...until it expires on the project clock.
	env.p.Clock.Advance(5*time.Minute + time.Second)
	if _, err := c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: env.orgID, MemberID: b.MemberID, EmailAddress: "new@example.com"}); err != nil {
		t.Fatal(err)
	}
}

func TestFactorDeletesWithFactors(t *testing.T) {
	env := newTestEnv(t)
	c := env.client.Organizations.Members
	m := env.create(t, "a@example.com")
	env.edit(m.MemberID, func(r *state.MemberRecord) {
		r.Member.MemberPasswordID = "member-password-test-1"
		r.Member.TOTPRegistrationID = "member-totp-test-1"
	})
	resp, err := c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: env.orgID, MemberID: m.MemberID, DefaultMFAMethod: "totp"})
	if err != nil || resp.Member.DefaultMFAMethod != "totp" {
		t.Fatalf("default totp: %v %+v", err, resp)
	}
	tr, err := c.DeleteTOTP(ctx, &organizations.MembersDeleteTOTPParams{OrganizationID: env.orgID, MemberID: m.MemberID})
	if err != nil || tr.Member.TOTPRegistrationID != "" || tr.Member.DefaultMFAMethod != "" {
		t.Fatalf("DeleteTOTP: %v %+v", err, tr)
	}
	pr, err := c.DeletePassword(ctx, &organizations.MembersDeletePasswordParams{OrganizationID: env.orgID, MemberPasswordID: "member-password-test-1"})
	if err != nil || pr.MemberID != m.MemberID || pr.Member.MemberPasswordID != "" {
		t.Fatalf("DeletePassword: %v %+v", err, pr)
	}
	_, err = c.DeletePassword(ctx, &organizations.MembersDeletePasswordParams{OrganizationID: env.orgID, MemberPasswordID: "member-password-test-1"})
	wantErrType(t, err, stytchapi.ErrorTypeMemberPasswordNotFound)

	// An email change clears the password.
	env.edit(m.MemberID, func(r *state.MemberRecord) { r.Member.MemberPasswordID = "member-password-test-2" })
	ur, err := c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: env.orgID, MemberID: m.MemberID, EmailAddress: "z@example.com"})
	if err != nil || ur.Member.MemberPasswordID != "" {
		t.Fatalf("email change kept the password: %v %+v", err, ur)
	}
}

// TestIndexesMatchRecords checks, after a mix of changes, that every index
// agrees with the records, the single source of truth.
func TestIndexesMatchRecords(t *testing.T) {
	env := newTestEnv(t)
	c := env.client.Organizations.Members
	a := env.create(t, "a@example.com")
	b := env.create(t, "b@example.com")
	steps := []error{}
	_, err := c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: env.orgID, MemberID: a.MemberID, EmailAddress: "a2@example.com", ExternalID: "ea"})
	steps = append(steps, err)
	_, err = c.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: env.orgID, MemberID: b.MemberID})
	steps = append(steps, err)
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	p := env.p
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	s := p.OrgMembers[env.orgID]
	wantEmail, wantRetired, wantExt := map[string]string{}, map[string]string{}, map[string]string{}
	for _, r := range s.Order {
		if r.EmailLower != strings.ToLower(r.Member.EmailAddress) {
			t.Fatalf("emailLower %q for %q", r.EmailLower, r.Member.EmailAddress)
		}
		if r.Member.Status == organizations.StatusDeleted {
			continue
		}
		wantEmail[r.EmailLower] = r.Member.MemberID
		for _, e := range r.Member.RetiredEmailAddresses {
			wantRetired[strings.ToLower(e.EmailAddress)] = r.Member.MemberID
		}
		if r.Member.ExternalID != "" {
			wantExt[r.Member.ExternalID] = r.Member.MemberID
		}
	}
	ids := func(m map[string]*state.MemberRecord) map[string]string {
		out := map[string]string{}
		for k, r := range m {
			out[k] = r.Member.MemberID
		}
		return out
	}
	for name, pair := range map[string][2]map[string]string{"byEmail": {wantEmail, ids(s.ByEmail)}, "retired": {wantRetired, ids(s.Retired)}, "byExtID": {wantExt, ids(s.ByExtID)}} {
		if fmt.Sprint(pair[0]) != fmt.Sprint(pair[1]) {
			t.Fatalf("%s index %v, records say %v", name, pair[1], pair[0])
		}
	}
}
