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
	TrustedAuthTokenProfiles []profileRecordV2 `json:"trusted_auth_token_profiles"`
	UserinfoURL              string            `json:"userinfo_url,omitempty"`
}

// profileRecordV2 is a trusted auth token profile (its public key only).
type profileRecordV2 struct {
	ProfileID        string                   `json:"profile_id"`
	Issuer           string                   `json:"issuer"`
	Audience         string                   `json:"audience"`
	PublicKeyPEM     string                   `json:"public_key_pem"`
	AttributeMapping attributeMappingRecordV2 `json:"attribute_mapping"`
}

// attributeMappingRecordV2 names the claims of a trusted auth token.
type attributeMappingRecordV2 struct {
	EmailAddress string `json:"email_address"`
	TokenID      string `json:"token_id"`
}

// SaveSessionSources renders the profiles sorted by id. Callers hold p.mu.
func SaveSessionSources(p *state.Project, _ SnapshotOptions) (any, error) {
	out := sessionSourcesSnapshot{TrustedAuthTokenProfiles: []profileRecordV2{}, UserinfoURL: p.Sources.UserinfoURL}
	for _, t := range p.Sources.ProfileList() {
		out.TrustedAuthTokenProfiles = append(out.TrustedAuthTokenProfiles, profileRecordV2{t.ProfileID, t.Issuer, t.Audience, t.PublicKeyPEM,
			attributeMappingRecordV2{t.AttributeMapping.EmailAddress, t.AttributeMapping.TokenID}})
	}
	return out, nil
}

// LoadSessionSources validates the section as the admin routes do.
func LoadSessionSources(dst *state.Project, raw json.RawMessage) error {
	var snap sessionSourcesSnapshot
	if err := wire.Decode(raw, &snap, true, false); err != nil {
		return SnapErr("session_sources", "%v", err)
	}
	list := make([]state.TrustedAuthTokenProfile, len(snap.TrustedAuthTokenProfiles))
	for i, t := range snap.TrustedAuthTokenProfiles {
		list[i] = state.TrustedAuthTokenProfile{ProfileID: t.ProfileID, Issuer: t.Issuer, Audience: t.Audience, PublicKeyPEM: t.PublicKeyPEM,
			AttributeMapping: state.TrustedAttributeMapping{EmailAddress: t.AttributeMapping.EmailAddress, TokenID: t.AttributeMapping.TokenID}}
	}
	profiles, aerr := flows.ValidateProfiles(list)
	if aerr != nil {
		return SnapErr("session_sources.trusted_auth_token_profiles", "%s", aerr.Message)
	}
	if aerr := flows.ValidateUserinfoURL(snap.UserinfoURL); aerr != nil {
		return SnapErr("session_sources.userinfo_url", "%s", aerr.Message)
	}
	dst.Sources = state.SessionSources{Profiles: profiles, UserinfoURL: snap.UserinfoURL}
	return nil
}
