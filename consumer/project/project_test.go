package project_test

import (
	"context"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/consumer/project"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver"
)

var ctx = context.Background()

func TestMetricsCountState(t *testing.T) {
	ts := mockserver.Start(t)
	pc := project.NewClient(ts.Client.Core())
	want := func(orgs, members, clients uint32) {
		t.Helper()
		got, err := pc.Metrics(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.ProjectID != ts.ProjectID || len(got.Metrics) != 3 {
			t.Fatalf("metrics %+v", got)
		}
		for typ, n := range map[project.MetricType]uint32{project.MetricOrganizationCount: orgs, project.MetricMemberCount: members, project.MetricM2MClientCount: clients} {
			if c, ok := got.Count(typ); !ok || c != n {
				t.Errorf("%s = %d (present %v), want %d", typ, c, ok, n)
			}
		}
	}
	want(0, 0, 0)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	var gone string
	for _, email := range []string{"ada@acme.com", "bob@acme.com"} {
		m, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: email})
		if err != nil {
			t.Fatal(err)
		}
		gone = m.Member.MemberID
	}
	if _, err := ts.Client.M2M.Clients.Create(ctx, &m2m.ClientsCreateParams{Scopes: []string{"read:users"}}); err != nil {
		t.Fatal(err)
	}
	want(1, 2, 1)
	if _, err := ts.Client.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: orgID, MemberID: gone}); err != nil {
		t.Fatal(err)
	}
	want(1, 1, 1) // deleted members are not counted
}

// A consumer project counts its users (active and pending; deleted users
// are gone) and M2M clients, and no organizations or members.
func TestMetricsConsumerProject(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	want := func(users, clients uint32) {
		t.Helper()
		got, err := ts.Consumer.Project.Metrics(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.ProjectID != ts.ProjectID || len(got.Metrics) != 2 {
			t.Fatalf("metrics %+v", got)
		}
		for typ, n := range map[project.MetricType]uint32{project.MetricUserCount: users, project.MetricM2MClientCount: clients} {
			if c, ok := got.Count(typ); !ok || c != n {
				t.Errorf("%s = %d (present %v), want %d", typ, c, ok, n)
			}
		}
		for _, typ := range []project.MetricType{project.MetricOrganizationCount, project.MetricMemberCount} {
			if _, ok := got.Count(typ); ok {
				t.Errorf("a consumer project answers %s", typ)
			}
		}
	}
	want(0, 0)
	ada, err := ts.Consumer.Users.Create(ctx, &users.CreateParams{Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Consumer.Users.Create(ctx, &users.CreateParams{Email: "bob@example.com", CreateUserAsPending: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Consumer.M2M.Clients.Create(ctx, &m2m.ClientsCreateParams{Scopes: []string{"read:users"}}); err != nil {
		t.Fatal(err)
	}
	want(2, 1)
	if _, err := ts.Consumer.Users.Delete(ctx, &users.DeleteParams{UserID: ada.UserID}); err != nil {
		t.Fatal(err)
	}
	want(1, 1)
}
