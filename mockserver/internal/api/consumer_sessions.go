package api

import (
	b2bsessions "github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/consumer/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleUserSessionAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		SessionToken       string                       `json:"session_token"`
		SessionJWT         string                       `json:"session_jwt"`
		AuthorizationCheck *sessions.AuthorizationCheck `json:"authorization_check"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if (b.SessionToken == "") == (b.SessionJWT == "") {
		return nil, apierr.BadRequest("invalid_request_value", "Pass exactly one of session_token and session_jwt.")
	}
	if err := flows.CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	s, aerr := p.FindUserSession(b.SessionToken, b.SessionJWT, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	var verdict *sessions.AuthorizationVerdict
	if ac := b.AuthorizationCheck; ac != nil {
		roles := p.UserSessionView(s).Roles
		granting := flows.ProjectRolesGranting(p, roles, ac.ResourceID, ac.Action)
		if len(granting) == 0 {
			return nil, apierr.Forbidden("session_authorization_error", "No role of the session grants %q on %q.", ac.Action, ac.ResourceID)
		}
		verdict = &sessions.AuthorizationVerdict{Authorized: true, GrantingRoles: granting}
	}
	is, err := p.StartUserSession(rc.Now, s.MemberID, s, nil, b.SessionArgs)
	if err != nil {
		return nil, err
	}
	return &sessions.AuthenticateResponse{Session: is.Session, SessionToken: is.Token, SessionJWT: is.JWT, User: is.User, Verdict: verdict}, nil
}

func handleUserSessionGet(rc *httpkit.Call) (any, error) {
	userID := rc.Query("user_id")
	if userID == "" {
		return nil, apierr.BadRequest("invalid_user_id", "user_id is required.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	r, err := p.FindUser(userID)
	if err != nil {
		return nil, err
	}
	return &sessions.GetResponse{Sessions: p.UserSessionsView(r.User.UserID, rc.Now)}, nil
}

func handleUserSessionRevoke(rc *httpkit.Call) (any, error) {
	var b sessions.RevokeParams
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	n := 0
	for _, v := range []string{b.SessionID, b.SessionToken, b.SessionJWT} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		return nil, apierr.BadRequest("invalid_request_value", "Pass exactly one of session_id, session_token and session_jwt.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.InitUsers()
	var s *state.SessionRecord
	if b.SessionID != "" {
		if s = p.LiveUserSession(b.SessionID, rc.Now); s == nil {
			return nil, state.SessionNotFound()
		}
	} else {
		var aerr *apierr.Error
		if s, aerr = p.FindUserSession(b.SessionToken, b.SessionJWT, rc.Now); aerr != nil {
			return nil, aerr
		}
	}
	p.DropUserSession(s)
	return &sessions.RevokeResponse{}, nil
}

// userByEmailOrNew returns the user holding email, or a new active user
// with it (verified), stored. Callers hold p.Mu for writing.
func userByEmailOrNew(p *state.Project, rc *httpkit.Call, email string) (*state.UserRecord, *apierr.Error) {
	p.InitUsers()
	if r := p.UserByEmail(email); r != nil {
		return r, nil
	}
	r := flows.NewUserRecord(p, "active", rc.Now)
	if _, err := flows.AddUserEmail(p, r, email, true); err != nil {
		return nil, err
	}
	p.PutUser(r)
	return r, nil
}

func handleUserSessionAttest(rc *httpkit.Call) (any, error) {
	var b struct {
		ProfileID    string `json:"profile_id"`
		Token        string `json:"token"`
		SessionToken string `json:"session_token"`
		SessionJWT   string `json:"session_jwt"`
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
		if supplied, aerr = p.FindUserSession(b.SessionToken, b.SessionJWT, rc.Now); aerr != nil {
			return nil, aerr
		}
	}
	r, aerr := userByEmailOrNew(p, rc, email)
	if aerr != nil {
		return nil, aerr
	}
	is, err := p.StartUserSession(rc.Now, r.User.UserID, supplied, []b2bsessions.AuthenticationFactor{factor}, b.SessionArgs)
	if err != nil {
		return nil, err
	}
	out := userLogin(is)
	return &out, nil
}

func handleUserSessionMigrate(rc *httpkit.Call) (any, error) {
	var b struct {
		SessionToken string `json:"session_token"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.SessionToken == "" {
		return nil, apierr.BadRequest("bad_request", "session_token is required.")
	}
	if err := flows.CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return nil, err
	}
	email, aerr := migrateUserinfoEmail(rc, b.SessionToken, nil)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	r, aerr := userByEmailOrNew(p, rc, email)
	if aerr != nil {
		return nil, aerr
	}
	factor := b2bsessions.AuthenticationFactor{Type: "imported", DeliveryMethod: "imported_auth0"}
	is, err := p.StartUserSession(rc.Now, r.User.UserID, nil, []b2bsessions.AuthenticationFactor{factor}, b.SessionArgs)
	if err != nil {
		return nil, err
	}
	out := userLogin(is)
	return &out, nil
}

func handleUserSessionExchangeAccessToken(rc *httpkit.Call) (any, error) {
	var b struct {
		AccessToken string `json:"access_token"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := checkExchangeBody(b.AccessToken, b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.InitUsers()
	t, factor, aerr := flows.ExchangeAccessToken(p, b.AccessToken, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	if t.OrgID != "" || p.Users.ByID[t.MemberID] == nil {
		return nil, state.UserNotFound(t.MemberID)
	}
	is, err := p.StartUserSession(rc.Now, t.MemberID, nil, []b2bsessions.AuthenticationFactor{factor}, b.SessionArgs)
	if err != nil {
		return nil, err
	}
	t.Exchanged = true
	out := userLogin(is)
	return &out, nil
}
