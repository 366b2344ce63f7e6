package passwords_test

import (
	"bytes"
	"context"
	"crypto/md5"  //nolint:gosec // test hashes of legacy types
	"crypto/sha1" //nolint:gosec // test hashes of legacy types
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/pbkdf2"
	"golang.org/x/crypto/scrypt"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/passwords"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

const strong = "correct-horse-battery-staple"

func ptr[T any](v T) *T { return &v }

// newOrg creates an organization that admits acme.com by email JIT.
func newOrg(t *testing.T, ts *mockserver.TestServer, slug string) string {
	t.Helper()
	r, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: slug, OrganizationSlug: slug,
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r.Organization.OrganizationID
}

func getMember(t *testing.T, ts *mockserver.TestServer, orgID, memberID string) organizations.Member {
	t.Helper()
	r, err := ts.Client.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, MemberID: memberID})
	if err != nil {
		t.Fatal(err)
	}
	return r.Member
}

// resetEmail returns the last reset email to addr, checking its link.
func resetEmail(t *testing.T, ts *mockserver.TestServer, addr, template string) mockserver.Message {
	t.Helper()
	msg, ok := ts.Outbox().Last(addr)
	if !ok || msg.Template != template || msg.Token == "" ||
		!strings.Contains(msg.Link, "stytch_token_type=multi_tenant_passwords") || !strings.Contains(msg.Link, "token="+url.QueryEscape(msg.Token)) {
		t.Fatalf("reset email to %s: %+v (found %v)", addr, msg, ok)
	}
	return msg
}

// signup creates ada@acme.com in orgID with a password through reset by
// email (the password sign-up flow) and returns the reset answer.
func signup(t *testing.T, ts *mockserver.TestServer, orgID, addr string) *passwords.EmailResetResponse {
	t.Helper()
	st, err := ts.Client.Passwords.Email.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: addr})
	if err != nil {
		t.Fatal(err)
	}
	msg := resetEmail(t, ts, addr, "reset_password")
	r, err := ts.Client.Passwords.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: msg.Token, Password: strong})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberID != st.MemberID {
		t.Fatalf("reset logged in %s, start was for %s", r.MemberID, st.MemberID)
	}
	return r
}

func login(ts *mockserver.TestServer, orgID, addr, pw string) (*passwords.AuthenticateResponse, error) {
	return ts.Client.Passwords.Authenticate(ctx, &passwords.AuthenticateParams{OrganizationID: orgID, EmailAddress: addr, Password: pw})
}

func TestSignupByResetThenLogin(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	st, err := ts.Client.Passwords.Email.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Member.Status != organizations.StatusPending || st.Member.EmailAddressVerified || st.MemberEmailID == "" || st.Member.MemberPasswordID != "" {
		t.Fatalf("reset start for a new address: %+v", st)
	}
	msg := resetEmail(t, ts, "ada@acme.com", "reset_password")
	r, err := ts.Client.Passwords.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: msg.Token, Password: strong, SessionDurationMinutes: 90})
	if err != nil {
		t.Fatal(err)
	}
	if !r.MemberAuthenticated || r.SessionJWT == "" || r.MemberSession == nil || r.MemberEmailID != st.MemberEmailID || r.OrganizationID != orgID {
		t.Fatalf("reset: %+v", r)
	}
	m := getMember(t, ts, orgID, r.MemberID)
	if m.Status != organizations.StatusActive || !m.EmailAddressVerified || m.MemberPasswordID == "" || r.Member.MemberPasswordID != m.MemberPasswordID {
		t.Fatalf("member after reset: %+v", m)
	}
	// The link is single use.
	_, err = ts.Client.Passwords.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: msg.Token, Password: strong})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnableToAuthPasswordResetToken)

	a, err := login(ts, orgID, "ADA@acme.com", strong)
	if err != nil {
		t.Fatal(err)
	}
	if !a.MemberAuthenticated || a.MemberSession == nil || a.MemberSession.AuthenticationFactors[0].Type != "password" ||
		a.MemberSession.AuthenticationFactors[0].DeliveryMethod != "knowledge" || a.OrganizationID != orgID {
		t.Fatalf("authenticate: %+v", a)
	}
	claims, err := ts.Client.Sessions.AuthenticateJWTLocal(ctx, a.SessionJWT, nil)
	if err != nil || claims.MemberID != m.MemberID {
		t.Fatalf("JWT: %+v, %v", claims, err)
	}

	// An address the organization does not admit gets the JIT error.
	_, err = ts.Client.Passwords.Email.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "eve@evil.com"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidEmailForJITProvisioning)
	if _, ok := ts.Outbox().Last("eve@evil.com"); ok {
		t.Fatal("a refused reset start sent an email")
	}
}

