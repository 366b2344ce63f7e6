package flows

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Magic-link lifetimes (auth-flows §0), in minutes.
const (
	DefaultLinkMinutes   = 60
	DefaultInviteMinutes = 10080
	minLinkMinutes       = 5
	maxLinkMinutes       = 10080
)

// Redirect token types of the links' URLs.
const (
	TokenTypeMagicLinks = "multi_tenant_magic_links"
	TokenTypeDiscovery  = "discovery"
)

// MagicLinkLocales are the locales the magic-link endpoints accept.
var MagicLinkLocales = []string{"en", "es", "pt-br", "fr"}

// CheckLocale validates an optional locale against allowed.
func CheckLocale(l *string, allowed []string) *apierr.Error {
	if l != nil && *l != "" && !slices.Contains(allowed, *l) {
		return apierr.BadRequest("invalid_locale", "locale must be one of %s, not %q.", strings.Join(allowed, ", "), *l)
	}
	return nil
}

// LinkTTL validates an optional *_expiration_minutes parameter and returns
// the link's life.
func LinkTTL(field string, v *int64, defMinutes int64) (time.Duration, *apierr.Error) {
	if v == nil || *v == 0 {
		return time.Duration(defMinutes) * time.Minute, nil
	}
	if *v < minLinkMinutes || *v > maxLinkMinutes {
		return 0, apierr.BadRequest("invalid_expiration", "%s must be between %d and %d minutes.", field, minLinkMinutes, maxLinkMinutes)
	}
	return time.Duration(*v) * time.Minute, nil
}

// RequireEmail validates a required email_address.
func RequireEmail(email string) *apierr.Error {
	if email == "" {
		return apierr.BadRequest("invalid_email", "email_address is required.")
	}
	return CheckEmail("email_address", email)
}

// RequireOrgAndEmail checks the organization_id and email_address that
// most organization login requests carry, and returns the trimmed address.
func RequireOrgAndEmail(orgID, rawEmail string) (string, *apierr.Error) {
	if orgID == "" {
		return "", apierr.BadRequest("invalid_organization_id", "organization_id is required.")
	}
	return RequireTrimmedEmail(rawEmail)
}

// RequireTrimmedEmail trims a required email_address, validates it and
// returns it.
func RequireTrimmedEmail(rawEmail string) (string, *apierr.Error) {
	email := strings.TrimSpace(rawEmail)
	if err := RequireEmail(email); err != nil {
		return "", err
	}
	return email, nil
}

// CheckDiscoverySend checks what a discovery request that sends an email
// carries, in order: the email_address (returned trimmed) and the locale.
func CheckDiscoverySend(rawEmail string, locale *string) (string, *apierr.Error) {
	email, err := RequireTrimmedEmail(rawEmail)
	if err != nil {
		return "", err
	}
	if err := CheckLocale(locale, MagicLinkLocales); err != nil {
		return "", err
	}
	return email, nil
}

// CheckOrgSend checks what an organization request that sends an email
// carries, in order: the organization_id, the email_address (returned
// trimmed) and the locale.
func CheckOrgSend(orgID, rawEmail string, locale *string) (string, *apierr.Error) {
	email, err := RequireOrgAndEmail(orgID, rawEmail)
	if err != nil {
		return "", err
	}
	if err := CheckLocale(locale, MagicLinkLocales); err != nil {
		return "", err
	}
	return email, nil
}

// pkceS256 is the S256 code challenge of a verifier.
func pkceS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// checkPKCE checks a code verifier against the link's challenge.
func checkPKCE(challenge, verifier string) *apierr.Error {
	switch {
	case challenge == "" && verifier == "":
		return nil
	case challenge == "":
		return apierr.BadRequest("pkce_did_not_expect_code_verifier", "The magic link was sent without a PKCE code challenge, so no code verifier may be passed.")
	case verifier == "":
		return apierr.BadRequest("pkce_expected_code_verifier", "The magic link was sent with a PKCE code challenge; pass its code verifier.")
	}
	got := pkceS256(verifier)
	// Accept a challenge sent with or without base64 padding.
	if subtle.ConstantTimeCompare([]byte(got), []byte(strings.TrimRight(challenge, "="))) != 1 {
		return apierr.BadRequest("pkce_mismatch", "The PKCE code verifier does not match the code challenge the magic link was sent with.")
	}
	return nil
}

// FindLink resolves a magic-link token of one of kinds for authentication:
// unknown (or of another kind) is 404 magic_link_not_found, used or expired
// is 401 unable_to_auth_magic_link, and a PKCE problem is a 400. The link
// is not marked used. Callers hold p.mu.
func FindLink(p *state.Project, token, verifier string, now time.Time, kinds ...string) (*state.MagicLinkRecord, *apierr.Error) {
	p.Auth.Init()
	l := p.Auth.Links[ids.HashToken(token)]
	if l == nil || !slices.Contains(kinds, l.Kind) {
		return nil, apierr.NotFound("magic_link_not_found", "The magic link could not be found.")
	}
	if l.Used || !now.Before(l.ExpiresAt) {
		return nil, apierr.Unauthorized("unable_to_auth_magic_link", "The magic link has already been used or has expired.")
	}
	if err := checkPKCE(l.PKCEChallenge, verifier); err != nil {
		return nil, err
	}
	return l, nil
}

