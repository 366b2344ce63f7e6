package engine

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// Kinds of magic links, which are also the outbox template names.
const (
	linkLogin       = "login"
	linkSignup      = "signup"
	linkInvite      = "invite"
	linkDiscovery   = "discovery"
	linkEmailUpdate = "email_update"
)

// Magic-link lifetimes (auth-flows §0), in minutes.
const (
	defaultLinkMinutes   = 60
	defaultInviteMinutes = 10080
	minLinkMinutes       = 5
	maxLinkMinutes       = 10080
)

// Redirect token types of the links' URLs.
const (
	tokenTypeMagicLinks = "multi_tenant_magic_links"
	tokenTypeDiscovery  = "discovery"
)

// magicLinkLocales are the locales the magic-link endpoints accept.
var magicLinkLocales = []string{"en", "es", "pt-br", "fr"}

// magicLinkRecord is one emailed magic link. The token is never stored:
// the record is indexed by its hash.
type magicLinkRecord struct {
	kind     string
	orgID    string // "" for discovery links
	memberID string // "" for discovery links
	email    string
	// pkceChallenge is the S256 code challenge sent with the link, if any.
	pkceChallenge string
	expiresAt     time.Time
	used          bool
}

// checkLocale validates an optional locale against allowed.
func checkLocale(l *string, allowed []string) *apiError {
	if l != nil && *l != "" && !slices.Contains(allowed, *l) {
		return badRequest("invalid_locale", "locale must be one of %s, not %q.", strings.Join(allowed, ", "), *l)
	}
	return nil
}

// linkTTL validates an optional *_expiration_minutes parameter and returns
// the link's life.
func linkTTL(field string, v *int64, defMinutes int64) (time.Duration, *apiError) {
	if v == nil || *v == 0 {
		return time.Duration(defMinutes) * time.Minute, nil
	}
	if *v < minLinkMinutes || *v > maxLinkMinutes {
		return 0, badRequest("invalid_expiration", "%s must be between %d and %d minutes.", field, minLinkMinutes, maxLinkMinutes)
	}
	return time.Duration(*v) * time.Minute, nil
}

// requireEmail validates a required email_address.
func requireEmail(email string) *apiError {
	if email == "" {
		return badRequest("invalid_email", "email_address is required.")
	}
	return checkEmail("email_address", email)
}

// requireOrgAndEmail checks the organization_id and email_address that
// most organization login requests carry, and returns the trimmed address.
func requireOrgAndEmail(orgID, rawEmail string) (string, *apiError) {
	if orgID == "" {
		return "", badRequest("invalid_organization_id", "organization_id is required.")
	}
	email := strings.TrimSpace(rawEmail)
	if err := requireEmail(email); err != nil {
		return "", err
	}
	return email, nil
}

// issueLink stores a new magic link and returns its token. Callers hold
// p.mu for writing.
func (p *project) issueLink(l magicLinkRecord, token string) {
	p.auth.init()
	rec := l
	p.auth.links[hashToken(token)] = &rec
}

// pkceS256 is the S256 code challenge of a verifier.
func pkceS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// checkPKCE checks a code verifier against the link's challenge.
func checkPKCE(challenge, verifier string) *apiError {
	switch {
	case challenge == "" && verifier == "":
		return nil
	case challenge == "":
		return badRequest("pkce_did_not_expect_code_verifier", "The magic link was sent without a PKCE code challenge, so no code verifier may be passed.")
	case verifier == "":
		return badRequest("pkce_expected_code_verifier", "The magic link was sent with a PKCE code challenge; pass its code verifier.")
	}
	got := pkceS256(verifier)
	// Accept a challenge sent with or without base64 padding.
	if subtle.ConstantTimeCompare([]byte(got), []byte(strings.TrimRight(challenge, "="))) != 1 {
		return badRequest("pkce_mismatch", "The PKCE code verifier does not match the code challenge the magic link was sent with.")
	}
	return nil
}

