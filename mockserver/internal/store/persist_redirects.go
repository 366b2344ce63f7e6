package store

import (
	"encoding/json"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// saveRedirectURLs renders the redirect URL registry. Callers hold p.mu.
func saveRedirectURLs(p *state.Project, _ SnapshotOptions) (any, error) {
	return state.CloneRedirectURLs(p.RedirectURLs), nil
}

// loadRedirectURLs validates the registry as PUT /mock/redirect_urls does.
func loadRedirectURLs(dst *state.Project, raw json.RawMessage) error {
	var list []state.RedirectURL
	if err := wire.Decode(raw, &list, true, false); err != nil {
		return SnapErr("redirect_urls", "%v", err)
	}
	if err := state.ValidateRedirectURLs(dst.Env, list); err != nil {
		return SnapErr("redirect_urls", "%s", err.Message)
	}
	dst.RedirectURLs = state.CloneRedirectURLs(list)
	return nil
}
