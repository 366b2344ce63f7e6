package api

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleSessionAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		SessionToken string `json:"session_token"`
		SessionJWT   string `json:"session_jwt"`
		state.SessionArgs
		AuthorizationCheck *sessions.AuthorizationCheck `json:"authorization_check"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.ExactlyOne("session_token and session_jwt", b.SessionToken, b.SessionJWT); err != nil {
		return nil, err
	}
	if err := state.CheckDuration(b.DurationMinutes); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	s, aerr := p.FindSession(b.SessionToken, b.SessionJWT, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	if state.IsImpersonated(s) && b.DurationMinutes != nil && *b.DurationMinutes != 0 {
		return nil, apierr.Forbidden("member_impersonation_not_allowed", "An impersonated session cannot be extended: it keeps the lifetime it was issued with.")
	}
	claims, aerr := state.MergeClaims(s.Claims, b.CustomClaims)
	if aerr != nil {
		return nil, aerr
	}
	var verdict *sessions.AuthorizationVerdict
	if ac := b.AuthorizationCheck; ac != nil {
		granting, aerr := flows.Authorize(p, s, ac.OrganizationID, ac.ResourceID, ac.Action)
		if aerr != nil {
			return nil, aerr
		}
		verdict = &sessions.AuthorizationVerdict{Authorized: true, GrantingRoles: granting}
	}
	// Everything is validated: apply.
	p.MarkSession(s.ID)
	s.LastAccessedAt = rc.Now
	if b.DurationMinutes != nil && *b.DurationMinutes != 0 {
		s.ExpiresAt = rc.Now.Add(time.Duration(*b.DurationMinutes) * time.Minute)
	}
	s.Claims = claims
	signed, err := p.MintJWT(s, rc.Now)
	if err != nil {
		return nil, err
	}
	return &sessions.AuthenticateResponse{
		MemberSession: p.SessionView(s),
		SessionToken:  p.Sessions.Token(s.ID),
		SessionJWT:    signed,
		Member:        p.MemberView(p.Members[s.MemberID]),
		Organization:  state.CloneOrg(p.Orgs[s.OrgID].Org),
		Verdict:       verdict,
	}, nil
}

func handleSessionGet(rc *httpkit.Call) (any, error) {
	orgRef, memberID := rc.Query("organization_id"), rc.Query("member_id")
	if orgRef == "" || memberID == "" {
		return nil, apierr.BadRequest("bad_request", "organization_id and member_id are required.")
	}
	return rc.WriteOrg(orgRef, func(p *state.Project, org *state.OrgRecord) (any, error) {
		m := p.Members[memberID]
		if m == nil || m.Member.OrganizationID != org.Org.OrganizationID || m.Member.Status == organizations.StatusDeleted {
			return nil, apierr.NotFound("member_not_found", "Member %q was not found in organization %q.", memberID, org.Org.OrganizationID)
		}
		return &sessions.GetResponse{MemberSessions: p.MemberSessionsView(memberID, rc.Now)}, nil
	})
}

func handleSessionRevoke(rc *httpkit.Call) (any, error) {
	var b sessions.RevokeParams
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.ExactlyOne("member_session_id, session_token, session_jwt and member_id", b.MemberSessionID, b.SessionToken, b.SessionJWT, b.MemberID); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	if b.MemberID != "" {
		m := p.Members[b.MemberID]
		if m == nil || m.Member.Status == organizations.StatusDeleted {
			return nil, apierr.NotFound("member_not_found", "Member %q was not found.", b.MemberID)
		}
		if err := flows.AuthorizeHeader(p, rc.Actor(), m.Member.OrganizationID, m.Member.MemberID, flows.ActionCheck{Resource: "stytch.member", Action: "revoke-sessions", Self: "revoke-sessions"}); err != nil {
			return nil, err
		}
		p.RevokeMemberSessions(b.MemberID)
		return &sessions.RevokeResponse{}, nil
	}
	var s *state.SessionRecord
	if b.MemberSessionID != "" {
		if s = p.LiveSession(b.MemberSessionID, rc.Now); s == nil {
			return nil, state.SessionNotFound()
		}
	} else {
		var aerr *apierr.Error
		if s, aerr = p.FindSession(b.SessionToken, b.SessionJWT, rc.Now); aerr != nil {
			return nil, aerr
		}
	}
	if err := flows.AuthorizeHeader(p, rc.Actor(), s.OrgID, s.MemberID, flows.ActionCheck{Resource: "stytch.member", Action: "revoke-sessions", Self: "revoke-sessions"}); err != nil {
		return nil, err
	}
	p.DropSession(s)
	return &sessions.RevokeResponse{}, nil
}

// handleSessionExchange moves a session to another organization in which
// the session's email address already has a membership (auth-flows §5). It
// runs the shared primary pipeline with the session's transferable factors
// carried over: the target organization's auth-method restriction, email
// verification and MFA rules apply, so the answer may be an intermediate
// session with primary_required or mfa_required. It never provisions a
// member; the source session stays valid.
func handleSessionExchange(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		SessionToken   string `json:"session_token"`
		SessionJWT     string `json:"session_jwt"`
		state.SessionArgs
		Locale      *string `json:"locale"`
		TelemetryID string  `json:"telemetry_id"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.OrganizationID == "" {
		return nil, apierr.BadRequest("invalid_organization_id", "organization_id is required.")
	}
	if err := flows.ExactlyOne("session_token and session_jwt", b.SessionToken, b.SessionJWT); err != nil {
		return nil, err
	}
	if err := flows.CheckLocale(b.Locale, flows.ExchangeLocales); err != nil {
		return nil, err
	}
	if err := flows.CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	s, aerr := p.FindSession(b.SessionToken, b.SessionJWT, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	target, aerr := p.FindOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	src := p.Members[s.MemberID]
	var dst *state.MemberRecord
	if set := p.OrgMembers[target.Org.OrganizationID]; set != nil {
		dst = set.ByEmail[state.EmailKey(src.Member.EmailAddress)]
	}
	if dst == nil || dst.Member.Status == organizations.StatusDeleted {
		return nil, apierr.NotFound("member_not_found", "%s has no membership in organization %q; use discovery to join it.", src.Member.EmailAddress, target.Org.OrganizationID)
	}
	l := &flows.PrimaryLogin{Org: target, Email: dst.Member.EmailAddress, Member: dst, Exchange: true, Args: b.SessionArgs, Now: rc.Now}
	for _, f := range s.Factors {
		if t, ok := flows.Transferable(f); ok {
			l.Carried = append(l.Carried, t)
			l.ProvesEmail = l.ProvesEmail || flows.ProvesEmailOnTransfer(t.Method)
		}
	}
	res, aerr := flows.RunPrimary(p, l)
	if aerr != nil {
		return nil, aerr
	}
	return res, nil
}
