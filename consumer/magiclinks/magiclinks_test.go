package magiclinks_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

func errType(t *testing.T, err error, want string) {
	t.Helper()
	var se *stytchapi.Error
	if !errors.As(err, &se) || string(se.ErrorType) != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

// lastToken returns the token of the newest message to address.
func lastToken(t *testing.T, ts *mockserver.TestServer, address, template string) string {
	t.Helper()
	m, ok := ts.Outbox().Last(address)
	if !ok || m.Template != template || m.Token == "" {
		t.Fatalf("outbox for %s: %+v, want a %s link", address, m, template)
	}
	return m.Token
}

// TestEnumerationPair asserts the account-enumeration example: Send tells
// whether an address has an account (404 email_not_found), LoginOrCreate
// answers with the same status and shape for a known and an unknown one.
func TestEnumerationPair(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer
	if _, err := c.Users.Create(ctx, &users.CreateParams{Email: "known@example.com"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.MagicLinks.Email.Send(ctx, &magiclinks.EmailSendParams{Email: "nobody@example.com"})
	errType(t, err, "email_not_found")
	var se *stytchapi.Error
	if errors.As(err, &se); se.StatusCode != 404 {
		t.Fatalf("status %d, want 404", se.StatusCode)
	}
	if len(ts.Outbox().To("nobody@example.com")) != 0 {
		t.Fatal("send to an unknown address emailed something")
	}
	sent, err := c.MagicLinks.Email.Send(ctx, &magiclinks.EmailSendParams{Email: "known@example.com"})
	if err != nil || sent.EmailID == "" {
		t.Fatalf("send to a known address: %+v, %v", sent, err)
	}
	lastToken(t, ts, "known@example.com", "login")

	var shapes []map[string]bool
	for _, email := range []string{"known@example.com", "new@example.com"} {
		raw, err := stytchapi.Do[map[string]any](ctx, c.Core(), stytchapi.Request{Method: "POST", Path: "/v1/magic_links/email/login_or_create", Body: map[string]any{"email": email}})
		if err != nil {
			t.Fatalf("login_or_create %s: %v", email, err)
		}
		shape := map[string]bool{}
		for k := range *raw {
			shape[k] = true
		}
		if (*raw)["status_code"] != float64(200) {
			t.Fatalf("status_code %v", (*raw)["status_code"])
		}
		shapes = append(shapes, shape)
	}
	if !reflect.DeepEqual(shapes[0], shapes[1]) {
		t.Fatalf("login_or_create shapes differ: %v vs %v", shapes[0], shapes[1])
	}
	lastToken(t, ts, "new@example.com", "signup")
	lastToken(t, ts, "known@example.com", "login")
}

func TestLoginOrCreateAndAuthenticate(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer
	resp, err := c.MagicLinks.Email.LoginOrCreate(ctx, &magiclinks.EmailLoginOrCreateParams{Email: "ada@example.com", CreateUserAsPending: true})
	if err != nil || !resp.UserCreated {
		t.Fatalf("%+v, %v", resp, err)
	}
	u, _ := c.Users.Get(ctx, &users.GetParams{UserID: resp.UserID})
	if u.Status != users.StatusPending || u.Emails[0].Verified {
		t.Fatalf("new user %+v", u.User)
	}
	tok := lastToken(t, ts, "ada@example.com", "signup")
	auth, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: tok, SessionDurationMinutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	if auth.User.Status != users.StatusActive || !auth.User.Emails[0].Verified || auth.MethodID != resp.EmailID || auth.SessionJWT == "" || auth.Session == nil {
		t.Fatalf("authenticate: %+v", auth)
	}
	if f := auth.Session.AuthenticationFactors; len(f) != 1 || f[0].Type != "magic_link" || f[0].EmailFactor.EmailAddress != "ada@example.com" {
		t.Fatalf("factors %+v", f)
	}
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: tok})
	errType(t, err, "unable_to_auth_magic_link")
	again, err := c.MagicLinks.Email.LoginOrCreate(ctx, &magiclinks.EmailLoginOrCreateParams{Email: "ada@example.com"})
	if err != nil || again.UserCreated || again.UserID != resp.UserID {
		t.Fatalf("second login_or_create: %+v, %v", again, err)
	}
	// Without a session duration, no session is started.
	noSess, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: lastToken(t, ts, "ada@example.com", "login")})
	if err != nil || noSess.SessionToken != "" || noSess.Session != nil {
		t.Fatalf("no-session authenticate: %+v, %v", noSess, err)
	}
}

