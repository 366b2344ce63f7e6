package state

import (
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// Kinds of magic links, which are also the outbox template names.
const (
	LinkLogin       = "login"
	LinkSignup      = "signup"
	LinkInvite      = "invite"
	LinkDiscovery   = "discovery"
	LinkEmailUpdate = "email_update"
)

// MagicLinkRecord is one emailed magic link. The token is never stored:
// the record is indexed by its hash.
type MagicLinkRecord struct {
	Kind     string
	OrgID    string // "" for discovery links
	MemberID string // "" for discovery links
	Email    string
	// pkceChallenge is the S256 code challenge sent with the link, if any.
	PKCEChallenge string
	ExpiresAt     time.Time
	Used          bool
}

// IssueLink stores a new magic link and returns its token. Callers hold
// p.mu for writing.
func (p *Project) IssueLink(l MagicLinkRecord, token string) {
	p.Auth.Init()
	rec := l
	p.Auth.Links[ids.HashToken(token)] = &rec
}
