package state

import (
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// istTTL is the fixed life of an intermediate session token.
const istTTL = 10 * time.Minute

// authState holds a project's one-time login credentials and intermediate
// sessions. Only token hashes index it. Callers hold p.mu.
type authState struct {
	Links map[string]*MagicLinkRecord // token hash -> link
	ISTs  map[string]*ISTRecord       // token hash -> intermediate session
}

func (a *authState) Init() {
	if a.Links == nil {
		a.Links = map[string]*MagicLinkRecord{}
		a.ISTs = map[string]*ISTRecord{}
	}
}

// ISTRecord is an intermediate session: a login that has proved some
// factors but has no member session yet. The token is never stored.
type ISTRecord struct {
	TokenHash string
	// email is the address the factors proved ("" when none did).
	Email string
	// orgID binds the session to an organization ("" for a discovery
	// session), and memberID to that organization's member.
	OrgID    string
	MemberID string
	// factors are the factors proved so far, in order.
	Factors   []ISTFactor
	CreatedAt time.Time
	ExpiresAt time.Time
}

// ISTFactor is one factor of an intermediate session: its method name
// ("magic_link", "email_otp", "password", "sms_otp", ...) and the session
// factor it becomes.
type ISTFactor struct {
	Method string
	Factor sessions.AuthenticationFactor
	// OAuth is the provider account of an OAuth discovery login (nil for
	// other factors).
	OAuth *ISTOAuth
}

// ISTOAuth is the provider account an OAuth factor of an intermediate
// session stands for: what an exchange into an organization needs to
// prove the email, admit the tenant and record the registration.
type ISTOAuth struct {
	// Provider is the provider's path name ("google").
	Provider string
	Subject  string
	// TenantID is the provider's tenant ("" when it named none).
	TenantID string
}

// EmailProving reports whether a method proves ownership of the email
// address in real time (and so transfers between organizations).
func EmailProving(method string) bool {
	return method == "magic_link" || method == "email_otp"
}

// MFAMethod reports whether a method is a second factor.
func MFAMethod(method string) bool {
	return method == "sms_otp" || method == "totp" || method == "recovery_codes"
}

// HasMethod reports whether the session holds a factor of one of methods.
func (s *ISTRecord) HasMethod(match func(string) bool) bool {
	return slices.ContainsFunc(s.Factors, func(f ISTFactor) bool { return match(f.Method) })
}

// AddFactor records a factor, replacing an earlier one of the same method.
func (s *ISTRecord) AddFactor(f ISTFactor) {
	if i := slices.IndexFunc(s.Factors, func(g ISTFactor) bool { return g.Method == f.Method }); i >= 0 {
		s.Factors[i] = f
		return
	}
	s.Factors = append(s.Factors, f)
}

func istNotFound() *apierr.Error {
	return apierr.NotFound("intermediate_session_not_found", "The intermediate session was not found: it does not exist, was already used, or has expired.")
}

// NewIST creates an intermediate session and returns it with its token.
// Callers hold p.mu for writing.
func (p *Project) NewIST(now time.Time, email, orgID, memberID string, factors []ISTFactor) (*ISTRecord, string) {
	p.Auth.Init()
	tok := ids.NewToken()
	s := &ISTRecord{
		TokenHash: ids.HashToken(tok),
		Email:     email,
		OrgID:     orgID,
		MemberID:  memberID,
		Factors:   slices.Clone(factors),
		CreatedAt: now,
		ExpiresAt: now.Add(istTTL),
	}
	p.Auth.ISTs[s.TokenHash] = s
	return s, tok
}

// FindIST resolves a live intermediate session token. An expired session is
// dropped. Callers hold p.mu for writing.
func (p *Project) FindIST(token string, now time.Time) (*ISTRecord, *apierr.Error) {
	p.Auth.Init()
	h := ids.HashToken(token)
	s := p.Auth.ISTs[h]
	if s == nil {
		return nil, istNotFound()
	}
	if !now.Before(s.ExpiresAt) {
		delete(p.Auth.ISTs, h)
		return nil, istNotFound()
	}
	return s, nil
}

// ConsumeIST ends an intermediate session once a member session is issued.
// Callers hold p.mu for writing.
func (p *Project) ConsumeIST(s *ISTRecord) {
	if s != nil {
		delete(p.Auth.ISTs, s.TokenHash)
	}
}

// PruneAuth drops intermediate sessions and links that expired more than
// a day ago, so a long-running mock does not grow without bound. Used and
// expired links are kept for a day so that reuse still answers 401
// unable_to_auth_magic_link. Callers hold p.mu for writing.
func (p *Project) PruneAuth(now time.Time) {
	p.Auth.Init()
	cutoff := now.Add(-24 * time.Hour)
	for h, s := range p.Auth.ISTs {
		if !now.Before(s.ExpiresAt) {
			delete(p.Auth.ISTs, h)
		}
	}
	for h, l := range p.Auth.Links {
		if l.ExpiresAt.Before(cutoff) {
			delete(p.Auth.Links, h)
		}
	}
}