// rawPost posts a body with the project's credentials and returns the
// status and the body without its request_id.
func rawPost(t *testing.T, ts *mockserver.TestServer, path string, body any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, bytes.NewReader(b))
	req.SetBasicAuth(ts.ProjectID, ts.Secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("%s: %s", path, out)
	}
	if id, _ := m["request_id"].(string); !strings.HasPrefix(id, "request-id-") {
		t.Fatalf("%s: no request_id in %s", path, out)
	}
	delete(m, "request_id")
	norm, _ := json.Marshal(m)
	return resp.StatusCode, string(norm)
}

func TestAuthenticateIsEnumerationSafe(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	signup(t, ts, orgID, "ada@acme.com")
	// A member without a password answers like the others too.
	if _, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "bob@acme.com"}); err != nil {
		t.Fatal(err)
	}
	path := "/v1/b2b/passwords/authenticate"
	s1, wrong := rawPost(t, ts, path, map[string]any{"organization_id": orgID, "email_address": "ada@acme.com", "password": "not-the-password"})
	s2, unknown := rawPost(t, ts, path, map[string]any{"organization_id": orgID, "email_address": "nobody@acme.com", "password": "not-the-password"})
	s3, nopw := rawPost(t, ts, path, map[string]any{"organization_id": orgID, "email_address": "bob@acme.com", "password": "not-the-password"})
	if s1 != 401 || s2 != 401 || s3 != 401 || wrong != unknown || wrong != nopw {
		t.Fatalf("answers differ:\n%d %s\n%d %s\n%d %s", s1, wrong, s2, unknown, s3, nopw)
	}
	_, err := login(ts, orgID, "nobody@acme.com", strong)
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)
}

func TestResetStartAnswersAlikeForNewAndKnownAddresses(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	signup(t, ts, orgID, "ada@acme.com")
	keys := func(s string) []string {
		var m map[string]any
		_ = json.Unmarshal([]byte(s), &m)
		var out []string
		for k := range m {
			out = append(out, k)
		}
		return out
	}
	path := "/v1/b2b/passwords/email/reset/start"
	s1, known := rawPost(t, ts, path, map[string]any{"organization_id": orgID, "email_address": "ada@acme.com"})
	s2, fresh := rawPost(t, ts, path, map[string]any{"organization_id": orgID, "email_address": "new@acme.com"})
	if s1 != 200 || s2 != 200 || len(keys(known)) != len(keys(fresh)) {
		t.Fatalf("reset start: %d %s / %d %s", s1, known, s2, fresh)
	}
	a, b := resetEmail(t, ts, "ada@acme.com", "reset_password"), resetEmail(t, ts, "new@acme.com", "reset_password")
	if a.Subject != b.Subject {
		t.Fatalf("subjects differ: %q %q", a.Subject, b.Subject)
	}
}

