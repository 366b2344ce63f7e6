package flows

import (
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// ExactlyOne checks that exactly one of the session arguments was sent.
func ExactlyOne(names string, vals ...string) *apierr.Error {
	n := 0
	for _, v := range vals {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return apierr.BadRequest("no_session_arguments", "Exactly one of %s is required; none was given.", names)
	case n > 1:
		return apierr.BadRequest("too_many_session_arguments", "Exactly one of %s is required; several were given.", names)
	}
	return nil
}

// Authorize runs an authorization check for a session (spec §6.5): the
// organization must be the session's, and some role of the session must
// grant the action. It returns the granting roles. Callers hold p.mu.
func Authorize(p *state.Project, s *state.SessionRecord, orgRef, resource, action string) ([]string, *apierr.Error) {
	org := p.Orgs[s.OrgID]
	if org == nil || (orgRef != s.OrgID && orgRef != org.Org.OrganizationSlug) {
		return nil, apierr.Forbidden("session_authorization_tenancy_error", "The session belongs to organization %q, not %q.", s.OrgID, orgRef)
	}
	granting := grantingRoles(p, &org.Org, p.SessionRoles(s, p.Members[s.MemberID], &org.Org), resource, action)
	if len(granting) == 0 {
		return nil, apierr.Forbidden("session_authorization_error", "The member's roles do not grant %q on %q.", action, resource)
	}
	return granting, nil
}

// Transferable reports whether a factor moves to another organization on
// exchange (auth-flows §5), and as what: the email-proving factors (magic
// link, email OTP, Microsoft OAuth) as they are; the OAuth factors whose
// providers do not verify email in real time (Google — the mock does not
// model the hosted-domain claim — GitHub, HubSpot, Slack) as
// oauth_exchange_<provider>; password, SSO and MFA factors not at all. It
// returns the factor's method name in the pipeline's terms.
func Transferable(f sessions.AuthenticationFactor) (state.ISTFactor, bool) {
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
		return state.ISTFactor{}, false
	}
	return state.ISTFactor{Method: method, Factor: out}, true
}

// ProvesEmailOnTransfer reports whether a transferred factor still proves
// the email address in the target organization.
func ProvesEmailOnTransfer(method string) bool {
	return state.EmailProving(method) || method == "microsoft_oauth"
}
