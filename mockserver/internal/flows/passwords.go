package flows

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/passwd"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Passwords (auth-flows §6). Every login goes through runPrimary with
// method "password"; see docs/mock-behaviour.md for the choices.

// DefaultResetMinutes is the reset-link lifetime (auth-flows §0), in
// minutes.
const DefaultResetMinutes = 30

// tokenTypePasswords is the stytch_token_type of reset links.
const tokenTypePasswords = "multi_tenant_passwords"

// Outbox templates of the reset emails.
const (
	TemplateResetPassword          = "reset_password"
	TemplateDiscoveryResetPassword = "discovery_reset_password"
)

// SessionResetWindow is how recent a session's factor must be for a reset
// with that session.
const SessionResetWindow = 5 * time.Minute

// PasswordFactor is the session factor of a password login.
func PasswordFactor(*state.MemberRecord) sessions.AuthenticationFactor {
	return sessions.AuthenticationFactor{Type: "password", DeliveryMethod: "knowledge"}
}

func badCredentials() *apierr.Error {
	return apierr.Unauthorized("unauthorized_credentials", "The email address or password is incorrect.")
}

// CheckPassword verifies a login password of the member of org with the
// address (r, possibly nil) with the same work whether or not the member
// exists, counts failures and applies the lock. It does not reset the
// failure counter: callers do that once the login succeeds. The check
// comes from w (see PrepareLogin) when it was made against the member's
// current hash. Callers hold p.mu for writing.
func CheckPassword(p *state.Project, r *state.MemberRecord, password string, now time.Time, w *PasswordWork) (*state.PasswordCred, *apierr.Error) {
	pol := p.PasswordPolicy()
	c := p.PasswordOf(r)
	if c == nil {
		if !w.dummyDone() {
			passwd.DummyVerify(password, pol.BcryptCost)
		}
		return nil, badCredentials()
	}
	ok := w.verify(c.Hash, password)
	if r.Member.IsLocked && r.Member.LockExpiresAt != nil && now.Before(*r.Member.LockExpiresAt) {
		return nil, apierr.TooManyRequests("user_lock_limit_reached", "The member is locked after too many failed password attempts until %s.", r.Member.LockExpiresAt.Format(time.RFC3339))
	}
	if !ok {
		c.Failures++
		if c.Failures >= pol.LockThreshold {
			c.Failures = 0
			next := state.CloneRecord(r)
			t, exp := now, now.Add(time.Duration(pol.LockMinutes)*time.Minute)
			next.Member.IsLocked, next.Member.LockCreatedAt, next.Member.LockExpiresAt = true, &t, &exp
			p.ReplaceMember(r, next)
		}
		return nil, badCredentials()
	}
	if c.RequireReset || (pol.BreachCheckOnLogin && passwd.IsBreached(password)) {
		return nil, apierr.Unauthorized("member_reset_password", "The member must reset their password before logging in with it.")
	}
	return c, nil
}

// LoginSucceeded resets the failure counter and upgrades a migrated hash to
// bcrypt (prepared in w when it can be). Callers hold p.mu for writing.
func LoginSucceeded(p *state.Project, c *state.PasswordCred, password string, w *PasswordWork) {
	c.Failures = 0
	if c.Hash.Type != passwd.HashBcrypt {
		if h, err := w.upgraded(c.Hash, password, p.PasswordPolicy().BcryptCost); err == nil {
			c.Hash = h
		}
	}
}

// RefreshResult replaces the member view of a login result after the
// password change that followed it.
func RefreshResult(p *state.Project, res *AuthResult) {
	if r := p.Members[res.MemberID]; r != nil {
		res.Member = p.MemberView(r)
	}
}

// PasswordLogin is the primary login of a password call by member r of org
// with the session options args. Callers add the session or intermediate
// session the login extends, and whether it proves the email address.
func PasswordLogin(org *state.OrgRecord, r *state.MemberRecord, args state.SessionArgs, now time.Time) *PrimaryLogin {
	return &PrimaryLogin{
		Org: org, Email: r.Member.EmailAddress, Member: r, Method: "password", Factor: PasswordFactor,
		Args: args, Now: now,
	}
}

// HashNewPassword checks a new password against the project's policy (the
// member's address counts against it) and hashes it with bcrypt, or takes
// the hash w prepared (see PrepareNewPassword) at the same cost. Callers
// hold p.mu.
func HashNewPassword(p *state.Project, password, email string, w *PasswordWork) (*passwd.StoredHash, *apierr.Error) {
	pol := p.PasswordPolicy()
	if err := pol.NewPasswordError(password, email); err != nil {
		return nil, err
	}
	h, err := w.hashed(password, pol.BcryptCost)
	if err != nil {
		return nil, apierr.BadRequest("weak_password", "The password cannot be hashed.")
	}
	return h, nil
}

// Secret is a required secret field of a request: its name and value.
type Secret struct {
	Field, Value string
}

// CheckPasswordLogin checks a password request of an organization member,
// in order: the organization_id and the email_address (returned trimmed),
// each secret, and the login arguments.
func CheckPasswordLogin(orgID, rawEmail string, args *LoginArgs, secrets ...Secret) (string, *apierr.Error) {
	email, err := RequireOrgAndEmail(orgID, rawEmail)
	if err != nil {
		return "", err
	}
	if err := RequireSecrets(secrets...); err != nil {
		return "", err
	}
	if err := args.Check(); err != nil {
		return "", err
	}
	return email, nil
}

// RequireSecrets refuses the first empty secret.
func RequireSecrets(secrets ...Secret) *apierr.Error {
	for _, s := range secrets {
		if err := RequirePassword(s.Field, s.Value); err != nil {
			return err
		}
	}
	return nil
}

// RequirePassword refuses an empty password (or token) field.
func RequirePassword(field, v string) *apierr.Error {
	if v == "" {
		return apierr.BadRequest("bad_request", "%s is required.", field)
	}
	return nil
}

// SendReset stores a reset link and emails it. Callers hold p.mu for
// writing and resolved url.
func SendReset(p *state.Project, now time.Time, rec state.ResetRecord, url, template, orgName string, ttl time.Duration) {
	p.Passwords.Init()
	tok := ids.NewToken()
	rec.ExpiresAt = now.Add(ttl)
	p.Passwords.Resets[ids.HashToken(tok)] = &rec
	link := state.WithToken(url, tokenTypePasswords, tok)
	subject := "Reset your password"
	if orgName != "" {
		subject += " for " + orgName
	}
	p.SendEmail(state.Message{
		To: rec.Email, Template: template, Subject: subject,
		Text: subject + ". Click the link below to choose a new password:\n\n" + link + "\n",
		Link: link, Token: tok, OrganizationID: rec.OrgID, MemberID: rec.MemberID, SentAt: now,
	})
}

// FindReset resolves a reset token: unknown, used and expired all answer
// 401 unable_to_auth_password_reset_token; a PKCE problem is a 400. The
// link is not marked used. Callers hold p.mu.
func FindReset(p *state.Project, token, verifier string, discovery bool, now time.Time) (*state.ResetRecord, *apierr.Error) {
	p.Passwords.Init()
	l := p.Passwords.Resets[ids.HashToken(token)]
	if l == nil || (l.OrgID == "") != discovery || l.Used || !now.Before(l.ExpiresAt) {
		return nil, apierr.Unauthorized("unable_to_auth_password_reset_token", "The password reset token is unknown, already used or expired.")
	}
	if err := checkPKCE(l.PKCE, verifier); err != nil {
		return nil, err
	}
	return l, nil
}
