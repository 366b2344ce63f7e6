package engine

import "encoding/json"

// sessionSourcesSnapshot is the "session_sources" section: trusted auth
// token profiles (public keys only) and the session-migration UserInfo URL.
type sessionSourcesSnapshot struct {
	TrustedAuthTokenProfiles []TrustedAuthTokenProfile `json:"trusted_auth_token_profiles"`
	UserinfoURL              string                    `json:"userinfo_url,omitempty"`
}

func init() {
	registerSnapshotSection(snapshotSection{name: "session_sources", order: 55, save: saveSessionSources, load: loadSessionSources})
}

// saveSessionSources renders the profiles sorted by id. Callers hold p.mu.
func saveSessionSources(p *project, _ snapshotOptions) (any, error) {
	return sessionSourcesSnapshot{TrustedAuthTokenProfiles: p.sources.profileList(), UserinfoURL: p.sources.userinfoURL}, nil
}

// loadSessionSources validates the section as the admin routes do.
func loadSessionSources(dst *project, raw json.RawMessage) error {
	var snap sessionSourcesSnapshot
	if err := decodeStrict(raw, &snap); err != nil {
		return snapErr("session_sources", "%v", err)
	}
	profiles, aerr := validateProfiles(snap.TrustedAuthTokenProfiles)
	if aerr != nil {
		return snapErr("session_sources.trusted_auth_token_profiles", "%s", aerr.Message)
	}
	if aerr := validateUserinfoURL(snap.UserinfoURL); aerr != nil {
		return snapErr("session_sources.userinfo_url", "%s", aerr.Message)
	}
	dst.sources = sessionSources{profiles: profiles, userinfoURL: snap.UserinfoURL}
	return nil
}
