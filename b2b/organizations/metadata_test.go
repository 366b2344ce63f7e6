package organizations_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

// Metadata updates merge top-level keys, and a null value deletes its key,
// on organizations and members alike.
func TestMetadataUpdatesMergeTopLevelKeys(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client
	org, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme",
		TrustedMetadata: map[string]any{"plan": "pro", "seats": 5.0, "nested": map[string]any{"a": 1.0}}})
	if err != nil {
		t.Fatal(err)
	}
	id := org.Organization.OrganizationID
	up, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: id,
		TrustedMetadata: map[string]any{"seats": nil, "region": "eu", "nested": map[string]any{"b": 2.0}}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"plan": "pro", "region": "eu", "nested": map[string]any{"b": 2.0}}
	if diff := cmp.Diff(want, up.Organization.TrustedMetadata); diff != "" {
		t.Errorf("organization trusted_metadata (-want +got):\n%s", diff)
	}
	got, err := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: id})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got.Organization.TrustedMetadata); diff != "" {
		t.Errorf("stored trusted_metadata (-want +got):\n%s", diff)
	}

	m, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "ada@acme.com",
		TrustedMetadata: map[string]any{"role": "admin"}, UntrustedMetadata: map[string]any{"theme": "dark", "lang": "en"}})
	if err != nil {
		t.Fatal(err)
	}
	mu, err := c.Organizations.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: id, MemberID: m.MemberID,
		TrustedMetadata: map[string]any{"team": "core"}, UntrustedMetadata: map[string]any{"theme": nil}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"role": "admin", "team": "core"}, mu.Member.TrustedMetadata); diff != "" {
		t.Errorf("member trusted_metadata (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"lang": "en"}, mu.Member.UntrustedMetadata); diff != "" {
		t.Errorf("member untrusted_metadata (-want +got):\n%s", diff)
	}
	// Deleting every key leaves an empty object, never a missing field.
	mu, err = c.Organizations.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: id, MemberID: m.MemberID,
		UntrustedMetadata: map[string]any{"lang": nil}})
	if err != nil {
		t.Fatal(err)
	}
	if mu.Member.UntrustedMetadata == nil || len(mu.Member.UntrustedMetadata) != 0 {
		t.Errorf("untrusted_metadata after deleting every key: %#v, want {}", mu.Member.UntrustedMetadata)
	}
}
