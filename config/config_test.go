package config

import (
	"errors"
	"strings"
	"testing"
)

func TestEnvForProjectID(t *testing.T) {
	cases := map[string]Env{
		"project-live-8ad1":  EnvLive,
		"project-test-8ad1":  EnvTest,
		"something-else":     EnvTest,
		"":                   EnvTest,
		"PROJECT-LIVE-upper": EnvTest,
	}
	for id, want := range cases {
		if got := EnvForProjectID(id); got != want {
			t.Errorf("EnvForProjectID(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestResolvedBaseURL(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{ProjectID: "project-test-1"}, TestBaseURL},
		{Config{ProjectID: "project-live-1"}, LiveBaseURL},
		{Config{ProjectID: "project-live-1", BaseURL: "http://127.0.0.1:9010/"}, "http://127.0.0.1:9010"},
		{Config{ProjectID: "project-test-1", BaseURL: "https://login.example.com"}, "https://login.example.com"},
	}
	for _, tt := range tests {
		if got := tt.cfg.ResolvedBaseURL(); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.cfg, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		cfg  Config
		want error
	}{
		{Config{Secret: "s"}, ErrMissingProjectID},
		{Config{ProjectID: "project-test-1"}, ErrMissingSecret},
		{Config{ProjectID: "project-test-1", Secret: "s", BaseURL: "localhost:9010"}, ErrInvalidBaseURL},
		{Config{ProjectID: "project-test-1", Secret: "s", BaseURL: "ftp://x"}, ErrInvalidBaseURL},
		{Config{ProjectID: "project-test-1", Secret: "s", BaseURL: "https://u:p@x"}, ErrInvalidBaseURL},
		{Config{ProjectID: "project-test-1", Secret: "s", BaseURL: "http://127.0.0.1:9010"}, nil},
	}
	for _, tt := range tests {
		if err := tt.cfg.Validate(); !errors.Is(err, tt.want) {
			t.Errorf("%+v: got %v, want %v", tt.cfg, err, tt.want)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := map[string]string{EnvProjectID: "project-live-abc", EnvSecret: "secret-live-xyz", EnvBaseURL: "http://127.0.0.1:9010"}
	cfg, err := fromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ProjectID != "project-live-abc" || cfg.Secret != "secret-live-xyz" || cfg.Env() != EnvLive || cfg.ResolvedBaseURL() != "http://127.0.0.1:9010" {
		t.Fatalf("unexpected config %+v", cfg)
	}
	delete(env, EnvSecret)
	_, err = fromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if !errors.Is(err, ErrMissingSecret) {
		t.Fatalf("got %v, want ErrMissingSecret", err)
	}

	t.Setenv(EnvProjectID, "project-test-from-os")
	t.Setenv(EnvSecret, "secret-test-from-os")
	t.Setenv(EnvBaseURL, "")
	cfg, err = FromEnv()
	if err != nil || cfg.ProjectID != "project-test-from-os" || cfg.ResolvedBaseURL() != TestBaseURL {
		t.Fatalf("FromEnv = %+v, %v", cfg, err)
	}
	if strings.Contains(ErrInvalidBaseURL.Error(), "secret") {
		t.Fatal("error mentions secret")
	}
}
