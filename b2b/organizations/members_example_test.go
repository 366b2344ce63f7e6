package organizations_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// exampleClient starts an in-process mock with one project and an
// organization with the slug "acme", and returns a client for it.
func exampleClient() (*b2b.Client, func()) {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	creds, err := srv.CreateProject("test")
	if err != nil {
		panic(err)
	}
	client, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	if err != nil {
		panic(err)
	}
	if _, err := client.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"}); err != nil {
		panic(err)
	}
	return client, hs.Close
}

func ExampleMembersClient_Create() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	resp, err := client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{
		OrganizationID: "acme",
		EmailAddress:   "ada@acme.com",
		Name:           "Ada Lovelace",
		Roles:          []string{"stytch_admin"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Member.Name, resp.Member.Status, resp.Member.IsAdmin)

	_, err = client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: "acme", EmailAddress: "ADA@acme.com"})
	fmt.Println(stytchapi.IsErrorType(err, stytchapi.ErrorTypeDuplicateMemberEmail))
	// Output:
	// Ada Lovelace active true
	// true
}

func ExampleMembersClient_Search() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	for _, email := range []string{"ada@acme.com", "grace@acme.com", "alan@example.org"} {
		if _, err := client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: "acme", EmailAddress: email}); err != nil {
			fmt.Println(err)
			return
		}
	}
	params := &organizations.MembersSearchParams{
		OrganizationIDs: []string{"acme"},
		Query:           organizations.And(organizations.Filter("member_email_fuzzy", "@acme.")),
		Limit:           1,
	}
	// SearchAll follows the cursors from page to page.
	for m, err := range client.Organizations.Members.SearchAll(ctx, params) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(m.EmailAddress)
	}
	// Output:
	// ada@acme.com
	// grace@acme.com
}

func ExampleMembersClient_Update() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	created, err := client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: "acme", EmailAddress: "ada@acme.com", IsBreakglass: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Only the fields that are set change; IsBreakglass is a pointer so
	// that false can be sent.
	resp, err := client.Organizations.Members.Update(ctx, &organizations.MembersUpdateParams{
		OrganizationID: "acme",
		MemberID:       created.MemberID,
		Name:           "Ada",
		IsBreakglass:   stytchapi.Bool(false),
		MFAPhoneNumber: "+12025550123",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Member.Name, resp.Member.IsBreakglass, resp.Member.MFAPhoneNumber)
	// Output:
	// Ada false +12025550123
}

// Per-call options go last on every method: here a trace header, a tighter
// timeout and no retries for one call. An identifier that would address
// another resource is refused before anything is sent.
func ExampleMembersClient_Delete() {
	client, stop := exampleClient()
	defer stop()
	ctx := context.Background()

	_, err := client.Organizations.Members.Delete(ctx,
		&organizations.MembersDeleteParams{OrganizationID: "acme", MemberID: "member-test-00000000-0000-0000-0000-000000000000"},
		stytchapi.WithHeader("X-Request-Trace", "example"),
		stytchapi.WithRequestTimeout(2*time.Second),
		stytchapi.WithRequestRetries(0),
	)
	fmt.Println(stytchapi.IsErrorType(err, stytchapi.ErrorTypeMemberNotFound))

	_, err = client.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: "acme", MemberID: ".."})
	fmt.Println(errors.Is(err, stytchapi.ErrInvalidPathParam))
	// Output:
	// true
	// true
}
