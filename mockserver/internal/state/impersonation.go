package state

import "time"

// Impersonation (auth-flows §12): POST /mock/impersonation mints a token as
// Stytch's dashboard does; impersonation/authenticate turns it into a
// 60-minute session with an impersonated factor, once.

const (
	// ImpersonationTokenTTL is the life of an impersonation token.
	ImpersonationTokenTTL = 5 * time.Minute
	// ImpersonationSessionTTL caps the life of an impersonated session.
	ImpersonationSessionTTL = 60 * time.Minute
)

// ImpersonationTokenRecord is a minted impersonation token; only its hash
// is kept.
type ImpersonationTokenRecord struct {
	TokenHash string
	OrgID     string
	MemberID  string
	// Who impersonates: a dashboard user of the project.
	ImpersonatorID    string
	ImpersonatorEmail string
	Reason            string
	CreatedAt         time.Time
	ExpiresAt         time.Time
	Used              bool
	// SessionID is the session the token became, once used.
	SessionID string
}

// impersonationState holds the project's impersonation tokens and whether
// the project allows impersonation at all. Callers hold p.mu.
type impersonationState struct {
	Tokens map[string]*ImpersonationTokenRecord // token hash -> token
	// Disabled turns impersonation off for the project (Stytch's dashboard
	// setting); tokens then are refused.
	Disabled bool
}

// AddImpersonationToken stores t under its hash and forgets tokens that
// expired more than a day ago. Callers hold p.mu for writing.
func (p *Project) AddImpersonationToken(t *ImpersonationTokenRecord) {
	if p.Impersonation.Tokens == nil {
		p.Impersonation.Tokens = map[string]*ImpersonationTokenRecord{}
	}
	cutoff := t.CreatedAt.Add(-24 * time.Hour)
	for h, o := range p.Impersonation.Tokens {
		if o.ExpiresAt.Before(cutoff) {
			delete(p.Impersonation.Tokens, h)
		}
	}
	p.Impersonation.Tokens[t.TokenHash] = t
}

// IsImpersonated reports whether s was started by impersonation; such a
// session keeps the lifetime it was issued with.
func IsImpersonated(s *SessionRecord) bool {
	for _, f := range s.Factors {
		if f.Type == "impersonated" {
			return true
		}
	}
	return false
}