// findLink resolves a magic-link token of one of kinds for authentication:
// unknown (or of another kind) is 404 magic_link_not_found, used or expired
// is 401 unable_to_auth_magic_link, and a PKCE problem is a 400. The link
// is not marked used. Callers hold p.mu.
func (p *project) findLink(token, verifier string, now time.Time, kinds ...string) (*magicLinkRecord, *apiError) {
	p.auth.init()
	l := p.auth.links[hashToken(token)]
	if l == nil || !slices.Contains(kinds, l.kind) {
		return nil, notFound("magic_link_not_found", "The magic link could not be found.")
	}
	if l.used || !now.Before(l.expiresAt) {
		return nil, unauthorized("unable_to_auth_magic_link", "The magic link has already been used or has expired.")
	}
	if err := checkPKCE(l.pkceChallenge, verifier); err != nil {
		return nil, err
	}
	return l, nil
}

// sendLink resolves the redirect URL of a link, stores the link and emails
// it. Nothing is stored or sent when the redirect URL is refused. Callers
// hold p.mu for writing.
func (p *project) sendLink(now time.Time, l magicLinkRecord, redirectType, redirect, tokenType string, ttl time.Duration, orgName string) *apiError {
	url, err := p.resolveRedirectURL(redirectType, redirect, "no_match_for_provided_magic_link_url")
	if err != nil {
		return err
	}
	tok := newToken()
	l.expiresAt = now.Add(ttl)
	p.issueLink(l, tok)
	link := withToken(url, tokenType, tok)
	p.sendEmail(Message{
		To: l.email, Template: l.kind, Subject: linkSubject(l.kind, orgName), Text: linkText(l.kind, orgName, link),
		Link: link, Token: tok, OrganizationID: l.orgID, MemberID: l.memberID, SentAt: now,
	})
	return nil
}

func linkSubject(kind, org string) string {
	switch kind {
	case linkLogin:
		return "Your login link for " + org
	case linkSignup:
		return "Finish signing up for " + org
	case linkInvite:
		return "You have been invited to " + org
	case linkEmailUpdate:
		return "Confirm your new email address for " + org
	default:
		return "Your login link"
	}
}

func linkText(kind, org, link string) string {
	switch kind {
	case linkDiscovery:
		return "Click the link below to log in and choose an organization:\n\n" + link + "\n"
	case linkEmailUpdate:
		return fmt.Sprintf("Click the link below to confirm your new email address for %s:\n\n%s\n", org, link)
	default:
		return fmt.Sprintf("%s. Click the link below to continue:\n\n%s\n", linkSubject(kind, org), link)
	}
}

// loginOrSignupBody is the body of login_or_signup.
type loginOrSignupBody struct {
	OrganizationID          string  `json:"organization_id"`
	EmailAddress            string  `json:"email_address"`
	LoginRedirectURL        string  `json:"login_redirect_url"`
	SignupRedirectURL       string  `json:"signup_redirect_url"`
	PKCECodeChallenge       string  `json:"pkce_code_challenge"`
	LoginTemplateID         string  `json:"login_template_id"`
	SignupTemplateID        string  `json:"signup_template_id"`
	Locale                  *string `json:"locale"`
	LoginExpirationMinutes  *int64  `json:"login_expiration_minutes"`
	SignupExpirationMinutes *int64  `json:"signup_expiration_minutes"`
}

