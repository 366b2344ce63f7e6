package state

import (
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/golang-jwt/jwt/v5"

	b2bsessions "github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/consumer/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
)

// User sessions reuse SessionRecord: MemberID holds the user ID and OrgID is
// empty. Their tokens come from the same per-project key as member
// sessions' and their JWTs are signed with the same keys.

// DropUserSession forgets a user session. Callers hold p.Mu for writing.
func (p *Project) DropUserSession(s *SessionRecord) {
	delete(p.Users.SessionTokens, s.TokenHash)
	delete(p.Users.Sessions, s.ID)
}

// LiveUserSession returns the user session with id when it is unexpired
// and its user exists; a dead one is dropped. Callers hold p.Mu for
// writing.
func (p *Project) LiveUserSession(id string, now time.Time) *SessionRecord {
	s := p.Users.Sessions[id]
	if s == nil {
		return nil
	}
	if !now.Before(s.ExpiresAt) || p.Users.ByID[s.MemberID] == nil {
		p.DropUserSession(s)
		return nil
	}
	return s
}

// FindUserSession resolves a session token or a session JWT (exactly one is
// non-empty) to a live user session. Callers hold p.Mu for writing.
func (p *Project) FindUserSession(token, rawJWT string, now time.Time) (*SessionRecord, *apierr.Error) {
	p.InitUsers()
	var id string
	if token != "" {
		id = p.Users.SessionTokens[ids.HashToken(token)]
	} else {
		var err *apierr.Error
		if id, err = p.parseSessionJWT(rawJWT, now); err != nil {
			return nil, err
		}
	}
	s := p.LiveUserSession(id, now)
	if s == nil {
		return nil, SessionNotFound()
	}
	return s, nil
}

// UserSessionView is the API's view of a user session. Callers hold p.Mu.
func (p *Project) UserSessionView(s *SessionRecord) sessions.Session {
	started, last, exp := s.StartedAt, s.LastAccessedAt, s.ExpiresAt
	v := sessions.Session{
		SessionID: s.ID, UserID: s.MemberID,
		AuthenticationFactors: JsonClone(s.Factors),
		Roles:                 []string{RoleUser},
		StartedAt:             &started, LastAccessedAt: &last, ExpiresAt: &exp,
		Attributes:   &users.Attributes{},
		CustomClaims: DeepCopyJSON(s.Claims),
	}
	if v.AuthenticationFactors == nil {
		v.AuthenticationFactors = []b2bsessions.AuthenticationFactor{}
	}
	if r := p.Users.ByID[s.MemberID]; r != nil {
		v.Roles = UserView(r).Roles
	}
	return v
}

// MintUserJWT signs a fresh JWT for a user session, with Stytch's consumer
// claims: sub is the user ID and https://stytch.com/session the session.
// Callers hold p.Mu.
func (p *Project) MintUserJWT(s *SessionRecord, now time.Time) (string, error) {
	v := p.UserSessionView(s)
	claims := p.baseClaims(s, now, v.AuthenticationFactors, v.Roles)
	return p.Keys.sign(claims, now)
}

// IssuedUserSession is what a consumer login gets back.
type IssuedUserSession struct {
	Session sessions.Session
	Token   string
	JWT     string
	User    users.User
}

// UserSessionResult returns the views, token and a fresh JWT of a user
// session. Callers hold p.Mu.
func (p *Project) UserSessionResult(s *SessionRecord, now time.Time) (*IssuedUserSession, error) {
	signed, err := p.MintUserJWT(s, now)
	if err != nil {
		return nil, err
	}
	out := &IssuedUserSession{Session: p.UserSessionView(s), Token: p.Sessions.Token(s.ID), JWT: signed}
	if r := p.Users.ByID[s.MemberID]; r != nil {
		out.User = UserView(r)
	}
	return out, nil
}

