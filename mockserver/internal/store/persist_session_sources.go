package store

import (
	"encoding/json"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// sessionSourcesSnapshot is the "session_sources" section: trusted auth
// token profiles (public keys only) and the session-migration UserInfo URL.
type sessionSourcesSnapshot struct {
	TrustedAuthTokenProfiles []state.TrustedAuthTokenProfile `json:"trusted_auth_token_profiles"`
	UserinfoURL              string                          `json:"userinfo_url,omitempty"`
}

// SaveSessionSources renders the profiles sorted by id. Callers hold p.mu.
func SaveSessionSources(p *state.Project, _ SnapshotOptions) (any, error) {
	return sessionSourcesSnapshot{TrustedAuthTokenProfiles: p.Sources.ProfileList(), UserinfoURL: p.Sources.UserinfoURL}, nil
}

// LoadSessionSources validates the section as the admin routes do.
func LoadSessionSources(dst *state.Project, raw json.RawMessage) error {
	var snap sessionSourcesSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("session_sources", "%v", err)
	}
	profiles, aerr := flows.ValidateProfiles(snap.TrustedAuthTokenProfiles)
	if aerr != nil {
		return SnapErr("session_sources.trusted_auth_token_profiles", "%s", aerr.Message)
	}
	if aerr := flows.ValidateUserinfoURL(snap.UserinfoURL); aerr != nil {
		return SnapErr("session_sources.userinfo_url", "%s", aerr.Message)
	}
	dst.Sources = state.SessionSources{Profiles: profiles, UserinfoURL: snap.UserinfoURL}
	return nil
}