func TestStrengthCheckAndWeakPasswords(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.Passwords
	cases := []struct {
		pw, email      string
		valid, breach  bool
		minScore, maxS int32
	}{
		{"password", "ada@acme.com", false, true, 0, 0},
		{"password", "", false, false, 0, 0},
		{"aaaaaaaaaaaa", "", false, false, 0, 1},
		{"abcdefgh1234", "", false, false, 0, 2},
		{"ada.lovelace1", "ada.lovelace@acme.com", false, false, 0, 1},
		{strong, "ada@acme.com", true, false, 3, 4},
		{"Tr0ub4dour&3xZ", "", true, false, 3, 4},
	}
	for _, tc := range cases {
		r, err := c.StrengthCheck(ctx, &passwords.StrengthCheckParams{Password: tc.pw, EmailAddress: tc.email})
		if err != nil {
			t.Fatal(err)
		}
		if r.ValidPassword != tc.valid || r.BreachedPassword != tc.breach || r.Score < tc.minScore || r.Score > tc.maxS ||
			r.StrengthPolicy != passwords.PolicyZxcvbn || !r.BreachDetectionOnCreate || r.ZxcvbnFeedback == nil || r.LudsFeedback != nil {
			t.Errorf("%q: %+v", tc.pw, r)
		}
		if !tc.valid && len(r.ZxcvbnFeedback.Suggestions) == 0 {
			t.Errorf("%q: no suggestions", tc.pw)
		}
	}

	// The same rules guard resets.
	orgID := newOrg(t, ts, "acme")
	if _, err := c.Email.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	msg := resetEmail(t, ts, "ada@acme.com", "reset_password")
	_, err := c.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: msg.Token, Password: "password"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeBreachedPassword)
	_, err = c.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: msg.Token, Password: "zzzzzzzzzzzz"})
	e := apitest.WantError(t, err, 400, stytchapi.ErrorTypeWeakPassword)
	if !strings.Contains(e.ErrorMessage, "Repeats") {
		t.Errorf("weak password message lacks feedback: %q", e.ErrorMessage)
	}
	// Failed resets did not use the link.
	if _, err := c.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: msg.Token, Password: strong}); err != nil {
		t.Fatal(err)
	}

	// The LUDS policy.
	ts.SetPasswordPolicy(t, mockserver.PasswordPolicy{StrengthPolicy: ptr("luds"), LUDSMinLength: ptr(10)})
	r, err := c.StrengthCheck(ctx, &passwords.StrengthCheckParams{Password: "abcDEF1"})
	if err != nil {
		t.Fatal(err)
	}
	want := passwords.LudsFeedback{HasLowerCase: true, HasUpperCase: true, HasDigit: true, MissingCharacters: 3}
	if r.ValidPassword || r.StrengthPolicy != passwords.PolicyLUDS || r.LudsFeedback == nil || *r.LudsFeedback != want || r.ZxcvbnFeedback != nil {
		t.Fatalf("luds: %+v %+v", r, r.LudsFeedback)
	}
	r, _ = c.StrengthCheck(ctx, &passwords.StrengthCheckParams{Password: "abcDEF1234"})
	if !r.ValidPassword {
		t.Fatalf("luds valid: %+v", r.LudsFeedback)
	}
}

