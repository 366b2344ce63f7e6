package api

import (
	"context"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// What the B2B and consumer sessions.attest, sessions.migrate and
// sessions.exchange_access_token handlers share. Their bodies stay
// separate (each route has its own fields, and strict decoding names them);
// the checks and the credential lookups are here and in flows.

// checkAttestBody validates the fields both sessions.attest bodies have.
func checkAttestBody(profileID, token, sessionToken, sessionJWT string, args state.SessionArgs) *apierr.Error {
	if profileID == "" || token == "" {
		return apierr.BadRequest("bad_request", "profile_id and token are required.")
	}
	return flows.CheckSessionArgs(sessionToken, sessionJWT, args)
}

// checkExchangeBody validates the fields both
// sessions.exchange_access_token bodies have.
func checkExchangeBody(accessToken string, args state.SessionArgs) *apierr.Error {
	if accessToken == "" {
		return apierr.BadRequest("bad_request", "access_token is required.")
	}
	return flows.CheckSessionArgs("", "", args)
}

// migrateUserinfoEmail reads the project's UserInfo endpoint for
// sessions.migrate, running check (when not nil) under the same read lock
// first, then calls the endpoint without the project lock with the
// external session token and returns the email it reports.
func migrateUserinfoEmail(rc *httpkit.Call, sessionToken string, check func(p *state.Project) *apierr.Error) (string, *apierr.Error) {
	p := rc.Project
	p.Mu.RLock()
	var aerr *apierr.Error
	if check != nil {
		aerr = check(p)
	}
	endpoint := p.Sources.UserinfoURL
	p.Mu.RUnlock()
	if aerr != nil {
		return "", aerr
	}
	if endpoint == "" {
		return "", apierr.BadRequest("invalid_userinfo_url", "No external UserInfo endpoint is configured for session migration; set one with PUT /mock/session_migration.")
	}
	ctx := context.Background()
	if rc.Request != nil {
		ctx = rc.Request.Context()
	}
	return fetchUserinfoEmail(ctx, rc.Outbound, endpoint, sessionToken)
}
