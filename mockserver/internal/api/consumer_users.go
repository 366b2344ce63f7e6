package api

import (
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleUserCreate(rc *httpkit.Call) (any, error) {
	var b flows.UserCreateBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	r, emailID, phoneID, err := flows.CreateUser(p, &b, rc.Now)
	if err != nil {
		return nil, err
	}
	p.PutUser(r)
	return &users.CreateResponse{UserID: r.User.UserID, EmailID: emailID, PhoneID: phoneID, Status: r.User.Status, User: state.UserView(r)}, nil
}

// readUser answers with the user the user_id path parameter names, under
// the project's read lock.
func readUser(rc *httpkit.Call, answer func(r *state.UserRecord) any) (any, error) {
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	r, err := p.FindUser(rc.Param("user_id"))
	if err != nil {
		return nil, err
	}
	return answer(r), nil
}

// writeUser runs change on the user the user_id path parameter names,
// under the project's write lock.
func writeUser(rc *httpkit.Call, change func(p *state.Project, r *state.UserRecord) (any, *apierr.Error)) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.InitUsers()
	r, err := p.FindUser(rc.Param("user_id"))
	if err != nil {
		return nil, err
	}
	out, aerr := change(p, r)
	if aerr != nil {
		return nil, aerr
	}
	return out, nil
}

func handleUserGet(rc *httpkit.Call) (any, error) {
	return readUser(rc, func(r *state.UserRecord) any { return &users.GetResponse{User: state.UserView(r)} })
}

func handleUserUpdate(rc *httpkit.Call) (any, error) {
	var b flows.UserProfileBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return writeUser(rc, func(p *state.Project, r *state.UserRecord) (any, *apierr.Error) {
		next := state.CloneUser(r)
		if err := flows.ApplyUserProfile(p, next, &b); err != nil {
			return nil, err
		}
		p.PutUser(next)
		v := state.UserView(next)
		return &users.UpdateResponse{UserID: v.UserID, Emails: v.Emails, PhoneNumbers: v.PhoneNumbers, CryptoWallets: v.CryptoWallets, User: v}, nil
	})
}

func handleUserDelete(rc *httpkit.Call) (any, error) {
	return writeUser(rc, func(p *state.Project, r *state.UserRecord) (any, *apierr.Error) {
		p.DeleteUser(r)
		return &users.DeleteResponse{UserID: r.User.UserID}, nil
	})
}

func handleUserSearch(rc *httpkit.Call) (any, error) {
	var b search.SearchBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	cs, err := search.CompileIndexedSearch(&b, state.UserSearchVocabulary, state.UserSearchFilters(), p.UserSearchNarrowers())
	if err != nil {
		return nil, err
	}
	page, total, next := cs.Page(p.UsersInOrder(), func(r *state.UserRecord) uint64 { return r.Seq })
	out := &users.SearchResponse{Results: make([]users.User, len(page)), ResultsMetadata: users.ResultsMetadata{Total: int32(total), NextCursor: next}}
	for i, r := range page {
		out.Results[i] = state.UserView(r)
	}
	return out, nil
}

func handleUserExchangePrimaryFactor(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress string `json:"email_address"`
		PhoneNumber  string `json:"phone_number"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return writeUser(rc, func(p *state.Project, r *state.UserRecord) (any, *apierr.Error) {
		next, err := flows.ExchangePrimaryFactor(p, r, b.EmailAddress, b.PhoneNumber)
		if err != nil {
			return nil, err
		}
		p.PutUser(next)
		return &users.UserResponse{UserID: next.User.UserID, User: state.UserView(next)}, nil
	})
}

func handleUserDeleteExternalID(rc *httpkit.Call) (any, error) {
	return writeUser(rc, func(p *state.Project, r *state.UserRecord) (any, *apierr.Error) {
		next := state.CloneUser(r)
		next.User.ExternalID = ""
		p.PutUser(next)
		return &users.UserResponse{UserID: next.User.UserID, User: state.UserView(next)}, nil
	})
}

// userFactorErrors maps the path parameter of each factor deletion to the
// error type and message of an unknown factor.
// unknownFactor is the error of a factor deletion that finds no factor.
type unknownFactor struct {
	errorType string
	message   string // with one %q for the ID
}

var userFactorErrors = map[string]unknownFactor{
	"email_id":                   {errorType: "email_not_found", message: "Email %q was not found."},
	"phone_id":                   {errorType: "phone_number_not_found", message: "Phone number %q was not found."},
	"webauthn_registration_id":   {errorType: "webauthn_registration_not_found", message: "WebAuthn registration %q was not found."},
	"biometric_registration_id":  {errorType: "biometric_registration_not_found", message: "Biometric registration %q was not found."},
	"totp_id":                    {errorType: "totp_not_found", message: "TOTP %q was not found."},
	"crypto_wallet_id":           {errorType: "crypto_wallet_not_found", message: "Crypto wallet %q was not found."},
	"password_id":                {errorType: "password_not_found", message: "Password %q was not found."},
	"oauth_user_registration_id": {errorType: "oauth_user_registration_not_found", message: "OAuth registration %q was not found."},
}

// deleteUserFactor deletes the factor the path parameter param names from
// its user. The user keeps its sessions; the deleted factor just cannot be
// used again.
func deleteUserFactor(param string) httpkit.HandlerFunc {
	return func(rc *httpkit.Call) (any, error) {
		id := rc.Param(param)
		p := rc.Project
		p.Mu.Lock()
		defer p.Mu.Unlock()
		p.InitUsers()
		notFound := userFactorErrors[param]
		r := p.FactorOwner(id)
		if r == nil {
			return nil, apierr.NotFound(notFound.errorType, notFound.message, id)
		}
		next := state.RemoveUserFactor(r, id)
		if next == nil {
			return nil, apierr.NotFound(notFound.errorType, notFound.message, id)
		}
		p.PutUser(next)
		return &users.UserResponse{UserID: next.User.UserID, User: state.UserView(next)}, nil
	}
}

func handleUserConnectedApps(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	r, err := p.FindUser(rc.Param("user_id"))
	if err != nil {
		return nil, err
	}
	return &users.ConnectedAppsResponse{ConnectedApps: flows.UserConnectedApps(p, r.User.UserID, rc.Now)}, nil
}

func handleUserRevokeConnectedApp(rc *httpkit.Call) (any, error) {
	return writeUser(rc, func(p *state.Project, r *state.UserRecord) (any, *apierr.Error) {
		if !flows.RevokeUserConnectedApp(p, r.User.UserID, rc.Param("connected_app_id"), rc.Now) {
			return nil, apierr.NotFound("connected_app_not_found", "Connected app %q has no access to this user.", rc.Param("connected_app_id"))
		}
		return &users.RevokeResponse{}, nil
	})
}