func TestLockoutAndUnlockByTime(t *testing.T) {
	ts := mockserver.Start(t)
	ts.SetPasswordPolicy(t, mockserver.PasswordPolicy{LockThreshold: ptr(3)})
	orgID := newOrg(t, ts, "acme")
	ada := signup(t, ts, orgID, "ada@acme.com")
	// A success resets the counter: two failures, a success, two failures
	// do not lock.
	for _, pw := range []string{"x1", "x2", strong, "x3", "x4"} {
		_, err := login(ts, orgID, "ada@acme.com", pw)
		if pw != strong {
			apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if m := getMember(t, ts, orgID, ada.MemberID); m.IsLocked {
		t.Fatalf("locked after 2 consecutive failures: %+v", m)
	}
	_, err := login(ts, orgID, "ada@acme.com", "x5")
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)
	m := getMember(t, ts, orgID, ada.MemberID)
	if !m.IsLocked || m.LockCreatedAt == nil || m.LockExpiresAt == nil || m.LockExpiresAt.Sub(*m.LockCreatedAt) != time.Hour {
		t.Fatalf("not locked after 3 failures: %+v", m)
	}
	_, err = login(ts, orgID, "ada@acme.com", strong)
	apitest.WantError(t, err, 429, stytchapi.ErrorTypeUserLockLimitReached)

	ts.Clock().Advance(time.Hour)
	if m := getMember(t, ts, orgID, ada.MemberID); m.IsLocked || m.LockExpiresAt != nil {
		t.Fatalf("lock survived its hour: %+v", m)
	}
	if _, err := login(ts, orgID, "ada@acme.com", strong); err != nil {
		t.Fatal(err)
	}
}

func TestResetLinkPKCEAndExpiry(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	signup(t, ts, orgID, "ada@acme.com")
	verifier := "a-verifier-of-at-least-forty-three-characters-long"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	c := ts.Client.Passwords.Email
	if _, err := c.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", CodeChallenge: challenge}); err != nil {
		t.Fatal(err)
	}
	tok := resetEmail(t, ts, "ada@acme.com", "reset_password").Token
	const next = "another-correct-horse-staple"
	_, err := c.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: tok, Password: next})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypePKCEExpectedCodeVerifier)
	_, err = c.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: tok, Password: next, CodeVerifier: "wrong"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypePKCEMismatch)
	if _, err := c.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: tok, Password: next, CodeVerifier: verifier}); err != nil {
		t.Fatal(err)
	}
	_, err = login(ts, orgID, "ada@acme.com", strong)
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)

	// A verifier without a challenge, then expiry (10 minutes asked).
	if _, err := c.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", ResetPasswordExpirationMinutes: 10}); err != nil {
		t.Fatal(err)
	}
	tok = resetEmail(t, ts, "ada@acme.com", "reset_password").Token
	_, err = c.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: tok, Password: strong, CodeVerifier: verifier})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypePKCEDidNotExpectCodeVerifier)
	ts.Clock().Advance(10 * time.Minute)
	_, err = c.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: tok, Password: strong})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnableToAuthPasswordResetToken)
	_, err = c.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: "bm9wZQ==", Password: strong})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnableToAuthPasswordResetToken)
	_, err = c.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", ResetPasswordExpirationMinutes: 4})
	apitest.WantError(t, err, 400, stytchapi.ErrorType("invalid_expiration"))
}

func sessionAlive(ts *mockserver.TestServer, token string) bool {
	_, err := ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: token})
	return err == nil
}

func TestResetsRevokeSessions(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	ada := signup(t, ts, orgID, "ada@acme.com")
	a1, err := login(ts, orgID, "ada@acme.com", strong)
	if err != nil {
		t.Fatal(err)
	}
	// Reset by email revokes every earlier session.
	if _, err := ts.Client.Passwords.Email.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	r, err := ts.Client.Passwords.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: resetEmail(t, ts, "ada@acme.com", "reset_password").Token, Password: "second-correct-horse-staple"})
	if err != nil {
		t.Fatal(err)
	}
	if sessionAlive(ts, ada.SessionToken) || sessionAlive(ts, a1.SessionToken) || !sessionAlive(ts, r.SessionToken) {
		t.Fatal("reset by email did not revoke exactly the earlier sessions")
	}
	// Reset with the existing password: all earlier sessions go too.
	_, err = ts.Client.Passwords.ExistingPassword.Reset(ctx, &passwords.ExistingPasswordResetParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", ExistingPassword: "wrong", NewPassword: strong})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)
	_, err = ts.Client.Passwords.ExistingPassword.Reset(ctx, &passwords.ExistingPasswordResetParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", ExistingPassword: "second-correct-horse-staple", NewPassword: "123456"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeBreachedPassword)
	x, err := ts.Client.Passwords.ExistingPassword.Reset(ctx, &passwords.ExistingPasswordResetParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", ExistingPassword: "second-correct-horse-staple", NewPassword: strong})
	if err != nil {
		t.Fatal(err)
	}
	if !x.MemberAuthenticated || sessionAlive(ts, r.SessionToken) || !sessionAlive(ts, x.SessionToken) {
		t.Fatalf("existing password reset: %+v", x)
	}
	// Reset with a session keeps that session and revokes the others.
	other, err := login(ts, orgID, "ada@acme.com", strong)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ts.Client.Passwords.Sessions.Reset(ctx, &passwords.SessionsResetParams{OrganizationID: orgID, SessionToken: x.SessionToken, Password: "third-correct-horse-staple"})
	if err != nil {
		t.Fatal(err)
	}
	if s.SessionToken != x.SessionToken || !sessionAlive(ts, x.SessionToken) || sessionAlive(ts, other.SessionToken) {
		t.Fatalf("session reset: %+v", s)
	}
	if _, err := login(ts, orgID, "ada@acme.com", "third-correct-horse-staple"); err != nil {
		t.Fatal(err)
	}
	_, err = ts.Client.Passwords.Sessions.Reset(ctx, &passwords.SessionsResetParams{OrganizationID: orgID, Password: strong})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeNoSessionArguments)
	// Five minutes after its last factor the session is too old.
	ts.Clock().Advance(6 * time.Minute)
	_, err = ts.Client.Passwords.Sessions.Reset(ctx, &passwords.SessionsResetParams{OrganizationID: orgID, SessionToken: x.SessionToken, Password: strong})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeSessionTooOldToResetPassword)
}

