package users_test

import (
	"context"
	"errors"
	"testing"

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

func TestCRUD(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer.Users
	cr, err := c.Create(ctx, &users.CreateParams{
		Email: "ada@example.com", PhoneNumber: "+12025550123", Name: &users.Name{FirstName: "Ada", LastName: "Lovelace"},
		TrustedMetadata: map[string]any{"plan": "pro", "seats": 3}, ExternalID: "ext-ada", Roles: []string{"editor"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if cr.Status != users.StatusActive || cr.EmailID == "" || cr.PhoneID == "" || cr.User.Emails[0].Verified || cr.User.Roles[0] != "stytch_user" || len(cr.User.Roles) != 2 {
		t.Fatalf("create: %+v", cr)
	}
	if len(cr.UserID) < len("user-test-") || cr.UserID[:len("user-test-")] != "user-test-" {
		t.Fatalf("user ID %q", cr.UserID)
	}
	_, err = c.Create(ctx, &users.CreateParams{Email: "ADA@example.com"})
	errType(t, err, "duplicate_email")
	_, err = c.Create(ctx, &users.CreateParams{PhoneNumber: "+12025550123"})
	errType(t, err, "duplicate_phone_number")
	_, err = c.Create(ctx, &users.CreateParams{ExternalID: "ext-ada"})
	errType(t, err, "duplicate_user_external_id")
	_, err = c.Create(ctx, &users.CreateParams{Email: "not-an-email"})
	errType(t, err, "invalid_email")
	_, err = c.Create(ctx, &users.CreateParams{PhoneNumber: "12"})
	errType(t, err, "invalid_phone_number")

	got, err := c.Get(ctx, &users.GetParams{UserID: "ext-ada"})
	if err != nil || got.UserID != cr.UserID || got.Name.LastName != "Lovelace" {
		t.Fatalf("get by external ID: %+v, %v", got, err)
	}
	up, err := c.Update(ctx, &users.UpdateParams{UserID: cr.UserID, Name: &users.Name{MiddleName: "King"}, TrustedMetadata: map[string]any{"seats": nil, "tier": "gold"}})
	if err != nil {
		t.Fatal(err)
	}
	md := up.User.TrustedMetadata
	if md["plan"] != "pro" || md["tier"] != "gold" || md["seats"] != nil || up.User.Name.FirstName != "Ada" || up.User.Name.MiddleName != "King" {
		t.Fatalf("update merge: %+v %+v", md, up.User.Name)
	}
	_, err = c.Update(ctx, &users.UpdateParams{UserID: cr.UserID, UntrustedMetadata: map[string]any{"k": make([]byte, 5000)}})
	errType(t, err, "metadata_too_large")

	del, err := c.DeleteExternalID(ctx, &users.DeleteExternalIDParams{UserID: cr.UserID})
	if err != nil || del.User.ExternalID != "" {
		t.Fatalf("%+v, %v", del, err)
	}
	if _, err := c.Create(ctx, &users.CreateParams{ExternalID: "ext-ada"}); err != nil {
		t.Fatalf("external ID not freed: %v", err)
	}
	de, err := c.DeleteEmail(ctx, &users.DeleteEmailParams{EmailID: cr.EmailID})
	if err != nil || len(de.User.Emails) != 0 || len(de.User.PhoneNumbers) != 1 {
		t.Fatalf("delete email: %+v, %v", de, err)
	}
	_, err = c.DeleteEmail(ctx, &users.DeleteEmailParams{EmailID: cr.EmailID})
	errType(t, err, "email_not_found")
	if _, err := c.Create(ctx, &users.CreateParams{Email: "ada@example.com"}); err != nil {
		t.Fatalf("deleted email not freed: %v", err)
	}
	dp, err := c.DeletePhoneNumber(ctx, &users.DeletePhoneNumberParams{PhoneID: cr.PhoneID})
	if err != nil || len(dp.User.PhoneNumbers) != 0 {
		t.Fatalf("delete phone: %+v, %v", dp, err)
	}
	ex, err := c.ExchangePrimaryFactor(ctx, &users.ExchangePrimaryFactorParams{UserID: cr.UserID, EmailAddress: "ada2@example.com"})
	if err != nil || len(ex.User.Emails) != 1 || !ex.User.Emails[0].Verified {
		t.Fatalf("exchange: %+v, %v", ex, err)
	}
	_, err = c.ExchangePrimaryFactor(ctx, &users.ExchangePrimaryFactorParams{UserID: cr.UserID})
	errType(t, err, "invalid_exchange_primary_factor_user")

	if _, err := c.Delete(ctx, &users.DeleteParams{UserID: cr.UserID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(ctx, &users.GetParams{UserID: cr.UserID})
	errType(t, err, "user_not_found")
	_, err = c.Delete(ctx, &users.DeleteParams{UserID: cr.UserID})
	errType(t, err, "user_not_found")
}

func TestFactorDeletes(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer.Users
	u, err := c.Create(ctx, &users.CreateParams{Email: "f@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	del := map[string]func(id string) (*users.UserResponse, error){
		"webauthn": func(id string) (*users.UserResponse, error) {
			return c.DeleteWebAuthnRegistration(ctx, &users.DeleteWebAuthnRegistrationParams{WebAuthnRegistrationID: id})
		},
		"biometric": func(id string) (*users.UserResponse, error) {
			return c.DeleteBiometricRegistration(ctx, &users.DeleteBiometricRegistrationParams{BiometricRegistrationID: id})
		},
		"totp": func(id string) (*users.UserResponse, error) {
			return c.DeleteTOTP(ctx, &users.DeleteTOTPParams{TOTPID: id})
		},
		"crypto_wallet": func(id string) (*users.UserResponse, error) {
			return c.DeleteCryptoWallet(ctx, &users.DeleteCryptoWalletParams{CryptoWalletID: id})
		},
		"password": func(id string) (*users.UserResponse, error) {
			return c.DeletePassword(ctx, &users.DeletePasswordParams{PasswordID: id})
		},
		"oauth": func(id string) (*users.UserResponse, error) {
			return c.DeleteOAuthRegistration(ctx, &users.DeleteOAuthRegistrationParams{OAuthUserRegistrationID: id})
		},
	}
	notFound := map[string]string{"webauthn": "webauthn_registration_not_found", "biometric": "biometric_registration_not_found", "totp": "totp_not_found",
		"crypto_wallet": "crypto_wallet_not_found", "password": "password_not_found", "oauth": "oauth_user_registration_not_found"}
	for kind, fn := range del {
		id := ts.AddUserFactor(t, u.UserID, kind)
		got, _ := c.Get(ctx, &users.GetParams{UserID: u.UserID})
		before := len(got.WebAuthnRegistrations) + len(got.BiometricRegistrations) + len(got.TOTPs) + len(got.CryptoWallets) + len(got.Providers)
		if got.Password != nil {
			before++
		}
		resp, err := fn(id)
		if err != nil || resp.UserID != u.UserID {
			t.Fatalf("%s: %+v, %v", kind, resp, err)
		}
		after := len(resp.User.WebAuthnRegistrations) + len(resp.User.BiometricRegistrations) + len(resp.User.TOTPs) + len(resp.User.CryptoWallets) + len(resp.User.Providers)
		if resp.User.Password != nil {
			after++
		}
		if after != before-1 || len(resp.User.Emails) != 1 {
			t.Fatalf("%s: %d factors before, %d after", kind, before, after)
		}
		_, err = fn(id)
		errType(t, err, notFound[kind])
	}
}

func TestSearch(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer.Users
	for i, e := range []string{"ann@a.com", "bob@b.com", "cat@a.com", "dan@c.com", "eve@a.com"} {
		p := &users.CreateParams{Email: e, Name: &users.Name{FirstName: e[:3]}}
		if i%2 == 1 {
			p.CreateUserAsPending = true
		}
		if _, err := c.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q *users.SearchUsersQuery) int {
		t.Helper()
		r, err := c.Search(ctx, &users.SearchParams{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if int(r.ResultsMetadata.Total) != len(r.Results) {
			t.Fatalf("total %d, %d results", r.ResultsMetadata.Total, len(r.Results))
		}
		return len(r.Results)
	}
	cases := []struct {
		q    *users.SearchUsersQuery
		want int
	}{
		{nil, 5},
		{users.And(users.Filter("email_domain", []string{"a.com"})), 3},
		{users.And(users.Filter("email_domain", []string{"a.com"}), users.Filter("status", "active")), 3},
		{users.And(users.Filter("status", "pending")), 2},
		{users.Or(users.Filter("email_address", []string{"BOB@b.com"}), users.Filter("full_name_fuzzy", "dan")), 2},
		{users.And(users.Filter("email_address_fuzzy", "@a.c")), 3},
		{users.And(users.Filter("email_verified", true)), 0},
		{users.And(users.Filter("created_at_greater_than", "2000-01-01T00:00:00Z")), 5},
		{users.And(users.Filter("created_at_between", map[string]string{"greater_than": "2000-01-01T00:00:00Z", "less_than": "2001-01-01T00:00:00Z"})), 0},
	}
	for i, tc := range cases {
		if got := count(tc.q); got != tc.want {
			t.Errorf("case %d: %d results, want %d", i, got, tc.want)
		}
	}
	for q, want := range map[*users.SearchUsersQuery]string{
		users.And(users.Filter("nope", "x")):                                                 "user_search_filter_name_not_recognized",
		users.And(users.Filter("email_address", "x")):                                        "user_search_expected_array_of_string",
		users.And(users.Filter("email_verified", "yes")):                                     "user_search_expected_bool",
		users.And(users.Filter("status", "deleted")):                                         "user_search_invalid_status_filter",
		users.And(users.Filter("email_address_fuzzy", "ab")):                                 "user_search_email_address_fuzzy_too_short",
		users.And(users.Filter("created_at_less_than", "monday")):                            "user_search_expected_timestamp",
		{Operator: "XOR", Operands: []users.SearchOperand{users.Filter("status", "active")}}: "user_search_invalid_operator",
	} {
		_, err := c.Search(ctx, &users.SearchParams{Query: q})
		errType(t, err, want)
	}
	_, err := c.Search(ctx, &users.SearchParams{Cursor: "garbage"})
	errType(t, err, "user_search_invalid_cursor")
	// The iterator walks every page.
	var seen []string
	for u, err := range c.SearchAll(ctx, &users.SearchParams{Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, u.Emails[0].Email)
	}
	if len(seen) != 5 || seen[0] != "ann@a.com" || seen[4] != "eve@a.com" {
		t.Fatalf("SearchAll: %v", seen)
	}
}

func TestConnectedApps(t *testing.T) {
	ts := mockserver.StartConsumer(t)
	c := ts.Consumer.Users
	u, _ := c.Create(ctx, &users.CreateParams{Email: "ca@example.com"})
	apps, err := c.ConnectedApps(ctx, &users.ConnectedAppsParams{UserID: u.UserID})
	if err != nil || len(apps.ConnectedApps) != 0 {
		t.Fatalf("%+v, %v", apps, err)
	}
	tok := ts.IssueUserAccessToken(t, mockserver.UserAccessTokenParams{UserID: u.UserID, ClientID: "app-1", Scopes: []string{"openid", "read:notes"}})
	if tok == "" {
		t.Fatal("no token")
	}
	apps, err = c.ConnectedApps(ctx, &users.ConnectedAppsParams{UserID: u.UserID})
	if err != nil || len(apps.ConnectedApps) != 1 || apps.ConnectedApps[0].ConnectedAppID != "app-1" || apps.ConnectedApps[0].ScopesGranted != "openid read:notes" {
		t.Fatalf("%+v, %v", apps, err)
	}
	if _, err := c.Revoke(ctx, &users.RevokeParams{UserID: u.UserID, ConnectedAppID: "app-1"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Revoke(ctx, &users.RevokeParams{UserID: u.UserID, ConnectedAppID: "app-1"})
	errType(t, err, "connected_app_not_found")
	_, err = c.ConnectedApps(ctx, &users.ConnectedAppsParams{UserID: "user-test-00000000-0000-0000-0000-000000000000"})
	errType(t, err, "user_not_found")
}
