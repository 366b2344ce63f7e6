package b2b_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/b2b/recoverycodes"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Identifiers that would change which resource a normalising proxy sees are
// refused before anything is sent, with the sentinel error, whichever path
// parameter they are in and whichever method carries them.
func TestBadPathParamsAreRefusedBeforeSending(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"status_code":200}`))
	c, err := b2b.NewClient("project-test-1", "secret-test-1",
		stytchapi.WithHTTPClient(&http.Client{Transport: mt}), stytchapi.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	calls := map[string]func(id string) error{
		"Organizations.Get": func(id string) error {
			_, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: id})
			return err
		},
		"Organizations.Members.Delete member": func(id string) error {
			_, err := c.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: "organization-test-1", MemberID: id})
			return err
		},
		"Organizations.Members.Delete organization": func(id string) error {
			_, err := c.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: id, MemberID: "member-test-1"})
			return err
		},
		"Organizations.Members.ConnectedApps.Revoke": func(id string) error {
			_, err := c.Organizations.Members.ConnectedApps.Revoke(ctx, &organizations.MembersConnectedAppsRevokeParams{OrganizationID: "organization-test-1", MemberID: "member-test-1", ConnectedAppID: id})
			return err
		},
		"Organizations.Members.OAuthProviders.Google": func(id string) error {
			_, err := c.Organizations.Members.OAuthProviders.Google(ctx, &organizations.MembersOAuthProvidersParams{OrganizationID: "organization-test-1", MemberID: id})
			return err
		},
		"RecoveryCodes.Get": func(id string) error {
			_, err := c.RecoveryCodes.Get(ctx, &recoverycodes.GetParams{OrganizationID: "organization-test-1", MemberID: id})
			return err
		},
		"RBAC.Organizations.SetOrgPolicy": func(id string) error {
			_, err := c.RBAC.Organizations.SetOrgPolicy(ctx, &rbac.SetOrgPolicyParams{OrganizationID: id})
			return err
		},
		"Sessions.GetJWKS": func(id string) error {
			if id == "" {
				return stytchapi.ErrInvalidPathParam // empty means the client's own project
			}
			_, err := c.Sessions.GetJWKS(ctx, &sessions.GetJWKSParams{ProjectID: id})
			return err
		},
	}
	for name, call := range calls {
		for _, bad := range []string{"", ".", "..", "a/b"} {
			if err := call(bad); !errors.Is(err, stytchapi.ErrInvalidPathParam) {
				t.Errorf("%s(%q): got %v, want ErrInvalidPathParam", name, bad, err)
			}
		}
	}
	if _, err := c.Organizations.Get(ctx, nil); !errors.Is(err, stytchapi.ErrInvalidPathParam) {
		t.Errorf("Organizations.Get(nil): got %v, want ErrInvalidPathParam", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Fatalf("%d requests were sent with invalid path parameters", n)
	}

	// The same methods with valid identifiers do send, so the refusals above
	// are not an artefact of the setup.
	for name, call := range calls {
		if err := call("id-test-1"); err != nil {
			t.Errorf("%s with a valid ID: %v", name, err)
		}
	}
	if n := mt.GetTotalCallCount(); n != len(calls) {
		t.Fatalf("%d requests sent for %d valid calls", n, len(calls))
	}
}