func TestMigrateEveryHashTypeThenAuthenticate(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	const pw = "imported-Password-9"
	hexOf := func(b []byte) string { return hex.EncodeToString(b) }
	bc, _ := bcrypt.GenerateFromPassword([]byte(pw), 4)
	md := md5.Sum([]byte("pre" + pw + "post")) //nolint:gosec // test vector
	s1 := sha1.Sum([]byte(pw + "salt"))        //nolint:gosec // test vector
	s5 := sha512.Sum512([]byte("salt" + pw))
	sk, _ := scrypt.Key([]byte(pw), []byte("NaClsalt"), 1024, 8, 1, 32)
	a2i := argon2.Key([]byte(pw), []byte("saltsalt"), 2, 64, 1, 32)
	a2id := argon2.IDKey([]byte(pw), []byte("saltsalt"), 1, 64, 2, 32)
	pb := pbkdf2.Key([]byte(pw), []byte("pbsalt"), 1000, 32, sha512.New)
	b64 := base64.StdEncoding.EncodeToString
	cases := []passwords.MigrateParams{
		{HashType: passwords.HashBcrypt, Hash: string(bc)},
		{HashType: passwords.HashMD5, Hash: hexOf(md[:]), MD5Config: &passwords.MD5Config{PrependSalt: "pre", AppendSalt: "post"}},
		{HashType: passwords.HashSHA1, Hash: hexOf(s1[:]), SHA1Config: &passwords.SHA1Config{AppendSalt: "salt"}},
		{HashType: passwords.HashSHA512, Hash: hexOf(s5[:]), SHA512Config: &passwords.SHA512Config{PrependSalt: "salt"}},
		{HashType: passwords.HashScrypt, Hash: b64(sk), ScryptConfig: &passwords.ScryptConfig{Salt: b64([]byte("NaClsalt")), NParameter: 1024, RParameter: 8, PParameter: 1, KeyLength: 32}},
		{HashType: passwords.HashArgon2i, Hash: b64(a2i), Argon2Config: &passwords.Argon2Config{Salt: "saltsalt", IterationAmount: 2, Memory: 64, Threads: 1, KeyLength: 32}},
		{HashType: passwords.HashArgon2id, Hash: fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=2$%s$%s", base64.RawStdEncoding.EncodeToString([]byte("saltsalt")), base64.RawStdEncoding.EncodeToString(a2id))},
		{HashType: passwords.HashPBKDF2, Hash: b64(pb), PBKDF2Config: &passwords.PBKDF2Config{Salt: "pbsalt", IterationAmount: 1000, KeyLength: 32, Algorithm: "sha512"}},
		// phpass's own published test vector.
		{HashType: passwords.HashPHPass, Hash: "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"},
	}
	for i, p := range cases {
		t.Run(p.HashType, func(t *testing.T) {
			addr := fmt.Sprintf("user%d@acme.com", i)
			want := pw
			if p.HashType == passwords.HashPHPass {
				want = "test12345"
			}
			p.OrganizationID, p.EmailAddress, p.Name = orgID, addr, "User"
			r, err := ts.Client.Passwords.Migrate(ctx, &p)
			if err != nil {
				t.Fatal(err)
			}
			if !r.MemberCreated || r.Member.Status != organizations.StatusActive || !r.Member.EmailAddressVerified || r.Member.MemberPasswordID == "" || r.Member.Name != "User" {
				t.Fatalf("migrate: %+v", r)
			}
			_, err = login(ts, orgID, addr, want+"x")
			apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)
			// Twice: the second login runs against the bcrypt rehash.
			for range 2 {
				a, err := login(ts, orgID, addr, want)
				if err != nil || !a.MemberAuthenticated {
					t.Fatalf("authenticate: %+v, %v", a, err)
				}
			}
			_, err = ts.Client.Passwords.Migrate(ctx, &p)
			apitest.WantError(t, err, 400, stytchapi.ErrorTypePasswordAlreadyExists)
		})
	}
	// An existing member without a password gets one, member_created false.
	bob, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "bob@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ts.Client.Passwords.Migrate(ctx, &passwords.MigrateParams{OrganizationID: orgID, EmailAddress: "bob@acme.com", HashType: passwords.HashBcrypt, Hash: string(bc)})
	if err != nil || r.MemberCreated || r.MemberID != bob.MemberID || !r.Member.EmailAddressVerified {
		t.Fatalf("migrate onto bob: %+v, %v", r, err)
	}
	bad := []struct {
		p    passwords.MigrateParams
		want stytchapi.ErrorType
	}{
		{passwords.MigrateParams{HashType: "rot13", Hash: "x"}, stytchapi.ErrorTypeInvalidHashType},
		{passwords.MigrateParams{HashType: passwords.HashBcrypt, Hash: "$2a$04$short"}, stytchapi.ErrorTypeInvalidBcryptHash},
		{passwords.MigrateParams{HashType: passwords.HashMD5, Hash: "abc"}, stytchapi.ErrorTypeInvalidHash},
		{passwords.MigrateParams{HashType: passwords.HashScrypt, Hash: b64(sk)}, stytchapi.ErrorTypeInvalidHash},
		{passwords.MigrateParams{HashType: passwords.HashPHPass, Hash: "$P$tooshort"}, stytchapi.ErrorTypeInvalidHash},
	}
	for _, b := range bad {
		b.p.OrganizationID, b.p.EmailAddress = orgID, "carol@acme.com"
		_, err := ts.Client.Passwords.Migrate(ctx, &b.p)
		apitest.WantError(t, err, 400, b.want)
	}
}

