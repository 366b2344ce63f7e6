package flows

import (
	"fmt"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// TokenTypeUserMagicLinks is the stytch_token_type of consumer magic links.
const TokenTypeUserMagicLinks = "magic_links"

// consumerSandboxUserID is the user of the consumer sandbox values.
const consumerSandboxUserID = "user-test-e3795c81-f849-4167-bfda-e4a6e9c280fd"

// UserLink is a consumer magic link to send: its kind, user and email, the
// redirect URL asked for (resolved against the redirect type of the kind),
// its life and PKCE challenge.
type UserLink struct {
	Kind          string
	User          *state.UserRecord
	EmailID       string
	Email         string
	Redirect      string
	TTL           time.Duration
	PKCEChallenge string
}

// SendUserLink resolves the link's redirect URL, stores the link and emails
// it. Nothing is stored or sent when the redirect URL is refused. Callers
// hold p.Mu for writing.
func SendUserLink(p *state.Project, now time.Time, l UserLink) *apierr.Error {
	url, err := p.ResolveRedirectURL(l.Kind, l.Redirect, "no_match_for_provided_magic_link_url")
	if err != nil {
		return err
	}
	tok := ids.NewToken()
	p.InitUsers().Links[ids.HashToken(tok)] = &state.UserLinkRecord{
		Kind: l.Kind, UserID: l.User.User.UserID, EmailID: l.EmailID, PKCEChallenge: l.PKCEChallenge, ExpiresAt: now.Add(l.TTL),
	}
	link := state.WithToken(url, TokenTypeUserMagicLinks, tok)
	subject := map[string]string{
		state.UserLinkLogin: "Your login link", state.UserLinkSignup: "Finish signing up", state.UserLinkInvite: "You have been invited",
	}[l.Kind]
	p.SendEmail(state.Message{
		To: l.Email, Template: l.Kind, Subject: subject,
		Text: fmt.Sprintf("%s. Click the link below to continue:\n\n%s\n", subject, link),
		Link: link, Token: tok, UserID: l.User.User.UserID, SentAt: now,
	})
	return nil
}

// LoginKind is the kind of link a user gets when logging in: a signup link
// while they are pending, else a login link.
func LoginKind(r *state.UserRecord) string {
	if r.User.Status == users.StatusPending {
		return state.UserLinkSignup
	}
	return state.UserLinkLogin
}

// ConsumerSandboxSend reports whether email is the sandbox address in a
// TEST project: then the call answers 200 with the sandbox user and sends
// nothing.
func ConsumerSandboxSend(p *state.Project, email string) (userID, emailID string, ok bool) {
	if p.Env != "test" || state.EmailKey(email) != SandboxEmail {
		return "", "", false
	}
	return consumerSandboxUserID, "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953", true
}

// RevokeUserInvites voids the unused invitation links of a user and
// reports whether there was one. Callers hold p.Mu for writing.
func RevokeUserInvites(p *state.Project, userID string, now time.Time) bool {
	found := false
	for _, l := range p.InitUsers().Links {
		if l.UserID == userID && l.Kind == state.UserLinkInvite && !l.Used && now.Before(l.ExpiresAt) {
			l.Used, found = true, true
		}
	}
	return found
}

// FindUserLink resolves a consumer magic-link token for authentication:
// unknown is 404 magic_link_not_found, used or expired is 401
// unable_to_auth_magic_link, and a PKCE problem is a 400. The link is not
// marked used. Callers hold p.Mu.
func FindUserLink(p *state.Project, token, verifier string, now time.Time) (*state.UserLinkRecord, *apierr.Error) {
	l := p.InitUsers().Links[ids.HashToken(token)]
	if l == nil {
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

// UserLinkFactor is the session factor a consumer magic link proves.
func UserLinkFactor(r *state.UserRecord, l *state.UserLinkRecord) sessions.AuthenticationFactor {
	if l.Kind == state.UserLinkEmbedded {
		return sessions.AuthenticationFactor{Type: "magic_link", DeliveryMethod: "embedded",
			EmbeddableMagicLinkFactor: &sessions.EmbeddableMagicLinkFactor{EmbeddedID: r.User.UserID}}
	}
	f := sessions.AuthenticationFactor{Type: "magic_link", DeliveryMethod: "email"}
	if i := slices.IndexFunc(r.User.Emails, func(e users.Email) bool { return e.EmailID == l.EmailID }); i >= 0 {
		f.EmailFactor = &sessions.EmailFactor{EmailID: l.EmailID, EmailAddress: r.User.Emails[i].Email}
	}
	return f
}

// ConsumerSandboxToken answers the consumer sandbox magic-link tokens of a
// TEST project: ok reports whether token is one, and err is its failure
// (nil for the success token).
func ConsumerSandboxToken(p *state.Project, token string) (ok bool, err *apierr.Error) {
	return SandboxToken(p, token)
}

// ConsumerSandboxUser returns the sandbox user of a TEST consumer project,
// creating it on first use. Callers hold p.Mu for writing.
func ConsumerSandboxUser(p *state.Project, now time.Time) *state.UserRecord {
	p.InitUsers()
	if r := p.Users.ByID[consumerSandboxUserID]; r != nil {
		return r
	}
	r := NewUserRecord(p, users.StatusActive, now)
	r.User.UserID = consumerSandboxUserID
	_, emailID, _ := ConsumerSandboxSend(p, SandboxEmail)
	r.User.Emails = []users.Email{{EmailID: emailID, Email: SandboxEmail, Verified: true}}
	if other := p.UserByEmail(SandboxEmail); other != nil {
		r.User.Emails = nil // a real user took the address: the sandbox user has none
	}
	p.PutUser(r)
	return r
}
