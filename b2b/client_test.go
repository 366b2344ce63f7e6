package b2b_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/config"
	"github.com/stytchkit/stytch-go/mockserver"
)

func TestNewClientFromEnv(t *testing.T) {
	ts := mockserver.Start(t)
	t.Setenv(config.EnvProjectID, ts.ProjectID)
	t.Setenv(config.EnvSecret, ts.Secret)
	t.Setenv(config.EnvBaseURL, ts.URL)
	c, err := b2b.NewClientFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.Core().BaseURL() != ts.URL || c.Core().ProjectID() != ts.ProjectID {
		t.Fatalf("client points at %s for %s", c.Core().BaseURL(), c.Core().ProjectID())
	}
	if _, err := c.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Env", OrganizationSlug: "env"}); err != nil {
		t.Fatal(err)
	}

	t.Setenv(config.EnvSecret, "")
	if _, err := b2b.NewClientFromEnv(); !errors.Is(err, config.ErrMissingSecret) {
		t.Fatalf("missing secret: %v", err)
	}
	if _, err := b2b.NewClient("", "secret"); !errors.Is(err, config.ErrMissingProjectID) {
		t.Fatalf("missing project ID: %v", err)
	}
}
