package engine

import (
	"crypto/sha256"
	"crypto/subtle"
	"sync"

	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
)

// project is one Stytch project environment (TEST or LIVE) with all its
// state. Lock discipline: every read of the state holds mu.RLock and every
// change holds mu.Lock for the whole validate-then-apply step, so a request
// sees and leaves a consistent state and never half-applies a change. Events
// have their own lock so that logging never waits on state.
type project struct {
	id         string
	env        string
	secretHash [32]byte
	clock      *clock.Clock

	mu    sync.RWMutex
	seq   uint64 // creation sequence for stable ordering and cursors
	roles map[string]bool

	orgs      map[string]*orgRecord // by organization_id
	orgSlugs  map[string]string     // lower-cased slug -> organization_id
	orgExtIDs map[string]string     // external id -> organization_id

	members    map[string]*memberRecord // by member_id
	orgMembers map[string]*orgMemberSet // organization_id -> its members and their indexes

	redirectURLs []RedirectURL

	events eventLog
	outbox outbox

	// Sessions, signing keys and the RBAC policy (sessions*.go, jwt.go, rbac.go).
	sessions sessionStore
	keys     *keyring
	policy   rbac.Policy
	platform platformState // IP allowlist, faults, defaults: own lock

	// Magic-link tokens and intermediate sessions (magiclinks*.go,
	// intermediate*.go), created on first use.
	auth authState

	// Trusted auth token profiles and the session-migration UserInfo URL
	// (session_sources.go).
	sources sessionSources
	// Connected-app access tokens minted by POST
	// /mock/connected_apps/access_tokens for sessions/exchange_access_token
	// (access_tokens.go), by token hash; created on first use.
	accessTokens map[string]*accessTokenRecord
	// Passwords, their failure counters, reset links and the project's
	// password policy (passwords*.go), created on first use.
	pw passwordState
	// One-time codes and TOTP registrations (mfa.go, otps.go, totps.go),
	// created on first use.
	mfa mfaState
}

func newProject(id, env, secret string) *project {
	return &project{
		id:           id,
		env:          env,
		secretHash:   sha256.Sum256([]byte(secret)),
		clock:        clock.New(),
		roles:        map[string]bool{roleMember: true, roleAdmin: true},
		orgs:         map[string]*orgRecord{},
		orgSlugs:     map[string]string{},
		orgExtIDs:    map[string]string{},
		members:      map[string]*memberRecord{},
		orgMembers:   map[string]*orgMemberSet{},
		redirectURLs: defaultRedirectURLs(env),
		sessions:     newSessionStore(),
		keys:         &keyring{env: env},
		policy:       defaultPolicy(),
	}
}

// checkSecret compares secret with the project's in constant time.
func (p *project) checkSecret(secret string) bool {
	h := sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(h[:], p.secretHash[:]) == 1
}

// nextSeq returns the next creation sequence number. Callers hold p.mu.
func (p *project) nextSeq() uint64 {
	p.seq++
	return p.seq
}

// Default RBAC roles every project has.
const (
	roleMember = "stytch_member"
	roleAdmin  = "stytch_admin"
)
