package m2m_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/consumer"
	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// newExampleClient starts an in-process mock with one project and returns
// a client for it. M2M works on B2B and consumer projects alike.
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

// A service gets a token with the client-credentials grant; the service it
// calls validates the token locally and checks its scopes.
func ExampleClient_AuthenticateToken() {
	client, stop := newExampleClient()
	defer stop()
	ctx := context.Background()
	created, err := client.M2M.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientName: "billing-worker", Scopes: []string{"read:users", "write:users"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := created.M2MClient
	// The caller asks only for the scope it needs.
	tok, err := client.M2M.Token(ctx, &m2m.TokenParams{ClientID: c.ClientID, ClientSecret: c.ClientSecret, Scopes: []string{"read:users"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.TokenType, tok.ExpiresIn)

	// The called service: local validation against the project's JWKS.
	claims, err := client.M2M.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: tok.AccessToken, RequiredScopes: []string{"read:users"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(claims.ClientID == c.ClientID, claims.Scopes)
	_, err = client.M2M.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: tok.AccessToken, RequiredScopes: []string{"write:users"}})
	fmt.Println(errors.Is(err, m2m.ErrScopeDenied))
	// Output:
	// bearer 3600
	// true [read:users]
	// true
}

// Rotating a client's secret: between RotateStart and Rotate both secrets
// work, so callers can be redeployed with the new one first.
func ExampleClientsSecretsClient_RotateStart() {
	client, stop := newExampleClient()
	defer stop()
	ctx := context.Background()
	created, err := client.M2M.Clients.Create(ctx, &m2m.ClientsCreateParams{Scopes: []string{"read:users"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	id, oldSecret := created.M2MClient.ClientID, created.M2MClient.ClientSecret
	started, err := client.M2M.Clients.Secrets.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: id})
	if err != nil {
		fmt.Println(err)
		return
	}
	newSecret := started.M2MClient.NextClientSecret
	works := func(secret string) bool {
		_, err := client.M2M.Token(ctx, &m2m.TokenParams{ClientID: id, ClientSecret: secret})
		return err == nil
	}
	fmt.Println("during rotation:", works(oldSecret), works(newSecret))
	if _, err := client.M2M.Clients.Secrets.Rotate(ctx, &m2m.ClientsSecretsRotateParams{ClientID: id}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("after rotation:", works(oldSecret), works(newSecret))
	// Output:
	// during rotation: true true
	// after rotation: false true
}