func TestPKCEAndExpiry(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer
	verifier := "a-very-long-code-verifier-with-enough-entropy-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	if _, err := c.MagicLinks.Email.LoginOrCreate(ctx, &magiclinks.EmailLoginOrCreateParams{Email: "pk@example.com", CodeChallenge: challenge}); err != nil {
		t.Fatal(err)
	}
	tok := lastToken(t, ts, "pk@example.com", "signup")
	_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: tok})
	errType(t, err, "pkce_expected_code_verifier")
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: tok, CodeVerifier: "wrong"})
	errType(t, err, "pkce_mismatch")
	// Racing authentications: exactly one wins.
	var wg sync.WaitGroup
	wins := make(chan bool, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: tok, CodeVerifier: verifier})
			wins <- err == nil
		}()
	}
	wg.Wait()
	close(wins)
	n := 0
	for w := range wins {
		if w {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d authentications of one link succeeded, want 1", n)
	}
	// Expiry on the project clock.
	if _, err := c.MagicLinks.Email.Send(ctx, &magiclinks.EmailSendParams{Email: "pk@example.com", LoginExpirationMinutes: 5}); err != nil {
		t.Fatal(err)
	}
	tok = lastToken(t, ts, "pk@example.com", "login")
	ts.Clock().Advance(6 * time.Minute)
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: tok})
	errType(t, err, "unable_to_auth_magic_link")
}

func TestInviteRevokeAndCreate(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer
	inv, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{Email: "guest@example.com", Name: &users.Name{FirstName: "Grace"}, TrustedMetadata: map[string]any{"plan": "pro"}})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := c.Users.Get(ctx, &users.GetParams{UserID: inv.UserID})
	if u.Status != users.StatusPending || u.Name.FirstName != "Grace" || u.TrustedMetadata["plan"] != "pro" {
		t.Fatalf("invited user %+v", u.User)
	}
	tok := lastToken(t, ts, "guest@example.com", "invite")
	if _, err := c.MagicLinks.Email.RevokeInvite(ctx, &magiclinks.EmailRevokeInviteParams{Email: "guest@example.com"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: tok})
	errType(t, err, "unable_to_auth_magic_link")
	_, err = c.MagicLinks.Email.RevokeInvite(ctx, &magiclinks.EmailRevokeInviteParams{Email: "guest@example.com"})
	errType(t, err, "email_not_found")
	// A second invite works and activates the user.
	if _, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{Email: "guest@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: lastToken(t, ts, "guest@example.com", "invite")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{Email: "guest@example.com"})
	errType(t, err, "duplicate_email")

	n := len(ts.Outbox().All())
	emb, err := c.MagicLinks.Create(ctx, &magiclinks.CreateParams{UserID: inv.UserID})
	if err != nil || emb.Token == "" {
		t.Fatalf("%+v, %v", emb, err)
	}
	if len(ts.Outbox().All()) != n {
		t.Fatal("create sent a message")
	}
	auth, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: emb.Token, SessionDurationMinutes: 30})
	if err != nil || auth.Session.AuthenticationFactors[0].EmbeddableMagicLinkFactor == nil {
		t.Fatalf("%+v, %v", auth, err)
	}
	_, err = c.MagicLinks.Create(ctx, &magiclinks.CreateParams{UserID: "user-test-00000000-0000-0000-0000-000000000000"})
	errType(t, err, "user_not_found")
}

func TestRedirectAndSandbox(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer
	_, err := c.MagicLinks.Email.LoginOrCreate(ctx, &magiclinks.EmailLoginOrCreateParams{Email: "r@example.com", SignupMagicLinkURL: "https://evil.example/cb"})
	errType(t, err, "no_match_for_provided_magic_link_url")
	if len(ts.Outbox().All()) != 0 {
		t.Fatal("a refused redirect sent a message")
	}
	if s, err := c.Users.Search(ctx, nil); err != nil || s.ResultsMetadata.Total != 0 {
		t.Fatalf("a refused redirect left a user behind: %+v, %v", s, err)
	}
	if _, err := c.MagicLinks.Email.LoginOrCreate(ctx, &magiclinks.EmailLoginOrCreateParams{Email: "r@example.com", SignupMagicLinkURL: "http://localhost:3000"}); err != nil {
		t.Fatal(err)
	}
	m, _ := ts.Outbox().Last("r@example.com")
	if !strings.HasPrefix(m.Link, "http://localhost:3000") || !strings.Contains(m.Link, "stytch_token_type=magic_links") || !strings.Contains(m.Link, "token=") {
		t.Fatalf("link %q", m.Link)
	}
	// Sandbox values of the consumer TEST environment.
	if _, err := c.MagicLinks.Email.Send(ctx, &magiclinks.EmailSendParams{Email: "sandbox@stytch.com"}); err != nil {
		t.Fatal(err)
	}
	if len(ts.Outbox().To("sandbox@stytch.com")) != 0 {
		t.Fatal("the sandbox address was emailed")
	}
	ok, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=", SessionDurationMinutes: 60})
	if err != nil || ok.SessionJWT == "" {
		t.Fatalf("%+v, %v", ok, err)
	}
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: "3pzjQpgksDlGKWEwUq2Up--hCHC_0oamfLHyfspKDFU="})
	errType(t, err, "unable_to_auth_magic_link")
	_, err = c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: "CprTtwhnRNiMBiUS2jSLcWYrfuO2POeBNdo5HhW6qTM="})
	errType(t, err, "magic_link_not_found")
}
