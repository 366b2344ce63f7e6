package sessions_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/sessions"
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

// login creates a user and logs them in with an embeddable magic link.
func login(t *testing.T, ts *mockserver.TestServer, email string) *magiclinks.AuthenticateResponse {
	t.Helper()
	u, err := ts.Consumer.Users.Create(ctx, &users.CreateParams{Email: email})
	if err != nil {
		t.Fatal(err)
	}
	ml, err := ts.Consumer.MagicLinks.Create(ctx, &magiclinks.CreateParams{UserID: u.UserID})
	if err != nil {
		t.Fatal(err)
	}
	a, err := ts.Consumer.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: ml.Token, SessionDurationMinutes: 60, SessionCustomClaims: map[string]any{"plan": "pro"}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAuthenticateGetRevoke(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer.Sessions
	a := login(t, ts, "s@example.com")
	r, err := c.Authenticate(ctx, &sessions.AuthenticateParams{SessionJWT: a.SessionJWT, SessionDurationMinutes: 120, SessionCustomClaims: map[string]any{"theme": "dark"}})
	if err != nil || r.Session.SessionID != a.Session.SessionID || r.SessionToken != a.SessionToken || r.User.UserID != a.UserID {
		t.Fatalf("%+v, %v", r, err)
	}
	if r.Session.CustomClaims["plan"] != "pro" || r.Session.CustomClaims["theme"] != "dark" || !r.Session.ExpiresAt.After(*a.Session.ExpiresAt) {
		t.Fatalf("session %+v", r.Session)
	}
	_, err = c.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: a.SessionToken, AuthorizationCheck: &sessions.AuthorizationCheck{ResourceID: "documents", Action: "delete"}})
	errType(t, err, "session_authorization_error")
	login(t, ts, "other@example.com")
	got, err := c.Get(ctx, &sessions.GetParams{UserID: a.UserID})
	if err != nil || len(got.Sessions) != 1 || got.Sessions[0].UserID != a.UserID {
		t.Fatalf("%+v, %v", got, err)
	}
	if _, err := c.Revoke(ctx, &sessions.RevokeParams{SessionID: a.Session.SessionID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: a.SessionToken})
	errType(t, err, "session_not_found")
	_, err = c.Revoke(ctx, &sessions.RevokeParams{SessionToken: a.SessionToken})
	errType(t, err, "session_not_found")
	_, err = c.Get(ctx, &sessions.GetParams{})
	errType(t, err, "invalid_user_id")
	// Sessions end with their user.
	b := login(t, ts, "gone@example.com")
	if _, err := ts.Consumer.Users.Delete(ctx, &users.DeleteParams{UserID: b.UserID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: b.SessionToken})
	errType(t, err, "session_not_found")
}

func TestLocalJWTValidation(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer.Sessions
	c.Configure(sessions.LocalConfig{Now: ts.Clock().Now})
	a := login(t, ts, "jwt@example.com")
	jwks, err := c.GetJWKS(ctx, nil)
	if err != nil || len(jwks.Keys) == 0 || jwks.Keys[0].Alg != "RS256" {
		t.Fatalf("%+v, %v", jwks, err)
	}
	claims, err := c.AuthenticateJWTLocal(ctx, a.SessionJWT, nil)
	if err != nil {
		t.Fatal(err)
	}
	if claims.UserID != a.UserID || claims.SessionID != a.Session.SessionID || claims.CustomClaims["plan"] != "pro" || claims.Roles[0] != "stytch_user" || len(claims.AuthenticationFactors) != 1 {
		t.Fatalf("claims %+v", claims)
	}
	again, err := c.AuthenticateJWTLocal(ctx, a.SessionJWT, nil)
	if err != nil || again != claims {
		t.Fatalf("the second validation was not served from the cache: %v", err)
	}
	forged := []byte(a.SessionJWT)
	forged[len(forged)-4] ^= 1
	if _, err := c.AuthenticateJWTLocal(ctx, string(forged), nil); !errors.Is(err, sessions.ErrJWTInvalid) {
		t.Fatalf("forged JWT: %v", err)
	}
	ts.Clock().Advance(10 * time.Minute)
	if _, err := c.AuthenticateJWTLocal(ctx, a.SessionJWT, nil); !errors.Is(err, sessions.ErrJWTExpired) {
		t.Fatalf("expired JWT: %v", err)
	}
	remote, err := c.AuthenticateJWT(ctx, a.SessionJWT, &sessions.JWTOptions{AllowRemote: true})
	if err != nil || remote.Remote == nil || remote.SessionID != a.Session.SessionID {
		t.Fatalf("remote fallback: %+v, %v", remote, err)
	}
}

func TestSessionSources(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer.Sessions
	ui := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"sub":"ext|1","email":"migrated@example.com"}`))
	}))
	t.Cleanup(ui.Close)
	ts.SetSessionMigration(t, ui.URL)
	m, err := c.Migrate(ctx, &sessions.MigrateParams{SessionToken: "external", SessionDurationMinutes: 30})
	if err != nil || m.User.Emails[0].Email != "migrated@example.com" || m.Session.AuthenticationFactors[0].Type != "imported" {
		t.Fatalf("migrate: %+v, %v", m, err)
	}
	_, err = c.Migrate(ctx, &sessions.MigrateParams{})
	errType(t, err, "bad_request")

	tok := ts.IssueUserAccessToken(t, mockserver.UserAccessTokenParams{UserID: m.UserID, ClientID: "first-party"})
	ex, err := c.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok})
	if err != nil || ex.UserID != m.UserID || ex.Session.AuthenticationFactors[0].OAuthAccessTokenExchangeFactor.ClientID != "first-party" {
		t.Fatalf("exchange: %+v, %v", ex, err)
	}
	_, err = c.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok})
	errType(t, err, "oauth_access_token_exchange_token_invalid_grant")

	_, err = c.Attest(ctx, &sessions.AttestParams{ProfileID: "nope", Token: "x"})
	errType(t, err, "trusted_token_profile_not_found")
}
