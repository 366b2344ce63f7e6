package state

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"sync"

	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
)

// Project is one Stytch project environment (TEST or LIVE) with all its
// state. Lock discipline: every read of the state holds mu.RLock and every
// change holds mu.Lock for the whole validate-then-apply step, so a request
// sees and leaves a consistent state and never half-applies a change. Events
// have their own lock so that logging never waits on state.
type Project struct {
	ID         string
	Env        string
	SecretHash [32]byte
	Clock      *clock.Clock

	Mu    sync.RWMutex
	Seq   uint64 // creation sequence for stable ordering and cursors
	Roles map[string]bool

	Orgs      map[string]*OrgRecord // by organization_id
	OrgSlugs  map[string]string     // lower-cased slug -> organization_id
	OrgExtIDs map[string]string     // external id -> organization_id

	Members    map[string]*MemberRecord // by member_id
	OrgMembers map[string]*OrgMemberSet // organization_id -> its members and their indexes

	RedirectURLs []RedirectURL

	Events eventLog
	Outbox outbox

	// Sessions, signing keys and the RBAC policy (sessions*.go, jwt.go, rbac.go).
	Sessions sessionStore
	Keys     *Keyring
	Policy   rbac.Policy
	Platform PlatformState // IP allowlist, faults, defaults: own lock

	// Magic-link tokens and intermediate sessions (magiclinks*.go,
	// intermediate*.go), created on first use.
	Auth authState

	// Trusted auth token profiles and the session-migration UserInfo URL
	// (session_sources.go).
	Sources SessionSources
	// Connected-app access tokens minted by POST
	// /mock/connected_apps/access_tokens for sessions/exchange_access_token
	// (access_tokens.go), by token hash; created on first use.
	AccessTokens map[string]*AccessTokenRecord
	// Passwords, their failure counters, reset links and the project's
	// password policy (passwords*.go), created on first use.
	Passwords passwordState
	// One-time codes and TOTP registrations (mfa.go, otps.go, totps.go),
	// created on first use.
	MFA mfaState
	// M2M clients by client_id (m2m.go), created on first use.
	M2MClients map[string]*M2MClientRecord
	// SSO holds the public token, SSO connections and logins in flight
	// (sso.go).
	SSO *SSOState

	// Vertical is VerticalB2B (the default) or VerticalConsumer; Users
	// holds a consumer project's users, sessions and links (users*.go).
	Vertical string
	Users    UserState
	// OAuth callback tokens and members' provider grants (oauth.go).
	OAuth oauthState
	// Impersonation tokens and setting (impersonation.go).
	Impersonation impersonationState
	// Connected apps, their codes, refresh tokens and consents (idp.go).
	IDP IDPState
	// SCIM connections with the users and groups they provisioned
	// (scim.go), created on first use.
	SCIM SCIMState
	// The substring indexes of the fuzzy search filters (fuzzy_index.go).
	fuzzy fuzzyIndex
	// The members and organizations changed since the store last wrote
	// them (changes.go).
	changes changeLog
}

// NewProject returns an empty project with its ID, environment and the hash
// of its secret.
func NewProject(id, env, secret string) *Project {
	return &Project{
		ID:           id,
		Env:          env,
		SecretHash:   sha256.Sum256([]byte(secret)),
		Clock:        clock.New(),
		Roles:        map[string]bool{RoleMember: true, RoleAdmin: true},
		Orgs:         map[string]*OrgRecord{},
		OrgSlugs:     map[string]string{},
		OrgExtIDs:    map[string]string{},
		Members:      map[string]*MemberRecord{},
		OrgMembers:   map[string]*OrgMemberSet{},
		RedirectURLs: defaultRedirectURLs(env),
		Sessions:     NewSessionStore(),
		Keys:         &Keyring{Env: env},
		Policy:       DefaultPolicy(),
		SSO:          NewSSOState(env),
		Vertical:     VerticalB2B,
	}
}

// CheckSecret compares secret with the project's in constant time.
func (p *Project) CheckSecret(secret string) bool {
	h := sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(h[:], p.SecretHash[:]) == 1
}

// NextSeq returns the next creation sequence number. Callers hold p.mu.
func (p *Project) NextSeq() uint64 {
	p.Seq++
	return p.Seq
}

// Default RBAC roles every project has.
const (
	RoleMember = "stytch_member"
	RoleAdmin  = "stytch_admin"
)

// ErrNoProject is returned for a project ID that no project has.
var ErrNoProject = errors.New("no such project")
