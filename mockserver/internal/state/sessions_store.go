package state

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// Factor is an authentication factor as the state holds it (the API's
// type). Packages that must not import the SDK, such as the store, name it
// through this alias.
type Factor = sessions.AuthenticationFactor

// Session lifetimes, in minutes.
const (
	defaultSessionMinutes = 60
	MinSessionMinutes     = 5
	MaxSessionMinutes     = 527040
	maxCustomClaimsBytes  = 4096
)

// SessionRecord is a member session as the mock stores it. The session
// token is never stored: only its hash indexes the session (see
// sessionStore.token).
type SessionRecord struct {
	ID             string
	MemberID       string
	OrgID          string
	TokenHash      string
	StartedAt      time.Time
	LastAccessedAt time.Time
	ExpiresAt      time.Time
	Factors        []sessions.AuthenticationFactor
	Claims         map[string]any
}

// sessionStore holds a project's member sessions. Callers hold p.mu.
type sessionStore struct {
	ByID     map[string]*SessionRecord
	ByToken  map[string]string // token hash -> session ID
	TokenKey [32]byte          // derives session tokens from session IDs
}

// NewSessionStore returns an empty session store with a fresh token key.
func NewSessionStore() sessionStore {
	s := sessionStore{ByID: map[string]*SessionRecord{}, ByToken: map[string]string{}}
	_, _ = rand.Read(s.TokenKey[:])
	return s
}

// token returns the opaque session token of a session: an HMAC of its ID
// under a per-project random key, 44 characters of URL-safe base64. The
// mock can hand the token out again (authenticate by JWT answers with it)
// while storing only its hash.
func (s *sessionStore) Token(id string) string {
	m := hmac.New(sha256.New, s.TokenKey[:])
	m.Write([]byte(id))
	return base64.URLEncoding.EncodeToString(m.Sum(nil))
}

// LiveSession returns the session with id when it is neither revoked nor
// expired and its member still exists. An expired or orphaned session is
// dropped. Callers hold p.mu for writing.
func (p *Project) LiveSession(id string, now time.Time) *SessionRecord {
	s := p.Sessions.ByID[id]
	if s == nil {
		return nil
	}
	if !p.SessionIsLive(s, now) {
		p.DropSession(s)
		return nil
	}
	return s
}

// SessionIsLive reports whether s is unexpired at now and its member and
// organization still exist. Callers hold p.mu.
func (p *Project) SessionIsLive(s *SessionRecord, now time.Time) bool {
	m := p.Members[s.MemberID]
	return now.Before(s.ExpiresAt) && m != nil && m.Member.Status != organizations.StatusDeleted && p.Orgs[s.OrgID] != nil
}

// DropSession forgets session s. Callers hold p.mu for writing.
func (p *Project) DropSession(s *SessionRecord) {
	delete(p.Sessions.ByToken, s.TokenHash)
	delete(p.Sessions.ByID, s.ID)
	p.MarkSession(s.ID)
}

// RevokeMemberSessions revokes every session of a member. Callers hold p.mu.
func (p *Project) RevokeMemberSessions(memberID string) int {
	n := 0
	for _, s := range p.Sessions.ByID {
		if s.MemberID == memberID {
			p.DropSession(s)
			n++
		}
	}
	return n
}

// SessionNotFound is the error for an unknown, revoked or expired session.
func SessionNotFound() *apierr.Error {
	return apierr.NotFound("session_not_found", "The session was not found: it does not exist, was revoked, or has expired.")
}

// FindSession resolves a session token or a session JWT (exactly one is
// non-empty) to a live session. A JWT may be past its exp. Callers hold p.mu
// for writing.
func (p *Project) FindSession(token, rawJWT string, now time.Time) (*SessionRecord, *apierr.Error) {
	var id string
	if token != "" {
		id = p.Sessions.ByToken[ids.HashToken(token)]
	} else {
		var err *apierr.Error
		if id, err = p.parseSessionJWT(rawJWT, now); err != nil {
			return nil, err
		}
	}
	s := p.LiveSession(id, now)
	if s == nil {
		return nil, SessionNotFound()
	}
	return s, nil
}

