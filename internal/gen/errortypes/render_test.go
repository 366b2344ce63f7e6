package main

import (
	"bytes"
	"os"
	"testing"
)

const registryPath = "../../../testdata/contract/error_types.json"

// TestGeneratedFilesAreCurrent fails when testdata's registry changed and
// go generate was not run.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	types, err := Load(registryPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path   string
		render func([]string) ([]byte, error)
	}{
		{"../../../stytchapi/error_types_gen.go", RenderSDK},
		{"../../../mockserver/internal/apierr/registry_gen.go", RenderMock},
	} {
		want, err := c.render(types)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run go generate ./stytchapi ./mockserver/internal/apierr", c.path)
		}
	}
}

func TestGoNameKeepsInitialisms(t *testing.T) {
	for typ, want := range map[string]string{
		"invalid_totp_code":                                     "ErrorTypeInvalidTOTPCode",
		"oauth_registration_not_found":                          "ErrorTypeOAuthRegistrationNotFound",
		"no_reset_password_redirect_urls_set":                   "ErrorTypeNoResetPasswordRedirectURLsSet",
		"invalid_sso_default_connection_id":                     "ErrorTypeInvalidSSODefaultConnectionID",
		"member_search_member_mfa_phone_number_fuzzy_too_short": "ErrorTypeMemberSearchMemberMFAPhoneNumberFuzzyTooShort",
	} {
		if got := GoName(typ); got != want {
			t.Errorf("GoName(%q) = %s, want %s", typ, got, want)
		}
	}
}

func TestLoadRefusesABadRegistry(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"count":  `{"count": 2, "error_types": ["a"]}`,
		"dup":    `{"count": 2, "error_types": ["a", "a"]}`,
		"casing": `{"count": 1, "error_types": ["NotSnake"]}`,
	} {
		p := dir + "/" + name + ".json"
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(p); err == nil {
			t.Errorf("%s: Load accepted %s", name, body)
		}
	}
}
