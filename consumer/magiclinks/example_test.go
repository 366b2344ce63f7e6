package magiclinks_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/consumer"
	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// newExampleMock starts an in-process mock with one consumer project and
// returns a client for it, the project's outbox and a stop function.
func newExampleMock() (*consumer.Client, *mockserver.Outbox, func()) {
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
	return client, srv.Outbox(creds.ProjectID), hs.Close
}

// Sign-up or log-in by email: LoginOrCreate answers the same way for known
// and unknown addresses, creates a pending user for an unknown one, and
// emails a link; the mock's outbox holds it. Authenticating the link
// verifies the address, activates the user and starts a session.
func ExampleEmailClient_LoginOrCreate() {
	client, outbox, stop := newExampleMock()
	defer stop()
	ctx := context.Background()
	sent, err := client.MagicLinks.Email.LoginOrCreate(ctx, &magiclinks.EmailLoginOrCreateParams{Email: "ada@example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("user created:", sent.UserCreated)
	msg, _ := outbox.Last("ada@example.com")
	fmt.Println("emailed:", msg.Template)

	login, err := client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: msg.Token, SessionDurationMinutes: 60})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(login.User.Status, login.User.Emails[0].Verified, login.Session != nil)
	// A link works once.
	_, err = client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: msg.Token})
	var se *stytchapi.Error
	if errors.As(err, &se) {
		fmt.Println(se.ErrorType)
	}
	// Output:
	// user created: true
	// emailed: signup
	// active true true
	// unable_to_auth_magic_link
}

// Send emails a login link to an existing user only: for an unknown
// address it answers 404 email_not_found, which tells a caller whether an
// account exists. Prefer LoginOrCreate on public sign-in forms.
func ExampleEmailClient_Send() {
	client, _, stop := newExampleMock()
	defer stop()
	ctx := context.Background()
	if _, err := client.Users.Create(ctx, &users.CreateParams{Email: "ada@example.com"}); err != nil {
		fmt.Println(err)
		return
	}
	for _, email := range []string{"ada@example.com", "nobody@example.com"} {
		_, err := client.MagicLinks.Email.Send(ctx, &magiclinks.EmailSendParams{Email: email})
		var se *stytchapi.Error
		if errors.As(err, &se) {
			fmt.Println(email, se.StatusCode, se.ErrorType)
			continue
		}
		fmt.Println(email, err)
	}
	// Output:
	// ada@example.com <nil>
	// nobody@example.com 404 email_not_found
}

// Create makes an embeddable link token to deliver yourself (nothing is
// sent); Authenticate consumes it.
func ExampleClient_Create() {
	client, _, stop := newExampleMock()
	defer stop()
	ctx := context.Background()
	u, err := client.Users.Create(ctx, &users.CreateParams{Email: "ada@example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	link, err := client.MagicLinks.Create(ctx, &magiclinks.CreateParams{UserID: u.UserID})
	if err != nil {
		fmt.Println(err)
		return
	}
	got, err := client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: link.Token})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.UserID == u.UserID, got.SessionToken == "")
	// Output:
	// true true
}
