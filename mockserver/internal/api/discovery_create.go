package api

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleDiscoveryOrgCreate(rc *httpkit.Call) (any, error) {
	var b struct {
		IntermediateSessionToken string `json:"intermediate_session_token"`
		TelemetryID              string `json:"telemetry_id"`
		state.SessionArgs
		flows.OrgFields
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.IntermediateSessionToken == "" {
		return nil, apierr.BadRequest("bad_request", "intermediate_session_token is required.")
	}
	if err := flows.CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return nil, err
	}
	f := &b.OrgFields
	if f.SSODefaultConnectionID != nil && *f.SSODefaultConnectionID != "" {
		return nil, apierr.BadRequest("invalid_sso_default_connection_id", "A new organization has no SSO connections, so it cannot have a default one.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	ist, aerr := p.FindIST(b.IntermediateSessionToken, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	if !flows.ISTProvesEmail(ist) || ist.Email == "" {
		return nil, apierr.BadRequest("invalid_intermediate_session_token_for_organization", "The intermediate session holds no factor that proves an email address, so it cannot create an organization.")
	}
	o := state.NewOrganization(ids.NewID("organization", p.Env), rc.Now)
	if !f.HasAuthSettings() {
		o.EmailInvites = organizations.AllAllowed
	}
	if err := f.Apply(&o); err != nil {
		return nil, err
	}
	if o.OrganizationName == "" {
		o.OrganizationName = flows.DeriveOrgName(state.EmailKey(ist.Email))
	}
	if o.OrganizationSlug == "" {
		o.OrganizationSlug = flows.FreeSlug(p, flows.Slugify(o.OrganizationName))
	}
	if err := flows.ValidateOrgSettings(p, &o); err != nil {
		return nil, err
	}
	if err := p.CheckOrgUniqueness(&o); err != nil {
		return nil, err
	}
	p.PutOrg(o, p.NextSeq())
	org := p.Orgs[o.OrganizationID]
	creator := flows.NewMemberRecord(p, org.Org.OrganizationID, ist.Email, organizations.StatusPending, rc.Now)
	creator.ExplicitRoles = []string{state.RoleAdmin}
	p.InsertMember(creator)
	l, aerr := flows.ISTLogin(p, rc.Now, org, ist, b.IntermediateSessionToken, b.SessionArgs)
	if aerr == nil {
		l.Member = creator
		var res *flows.AuthResult
		if res, aerr = flows.RunPrimary(p, l); aerr == nil {
			return res, nil
		}
	}
	p.RemoveOrg(org.Org.OrganizationID)
	return nil, aerr
}
