package organizations_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

func create(t *testing.T, ts *mockserver.TestServer, p *organizations.CreateParams) organizations.Organization {
	t.Helper()
	resp, err := ts.Client.Organizations.Create(ctx, p)
	if err != nil {
		t.Fatalf("Create(%+v): %v", p, err)
	}
	return resp.Organization
}

func TestCreateDefaults(t *testing.T) {
	ts := mockserver.Start(t)
	resp, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme Inc", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.RequestID, "request-id-test-") {
		t.Fatalf("status %d, request ID %q", resp.StatusCode, resp.RequestID)
	}
	o := resp.Organization
	if !strings.HasPrefix(o.OrganizationID, "organization-test-") || o.CreatedAt == nil || o.UpdatedAt == nil {
		t.Fatalf("bad identity fields: %+v", o)
	}
	want := organizations.Organization{
		OrganizationID:                       o.OrganizationID,
		OrganizationName:                     "Acme Inc",
		OrganizationSlug:                     "acme",
		SSOJITProvisioning:                   "ALL_ALLOWED",
		SSOJITProvisioningAllowedConnections: []string{},
		SSOActiveConnections:                 []organizations.ActiveSSOConnection{},
		EmailAllowedDomains:                  []string{},
		EmailJITProvisioning:                 "NOT_ALLOWED",
		EmailInvites:                         "ALL_ALLOWED",
		AuthMethods:                          "ALL_ALLOWED",
		AllowedAuthMethods:                   []string{},
		MFAPolicy:                            "OPTIONAL",
		RBACEmailImplicitRoleAssignments:     []organizations.EmailImplicitRoleAssignment{},
		MFAMethods:                           "ALL_ALLOWED",
		AllowedMFAMethods:                    []string{},
		OAuthTenantJITProvisioning:           "NOT_ALLOWED",
		ClaimedEmailDomains:                  []string{},
		FirstPartyConnectedAppsAllowedType:   "ALL_ALLOWED",
		AllowedFirstPartyConnectedApps:       []string{},
		ThirdPartyConnectedAppsAllowedType:   "ALL_ALLOWED",
		AllowedThirdPartyConnectedApps:       []string{},
		CustomRoles:                          []organizations.CustomRole{},
		CreatedAt:                            o.CreatedAt,
		UpdatedAt:                            o.UpdatedAt,
	}
	if diff := cmp.Diff(want, o, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("created organization (-want +got):\n%s", diff)
	}

	got, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: o.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(o, got.Organization, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("Get differs from Create (-create +get):\n%s", diff)
	}
}

func TestCreateEmailInvitesDefault(t *testing.T) {
	ts := mockserver.Start(t)
	// Any auth setting in the request makes email_invites default to NOT_ALLOWED.
	o := create(t, ts, &organizations.CreateParams{OrganizationName: "B", OrganizationSlug: "b-org", MFAPolicy: organizations.MFAPolicyRequiredForAll})
	if o.EmailInvites != organizations.NotAllowed || o.MFAPolicy != organizations.MFAPolicyRequiredForAll {
		t.Fatalf("email_invites %q, mfa_policy %q", o.EmailInvites, o.MFAPolicy)
	}
	o = create(t, ts, &organizations.CreateParams{OrganizationName: "C", OrganizationSlug: "c-org", EmailInvites: organizations.Restricted, EmailAllowedDomains: []string{"Example.com"}})
	if o.EmailInvites != organizations.Restricted || !cmp.Equal(o.EmailAllowedDomains, []string{"example.com"}) {
		t.Fatalf("got %q %v", o.EmailInvites, o.EmailAllowedDomains)
	}
}

