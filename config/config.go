// Package config holds what a stytch-go client needs to know before it makes a
// call: the project's credentials, its environment (TEST or LIVE) and the base
// URL of the API.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// Env is a Stytch environment. Every project has a TEST and a LIVE
// environment with separate data, keys and credentials.
type Env string

const (
	// EnvTest is the TEST environment, served at TestBaseURL.
	EnvTest Env = "test"
	// EnvLive is the LIVE environment, served at LiveBaseURL.
	EnvLive Env = "live"
)

// Base URLs of the two environments of the Stytch API.
const (
	TestBaseURL = "https://test.stytch.com"
	LiveBaseURL = "https://api.stytch.com"
)

// Environment variables read by FromEnv.
const (
	EnvProjectID = "STYTCH_PROJECT_ID"
	EnvSecret    = "STYTCH_SECRET"
	EnvBaseURL   = "STYTCH_BASE_URL"
)

// LiveProjectPrefix is the prefix of every LIVE project ID. A project ID
// without it belongs to TEST.
const LiveProjectPrefix = "project-live-"

// Errors returned by Config.Validate.
var (
	ErrMissingProjectID = errors.New("stytch: project ID is required")
	ErrMissingSecret    = errors.New("stytch: secret is required")
	ErrInvalidBaseURL   = errors.New("stytch: invalid base URL")
)

// EnvForProjectID returns the environment a project ID belongs to:
// EnvLive for IDs starting with "project-live-", EnvTest for anything else.
func EnvForProjectID(projectID string) Env {
	if strings.HasPrefix(projectID, LiveProjectPrefix) {
		return EnvLive
	}
	return EnvTest
}

// BaseURL returns the API base URL of the environment.
func (e Env) BaseURL() string {
	if e == EnvLive {
		return LiveBaseURL
	}
	return TestBaseURL
}

// String returns "test" or "live".
func (e Env) String() string { return string(e) }

// Config is what a client needs to reach the API. The zero BaseURL means the
// base URL of the project's environment; set it to reach a custom domain, a
// proxy or a local mock server instead.
type Config struct {
	ProjectID string
	Secret    string
	BaseURL   string
}

// Env returns the environment of the configured project.
func (c Config) Env() Env { return EnvForProjectID(c.ProjectID) }

// ResolvedBaseURL returns BaseURL without a trailing slash, or the
// environment's base URL when BaseURL is empty.
func (c Config) ResolvedBaseURL() string {
	if c.BaseURL == "" {
		return c.Env().BaseURL()
	}
	return strings.TrimRight(c.BaseURL, "/")
}

// Validate reports a missing project ID or secret, or a base URL that is not
// an absolute http(s) URL. The error never contains the secret.
func (c Config) Validate() error {
	if strings.TrimSpace(c.ProjectID) == "" {
		return ErrMissingProjectID
	}
	if strings.TrimSpace(c.Secret) == "" {
		return ErrMissingSecret
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: %q must be an absolute http or https URL", ErrInvalidBaseURL, c.BaseURL)
		}
		if u.User != nil {
			return fmt.Errorf("%w: credentials must not be part of the base URL", ErrInvalidBaseURL)
		}
	}
	return nil
}

// FromEnv reads STYTCH_PROJECT_ID, STYTCH_SECRET and STYTCH_BASE_URL from the
// process environment and validates the result.
func FromEnv() (Config, error) {
	return fromLookup(os.LookupEnv)
}

func fromLookup(lookup func(string) (string, bool)) (Config, error) {
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	c := Config{ProjectID: get(EnvProjectID), Secret: get(EnvSecret), BaseURL: get(EnvBaseURL)}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}
