package engine

import (
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// exactlyOne checks that exactly one of the session arguments was sent.
func exactlyOne(names string, vals ...string) *apiError {
	n := 0
	for _, v := range vals {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return badRequest("no_session_arguments", "Exactly one of %s is required; none was given.", names)
	case n > 1:
		return badRequest("too_many_session_arguments", "Exactly one of %s is required; several were given.", names)
	}
	return nil
}

// authorize runs an authorization check for a session (spec §6.5): the
// organization must be the session's, and some role of the session must
// grant the action. It returns the granting roles. Callers hold p.mu.
func (p *project) authorize(s *sessionRecord, orgRef, resource, action string) ([]string, *apiError) {
	org := p.orgs[s.orgID]
	if org == nil || (orgRef != s.orgID && orgRef != org.o.OrganizationSlug) {
		return nil, forbidden("session_authorization_tenancy_error", "The session belongs to organization %q, not %q.", s.orgID, orgRef)
	}
	granting := p.grantingRoles(&org.o, p.sessionRoles(s, p.members[s.memberID], &org.o), resource, action)
	if len(granting) == 0 {
		return nil, forbidden("session_authorization_error", "The member's roles do not grant %q on %q.", action, resource)
	}
	return granting, nil
}

func handleSessionAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		SessionToken string `json:"session_token"`
		SessionJWT   string `json:"session_jwt"`
		sessionArgs
		AuthorizationCheck *sessions.AuthorizationCheck `json:"authorization_check"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := exactlyOne("session_token and session_jwt", b.SessionToken, b.SessionJWT); err != nil {
		return nil, err
	}
	if err := checkDuration(b.DurationMinutes); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	s, aerr := p.findSession(b.SessionToken, b.SessionJWT, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	claims, aerr := mergeClaims(s.claims, b.CustomClaims)
	if aerr != nil {
		return nil, aerr
	}
	var verdict *sessions.AuthorizationVerdict
	if ac := b.AuthorizationCheck; ac != nil {
		granting, aerr := p.authorize(s, ac.OrganizationID, ac.ResourceID, ac.Action)
		if aerr != nil {
			return nil, aerr
		}
		verdict = &sessions.AuthorizationVerdict{Authorized: true, GrantingRoles: granting}
	}
	// Everything is validated: apply.
	s.lastAccessedAt = rc.now
	if b.DurationMinutes != nil && *b.DurationMinutes != 0 {
		s.expiresAt = rc.now.Add(time.Duration(*b.DurationMinutes) * time.Minute)
	}
	s.claims = claims
	signed, err := p.mintJWT(s, rc.now)
	if err != nil {
		return nil, err
	}
	return &sessions.AuthenticateResponse{
		RequestID:     rc.requestID,
		StatusCode:    http.StatusOK,
		MemberSession: p.sessionView(s),
		SessionToken:  p.sessions.token(s.id),
		SessionJWT:    signed,
		Member:        p.memberView(p.members[s.memberID]),
		Organization:  cloneOrg(p.orgs[s.orgID].o),
		Verdict:       verdict,
	}, nil
}

func handleSessionGet(rc *reqCtx) (any, error) {
	orgRef, memberID := rc.query("organization_id"), rc.query("member_id")
	if orgRef == "" || memberID == "" {
		return nil, badRequest("bad_request", "organization_id and member_id are required.")
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, err := p.findOrg(orgRef)
	if err != nil {
		return nil, err
	}
	m := p.members[memberID]
	if m == nil || m.m.OrganizationID != org.o.OrganizationID || m.m.Status == organizations.StatusDeleted {
		return nil, notFound("member_not_found", "Member %q was not found in organization %q.", memberID, org.o.OrganizationID)
	}
	return &sessions.GetResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberSessions: p.memberSessionsView(memberID, rc.now)}, nil
}

func handleSessionRevoke(rc *reqCtx) (any, error) {
	var b sessions.RevokeParams
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := exactlyOne("member_session_id, session_token, session_jwt and member_id", b.MemberSessionID, b.SessionToken, b.SessionJWT, b.MemberID); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if b.MemberID != "" {
		m := p.members[b.MemberID]
		if m == nil || m.m.Status == organizations.StatusDeleted {
			return nil, notFound("member_not_found", "Member %q was not found.", b.MemberID)
		}
		if err := p.authorizeHeader(rc.actor(), m.m.OrganizationID, m.m.MemberID, actionCheck{resource: "stytch.member", action: "revoke-sessions", self: "revoke-sessions"}); err != nil {
			return nil, err
		}
		p.revokeMemberSessions(b.MemberID)
		return &sessions.RevokeResponse{RequestID: rc.requestID, StatusCode: http.StatusOK}, nil
	}
	var s *sessionRecord
	if b.MemberSessionID != "" {
		if s = p.liveSession(b.MemberSessionID, rc.now); s == nil {
			return nil, sessionNotFound()
		}
	} else {
		var aerr *apiError
		if s, aerr = p.findSession(b.SessionToken, b.SessionJWT, rc.now); aerr != nil {
			return nil, aerr
		}
	}
	if err := p.authorizeHeader(rc.actor(), s.orgID, s.memberID, actionCheck{resource: "stytch.member", action: "revoke-sessions", self: "revoke-sessions"}); err != nil {
		return nil, err
	}
	p.dropSession(s)
	return &sessions.RevokeResponse{RequestID: rc.requestID, StatusCode: http.StatusOK}, nil
}

// transferable reports whether a factor moves to another organization on
// exchange (auth-flows §5), and as what: the email-proving factors (magic
// link, email OTP, Microsoft OAuth) as they are; the OAuth factors whose
// providers do not verify email in real time (Google — the mock does not
// model the hosted-domain claim — GitHub, HubSpot, Slack) as
// oauth_exchange_<provider>; password, SSO and MFA factors not at all. It
// returns the factor's method name in the pipeline's terms.
func transferable(f sessions.AuthenticationFactor) (istFactor, bool) {
	out := sessions.AuthenticationFactor{Type: f.Type, DeliveryMethod: f.DeliveryMethod}
	method := ""
	switch {
	case (f.Type == "magic_link" || f.Type == "email_otp") && f.EmailFactor != nil:
		out.EmailFactor, method = f.EmailFactor, f.Type
	case f.MicrosoftOAuthFactor != nil:
		m := *f.MicrosoftOAuthFactor
		out.MicrosoftOAuthFactor, method = &m, "microsoft_oauth"
	case f.GoogleOAuthFactor != nil && f.GoogleOAuthFactor.EmailID != "":
		out.DeliveryMethod, out.GoogleOAuthExchangeFactor, method = "oauth_exchange_google", &sessions.GoogleOAuthExchangeFactor{EmailID: f.GoogleOAuthFactor.EmailID}, "google_oauth"
	case f.GithubOAuthFactor != nil && f.GithubOAuthFactor.EmailID != "":
		out.DeliveryMethod, out.GithubOAuthExchangeFactor, method = "oauth_exchange_github", &sessions.GithubOAuthExchangeFactor{EmailID: f.GithubOAuthFactor.EmailID}, "github_oauth"
	case f.HubspotOAuthFactor != nil && f.HubspotOAuthFactor.EmailID != "":
		out.DeliveryMethod, out.HubspotOAuthExchangeFactor, method = "oauth_exchange_hubspot", &sessions.HubspotOAuthExchangeFactor{EmailID: f.HubspotOAuthFactor.EmailID}, "hubspot_oauth"
	case f.SlackOAuthFactor != nil && f.SlackOAuthFactor.EmailID != "":
		out.DeliveryMethod, out.SlackOAuthExchangeFactor, method = "oauth_exchange_slack", &sessions.SlackOAuthExchangeFactor{EmailID: f.SlackOAuthFactor.EmailID}, "slack_oauth"
	default:
		return istFactor{}, false
	}
	return istFactor{method: method, factor: out}, true
}

// provesEmailOnTransfer reports whether a transferred factor still proves
// the email address in the target organization.
func provesEmailOnTransfer(method string) bool {
	return emailProving(method) || method == "microsoft_oauth"
}

// handleSessionExchange moves a session to another organization in which
// the session's email address already has a membership (auth-flows §5). It
// runs the shared primary pipeline with the session's transferable factors
// carried over: the target organization's auth-method restriction, email
// verification and MFA rules apply, so the answer may be an intermediate
// session with primary_required or mfa_required. It never provisions a
// member; the source session stays valid.
func handleSessionExchange(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		SessionToken   string `json:"session_token"`
		SessionJWT     string `json:"session_jwt"`
		sessionArgs
		Locale      *string `json:"locale"`
		TelemetryID string  `json:"telemetry_id"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.OrganizationID == "" {
		return nil, badRequest("invalid_organization_id", "organization_id is required.")
	}
	if err := exactlyOne("session_token and session_jwt", b.SessionToken, b.SessionJWT); err != nil {
		return nil, err
	}
	if err := checkLocale(b.Locale, exchangeLocales); err != nil {
		return nil, err
	}
	if err := checkSessionArgs("", "", b.sessionArgs); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	s, aerr := p.findSession(b.SessionToken, b.SessionJWT, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	target, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	src := p.members[s.memberID]
	var dst *memberRecord
	if set := p.orgMembers[target.o.OrganizationID]; set != nil {
		dst = set.byEmail[emailKey(src.m.EmailAddress)]
	}
	if dst == nil || dst.m.Status == organizations.StatusDeleted {
		return nil, notFound("member_not_found", "%s has no membership in organization %q; use discovery to join it.", src.m.EmailAddress, target.o.OrganizationID)
	}
	l := &primaryLogin{org: target, email: dst.m.EmailAddress, member: dst, exchange: true, args: b.sessionArgs, now: rc.now}
	for _, f := range s.factors {
		if t, ok := transferable(f); ok {
			l.carried = append(l.carried, t)
			l.provesEmail = l.provesEmail || provesEmailOnTransfer(t.method)
		}
	}
	res, aerr := p.runPrimary(l)
	if aerr != nil {
		return nil, aerr
	}
	return res, nil
}
