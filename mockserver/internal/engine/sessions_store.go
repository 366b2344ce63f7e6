package engine

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// Session lifetimes, in minutes.
const (
	defaultSessionMinutes = 60
	minSessionMinutes     = 5
	maxSessionMinutes     = 527040
	maxCustomClaimsBytes  = 4096
)

// sessionRecord is a member session as the mock stores it. The session
// token is never stored: only its hash indexes the session (see
// sessionStore.token).
type sessionRecord struct {
	id             string
	memberID       string
	orgID          string
	tokenHash      string
	startedAt      time.Time
	lastAccessedAt time.Time
	expiresAt      time.Time
	factors        []sessions.AuthenticationFactor
	claims         map[string]any
}

// sessionStore holds a project's member sessions. Callers hold p.mu.
type sessionStore struct {
	byID     map[string]*sessionRecord
	byToken  map[string]string // token hash -> session ID
	tokenKey [32]byte          // derives session tokens from session IDs
}

func newSessionStore() sessionStore {
	s := sessionStore{byID: map[string]*sessionRecord{}, byToken: map[string]string{}}
	_, _ = rand.Read(s.tokenKey[:])
	return s
}

// token returns the opaque session token of a session: an HMAC of its ID
// under a per-project random key, 44 characters of URL-safe base64. The
// mock can hand the token out again (authenticate by JWT answers with it)
// while storing only its hash.
func (s *sessionStore) token(id string) string {
	m := hmac.New(sha256.New, s.tokenKey[:])
	m.Write([]byte(id))
	return base64.URLEncoding.EncodeToString(m.Sum(nil))
}

// liveSession returns the session with id when it is neither revoked nor
// expired and its member still exists. An expired or orphaned session is
// dropped. Callers hold p.mu for writing.
func (p *project) liveSession(id string, now time.Time) *sessionRecord {
	s := p.sessions.byID[id]
	if s == nil {
		return nil
	}
	if !p.sessionIsLive(s, now) {
		p.dropSession(s)
		return nil
	}
	return s
}

// sessionIsLive reports whether s is unexpired at now and its member and
// organization still exist. Callers hold p.mu.
func (p *project) sessionIsLive(s *sessionRecord, now time.Time) bool {
	m := p.members[s.memberID]
	return now.Before(s.expiresAt) && m != nil && m.m.Status != organizations.StatusDeleted && p.orgs[s.orgID] != nil
}

func (p *project) dropSession(s *sessionRecord) {
	delete(p.sessions.byToken, s.tokenHash)
	delete(p.sessions.byID, s.id)
}

// revokeMemberSessions revokes every session of a member. Callers hold p.mu.
func (p *project) revokeMemberSessions(memberID string) int {
	n := 0
	for _, s := range p.sessions.byID {
		if s.memberID == memberID {
			p.dropSession(s)
			n++
		}
	}
	return n
}

// sessionNotFound is the error for an unknown, revoked or expired session.
func sessionNotFound() *apiError {
	return notFound("session_not_found", "The session was not found: it does not exist, was revoked, or has expired.")
}

// findSession resolves a session token or a session JWT (exactly one is
// non-empty) to a live session. A JWT may be past its exp. Callers hold p.mu
// for writing.
func (p *project) findSession(token, rawJWT string, now time.Time) (*sessionRecord, *apiError) {
	var id string
	if token != "" {
		id = p.sessions.byToken[hashToken(token)]
	} else {
		var err *apiError
		if id, err = p.parseSessionJWT(rawJWT, now); err != nil {
			return nil, err
		}
	}
	s := p.liveSession(id, now)
	if s == nil {
		return nil, sessionNotFound()
	}
	return s, nil
}