// loginOrSignupResponse answers login_or_signup.
type loginOrSignupResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	MemberCreated bool                       `json:"member_created"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int                        `json:"status_code"`
}

func handleMagicLinkLoginOrSignup(rc *reqCtx) (any, error) {
	var b loginOrSignupBody
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := requireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := checkLocale(b.Locale, magicLinkLocales); err != nil {
		return nil, err
	}
	loginTTL, err := linkTTL("login_expiration_minutes", b.LoginExpirationMinutes, defaultLinkMinutes)
	if err != nil {
		return nil, err
	}
	signupTTL, err := linkTTL("signup_expiration_minutes", b.SignupExpirationMinutes, defaultLinkMinutes)
	if err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneAuth(rc.now)
	if org, m, ok, err := p.sandboxSend(rc.now, b.OrganizationID, email); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return &loginOrSignupResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: m.m.MemberID, Member: p.memberView(m), Organization: p.orgView(org)}, nil
	}
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	r, created, aerr := p.loginOrSignupMember(org, email, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	l := magicLinkRecord{kind: linkSignup, orgID: org.o.OrganizationID, memberID: r.m.MemberID, email: r.m.EmailAddress, pkceChallenge: b.PKCECodeChallenge}
	redirectType, redirect, ttl := "signup", b.SignupRedirectURL, signupTTL
	if r.m.Status == organizations.StatusActive {
		l.kind, redirectType, redirect, ttl = linkLogin, "login", b.LoginRedirectURL, loginTTL
	}
	// Resolve the redirect before storing anything, so a refused URL
	// leaves no member behind.
	if _, err := p.resolveRedirectURL(redirectType, redirect, "no_match_for_provided_magic_link_url"); err != nil {
		return nil, err
	}
	if created {
		p.insertMember(r)
	}
	if err := p.sendLink(rc.now, l, redirectType, redirect, tokenTypeMagicLinks, ttl, org.o.OrganizationName); err != nil {
		return nil, err
	}
	return &loginOrSignupResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID, MemberCreated: created, Member: p.memberView(r), Organization: p.orgView(org)}, nil
}

// loginOrSignupMember applies the login_or_signup decision table (§3, shared
// by magic links and email OTP): the non-deleted member with the address,
// or else a new pending member when the organization's email JIT settings
// admit the address. A new member is returned with created set and is not
// stored yet, so that a later refusal leaves nothing behind. Whether the
// member gets a login or a signup message follows from its status (active
// members log in). Callers hold p.mu for writing.
func (p *project) loginOrSignupMember(org *orgRecord, email string, now time.Time) (*memberRecord, bool, *apiError) {
	set := p.memberSet(org.o.OrganizationID)
	if r := set.byEmail[emailKey(email)]; r != nil {
		return r, false, nil
	}
	if err := jitDecision(org, emailKey(email)); err != nil {
		return nil, false, err
	}
	if set.emailHolder(emailKey(email), nil) != nil {
		return nil, false, badRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
	}
	return p.newMemberRecord(org.o.OrganizationID, email, organizations.StatusPending, now), true, nil
}

// inviteBody is the body of invite.
type inviteBody struct {
	OrganizationID          string          `json:"organization_id"`
	EmailAddress            string          `json:"email_address"`
	InviteRedirectURL       string          `json:"invite_redirect_url"`
	InvitedByMemberID       string          `json:"invited_by_member_id"`
	Name                    *string         `json:"name"`
	TrustedMetadata         json.RawMessage `json:"trusted_metadata"`
	UntrustedMetadata       json.RawMessage `json:"untrusted_metadata"`
	InviteTemplateID        string          `json:"invite_template_id"`
	Locale                  *string         `json:"locale"`
	Roles                   *[]string       `json:"roles"`
	InviteExpirationMinutes *int64          `json:"invite_expiration_minutes"`
}

// inviteResponse answers invite.
type inviteResponse struct {
	RequestID    string                     `json:"request_id"`
	MemberID     string                     `json:"member_id"`
	Member       organizations.Member       `json:"member"`
	Organization organizations.Organization `json:"organization"`
	StatusCode   int                        `json:"status_code"`
}

// inviteAllowed applies the organization's email_invites setting.
func inviteAllowed(org *orgRecord, emailLower string) *apiError {
	switch org.o.EmailInvites {
	case organizations.AllAllowed:
		return nil
	case organizations.Restricted:
		if slices.Contains(org.o.EmailAllowedDomains, emailDomain(emailLower)) {
			return nil
		}
		return forbidden("invalid_email_for_invites", "The domain of %q is not one of the organization's allowed email domains, so it cannot be invited.", emailLower)
	default:
		return forbidden("invalid_email_for_invites", "Organization %q does not allow email invites.", org.o.OrganizationID)
	}
}

func handleMagicLinkInvite(rc *reqCtx) (any, error) {
	var b inviteBody
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := requireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if b.Name != nil && len([]rune(*b.Name)) > maxMemberNameLen {
		return nil, badRequest("invalid_request_value", "name must be at most %d characters.", maxMemberNameLen)
	}
	if err := checkLocale(b.Locale, magicLinkLocales); err != nil {
		return nil, err
	}
	ttl, aerr := linkTTL("invite_expiration_minutes", b.InviteExpirationMinutes, defaultInviteMinutes)
	if aerr != nil {
		return nil, aerr
	}
	var trusted, untrusted map[string]any
	if b.TrustedMetadata != nil {
		if trusted, aerr = parseMetadata("trusted_metadata", b.TrustedMetadata); aerr != nil {
			return nil, aerr
		}
	}
	if b.UntrustedMetadata != nil {
		if untrusted, aerr = parseMetadata("untrusted_metadata", b.UntrustedMetadata); aerr != nil {
			return nil, aerr
		}
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneAuth(rc.now)
	if org, m, ok, err := p.sandboxSend(rc.now, b.OrganizationID, email); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return &inviteResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: m.m.MemberID, Member: p.memberView(m), Organization: p.orgView(org)}, nil
	}
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	if err := p.authorizeHeader(rc.actor(), org.o.OrganizationID, "", actionCheck{resource: "stytch.member", action: "create"}); err != nil {
		return nil, err
	}
	if err := inviteAllowed(org, emailKey(email)); err != nil {
		return nil, err
	}
	if b.InvitedByMemberID != "" {
		if _, err := p.findMember(org, b.InvitedByMemberID); err != nil {
			return nil, err
		}
	}
	var roles []string
	if b.Roles != nil {
		if roles, aerr = p.checkRoles(org, *b.Roles); aerr != nil {
			return nil, aerr
		}
	}
	set := p.memberSet(org.o.OrganizationID)
	r := set.byEmail[emailKey(email)]
	var next *memberRecord
	switch {
	case r == nil:
		if set.emailHolder(emailKey(email), nil) != nil {
			return nil, badRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
		}
		next = p.newMemberRecord(org.o.OrganizationID, email, organizations.StatusInvited, rc.now)
	case r.m.Status == organizations.StatusActive:
		return nil, badRequest("duplicate_member_email", "%q is already an active member of organization %q; there is nothing to invite.", email, org.o.OrganizationID)
	default:
		next = cloneRecord(r)
		next.m.Status = organizations.StatusInvited
	}
	if b.Name != nil && *b.Name != "" {
		next.m.Name = *b.Name
	}
	if trusted != nil {
		next.m.TrustedMetadata = trusted
	}
	if untrusted != nil {
		next.m.UntrustedMetadata = untrusted
	}
	if b.Roles != nil {
		next.explicitRoles = roles
	}
	if _, err := p.resolveRedirectURL("invite", b.InviteRedirectURL, "no_match_for_provided_magic_link_url"); err != nil {
		return nil, err
	}
	now := rc.now
	next.m.UpdatedAt = &now
	if r == nil {
		p.insertMember(next)
		r = next
	} else {
		p.replaceMember(r, next)
	}
	l := magicLinkRecord{kind: linkInvite, orgID: org.o.OrganizationID, memberID: r.m.MemberID, email: r.m.EmailAddress}
	if err := p.sendLink(rc.now, l, "invite", b.InviteRedirectURL, tokenTypeMagicLinks, ttl, org.o.OrganizationName); err != nil {
		return nil, err
	}
	return &inviteResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID, Member: p.memberView(r), Organization: p.orgView(org)}, nil
}

// magicLinkAuthResponse answers magic_links/authenticate: the §1 result
// plus the email ID, the organization ID and reset_sessions.
type magicLinkAuthResponse struct {
	*authResult
	MethodID       string `json:"method_id"`
	ResetSessions  bool   `json:"reset_sessions"`
	OrganizationID string `json:"organization_id"`
}

func handleMagicLinkAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		MagicLinksToken  string `json:"magic_links_token"`
		PKCECodeVerifier string `json:"pkce_code_verifier"`
		loginArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.MagicLinksToken == "" {
		return nil, badRequest("bad_request", "magic_links_token is required.")
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if res, ok, err := p.sandboxAuthenticate(rc.now, b.MagicLinksToken, b.sessionArgs); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return res, nil
	}
	l, aerr := p.findLink(b.MagicLinksToken, b.PKCECodeVerifier, rc.now, linkLogin, linkSignup, linkInvite, linkEmailUpdate)
	if aerr != nil {
		return nil, aerr
	}
	var ist *istRecord
	if b.IntermediateSessionToken != "" {
		if ist, aerr = p.findIST(b.IntermediateSessionToken, rc.now); aerr != nil {
			return nil, aerr
		}
	}
	r := p.members[l.memberID]
	if r == nil || r.m.Status == organizations.StatusDeleted {
		return nil, notFound("member_not_found", "The member this magic link was sent to no longer exists.")
	}
	org := p.orgs[r.m.OrganizationID]
	if org == nil {
		return nil, notFound("organization_not_found", "The organization this magic link was sent for no longer exists.")
	}
	// An email update completes first; it is rolled back if the login fails.
	var backup *memberRecord
	if l.kind == linkEmailUpdate {
		u := r.emailUpdate
		if u == nil || u.TokenHash != hashToken(b.MagicLinksToken) || !rc.now.Before(u.ExpiresAt) {
			return nil, unauthorized("unable_to_auth_magic_link", "The email update this magic link confirms was replaced, cancelled or has expired.")
		}
		backup = cloneRecord(r)
		next := cloneRecord(r)
		if err := p.changeEmail(p.memberSet(org.o.OrganizationID), r, next, u.EmailAddress, false); err != nil {
			return nil, err
		}
		next.m.EmailAddressVerified = true
		now := rc.now
		next.m.UpdatedAt = &now
		p.replaceMember(r, next)
	} else if emailKey(r.m.EmailAddress) != emailKey(l.email) {
		return nil, unauthorized("unable_to_auth_magic_link", "The member's email address changed after this magic link was sent.")
	}
	res, aerr := p.emailProvingLogin(rc.now, org, r, "magic_link", &b.loginArgs, ist, backup)
	if aerr != nil {
		return nil, aerr
	}
	l.used = true
	return &magicLinkAuthResponse{authResult: res, MethodID: r.emailID, OrganizationID: org.o.OrganizationID}, nil
}

// sendEmailUpdate emails the confirmation of a Start Email Update to the
// new address: a magic link (stored as a link of kind email_update whose
// hash is the pending update's) or the one-time code. It resolves the login
// redirect URL first and sends nothing when that fails. Callers hold p.mu
// for writing.
func (p *project) sendEmailUpdate(now time.Time, org *orgRecord, r *memberRecord, u *pendingEmailUpdate, token string) *apiError {
	if u.DeliveryMethod != "EMAIL_MAGIC_LINK" {
		p.sendEmail(Message{
			To: u.EmailAddress, Template: "email_update_otp", Subject: linkSubject(linkEmailUpdate, org.o.OrganizationName),
			Text: fmt.Sprintf("Your code to confirm your new email address for %s is %s.\n", org.o.OrganizationName, token),
			Code: token, OrganizationID: org.o.OrganizationID, MemberID: r.m.MemberID, SentAt: now,
		})
		return nil
	}
	url, err := p.resolveRedirectURL("login", u.LoginRedirectURL, "no_match_for_provided_magic_link_url")
	if err != nil {
		return err
	}
	p.issueLink(magicLinkRecord{kind: linkEmailUpdate, orgID: org.o.OrganizationID, memberID: r.m.MemberID, email: u.EmailAddress, expiresAt: u.ExpiresAt}, token)
	link := withToken(url, tokenTypeMagicLinks, token)
	p.sendEmail(Message{
		To: u.EmailAddress, Template: linkEmailUpdate, Subject: linkSubject(linkEmailUpdate, org.o.OrganizationName),
		Text: linkText(linkEmailUpdate, org.o.OrganizationName, link), Link: link, Token: token,
		OrganizationID: org.o.OrganizationID, MemberID: r.m.MemberID, SentAt: now,
	})
	return nil
}
