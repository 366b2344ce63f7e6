package users_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/consumer"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// newExampleClient starts an in-process mock with one consumer project and
// returns a client for it.
func newExampleClient() (*consumer.Client, func()) {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	creds, err := srv.CreateConsumerProject(mockserver.EnvTest)
	if err != nil {
		panic(err)
	}
	client, err := consumer.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	if err != nil {
		panic(err)
	}
	return client, hs.Close
}

func ExampleClient_Create() {
	client, stop := newExampleClient()
	defer stop()
	ctx := context.Background()
	created, err := client.Users.Create(ctx, &users.CreateParams{
		Email: "ada@example.com", Name: &users.Name{FirstName: "Ada", LastName: "Lovelace"},
		TrustedMetadata: map[string]any{"plan": "pro"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	u := created.User
	fmt.Println(u.Status, u.Emails[0].Email, u.Emails[0].Verified, u.TrustedMetadata["plan"])
	// An address belongs to one user only.
	_, err = client.Users.Create(ctx, &users.CreateParams{Email: "ADA@example.com"})
	var se *stytchapi.Error
	if errors.As(err, &se) {
		fmt.Println(se.StatusCode, se.ErrorType)
	}
	// Output:
	// active ada@example.com false pro
	// 400 duplicate_email
}

func ExampleClient_SearchAll() {
	client, stop := newExampleClient()
	defer stop()
	ctx := context.Background()
	for _, p := range []*users.CreateParams{
		{Email: "ada@a.com"}, {Email: "bob@a.com", CreateUserAsPending: true}, {Email: "cy@b.com"},
	} {
		if _, err := client.Users.Create(ctx, p); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Every active user at a.com, two per page; SearchAll follows the cursor.
	q := users.And(users.Filter("email_domain", []string{"a.com"}), users.Filter("status", "active"))
	for u, err := range client.Users.SearchAll(ctx, &users.SearchParams{Query: q, Limit: 2}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(u.Emails[0].Email)
	}
	// Output:
	// ada@a.com
}