// SendLink resolves the redirect URL of a link, stores the link and emails
// it. Nothing is stored or sent when the redirect URL is refused. Callers
// hold p.mu for writing.
func SendLink(p *state.Project, now time.Time, l state.MagicLinkRecord, redirectType, redirect, tokenType string, ttl time.Duration, orgName string) *apierr.Error {
	url, err := p.ResolveRedirectURL(redirectType, redirect, "no_match_for_provided_magic_link_url")
	if err != nil {
		return err
	}
	tok := ids.NewToken()
	l.ExpiresAt = now.Add(ttl)
	p.IssueLink(l, tok)
	link := state.WithToken(url, tokenType, tok)
	p.SendEmail(state.Message{
		To: l.Email, Template: l.Kind, Subject: linkSubject(l.Kind, orgName), Text: linkText(l.Kind, orgName, link),
		Link: link, Token: tok, OrganizationID: l.OrgID, MemberID: l.MemberID, SentAt: now,
	})
	return nil
}

func linkSubject(kind, org string) string {
	switch kind {
	case state.LinkLogin:
		return "Your login link for " + org
	case state.LinkSignup:
		return "Finish signing up for " + org
	case state.LinkInvite:
		return "You have been invited to " + org
	case state.LinkEmailUpdate:
		return "Confirm your new email address for " + org
	default:
		return "Your login link"
	}
}

func linkText(kind, org, link string) string {
	switch kind {
	case state.LinkDiscovery:
		return "Click the link below to log in and choose an organization:\n\n" + link + "\n"
	case state.LinkEmailUpdate:
		return fmt.Sprintf("Click the link below to confirm your new email address for %s:\n\n%s\n", org, link)
	default:
		return fmt.Sprintf("%s. Click the link below to continue:\n\n%s\n", linkSubject(kind, org), link)
	}
}

// LoginOrSignupMember applies the login_or_signup decision table (§3, shared
// by magic links and email OTP): the non-deleted member with the address,
// or else a new pending member when the organization's email JIT settings
// admit the address. A new member is returned with created set and is not
// stored yet, so that a later refusal leaves nothing behind. Whether the
// member gets a login or a signup message follows from its status (active
// members log in). Callers hold p.mu for writing.
func LoginOrSignupMember(p *state.Project, org *state.OrgRecord, email string, now time.Time) (*state.MemberRecord, bool, *apierr.Error) {
	set := p.MemberSet(org.Org.OrganizationID)
	if r := set.ByEmail[state.EmailKey(email)]; r != nil {
		return r, false, nil
	}
	if err := JitDecision(org, state.EmailKey(email)); err != nil {
		return nil, false, err
	}
	if set.EmailHolder(state.EmailKey(email), nil) != nil {
		return nil, false, apierr.BadRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
	}
	return NewMemberRecord(p, org.Org.OrganizationID, email, organizations.StatusPending, now), true, nil
}

// InviteAllowed applies the organization's email_invites setting.
func InviteAllowed(org *state.OrgRecord, emailLower string) *apierr.Error {
	switch org.Org.EmailInvites {
	case organizations.AllAllowed:
		return nil
	case organizations.Restricted:
		if slices.Contains(org.Org.EmailAllowedDomains, state.EmailDomain(emailLower)) {
			return nil
		}
		return apierr.BadRequest("invalid_email_for_invites", "The domain of %q is not one of the organization's allowed email domains, so it cannot be invited.", emailLower)
	default:
		return apierr.BadRequest("invalid_email_for_invites", "Organization %q does not allow email invites.", org.Org.OrganizationID)
	}
}

// MagicLinkAuthResponse answers magic_links/authenticate: the §1 result
// plus the email ID, the organization ID and reset_sessions.
type MagicLinkAuthResponse struct {
	*AuthResult
	MethodID       string `json:"method_id"`
	ResetSessions  bool   `json:"reset_sessions"`
	OrganizationID string `json:"organization_id"`
}

// SendEmailUpdate emails the confirmation of a Start Email Update to the
// new address: a magic link (stored as a link of kind email_update whose
// hash is the pending update's) or the one-time code. It resolves the login
// redirect URL first and sends nothing when that fails. Callers hold p.mu
// for writing.
func SendEmailUpdate(p *state.Project, now time.Time, org *state.OrgRecord, r *state.MemberRecord, u *state.PendingEmailUpdate, token string) *apierr.Error {
	if u.DeliveryMethod != "EMAIL_MAGIC_LINK" {
		p.SendEmail(state.Message{
			To: u.EmailAddress, Template: "email_update_otp", Subject: linkSubject(state.LinkEmailUpdate, org.Org.OrganizationName),
			Text: fmt.Sprintf("Your code to confirm your new email address for %s is %s.\n", org.Org.OrganizationName, token),
			Code: token, OrganizationID: org.Org.OrganizationID, MemberID: r.Member.MemberID, SentAt: now,
		})
		return nil
	}
	url, err := p.ResolveRedirectURL("login", u.LoginRedirectURL, "no_match_for_provided_magic_link_url")
	if err != nil {
		return err
	}
	p.IssueLink(state.MagicLinkRecord{Kind: state.LinkEmailUpdate, OrgID: org.Org.OrganizationID, MemberID: r.Member.MemberID, Email: u.EmailAddress, ExpiresAt: u.ExpiresAt}, token)
	link := state.WithToken(url, TokenTypeMagicLinks, token)
	p.SendEmail(state.Message{
		To: u.EmailAddress, Template: state.LinkEmailUpdate, Subject: linkSubject(state.LinkEmailUpdate, org.Org.OrganizationName),
		Text: linkText(state.LinkEmailUpdate, org.Org.OrganizationName, link), Link: link, Token: token,
		OrganizationID: org.Org.OrganizationID, MemberID: r.Member.MemberID, SentAt: now,
	})
	return nil
}
