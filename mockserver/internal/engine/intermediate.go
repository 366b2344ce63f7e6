package engine

import (
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// istTTL is the fixed life of an intermediate session token.
const istTTL = 10 * time.Minute

// authState holds a project's one-time login credentials and intermediate
// sessions. Only token hashes index it. Callers hold p.mu.
type authState struct {
	links map[string]*magicLinkRecord // token hash -> link
	ists  map[string]*istRecord       // token hash -> intermediate session
}

func (a *authState) init() {
	if a.links == nil {
		a.links = map[string]*magicLinkRecord{}
		a.ists = map[string]*istRecord{}
	}
}

// istRecord is an intermediate session: a login that has proved some
// factors but has no member session yet. The token is never stored.
type istRecord struct {
	tokenHash string
	// email is the address the factors proved ("" when none did).
	email string
	// orgID binds the session to an organization ("" for a discovery
	// session), and memberID to that organization's member.
	orgID    string
	memberID string
	// factors are the factors proved so far, in order.
	factors   []istFactor
	createdAt time.Time
	expiresAt time.Time
}

// istFactor is one factor of an intermediate session: its method name
// ("magic_link", "email_otp", "password", "sms_otp", ...) and the session
// factor it becomes.
type istFactor struct {
	method string
	factor sessions.AuthenticationFactor
}

// emailProving reports whether a method proves ownership of the email
// address in real time (and so transfers between organizations).
func emailProving(method string) bool {
	return method == "magic_link" || method == "email_otp"
}

// mfaMethod reports whether a method is a second factor.
func mfaMethod(method string) bool {
	return method == "sms_otp" || method == "totp" || method == "recovery_codes"
}

// hasMethod reports whether the session holds a factor of one of methods.
func (s *istRecord) hasMethod(match func(string) bool) bool {
	return slices.ContainsFunc(s.factors, func(f istFactor) bool { return match(f.method) })
}

// addFactor records a factor, replacing an earlier one of the same method.
func (s *istRecord) addFactor(f istFactor) {
	if i := slices.IndexFunc(s.factors, func(g istFactor) bool { return g.method == f.method }); i >= 0 {
		s.factors[i] = f
		return
	}
	s.factors = append(s.factors, f)
}

func istNotFound() *apiError {
	return notFound("intermediate_session_not_found", "The intermediate session was not found: it does not exist, was already used, or has expired.")
}

// newIST creates an intermediate session and returns it with its token.
// Callers hold p.mu for writing.
func (p *project) newIST(now time.Time, email, orgID, memberID string, factors []istFactor) (*istRecord, string) {
	p.auth.init()
	tok := newToken()
	s := &istRecord{
		tokenHash: hashToken(tok),
		email:     email,
		orgID:     orgID,
		memberID:  memberID,
		factors:   slices.Clone(factors),
		createdAt: now,
		expiresAt: now.Add(istTTL),
	}
	p.auth.ists[s.tokenHash] = s
	return s, tok
}

// findIST resolves a live intermediate session token. An expired session is
// dropped. Callers hold p.mu for writing.
func (p *project) findIST(token string, now time.Time) (*istRecord, *apiError) {
	p.auth.init()
	h := hashToken(token)
	s := p.auth.ists[h]
	if s == nil {
		return nil, istNotFound()
	}
	if !now.Before(s.expiresAt) {
		delete(p.auth.ists, h)
		return nil, istNotFound()
	}
	return s, nil
}

// consumeIST ends an intermediate session once a member session is issued.
// Callers hold p.mu for writing.
func (p *project) consumeIST(s *istRecord) {
	if s != nil {
		delete(p.auth.ists, s.tokenHash)
	}
}

// pruneAuth drops intermediate sessions and links that expired more than
// a day ago, so a long-running mock does not grow without bound. Used and
// expired links are kept for a day so that reuse still answers 401
// unable_to_auth_magic_link. Callers hold p.mu for writing.
func (p *project) pruneAuth(now time.Time) {
	p.auth.init()
	cutoff := now.Add(-24 * time.Hour)
	for h, s := range p.auth.ists {
		if !now.Before(s.expiresAt) {
			delete(p.auth.ists, h)
		}
	}
	for h, l := range p.auth.links {
		if l.expiresAt.Before(cutoff) {
			delete(p.auth.links, h)
		}
	}
}
