package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/clock"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// SnapshotVersion is the version of the project snapshot format that Export
// writes; Import also reads version 1, through migrateV1. Adding a section
// does not change it (a snapshot without the section restores the
// section's empty state); changing the meaning or shape of an existing
// field does, together with a migration.
const SnapshotVersion = 2

// SnapshotFormat is the value of every snapshot's "format" field.
const SnapshotFormat = "stytch-mock-project"

// MaxSnapshotBytes is the largest snapshot Import reads.
const MaxSnapshotBytes = 256 << 20

// A project snapshot is one JSON object:
//
//	{
//	  "format": "stytch-mock-project",
//	  "version": 2,
//	  "project": {"project_id", "environment", "secret_sha256", "clock_offset_ns", "seq"},
//	  "<section>": ...   one key per section (organizations, members, ...)
//	}
//
// Each area owns one section: its persist_<area>.go file has a save
// function that renders its state and a load function that validates a
// section and rebuilds the state into a fresh project through the same
// functions the handlers use; sections lists them in load order. See
// docs/snapshot.md.

// snapshotSection is one area's part of a project snapshot.
type snapshotSection struct {
	// name is the section's key in the snapshot.
	name string
	// save renders the area's state. It is called with p.mu held for
	// reading; it takes the area's own small lock itself if it has one. The
	// result must not share memory with p.
	save func(p *state.Project, opt SnapshotOptions) (any, error)
	// load validates raw completely and rebuilds the area's state into dst,
	// a fresh project no one else can see yet. An error names the problem.
	load func(dst *state.Project, raw json.RawMessage) error
}

// SnapshotOptions tune what a snapshot holds.
type SnapshotOptions struct {
	// MaxEvents, when positive, keeps only the newest events.
	MaxEvents int
}

// sections lists every section of a snapshot in the order they load: a
// section that refers to another's records (members to organizations)
// comes after it. It builds a fresh slice on every call, so no caller can
// change another's view; adding an area means adding its line here.
func sections() []snapshotSection {
	return []snapshotSection{
		{name: "rbac_policy", save: savePolicy, load: loadPolicy},
		{name: "organizations", save: saveOrgs, load: loadOrgs},
		{name: "members", save: saveMembers, load: loadMembers},
		{name: "sso", save: saveSSO, load: loadSSO},
		{name: "scim", save: saveSCIM, load: loadSCIM},
		{name: "sessions", save: saveSessions, load: loadSessions},
		{name: "users", save: saveUsers, load: loadUsers},
		{name: "auth", save: saveAuth, load: loadAuth},
		{name: "mfa", save: saveMFA, load: loadMFA},
		{name: "passwords", save: savePasswords, load: loadPasswords},
		{name: "signing_keys", save: saveKeys, load: loadKeys},
		{name: "redirect_urls", save: saveRedirectURLs, load: loadRedirectURLs},
		{name: "session_sources", save: SaveSessionSources, load: LoadSessionSources},
		{name: "access_tokens", save: SaveAccessTokens, load: LoadAccessTokens},
		{name: "m2m_clients", save: saveM2MClients, load: loadM2MClients},
		{name: "oauth", save: saveOAuth, load: loadOAuth},
		{name: "impersonation", save: saveImpersonation, load: loadImpersonation},
		{name: "idp", save: saveIDP, load: loadIDP},
		{name: "outbox", save: saveOutbox, load: loadOutbox},
		{name: "events", save: saveEvents, load: loadEvents},
		{name: "platform", save: savePlatform, load: loadPlatform},
	}
}

// projectMeta is the "project" section: the project's identity.
type projectMeta struct {
	ProjectID   string `json:"project_id"`
	Environment string `json:"environment"`
	// SecretSHA256 is the hex SHA-256 of the project's secret; the secret
	// itself is never stored.
	SecretSHA256 string `json:"secret_sha256"`
	// ClockOffsetNS is how far the project's clock has been advanced.
	ClockOffsetNS int64 `json:"clock_offset_ns"`
	// Seq is the project's creation counter (orgs and members).
	Seq uint64 `json:"seq"`
	// Vertical is "b2b" or "consumer"; absent means b2b.
	Vertical string `json:"vertical,omitempty"`
}

// Snapshot renders the whole project as snapshot JSON (WriteSnapshot into
// memory). It holds p.mu for reading for the whole time, so the sections
// are consistent with each other; the small locks are taken by the
// sections that need them.
func Snapshot(p *state.Project, opt SnapshotOptions) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, p, opt); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// projectMetaOf is the "project" section of p. Callers hold p.Mu.
func projectMetaOf(p *state.Project) projectMeta {
	return projectMeta{
		ProjectID:     p.ID,
		Environment:   p.Env,
		SecretSHA256:  hex.EncodeToString(p.SecretHash[:]),
		ClockOffsetNS: int64(p.Clock.Offset()),
		Seq:           p.Seq,
		Vertical:      consumerOnly(p.Vertical),
	}
}