// SessionRoles returns the roles effective for a session: stytch_member,
// the member's explicit roles, email-domain and SCIM-group implicit roles,
// and SSO connection roles only when the session holds an SSO factor from
// that connection. Callers hold p.mu.
func (p *Project) SessionRoles(s *SessionRecord, r *MemberRecord, org *organizations.Organization) []string {
	ssoConns := map[string]bool{}
	for _, f := range s.Factors {
		if f.SAMLSSOFactor != nil {
			ssoConns[f.SAMLSSOFactor.ProviderID] = true
		}
		if f.OIDCSSOFactor != nil {
			ssoConns[f.OIDCSSOFactor.ProviderID] = true
		}
	}
	roles := []string{RoleMember}
	add := func(r string) {
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	for _, role := range p.MemberRoles(r) {
		for _, src := range role.Sources {
			switch src.Type {
			case "sso_connection", "sso_connection_group", "external_connection", "external_connection_group":
				if c, _ := src.Details["connection_id"].(string); ssoConns[c] {
					add(role.RoleID)
				}
			default:
				add(role.RoleID)
			}
		}
	}
	return roles
}

// SessionView is the API's view of a session. Callers hold p.mu.
func (p *Project) SessionView(s *SessionRecord) sessions.MemberSession {
	started, last, exp := s.StartedAt, s.LastAccessedAt, s.ExpiresAt
	v := sessions.MemberSession{
		MemberSessionID:       s.ID,
		MemberID:              s.MemberID,
		OrganizationID:        s.OrgID,
		StartedAt:             &started,
		LastAccessedAt:        &last,
		ExpiresAt:             &exp,
		AuthenticationFactors: JsonClone(s.Factors),
		CustomClaims:          objectOrEmpty(DeepCopyJSON(s.Claims)),
		Roles:                 []string{RoleMember},
	}
	if v.AuthenticationFactors == nil {
		v.AuthenticationFactors = []sessions.AuthenticationFactor{}
	}
	if org := p.Orgs[s.OrgID]; org != nil {
		v.OrganizationSlug = org.Org.OrganizationSlug
		if m := p.Members[s.MemberID]; m != nil {
			v.Roles = p.SessionRoles(s, m, &org.Org)
		}
	}
	return v
}

// JsonClone deep-copies a value through JSON, for responses that must not
// share memory with the store.
func JsonClone[T any](v T) T {
	var out T
	b, err := json.Marshal(v)
	if err == nil {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

// MintJWT signs a fresh session JWT. Callers hold p.mu.
func (p *Project) MintJWT(s *SessionRecord, now time.Time) (string, error) {
	v := p.SessionView(s)
	claims := p.baseClaims(s, now, v.AuthenticationFactors, v.Roles)
	claims[claimOrganization] = map[string]any{"organization_id": s.OrgID, "slug": v.OrganizationSlug}
	return p.Keys.sign(claims, now)
}

// SessionArgs are the session options of any call that creates or extends
// a session.
type SessionArgs struct {
	DurationMinutes *int64          `json:"session_duration_minutes"`
	CustomClaims    json.RawMessage `json:"session_custom_claims"`
}

// CheckDuration validates session_duration_minutes when it was sent.
func CheckDuration(d *int64) *apierr.Error {
	if d != nil && *d != 0 && (*d < MinSessionMinutes || *d > MaxSessionMinutes) {
		return apierr.BadRequest("invalid_session_duration_minutes", "session_duration_minutes must be between %d and %d.", MinSessionMinutes, MaxSessionMinutes)
	}
	return nil
}

// reservedClaims are the registered JWT claims custom claims may not set.
var reservedClaims = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

// MergeClaims applies sent custom claims onto existing ones, recursively: an
// object merges into an object, any other sent value replaces, null deletes
// (at any depth), unsent keys stay. It rejects reserved and Stytch
// claim names and a result larger than 4 KB.
func MergeClaims(existing map[string]any, raw json.RawMessage) (map[string]any, *apierr.Error) {
	out := DeepCopyJSON(existing)
	if out == nil {
		out = map[string]any{}
	}
	if len(raw) == 0 || string(raw) == "null" {
		return out, nil
	}
	var sent map[string]any
	if err := json.Unmarshal(raw, &sent); err != nil {
		return nil, apierr.BadRequest("invalid_request_value", "session_custom_claims must be a JSON object.")
	}
	for k := range sent {
		if slices.Contains(reservedClaims, k) {
			return nil, apierr.BadRequest("reserved_claims_in_custom_claims", "The custom claim %q is a reserved JWT claim.", k)
		}
		if strings.HasPrefix(k, stytchClaimPrefix) {
			return nil, apierr.BadRequest("stytch_claims_in_custom_claims", "Custom claims may not use the %q namespace.", stytchClaimPrefix)
		}
	}
	mergeJSONObject(out, sent)
	if b, _ := json.Marshal(out); len(b) > maxCustomClaimsBytes {
		return nil, apierr.BadRequest("custom_claims_too_large", "Custom claims must be at most %d bytes once serialized.", maxCustomClaimsBytes)
	}
	return out, nil
}

// mergeJSONObject merges patch into dst recursively: a null deletes the key,
// an object merges into an object, anything else replaces. patch is freshly
// decoded and owned by the caller, so its values are stored as they are.
func mergeJSONObject(dst, patch map[string]any) {
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			cur, ok := dst[k].(map[string]any)
			if !ok {
				cur = map[string]any{}
			}
			mergeJSONObject(cur, pv)
			dst[k] = cur
		default:
			dst[k] = v
		}
	}
}

// IssuedSession is what a login flow gets back from issueSession.
type IssuedSession struct {
	Session sessions.MemberSession
	Token   string
	JWT     string
	Member  organizations.Member
	Org     organizations.Organization
}

// IssueSession creates a session for an existing, non-deleted member with the
// given factors, for the login flows (magic links, passwords, ...), and
// returns its views, token and JWT. args carries session_duration_minutes
// (default 60) and session_custom_claims. When the member already has a
// session holding one of these factors, the same factor is refreshed rather
// than duplicated. Callers hold p.mu for writing and have checked that the
// login itself is allowed.
func (p *Project) IssueSession(now time.Time, memberID string, factors []sessions.AuthenticationFactor, args SessionArgs) (*IssuedSession, error) {
	if err := CheckDuration(args.DurationMinutes); err != nil {
		return nil, err
	}
	m := p.Members[memberID]
	if m == nil || m.Member.Status == organizations.StatusDeleted {
		return nil, apierr.NotFound("member_not_found", "Member %q was not found.", memberID)
	}
	org := p.Orgs[m.Member.OrganizationID]
	if org == nil {
		return nil, apierr.NotFound("organization_not_found", "Organization %q was not found.", m.Member.OrganizationID)
	}
	claims, aerr := MergeClaims(nil, args.CustomClaims)
	if aerr != nil {
		return nil, aerr
	}
	minutes := int64(defaultSessionMinutes)
	if args.DurationMinutes != nil && *args.DurationMinutes != 0 {
		minutes = *args.DurationMinutes
	}
	s := &SessionRecord{
		ID:             ids.NewID("session", p.Env),
		MemberID:       memberID,
		OrgID:          org.Org.OrganizationID,
		StartedAt:      now,
		LastAccessedAt: now,
		ExpiresAt:      now.Add(time.Duration(minutes) * time.Minute),
		Claims:         claims,
	}
	AddFactors(s, factors, now)
	tok := p.Sessions.Token(s.ID)
	s.TokenHash = ids.HashToken(tok)
	signed, err := p.MintJWT(s, now)
	if err != nil {
		return nil, err
	}
	p.Sessions.ByID[s.ID] = s
	p.Sessions.ByToken[s.TokenHash] = s.ID
	p.MarkSession(s.ID)
	return &IssuedSession{Session: p.SessionView(s), Token: tok, JWT: signed, Member: p.MemberView(m), Org: CloneOrg(org.Org)}, nil
}

// AddFactors adds factors to a session, one entry per distinct factor: a
// factor already present (same type, delivery method and detail) only has
// its timestamps refreshed.
func AddFactors(s *SessionRecord, factors []sessions.AuthenticationFactor, now time.Time) {
	for _, f := range factors {
		f = JsonClone(f)
		t := now
		f.LastAuthenticatedAt, f.UpdatedAt = &t, &t
		key := factorKey(f)
		i := slices.IndexFunc(s.Factors, func(g sessions.AuthenticationFactor) bool { return factorKey(g) == key })
		if i >= 0 {
			f.CreatedAt = s.Factors[i].CreatedAt
			s.Factors[i] = f
			continue
		}
		c := now
		f.CreatedAt = &c
		s.Factors = append(s.Factors, f)
	}
}

func factorKey(f sessions.AuthenticationFactor) string {
	f.CreatedAt, f.UpdatedAt, f.LastAuthenticatedAt = nil, nil, nil
	b, _ := json.Marshal(f)
	return string(b)
}

// EmailFactor is the factor of an email-proving login (magic link or email
// OTP) of a member.
func EmailFactor(r *MemberRecord, kind string) sessions.AuthenticationFactor {
	m := &r.Member
	return sessions.AuthenticationFactor{
		Type:           kind,
		DeliveryMethod: "email",
		EmailFactor:    &sessions.EmailFactor{EmailID: r.EmailID, EmailAddress: m.EmailAddress},
	}
}

// MemberSessionsView lists the live sessions of a member, oldest first.
// Callers hold p.mu for writing.
func (p *Project) MemberSessionsView(memberID string, now time.Time) []sessions.MemberSession {
	var live []*SessionRecord
	for _, id := range slices.Collect(maps.Keys(p.Sessions.ByID)) {
		if s := p.LiveSession(id, now); s != nil && s.MemberID == memberID {
			live = append(live, s)
		}
	}
	sort.Slice(live, func(i, j int) bool {
		if !live[i].StartedAt.Equal(live[j].StartedAt) {
			return live[i].StartedAt.Before(live[j].StartedAt)
		}
		return live[i].ID < live[j].ID
	})
	out := make([]sessions.MemberSession, 0, len(live))
	for _, s := range live {
		out = append(out, p.SessionView(s))
	}
	return out
}
