package mockserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/consumer"
	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func wantType(t *testing.T, err error, typ string) {
	t.Helper()
	var se *stytchapi.Error
	if !errors.As(err, &se) || string(se.ErrorType) != typ || se.StatusCode != 400 {
		t.Fatalf("error = %v, want 400 %s", err, typ)
	}
}

// TestConsumerAndB2BSideBySide serves a B2B and a consumer project from one
// mock: each answers its own vertical's routes, refuses the other's, and
// their JWTs do not cross.
func TestConsumerAndB2BSideBySide(t *testing.T) {
	ctx := context.Background()
	ts := mockserver.Start(t) // B2B
	creds, cons := ts.NewConsumerProject(t, mockserver.EnvTest)
	if creds.Vertical != mockserver.VerticalConsumer {
		t.Fatalf("vertical %q", creds.Vertical)
	}
	if _, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"}); err != nil {
		t.Fatal(err)
	}
	u, err := cons.Users.Create(ctx, &users.CreateParams{Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	// Wrong vertical: clear errors, nothing changed.
	_, err = ts.NewConsumerClient(t, mockserver.Credentials{ProjectID: ts.ProjectID, Secret: ts.Secret}).Users.Create(ctx, &users.CreateParams{Email: "x@example.com"})
	wantType(t, err, "invalid_consumer_endpoint")
	_, err = ts.NewClient(t, creds).Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Beta", OrganizationSlug: "beta"})
	wantType(t, err, "invalid_b2b_endpoint")
	if s, _ := cons.Users.Search(ctx, nil); s.ResultsMetadata.Total != 1 {
		t.Fatalf("%d users", s.ResultsMetadata.Total)
	}
	// The consumer JWKS is served for the consumer project only.
	if _, err := cons.Sessions.GetJWKS(ctx, &sessions.GetJWKSParams{ProjectID: ts.ProjectID}); err == nil {
		t.Fatal("the consumer JWKS route served a B2B project")
	}
	ml, _ := cons.MagicLinks.Create(ctx, &magiclinks.CreateParams{UserID: u.UserID})
	a, err := cons.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: ml.Token, SessionDurationMinutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cons.Sessions.AuthenticateJWTLocal(ctx, a.SessionJWT, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.Sessions.AuthenticateJWTLocal(ctx, a.SessionJWT, nil); err == nil {
		t.Fatal("a consumer project's JWT validated for the B2B project")
	}
	// Project creation over HTTP takes the vertical.
	var out struct {
		Vertical string `json:"vertical"`
	}
	if err := postJSON(ts.URL+"/mock/projects", `{"environment":"test","vertical":"consumer"}`, &out); err != nil || out.Vertical != "consumer" {
		t.Fatalf("%+v, %v", out, err)
	}
	if err := postJSON(ts.URL+"/mock/projects", `{"environment":"test","vertical":"retail"}`, &out); err == nil {
		t.Fatal("an unknown vertical was accepted")
	}
}

// postJSON posts body to url and decodes a 2xx answer into out.
func postJSON(url, body string, out any) error {
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// TestConsumerProjectPersists restarts a mock on its data directory: the
// consumer project keeps its vertical, users, sessions and unused links.
func TestConsumerProjectPersists(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s1 := mockserver.New(mockserver.Options{})
	if _, err := s1.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	creds, err := s1.CreateConsumerProject(mockserver.EnvTest)
	if err != nil {
		t.Fatal(err)
	}
	h1 := httptest.NewServer(s1)
	c1, _ := consumer.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(h1.URL))
	u, err := c1.Users.Create(ctx, &users.CreateParams{Email: "keep@example.com", ExternalID: "k-1", TrustedMetadata: map[string]any{"a": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	ml, _ := c1.MagicLinks.Create(ctx, &magiclinks.CreateParams{UserID: u.UserID})
	ml2, _ := c1.MagicLinks.Create(ctx, &magiclinks.CreateParams{UserID: u.UserID})
	a, err := c1.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: ml.Token, SessionDurationMinutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	h1.Close()
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := mockserver.New(mockserver.Options{})
	if _, err := s2.OpenDataDir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s2.Close() })
	h2 := httptest.NewServer(s2)
	t.Cleanup(h2.Close)
	c2, _ := consumer.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(h2.URL))
	got, err := c2.Users.Get(ctx, &users.GetParams{UserID: "k-1"})
	if err != nil || got.UserID != u.UserID || got.TrustedMetadata["a"] != "b" || got.Emails[0].Email != "keep@example.com" {
		t.Fatalf("user after restart: %+v, %v", got, err)
	}
	if _, err := c2.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: a.SessionToken}); err != nil {
		t.Fatalf("session after restart: %v", err)
	}
	if _, err := c2.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: ml2.Token}); err != nil {
		t.Fatalf("unused link after restart: %v", err)
	}
	_, err = c2.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: ml.Token})
	var se *stytchapi.Error
	if !errors.As(err, &se) || se.StatusCode != 404 {
		t.Fatalf("used link after restart: %v", err)
	}
	if _, err := c2.Users.Create(ctx, &users.CreateParams{Email: "keep@example.com"}); err == nil {
		t.Fatal("the email index was not rebuilt")
	}
}
