package admin

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/passwd"
)

type passwordPolicyResponse struct {
	httpkit.Ack
	passwd.PasswordPolicy
}

// HandleGetPasswordPolicy answers the project's password policy: GET
// /mock/password_policy.
func HandleGetPasswordPolicy(rc *httpkit.Call) (any, error) {
	rc.Project.Mu.RLock()
	defer rc.Project.Mu.RUnlock()
	return &passwordPolicyResponse{httpkit.Ack{}, rc.Project.PasswordPolicy()}, nil
}

// HandleSetPasswordPolicy changes the fields it is sent and keeps the
// others.
func HandleSetPasswordPolicy(rc *httpkit.Call) (any, error) {
	rc.Project.Mu.Lock()
	defer rc.Project.Mu.Unlock()
	pol := rc.Project.PasswordPolicy()
	if err := rc.Decode(&pol); err != nil {
		return nil, err
	}
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	rc.Project.Passwords.Policy = &pol
	return &passwordPolicyResponse{httpkit.Ack{}, pol}, nil
}