func TestCreateErrors(t *testing.T) {
	ts := mockserver.Start(t)
	create(t, ts, &organizations.CreateParams{OrganizationName: "Taken", OrganizationSlug: "taken", OrganizationExternalID: "ext-1"})
	long := strings.Repeat("a", 129)
	tests := []struct {
		name   string
		params organizations.CreateParams
		status int
		want   stytchapi.ErrorType
	}{
		{"missing name", organizations.CreateParams{OrganizationSlug: "x1"}, 400, stytchapi.ErrorTypeOrganizationNameMissing},
		{"long name", organizations.CreateParams{OrganizationName: long, OrganizationSlug: "x2"}, 400, stytchapi.ErrorTypeInvalidOrganizationName},
		{"missing slug", organizations.CreateParams{OrganizationName: "x"}, 400, stytchapi.ErrorTypeInvalidOrganizationSlug},
		{"short slug", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "a"}, 400, stytchapi.ErrorTypeInvalidOrganizationSlug},
		{"long slug", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: long}, 400, stytchapi.ErrorTypeInvalidOrganizationSlug},
		{"slug with space", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "a b"}, 400, stytchapi.ErrorTypeInvalidOrganizationSlug},
		{"slug of punctuation", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "--"}, 400, stytchapi.ErrorTypeInvalidOrganizationSlug},
		{"duplicate slug", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "taken"}, 400, stytchapi.ErrorTypeOrganizationSlugAlreadyUsed},
		{"duplicate slug other case", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "TAKEN"}, 400, stytchapi.ErrorTypeOrganizationSlugAlreadyUsed},
		{"duplicate external id", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x3", OrganizationExternalID: "ext-1"}, 400, "organization_external_id_already_used"},
		{"bad external id", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x4", OrganizationExternalID: "has space"}, 400, stytchapi.ErrorTypeInvalidOrganizationExternalID},
		{"no way to join", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x5", SSOJITProvisioning: "NOT_ALLOWED", EmailInvites: "NOT_ALLOWED"}, 400, stytchapi.ErrorTypeInvalidOrganizationAuthFactorSetting},
		{"restricted auth without list", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x6", AuthMethods: "RESTRICTED"}, 400, stytchapi.ErrorTypeAllowedAuthMethodsRequiredForRestricted},
		{"restricted mfa without list", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x7", MFAMethods: "RESTRICTED"}, 400, stytchapi.ErrorTypeAllowedMFAMethodsRequiredForRestricted},
		{"unknown auth method", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x8", AuthMethods: "RESTRICTED", AllowedAuthMethods: []string{"carrier_pigeon"}}, 400, stytchapi.ErrorTypeInvalidOrganizationAllowedAuthMethods},
		{"unknown mfa method", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x9", AllowedMFAMethods: []string{"fax"}}, 400, stytchapi.ErrorTypeInvalidOrganizationAllowedMFAMethods},
		{"bad mfa policy", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x10", MFAPolicy: "SOMETIMES"}, 400, stytchapi.ErrorTypeInvalidOrganizationMFAPolicy},
		{"restricted invites without domains", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x11", EmailInvites: "RESTRICTED"}, 400, stytchapi.ErrorTypeInvalidRestrictedEmailSetting},
		{"restricted jit without domains", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x12", EmailJITProvisioning: "RESTRICTED"}, 400, stytchapi.ErrorTypeInvalidRestrictedEmailSetting},
		{"email jit all allowed", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x13", EmailJITProvisioning: "ALL_ALLOWED"}, 400, stytchapi.ErrorTypeInvalidRequestValue},
		{"invalid domain", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x14", EmailAllowedDomains: []string{"not a domain"}}, 400, stytchapi.ErrorTypeOrganizationSettingsInvalidDomain},
		{"duplicate domain", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x15", EmailAllowedDomains: []string{"acme.com", "ACME.com"}}, 400, stytchapi.ErrorTypeOrganizationSettingsDuplicateDomain},
		{"common domain", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x16", EmailAllowedDomains: []string{"gmail.com"}}, 400, stytchapi.ErrorTypeOrganizationSettingsDomainTooCommon},
		{"common domain other tld", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x17", ClaimedEmailDomains: []string{"yahoo.co.uk"}}, 400, stytchapi.ErrorTypeOrganizationSettingsDomainTooCommon},
		{"disposable domain", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x18", EmailAllowedDomains: []string{"mailinator.com"}}, 400, stytchapi.ErrorTypeOrganizationSettingsDisposableDomain},
		{"implicit role unknown", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x19", RBACEmailImplicitRoleAssignments: []*organizations.EmailImplicitRoleAssignment{{Domain: "acme.com", RoleID: "nope"}}}, 400, stytchapi.ErrorTypeInvalidRBACRoleID},
		{"implicit role common domain", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x20", RBACEmailImplicitRoleAssignments: []*organizations.EmailImplicitRoleAssignment{{Domain: "outlook.com", RoleID: "stytch_admin"}}}, 400, stytchapi.ErrorTypeRBACDomainTooCommon},
		{"metadata too many keys", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x21", TrustedMetadata: manyKeys(21)}, 400, stytchapi.ErrorTypeMetadataTooManyKeys},
		{"metadata too large", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x22", TrustedMetadata: map[string]any{"k": strings.Repeat("v", 5000)}}, 400, stytchapi.ErrorTypeMetadataTooLarge},
		{"tenant jit without tenants", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x23", OAuthTenantJITProvisioning: "RESTRICTED"}, 400, stytchapi.ErrorTypeInvalidRestrictedOAuthTenantsSetting},
		{"tenant bad shape", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x24", AllowedOAuthTenants: map[string]any{"slack": "T123"}}, 400, stytchapi.ErrorTypeInvalidOAuthAllowedTenantsFormat},
		{"tenant bad provider", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x25", AllowedOAuthTenants: map[string]any{"myspace": []string{"a"}}}, 400, stytchapi.ErrorTypeInvalidOAuthAllowedTenantsFormat},
		{"long logo", organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "x26", OrganizationLogoURL: "https://x/" + strings.Repeat("a", 3000)}, 400, stytchapi.ErrorTypeOrganizationLogoURLTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ts.Client.Organizations.Create(ctx, &tt.params)
			apitest.WantError(t, err, tt.status, tt.want)
		})
	}
	// None of the failed creates left anything behind.
	page, err := ts.Client.Organizations.Search(ctx, &organizations.SearchParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Organizations) != 1 || page.ResultsMetadata.Total != 1 {
		t.Fatalf("after failed creates: %d organizations, total %d", len(page.Organizations), page.ResultsMetadata.Total)
	}
}

func manyKeys(n int) map[string]any {
	m := map[string]any{}
	for i := range n {
		m[strings.Repeat("k", i+1)] = i
	}
	return m
}

func TestGetBySlugAndExternalID(t *testing.T) {
	ts := mockserver.Start(t)
	o := create(t, ts, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "Acme-Corp", OrganizationExternalID: "crm|42"})
	for _, ref := range []string{o.OrganizationID, "Acme-Corp", "acme-corp", "crm|42"} {
		got, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: ref})
		if err != nil {
			t.Fatalf("Get(%q): %v", ref, err)
		}
		if got.Organization.OrganizationID != o.OrganizationID {
			t.Fatalf("Get(%q) = %s", ref, got.Organization.OrganizationID)
		}
	}
	_, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "organization-test-00000000-0000-4000-8000-000000000000"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)

	_, err = ts.Client.Organizations.Get(ctx, &organizations.GetParams{})
	if !errors.Is(err, stytchapi.ErrInvalidPathParam) {
		t.Fatalf("empty ID: got %v", err)
	}
}

func TestUpdate(t *testing.T) {
	ts := mockserver.Start(t)
	o := create(t, ts, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme", TrustedMetadata: map[string]any{"plan": "free"}})
	create(t, ts, &organizations.CreateParams{OrganizationName: "Other", OrganizationSlug: "other"})
	ts.Clock().Advance(time.Minute)

	resp, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{
		OrganizationID:       o.OrganizationID,
		OrganizationName:     "Acme Corp",
		EmailJITProvisioning: organizations.Restricted,
		EmailAllowedDomains:  []string{"acme.com"},
		TrustedMetadata:      map[string]any{"plan": "pro", "seats": 10},
		MFAPolicy:            organizations.MFAPolicyRequiredForAll,
	})
	if err != nil {
		t.Fatal(err)
	}
	u := resp.Organization
	if u.OrganizationName != "Acme Corp" || u.OrganizationSlug != "acme" || u.EmailJITProvisioning != "RESTRICTED" ||
		u.MFAPolicy != "REQUIRED_FOR_ALL" || u.EmailInvites != "ALL_ALLOWED" {
		t.Fatalf("update applied wrongly: %+v", u)
	}
	if diff := cmp.Diff(map[string]any{"plan": "pro", "seats": float64(10)}, u.TrustedMetadata); diff != "" {
		t.Fatalf("metadata (-want +got):\n%s", diff)
	}
	if !u.UpdatedAt.After(*u.CreatedAt) {
		t.Fatalf("updated_at %v not after created_at %v", u.UpdatedAt, u.CreatedAt)
	}

	// An invalid result changes nothing, even when other fields were fine.
	_, err = ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: "acme", OrganizationName: "Renamed", EmailAllowedDomains: []string{}})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidRestrictedEmailSetting)
	_, err = ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: "acme", OrganizationName: "Renamed", OrganizationSlug: "other"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeOrganizationSlugAlreadyUsed)
	after, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: o.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(u, after.Organization); diff != "" {
		t.Fatalf("failed updates changed state (-before +after):\n%s", diff)
	}

	// Lists replace whole lists, and an empty list clears.
	resp, err = ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: o.OrganizationID, EmailJITProvisioning: organizations.NotAllowed, EmailAllowedDomains: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Organization.EmailAllowedDomains) != 0 {
		t.Fatalf("domains not cleared: %v", resp.Organization.EmailAllowedDomains)
	}
	// A new slug frees the old one.
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: o.OrganizationID, OrganizationSlug: "acme-2"}); err != nil {
		t.Fatal(err)
	}
	create(t, ts, &organizations.CreateParams{OrganizationName: "New Acme", OrganizationSlug: "acme"})

	_, err = ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: "missing-org", OrganizationName: "x"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)
	_, err = ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: o.OrganizationID, SSODefaultConnectionID: "saml-connection-test-1"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidSSODefaultConnectionID)
	_, err = ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: o.OrganizationID, SSOJITProvisioningAllowedConnections: []string{"saml-connection-test-1"}})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidConnectionForJITProvisioning)
}

func TestDeleteAndExternalID(t *testing.T) {
	ts := mockserver.Start(t)
	o := create(t, ts, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme", OrganizationExternalID: "ext"})

	resp, err := ts.Client.Organizations.DeleteExternalID(ctx, &organizations.DeleteExternalIDParams{OrganizationID: "ext"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Organization.OrganizationExternalID != "" {
		t.Fatalf("external ID still %q", resp.Organization.OrganizationExternalID)
	}
	_, err = ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "ext"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)
	// The freed external ID can be used again.
	create(t, ts, &organizations.CreateParams{OrganizationName: "B", OrganizationSlug: "b-org", OrganizationExternalID: "ext"})

	del, err := ts.Client.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if del.OrganizationID != o.OrganizationID {
		t.Fatalf("deleted %q, want %q", del.OrganizationID, o.OrganizationID)
	}
	_, err = ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: o.OrganizationID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)
	_, err = ts.Client.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: o.OrganizationID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)
	// The slug is free again.
	create(t, ts, &organizations.CreateParams{OrganizationName: "Acme again", OrganizationSlug: "acme"})
}

func TestMetricsAndConnectedApps(t *testing.T) {
	ts := mockserver.Start(t)
	o := create(t, ts, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	m, err := ts.Client.Organizations.Metrics(ctx, &organizations.MetricsParams{OrganizationID: o.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	if m.MemberCount != 0 {
		t.Fatalf("member_count %d", m.MemberCount)
	}
	_, err = ts.Client.Organizations.Metrics(ctx, &organizations.MetricsParams{OrganizationID: "nope"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)

	apps, err := ts.Client.Organizations.ConnectedApps(ctx, &organizations.ConnectedAppsParams{OrganizationID: o.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	if apps.ConnectedApps == nil || len(apps.ConnectedApps) != 0 {
		t.Fatalf("connected apps %#v", apps.ConnectedApps)
	}
	_, err = ts.Client.Organizations.GetConnectedApp(ctx, &organizations.GetConnectedAppParams{OrganizationID: o.OrganizationID, ConnectedAppID: "connected-app-test-1"})
	apitest.WantError(t, err, 404, "connected_app_not_found")
	_, err = ts.Client.Organizations.ConnectedApps(ctx, &organizations.ConnectedAppsParams{OrganizationID: "nope"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)
}

func TestWrongCredentials(t *testing.T) {
	ts := mockserver.Start(t)
	bad := ts.NewClient(t, mockserver.Credentials{ProjectID: ts.ProjectID, Secret: "secret-test-wrong"})
	_, err := bad.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "x", OrganizationSlug: "xx"})
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnauthorizedCredentials)
	if strings.Contains(err.Error(), "secret-test-wrong") || strings.Contains(err.Error(), ts.Secret) {
		t.Fatalf("error reveals a secret: %v", err)
	}
	unknown := ts.NewClient(t, mockserver.Credentials{ProjectID: "project-test-unknown", Secret: ts.Secret})
	_, err = unknown.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "x"})
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnauthorizedCredentials)

	// Projects are isolated: another project cannot see this one's organizations.
	create(t, ts, &organizations.CreateParams{OrganizationName: "Mine", OrganizationSlug: "mine"})
	_, other := ts.NewProject(t, mockserver.EnvTest)
	_, err = other.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: "mine"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)
	create2, err := other.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Mine too", OrganizationSlug: "mine"})
	if err != nil {
		t.Fatalf("slugs are per project, but: %v", err)
	}
	if create2.Organization.OrganizationSlug != "mine" {
		t.Fatal("slug not kept")
	}
}
