package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// handleSessionAttest exchanges a trusted auth token for a session of the
// member of organization_id whose email the token names, or adds the
// trusted_auth_token factor to a supplied session of that member. The
// token's issuer is trusted by configuration, so no MFA or auth-method
// rule applies (the response has no intermediate-session fields).
func handleSessionAttest(rc *httpkit.Call) (any, error) {
	var b struct {
		ProfileID      string `json:"profile_id"`
		Token          string `json:"token"`
		OrganizationID string `json:"organization_id"`
		SessionToken   string `json:"session_token"`
		SessionJWT     string `json:"session_jwt"`
		TelemetryID    string `json:"telemetry_id"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := checkAttestBody(b.ProfileID, b.Token, b.SessionToken, b.SessionJWT, b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	email, factor, aerr := flows.AttestTrustedToken(p, b.ProfileID, b.Token, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	var supplied *state.SessionRecord
	if b.SessionToken != "" || b.SessionJWT != "" {
		if supplied, aerr = p.FindSession(b.SessionToken, b.SessionJWT, rc.Now); aerr != nil {
			return nil, aerr
		}
	}
	orgRef := b.OrganizationID
	if orgRef == "" && supplied != nil {
		orgRef = supplied.OrgID
	}
	if orgRef == "" {
		return nil, apierr.BadRequest("invalid_organization_id", "organization_id is required when no session is supplied.")
	}
	org, aerr := p.FindOrg(orgRef)
	if aerr != nil {
		return nil, aerr
	}
	r := flows.ExistingMember(p, org, email)
	if r == nil {
		return nil, apierr.NotFound("member_not_found", "No member of organization %q has the email address %q.", org.Org.OrganizationID, email)
	}
	is, err := flows.SessionFor(p, r, supplied, factor, b.SessionArgs, rc.Now)
	if err != nil {
		return nil, err
	}
	return &sessions.AttestResponse{
		MemberID:      r.Member.MemberID,
		MemberSession: is.Session, SessionToken: is.Token, SessionJWT: is.JWT, Member: is.Member, Organization: is.Org,
	}, nil
}

// Session migration: limits on the UserInfo call.
const (
	userinfoTimeout = 5 * time.Second
	userinfoMaxBody = 1 << 20
)

// userinfoFailed is the one answer to every failure of the UserInfo call
// except an explicit refusal of the token: whether the address is not
// allowed, the port is closed, the call timed out, or the endpoint answered
// another status or something that is not JSON with an email, the caller
// learns the same thing, so session migration cannot map a network.
func userinfoFailed() *apierr.Error {
	return apierr.BadRequest("migrate_from_external_unexpected_response", "The UserInfo endpoint did not return an email address for this session token.")
}

// fetchUserinfoEmail calls the UserInfo endpoint through client (nil:
// loopback only) with the external session token as a bearer token and
// returns the email it reports.
func fetchUserinfoEmail(ctx context.Context, client *http.Client, endpoint, token string) (string, *apierr.Error) {
	if client == nil {
		client = httpkit.OutboundPolicy{}.Client(userinfoTimeout)
	}
	ctx, cancel := context.WithTimeout(ctx, userinfoTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return "", userinfoFailed()
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", userinfoFailed()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, userinfoMaxBody))
	if err != nil {
		return "", userinfoFailed()
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return "", userinfoFailed()
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return "", userinfoFailed()
	}
	var info struct {
		Email any `json:"email"`
	}
	if err := json.Unmarshal(body, &info); err != nil {
		return "", userinfoFailed()
	}
	email, _ := info.Email.(string)
	if email == "" {
		return "", userinfoFailed()
	}
	return email, nil
}

// handleSessionMigrate calls the configured UserInfo endpoint with the
// external session token, matches the email it returns to an existing
// member of organization_id, and issues a session with an imported factor.
// The UserInfo call runs without the project lock.
func handleSessionMigrate(rc *httpkit.Call) (any, error) {
	var b struct {
		SessionToken   string `json:"session_token"`
		OrganizationID string `json:"organization_id"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.SessionToken == "" || b.OrganizationID == "" {
		return nil, apierr.BadRequest("bad_request", "session_token and organization_id are required.")
	}
	if err := flows.CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return nil, err
	}
	email, aerr := migrateUserinfoEmail(rc, b.SessionToken, func(p *state.Project) *apierr.Error {
		_, aerr := p.FindOrg(b.OrganizationID)
		return aerr
	})
	if aerr != nil {
		return nil, aerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	org, aerr := p.FindOrg(b.OrganizationID) // it may have gone meanwhile
	if aerr != nil {
		return nil, aerr
	}
	r := flows.ExistingMember(p, org, email)
	if r == nil {
		return nil, apierr.NotFound("migrate_from_external_email_does_not_exist", "No member of organization %q has the email address the UserInfo endpoint returned; session migration only logs existing members in.", org.Org.OrganizationID)
	}
	factor := sessions.AuthenticationFactor{Type: "imported", DeliveryMethod: "imported_auth0"}
	is, err := flows.SessionFor(p, r, nil, factor, b.SessionArgs, rc.Now)
	if err != nil {
		return nil, err
	}
	ms := is.Session
	return &sessions.MigrateResponse{
		MemberID:     r.Member.MemberID,
		SessionToken: is.Token, SessionJWT: is.JWT, Member: is.Member, Organization: is.Org, MemberSession: &ms,
	}, nil
}
