package api

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

func handleImpersonationAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		ImpersonationToken string `json:"impersonation_token"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.ImpersonationToken == "" {
		return nil, apierr.BadRequest("bad_request", "impersonation_token is required.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	res, err := flows.AuthenticateImpersonation(p, rc.Now, b.ImpersonationToken)
	if err != nil {
		return nil, err
	}
	return res, nil
}