// sessionRoles returns the roles effective for a session: stytch_member,
// the member's explicit roles, email-domain and SCIM-group implicit roles,
// and SSO connection roles only when the session holds an SSO factor from
// that connection. Callers hold p.mu.
func (p *project) sessionRoles(s *sessionRecord, r *memberRecord, org *organizations.Organization) []string {
	ssoConns := map[string]bool{}
	for _, f := range s.factors {
		if f.SAMLSSOFactor != nil {
			ssoConns[f.SAMLSSOFactor.ProviderID] = true
		}
		if f.OIDCSSOFactor != nil {
			ssoConns[f.OIDCSSOFactor.ProviderID] = true
		}
	}
	roles := []string{roleMember}
	add := func(r string) {
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	for _, role := range p.memberRoles(r) {
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

// sessionView is the API's view of a session. Callers hold p.mu.
func (p *project) sessionView(s *sessionRecord) sessions.MemberSession {
	started, last, exp := s.startedAt, s.lastAccessedAt, s.expiresAt
	v := sessions.MemberSession{
		MemberSessionID:       s.id,
		MemberID:              s.memberID,
		OrganizationID:        s.orgID,
		StartedAt:             &started,
		LastAccessedAt:        &last,
		ExpiresAt:             &exp,
		AuthenticationFactors: jsonClone(s.factors),
		CustomClaims:          deepCopyJSON(s.claims),
		Roles:                 []string{roleMember},
	}
	if v.AuthenticationFactors == nil {
		v.AuthenticationFactors = []sessions.AuthenticationFactor{}
	}
	if org := p.orgs[s.orgID]; org != nil {
		v.OrganizationSlug = org.o.OrganizationSlug
		if m := p.members[s.memberID]; m != nil {
			v.Roles = p.sessionRoles(s, m, &org.o)
		}
	}
	return v
}

// jsonClone deep-copies a value through JSON, for responses that must not
// share memory with the store.
func jsonClone[T any](v T) T {
	var out T
	b, err := json.Marshal(v)
	if err == nil {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

// mintJWT signs a fresh session JWT. Callers hold p.mu.
func (p *project) mintJWT(s *sessionRecord, now time.Time) (string, error) {
	v := p.sessionView(s)
	claims := jwt.MapClaims{}
	for k, val := range s.claims {
		claims[k] = deepCopyValue(val)
	}
	iat := now.Unix()
	factors := any(jsonClone(v.AuthenticationFactors))
	claims["sub"] = s.memberID
	claims["iss"] = "stytch.com/" + p.id
	claims["aud"] = []string{p.id}
	claims["iat"] = iat
	claims["nbf"] = iat
	claims["exp"] = iat + int64(jwtLifetime/time.Second)
	claims[claimSession] = map[string]any{
		"id":                     s.id,
		"started_at":             s.startedAt.UTC().Format(time.RFC3339),
		"last_accessed_at":       s.lastAccessedAt.UTC().Format(time.RFC3339),
		"expires_at":             s.expiresAt.UTC().Format(time.RFC3339),
		"attributes":             map[string]any{"ip_address": "", "user_agent": ""},
		"authentication_factors": factors,
		"roles":                  v.Roles,
	}
	claims[claimOrganization] = map[string]any{"organization_id": s.orgID, "slug": v.OrganizationSlug}
	return p.keys.sign(claims, now)
}

// sessionArgs are the session options of any call that creates or extends
// a session.
type sessionArgs struct {
	DurationMinutes *int64          `json:"session_duration_minutes"`
	CustomClaims    json.RawMessage `json:"session_custom_claims"`
}

// checkDuration validates session_duration_minutes when it was sent.
func checkDuration(d *int64) *apiError {
	if d != nil && *d != 0 && (*d < minSessionMinutes || *d > maxSessionMinutes) {
		return badRequest("invalid_session_duration_minutes", "session_duration_minutes must be between %d and %d.", minSessionMinutes, maxSessionMinutes)
	}
	return nil
}

// reservedClaims are the registered JWT claims custom claims may not set.
var reservedClaims = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

// mergeClaims applies sent custom claims onto existing ones: sent keys
// overwrite, null deletes, others stay. It rejects reserved and Stytch
// claim names and a result larger than 4 KB.
func mergeClaims(existing map[string]any, raw json.RawMessage) (map[string]any, *apiError) {
	out := deepCopyJSON(existing)
	if out == nil {
		out = map[string]any{}
	}
	if len(raw) == 0 || string(raw) == "null" {
		return out, nil
	}
	var sent map[string]any
	if err := json.Unmarshal(raw, &sent); err != nil {
		return nil, badRequest("invalid_request_value", "session_custom_claims must be a JSON object.")
	}
	for k, v := range sent {
		if slices.Contains(reservedClaims, k) {
			return nil, badRequest("reserved_claims_in_custom_claims", "The custom claim %q is a reserved JWT claim.", k)
		}
		if strings.HasPrefix(k, stytchClaimPrefix) {
			return nil, badRequest("stytch_claims_in_custom_claims", "Custom claims may not use the %q namespace.", stytchClaimPrefix)
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	if b, _ := json.Marshal(out); len(b) > maxCustomClaimsBytes {
		return nil, badRequest("custom_claims_too_large", "Custom claims must be at most %d bytes once serialized.", maxCustomClaimsBytes)
	}
	return out, nil
}

// issuedSession is what a login flow gets back from issueSession.
type issuedSession struct {
	Session sessions.MemberSession
	Token   string
	JWT     string
	Member  organizations.Member
	Org     organizations.Organization
}

// issueSession creates a session for an existing, non-deleted member with the
// given factors, for the login flows (magic links, passwords, ...), and
// returns its views, token and JWT. args carries session_duration_minutes
// (default 60) and session_custom_claims. When the member already has a
// session holding one of these factors, the same factor is refreshed rather
// than duplicated. Callers hold p.mu for writing and have checked that the
// login itself is allowed.
func (p *project) issueSession(now time.Time, memberID string, factors []sessions.AuthenticationFactor, args sessionArgs) (*issuedSession, error) {
	if err := checkDuration(args.DurationMinutes); err != nil {
		return nil, err
	}
	m := p.members[memberID]
	if m == nil || m.m.Status == organizations.StatusDeleted {
		return nil, notFound("member_not_found", "Member %q was not found.", memberID)
	}
	org := p.orgs[m.m.OrganizationID]
	if org == nil {
		return nil, notFound("organization_not_found", "Organization %q was not found.", m.m.OrganizationID)
	}
	claims, aerr := mergeClaims(nil, args.CustomClaims)
	if aerr != nil {
		return nil, aerr
	}
	minutes := int64(defaultSessionMinutes)
	if args.DurationMinutes != nil && *args.DurationMinutes != 0 {
		minutes = *args.DurationMinutes
	}
	s := &sessionRecord{
		id:             newID("session", p.env),
		memberID:       memberID,
		orgID:          org.o.OrganizationID,
		startedAt:      now,
		lastAccessedAt: now,
		expiresAt:      now.Add(time.Duration(minutes) * time.Minute),
		claims:         claims,
	}
	addFactors(s, factors, now)
	tok := p.sessions.token(s.id)
	s.tokenHash = hashToken(tok)
	signed, err := p.mintJWT(s, now)
	if err != nil {
		return nil, err
	}
	p.sessions.byID[s.id] = s
	p.sessions.byToken[s.tokenHash] = s.id
	return &issuedSession{Session: p.sessionView(s), Token: tok, JWT: signed, Member: p.memberView(m), Org: cloneOrg(org.o)}, nil
}

// addFactors adds factors to a session, one entry per distinct factor: a
// factor already present (same type, delivery method and detail) only has
// its timestamps refreshed.
func addFactors(s *sessionRecord, factors []sessions.AuthenticationFactor, now time.Time) {
	for _, f := range factors {
		f = jsonClone(f)
		t := now
		f.LastAuthenticatedAt, f.UpdatedAt = &t, &t
		key := factorKey(f)
		i := slices.IndexFunc(s.factors, func(g sessions.AuthenticationFactor) bool { return factorKey(g) == key })
		if i >= 0 {
			f.CreatedAt = s.factors[i].CreatedAt
			s.factors[i] = f
			continue
		}
		c := now
		f.CreatedAt = &c
		s.factors = append(s.factors, f)
	}
}

func factorKey(f sessions.AuthenticationFactor) string {
	f.CreatedAt, f.UpdatedAt, f.LastAuthenticatedAt = nil, nil, nil
	b, _ := json.Marshal(f)
	return string(b)
}

// emailFactor is the factor of an email-proving login (magic link or email
// OTP) of a member.
func emailFactor(r *memberRecord, kind string) sessions.AuthenticationFactor {
	m := &r.m
	return sessions.AuthenticationFactor{
		Type:           kind,
		DeliveryMethod: "email",
		EmailFactor:    &sessions.EmailFactor{EmailID: r.emailID, EmailAddress: m.EmailAddress},
	}
}

// memberSessionsView lists the live sessions of a member, oldest first.
// Callers hold p.mu for writing.
func (p *project) memberSessionsView(memberID string, now time.Time) []sessions.MemberSession {
	var live []*sessionRecord
	for _, id := range slices.Collect(maps.Keys(p.sessions.byID)) {
		if s := p.liveSession(id, now); s != nil && s.memberID == memberID {
			live = append(live, s)
		}
	}
	sort.Slice(live, func(i, j int) bool {
		if !live[i].startedAt.Equal(live[j].startedAt) {
			return live[i].startedAt.Before(live[j].startedAt)
		}
		return live[i].id < live[j].id
	})
	out := make([]sessions.MemberSession, 0, len(live))
	for _, s := range live {
		out = append(out, p.sessionView(s))
	}
	return out
}

// sessionFixtureResponse answers POST /mock/sessions.
type sessionFixtureResponse struct {
	adminResponse
	MemberSession sessions.MemberSession `json:"member_session"`
	SessionToken  string                 `json:"session_token"`
	SessionJWT    string                 `json:"session_jwt"`
}

// handleSessionFixture is a test fixture: it logs an existing active member
// in as if through an email magic link and returns the session, its token
// and a JWT. Backends that only need a logged-in member use it instead of
// driving a login flow.
func handleSessionFixture(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		MemberID       string `json:"member_id"`
		sessionArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, err := p.findOrg(b.OrganizationID)
	if err != nil {
		return nil, err
	}
	m := p.members[b.MemberID]
	if m == nil || m.m.OrganizationID != org.o.OrganizationID || m.m.Status == organizations.StatusDeleted {
		return nil, notFound("member_not_found", "Member %q was not found in organization %q.", b.MemberID, org.o.OrganizationID)
	}
	if m.m.Status != organizations.StatusActive {
		return nil, badRequest("member_not_active", "Member %q is %s; only active members can be logged in by the fixture.", b.MemberID, m.m.Status)
	}
	is, ierr := p.issueSession(rc.now, m.m.MemberID, []sessions.AuthenticationFactor{emailFactor(m, "magic_link")}, b.sessionArgs)
	if ierr != nil {
		return nil, ierr
	}
	return &sessionFixtureResponse{adminResponse{rc.requestID, http.StatusOK}, is.Session, is.Token, is.JWT}, nil
}
