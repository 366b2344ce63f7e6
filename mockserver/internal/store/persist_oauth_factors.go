package store

import "github.com/stytchkit/stytch-go/mockserver/internal/state"

// oauthRecords copies the OAuth factor details of f into r.
func oauthRecords(r *factorRecordV2, f *state.Factor) {
	rec := func(id, sub, email string) *oauthFactorRecordV2 { return &oauthFactorRecordV2{id, sub, email} }
	if d := f.GoogleOAuthFactor; d != nil {
		r.GoogleOAuthFactor = rec(d.ID, d.ProviderSubject, d.EmailID)
	}
	if d := f.MicrosoftOAuthFactor; d != nil {
		r.MicrosoftOAuthFactor = rec(d.ID, d.ProviderSubject, d.EmailID)
	}
	if d := f.GithubOAuthFactor; d != nil {
		r.GithubOAuthFactor = rec(d.ID, d.ProviderSubject, d.EmailID)
	}
	if d := f.HubspotOAuthFactor; d != nil {
		r.HubspotOAuthFactor = rec(d.ID, d.ProviderSubject, d.EmailID)
	}
	if d := f.SlackOAuthFactor; d != nil {
		r.SlackOAuthFactor = rec(d.ID, d.ProviderSubject, d.EmailID)
	}
}

// oauthFactors copies the OAuth factor details of r into f.
func oauthFactors(r *factorRecordV2, f *state.Factor) {
	if d := r.GoogleOAuthFactor; d != nil {
		g := alloc(&f.GoogleOAuthFactor)
		g.ID, g.ProviderSubject, g.EmailID = d.ID, d.ProviderSubject, d.EmailID
	}
	if d := r.MicrosoftOAuthFactor; d != nil {
		m := alloc(&f.MicrosoftOAuthFactor)
		m.ID, m.ProviderSubject, m.EmailID = d.ID, d.ProviderSubject, d.EmailID
	}
	if d := r.GithubOAuthFactor; d != nil {
		g := alloc(&f.GithubOAuthFactor)
		g.ID, g.ProviderSubject, g.EmailID = d.ID, d.ProviderSubject, d.EmailID
	}
	if d := r.HubspotOAuthFactor; d != nil {
		h := alloc(&f.HubspotOAuthFactor)
		h.ID, h.ProviderSubject, h.EmailID = d.ID, d.ProviderSubject, d.EmailID
	}
	if d := r.SlackOAuthFactor; d != nil {
		s := alloc(&f.SlackOAuthFactor)
		s.ID, s.ProviderSubject, s.EmailID = d.ID, d.ProviderSubject, d.EmailID
	}
}