// consumerOnly names a project's vertical in its snapshot only when it is
// not the default, B2B.
func consumerOnly(v string) string {
	if v == state.VerticalB2B {
		return ""
	}
	return v
}

// SnapshotError is a snapshot that cannot be imported; Error names the
// section and the problem.
type SnapshotError struct {
	// Section is the section and field at fault, such as
	// "members[3].member.status"; empty for the document as a whole.
	Section string
	// Problem says what is wrong.
	Problem string
}

// Error returns "invalid snapshot: section: problem".
func (e *SnapshotError) Error() string {
	if e.Section == "" {
		return "invalid snapshot: " + e.Problem
	}
	return "invalid snapshot: " + e.Section + ": " + e.Problem
}

// SnapErr returns a *SnapshotError for a section of a snapshot.
func SnapErr(section, format string, args ...any) error {
	return &SnapshotError{Section: section, Problem: fmt.Sprintf(format, args...)}
}

// RestoreProject validates a snapshot completely and builds a fresh project
// from it. Nothing outside the returned project is touched, so a failure
// changes nothing. The returned clock offset is the snapshot's.
func RestoreProject(data []byte) (*state.Project, time.Duration, error) {
	if len(data) > MaxSnapshotBytes {
		return nil, 0, SnapErr("", "larger than %d bytes", MaxSnapshotBytes)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil || doc == nil {
		return nil, 0, SnapErr("", "not a JSON object")
	}
	var format string
	if err := json.Unmarshal(doc["format"], &format); err != nil || format != SnapshotFormat {
		return nil, 0, SnapErr("format", "must be %q", SnapshotFormat)
	}
	var version int
	if err := json.Unmarshal(doc["version"], &version); err != nil {
		return nil, 0, SnapErr("version", "must be a whole number")
	}
	switch version {
	case SnapshotVersion:
	case 1:
		if err := migrateV1(doc); err != nil {
			return nil, 0, err
		}
	default:
		return nil, 0, SnapErr("version", "unsupported snapshot version %d (this server reads versions 1 and %d)", version, SnapshotVersion)
	}
	var meta projectMeta
	if raw, ok := doc["project"]; !ok {
		return nil, 0, SnapErr("project", "is required")
	} else if err := wire.Decode(raw, &meta, true, false); err != nil {
		return nil, 0, SnapErr("project", "%v", err)
	}
	var env string
	switch {
	case strings.HasPrefix(meta.ProjectID, "project-test-") && len(meta.ProjectID) > len("project-test-"):
		env = "test"
	case strings.HasPrefix(meta.ProjectID, "project-live-") && len(meta.ProjectID) > len("project-live-"):
		env = "live"
	default:
		return nil, 0, SnapErr("project.project_id", "must start with project-test- or project-live-")
	}
	if meta.Environment != env {
		return nil, 0, SnapErr("project.environment", "must be %q for project %q", env, meta.ProjectID)
	}
	hash, err := hex.DecodeString(meta.SecretSHA256)
	if err != nil || len(hash) != sha256.Size {
		return nil, 0, SnapErr("project.secret_sha256", "must be 64 hex digits")
	}
	if meta.ClockOffsetNS < 0 || meta.ClockOffsetNS > int64(clock.MaxOffset) {
		return nil, 0, SnapErr("project.clock_offset_ns", "must be between 0 and %d (a hundred years)", int64(clock.MaxOffset))
	}
	known := map[string]bool{"format": true, "version": true, "project": true}
	secs := sections()
	for _, s := range secs {
		known[s.name] = true
	}
	for k := range doc {
		if !known[k] {
			return nil, 0, SnapErr(k, "unknown section (written by a newer stytch-mock?)")
		}
	}
	p := state.NewProject(meta.ProjectID, env, "")
	copy(p.SecretHash[:], hash)
	switch meta.Vertical {
	case "", state.VerticalB2B:
	case state.VerticalConsumer:
		p.SetVertical(state.VerticalConsumer)
	default:
		return nil, 0, SnapErr("project.vertical", "must be \"b2b\" or \"consumer\"")
	}
	for _, s := range secs {
		raw, ok := doc[s.name]
		if !ok || string(bytes.TrimSpace(raw)) == "null" {
			continue // an absent section restores the area's empty state
		}
		if err := s.load(p, raw); err != nil {
			var se *SnapshotError
			if errors.As(err, &se) {
				return nil, 0, err
			}
			return nil, 0, SnapErr(s.name, "%v", err)
		}
	}
	p.Seq = max(p.Seq, meta.Seq)
	return p, time.Duration(meta.ClockOffsetNS), nil
}
