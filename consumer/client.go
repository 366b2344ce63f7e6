// Package consumer is the client for the project-level and consumer parts
// of the Stytch API: users, their magic links and sessions, machine-to-machine
// clients and tokens, and project-level reads.
//
//	client, err := consumer.NewClient(projectID, secret)
//	user, err := client.Users.Create(ctx, &users.CreateParams{Email: "ada@example.com"})
//
// The fields of Client mirror the API reference: client.Users.Get is
// GET /v1/users/{user_id}. It runs on the same core and transport as the
// b2b client.
package consumer

import (
	"github.com/stytchkit/stytch-go/config"
	"github.com/stytchkit/stytch-go/consumer/debug"
	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/project"
	"github.com/stytchkit/stytch-go/consumer/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client is the consumer API client. Create one per project with NewClient
// and share it: it is safe for concurrent use.
type Client struct {
	// Users creates, reads, updates, searches and deletes users.
	Users *users.Client
	// MagicLinks authenticates and creates magic links; MagicLinks.Email
	// sends them.
	MagicLinks *magiclinks.Client
	// Sessions authenticates, lists and revokes user sessions, and
	// validates session JWTs locally.
	Sessions *sessions.Client
	// M2M manages machine-to-machine clients, issues their access tokens
	// and validates those tokens locally (M2M.AuthenticateToken).
	M2M *m2m.Client
	// Debug answers who the client's credentials belong to.
	Debug *debug.Client
	// Project reads project-level metrics.
	Project *project.Client

	core *stytchapi.Client
}

// NewClient returns a client for the project. It does no network I/O; a
// missing project ID or secret is reported here. The environment follows
// from the project ID ("project-live-..." is LIVE) unless
// stytchapi.WithBaseURL points the client elsewhere, such as at stytch-mock.
func NewClient(projectID, secret string, opts ...stytchapi.Option) (*Client, error) {
	core, err := stytchapi.NewClient(projectID, secret, opts...)
	if err != nil {
		return nil, err
	}
	return newClient(core), nil
}

// NewClientFromEnv returns a client configured from STYTCH_PROJECT_ID,
// STYTCH_SECRET and STYTCH_BASE_URL.
func NewClientFromEnv(opts ...stytchapi.Option) (*Client, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return nil, err
	}
	core, err := stytchapi.NewClientFromConfig(cfg, opts...)
	if err != nil {
		return nil, err
	}
	return newClient(core), nil
}

func newClient(core *stytchapi.Client) *Client {
	return &Client{
		core:       core,
		Users:      users.NewClient(core),
		MagicLinks: magiclinks.NewClient(core),
		Sessions:   sessions.NewClient(core),
		M2M:        m2m.NewClient(core),
		Debug:      debug.NewClient(core),
		Project:    project.NewClient(core),
	}
}

// Core returns the shared client core, for calling an endpoint this SDK does
// not wrap yet with stytchapi.Do.
func (c *Client) Core() *stytchapi.Client { return c.core }
