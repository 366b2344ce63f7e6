package idp_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/idp"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

// Local introspection verifies against the project's JWKS: a session JWT
// of the project is well signed but is no access token, and a forged token
// is invalid.
func TestIntrospectTokenLocalRefusesNonAccessTokens(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme",
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	login := ts.OAuthLogin(t, mockserver.OAuthLoginParams{Provider: "microsoft", Email: "ada@acme.com", OrganizationID: org.Organization.OrganizationID})
	auth, err := ts.Client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: login.Token})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.IDP.IntrospectTokenLocal(ctx, auth.SessionJWT, nil); !errors.Is(err, idp.ErrNotAccessToken) {
		t.Fatalf("session JWT: err = %v, want ErrNotAccessToken", err)
	}
	forged := auth.SessionJWT[:len(auth.SessionJWT)-4] + "AAAA"
	if _, err := ts.Client.IDP.IntrospectTokenLocal(ctx, forged, nil); !errors.Is(err, idp.ErrTokenInvalid) {
		t.Fatalf("forged JWT: err = %v, want ErrTokenInvalid", err)
	}
}
