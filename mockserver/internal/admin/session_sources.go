package admin

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

type trustedProfilesResponse struct {
	httpkit.Ack
	Profiles []state.TrustedAuthTokenProfile `json:"profiles"`
}

// HandleGetTrustedProfiles answers the project's trusted auth token
// profiles: GET /mock/trusted_auth_token_profiles.
func HandleGetTrustedProfiles(rc *httpkit.Call) (any, error) {
	rc.Project.Mu.RLock()
	defer rc.Project.Mu.RUnlock()
	return &trustedProfilesResponse{httpkit.Ack{}, rc.Project.Sources.ProfileList()}, nil
}

// HandleSetTrustedProfiles replaces the project's trusted auth token
// profiles: PUT /mock/trusted_auth_token_profiles {profiles: [...]}.
func HandleSetTrustedProfiles(rc *httpkit.Call) (any, error) {
	var b struct {
		Profiles *[]state.TrustedAuthTokenProfile `json:"profiles"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.Profiles == nil {
		return nil, apierr.BadRequest("invalid_request_value", "profiles is required: a list of {profile_id, issuer, audience, public_key_pem, attribute_mapping}.")
	}
	parsed, aerr := flows.ValidateProfiles(*b.Profiles)
	if aerr != nil {
		return nil, aerr
	}
	rc.Project.Mu.Lock()
	defer rc.Project.Mu.Unlock()
	rc.Project.Sources.Profiles = parsed
	return &trustedProfilesResponse{httpkit.Ack{}, rc.Project.Sources.ProfileList()}, nil
}

type sessionMigrationResponse struct {
	httpkit.Ack
	UserinfoURL string `json:"userinfo_url"`
}

// HandleGetSessionMigration answers the userinfo URL that session
// migration calls: GET /mock/session_migration.
func HandleGetSessionMigration(rc *httpkit.Call) (any, error) {
	rc.Project.Mu.RLock()
	defer rc.Project.Mu.RUnlock()
	return &sessionMigrationResponse{httpkit.Ack{}, rc.Project.Sources.UserinfoURL}, nil
}

// HandleSetSessionMigration sets the external UserInfo endpoint that
// sessions/migrate calls: PUT /mock/session_migration {userinfo_url}.
func HandleSetSessionMigration(rc *httpkit.Call) (any, error) {
	var b struct {
		UserinfoURL *string `json:"userinfo_url"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.UserinfoURL == nil {
		return nil, apierr.BadRequest("invalid_request_value", "userinfo_url is required (empty turns migration off).")
	}
	if err := flows.ValidateUserinfoURL(*b.UserinfoURL); err != nil {
		return nil, err
	}
	rc.Project.Mu.Lock()
	defer rc.Project.Mu.Unlock()
	rc.Project.Sources.UserinfoURL = *b.UserinfoURL
	return &sessionMigrationResponse{httpkit.Ack{}, rc.Project.Sources.UserinfoURL}, nil
}