func TestCrossOrgDiscoveryAndRequireReset(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.Passwords
	_, err := c.Discovery.Authenticate(ctx, &passwords.DiscoveryAuthenticateParams{EmailAddress: "ada@acme.com", Password: strong})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeCrossOrgPasswordsNotEnabled)
	_, err = c.Email.RequireReset(ctx, &passwords.EmailRequireResetParams{EmailAddress: "ada@acme.com"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeCrossOrgPasswordsNotEnabled)

	ts.SetPasswordPolicy(t, mockserver.PasswordPolicy{CrossOrgPasswords: ptr(true)})
	acme, beta := newOrg(t, ts, "acme"), newOrg(t, ts, "beta")
	inBeta, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: beta, EmailAddress: "ada@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	signup(t, ts, acme, "ada@acme.com")
	// The password is shared: ada can log into beta with it.
	if m := getMember(t, ts, beta, inBeta.MemberID); m.MemberPasswordID == "" {
		t.Fatalf("beta membership has no password: %+v", m)
	}
	d, err := c.Discovery.Authenticate(ctx, &passwords.DiscoveryAuthenticateParams{EmailAddress: "ada@acme.com", Password: strong})
	if err != nil {
		t.Fatal(err)
	}
	if d.IntermediateSessionToken == "" || len(d.DiscoveredOrganizations) != 2 || d.EmailAddress != "ada@acme.com" {
		t.Fatalf("discovery authenticate: %+v", d)
	}
	_, err = c.Discovery.Authenticate(ctx, &passwords.DiscoveryAuthenticateParams{EmailAddress: "nobody@acme.com", Password: strong})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)

	// Discovery reset by email: the same answer for any address.
	s1, known := rawPost(t, ts, "/v1/b2b/passwords/discovery/email/reset/start", map[string]any{"email_address": "ada@acme.com"})
	s2, unknown := rawPost(t, ts, "/v1/b2b/passwords/discovery/email/reset/start", map[string]any{"email_address": "nobody@acme.com"})
	if s1 != 200 || s2 != 200 || known != unknown {
		t.Fatalf("discovery reset start: %d %s / %d %s", s1, known, s2, unknown)
	}
	msg := resetEmail(t, ts, "ada@acme.com", "discovery_reset_password")
	dr, err := c.Discovery.Email.Reset(ctx, &passwords.DiscoveryEmailResetParams{PasswordResetToken: msg.Token, Password: "fourth-correct-horse-staple"})
	if err != nil || len(dr.DiscoveredOrganizations) != 2 || dr.IntermediateSessionToken == "" {
		t.Fatalf("discovery reset: %+v, %v", dr, err)
	}
	// The reset proved the address for every membership, so a plain
	// password login into beta needs nothing more.
	b, err := login(ts, beta, "ada@acme.com", "fourth-correct-horse-staple")
	if err != nil || !b.MemberAuthenticated {
		t.Fatalf("beta login: %+v, %v", b, err)
	}

	// Require reset: with two active memberships the password stays but
	// must be reset before the next password login.
	rr, err := c.Email.RequireReset(ctx, &passwords.EmailRequireResetParams{EmailAddress: "ada@acme.com", OrganizationID: beta})
	if err != nil || rr.MemberID != inBeta.MemberID || rr.Organization == nil {
		t.Fatalf("require reset: %+v, %v", rr, err)
	}
	_, err = login(ts, acme, "ada@acme.com", "fourth-correct-horse-staple")
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeMemberResetPassword)
	if _, err := c.Discovery.Email.ResetStart(ctx, &passwords.DiscoveryEmailResetStartParams{EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	msg = resetEmail(t, ts, "ada@acme.com", "discovery_reset_password")
	if _, err := c.Discovery.Email.Reset(ctx, &passwords.DiscoveryEmailResetParams{PasswordResetToken: msg.Token, Password: strong}); err != nil {
		t.Fatal(err)
	}
	if _, err := login(ts, acme, "ada@acme.com", strong); err != nil {
		t.Fatal(err)
	}
}

func TestPasswordStateSurvivesSnapshot(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	signup(t, ts, orgID, "ada@acme.com")
	if _, err := ts.Client.Passwords.Email.ResetStart(ctx, &passwords.EmailResetStartParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	tok := resetEmail(t, ts, "ada@acme.com", "reset_password").Token
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(snap), strong) || !strings.Contains(string(snap), `"passwords"`) || !strings.Contains(string(snap), "$2a$04$") {
		t.Fatal("snapshot lacks the password section or holds a password")
	}
	if err := ts.Reset(ts.ProjectID); err != nil {
		t.Fatal(err)
	}
	if err := ts.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	if _, err := login(ts, orgID, "ada@acme.com", strong); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.Passwords.Email.Reset(ctx, &passwords.EmailResetParams{PasswordResetToken: tok, Password: "after-import-horse-staple"}); err != nil {
		t.Fatal(err)
	}
}

// breach_check_on_login is on by default, as in Stytch: a migrated password
// that is on the breached list must be reset before it logs in.
func TestBreachCheckOnLoginIsOnByDefault(t *testing.T) {
	ts := mockserver.Start(t)
	orgID := newOrg(t, ts, "acme")
	bc, _ := bcrypt.GenerateFromPassword([]byte("password123"), 4)
	if _, err := ts.Client.Passwords.Migrate(ctx, &passwords.MigrateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", HashType: passwords.HashBcrypt, Hash: string(bc)}); err != nil {
		t.Fatal(err)
	}
	_, err := login(ts, orgID, "ada@acme.com", "password123")
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeMemberResetPassword)
	off := false
	ts.SetPasswordPolicy(t, mockserver.PasswordPolicy{BreachCheckOnLogin: &off})
	if _, err := login(ts, orgID, "ada@acme.com", "password123"); err != nil {
		t.Fatalf("login with the breach check off: %v", err)
	}
}