// StartUserSession adds factors to supplied (a live session of the same
// user) or, when supplied is nil, creates a session of the user. args
// carries session_duration_minutes (default 60) and session_custom_claims.
// Callers hold p.Mu for writing and have validated args.
func (p *Project) StartUserSession(now time.Time, userID string, supplied *SessionRecord, factors []b2bsessions.AuthenticationFactor, args SessionArgs) (*IssuedUserSession, error) {
	if err := CheckDuration(args.DurationMinutes); err != nil {
		return nil, err
	}
	u := p.InitUsers()
	if u.ByID[userID] == nil {
		return nil, UserNotFound(userID)
	}
	if supplied != nil && supplied.MemberID != userID {
		return nil, apierr.BadRequest("user_id_mismatch", "The session passed belongs to another user.")
	}
	s := supplied
	if s == nil {
		claims, aerr := MergeClaims(nil, args.CustomClaims)
		if aerr != nil {
			return nil, aerr
		}
		s = &SessionRecord{ID: ids.NewID("session", p.Env), MemberID: userID, StartedAt: now, Claims: claims,
			ExpiresAt: now.Add(defaultSessionMinutes * time.Minute)}
		s.TokenHash = ids.HashToken(p.Sessions.Token(s.ID))
	} else if len(args.CustomClaims) > 0 {
		claims, aerr := MergeClaims(s.Claims, args.CustomClaims)
		if aerr != nil {
			return nil, aerr
		}
		s.Claims = claims
	}
	if args.DurationMinutes != nil && *args.DurationMinutes != 0 {
		s.ExpiresAt = now.Add(time.Duration(*args.DurationMinutes) * time.Minute)
	}
	s.LastAccessedAt = now
	AddFactors(s, factors, now)
	u.Sessions[s.ID] = s
	u.SessionTokens[s.TokenHash] = s.ID
	return p.UserSessionResult(s, now)
}

// UserSessionsView lists the live sessions of a user, oldest first.
// Callers hold p.Mu for writing.
func (p *Project) UserSessionsView(userID string, now time.Time) []sessions.Session {
	p.InitUsers()
	var live []*SessionRecord
	for _, id := range slices.Collect(maps.Keys(p.Users.Sessions)) {
		if s := p.LiveUserSession(id, now); s != nil && s.MemberID == userID {
			live = append(live, s)
		}
	}
	sort.Slice(live, func(i, j int) bool {
		if !live[i].StartedAt.Equal(live[j].StartedAt) {
			return live[i].StartedAt.Before(live[j].StartedAt)
		}
		return live[i].ID < live[j].ID
	})
	out := make([]sessions.Session, 0, len(live))
	for _, s := range live {
		out = append(out, p.UserSessionView(s))
	}
	return out
}

// baseClaims are the claims every session JWT carries: the registered
// claims, the session's custom claims and the https://stytch.com/session
// claim. Callers hold p.Mu.
func (p *Project) baseClaims(s *SessionRecord, now time.Time, factors any, roles []string) jwt.MapClaims {
	claims := jwt.MapClaims{}
	for k, val := range s.Claims {
		claims[k] = deepCopyValue(val)
	}
	iat := now.Unix()
	claims["sub"] = s.MemberID
	claims["iss"] = "stytch.com/" + p.ID
	claims["aud"] = []string{p.ID}
	claims["iat"] = iat
	claims["nbf"] = iat
	claims["exp"] = iat + int64(JWTLifetime/time.Second)
	claims[claimSession] = map[string]any{
		"id":                     s.ID,
		"started_at":             s.StartedAt.UTC().Format(time.RFC3339),
		"last_accessed_at":       s.LastAccessedAt.UTC().Format(time.RFC3339),
		"expires_at":             s.ExpiresAt.UTC().Format(time.RFC3339),
		"attributes":             map[string]any{"ip_address": "", "user_agent": ""},
		"authentication_factors": JsonClone(factors),
		"roles":                  roles,
	}
	return claims
}
