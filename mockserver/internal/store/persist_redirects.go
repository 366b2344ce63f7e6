package store

import (
	"encoding/json"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// redirectRecordV2 is one entry of the "redirect_urls" section.
type redirectRecordV2 struct {
	URL        string   `json:"url"`
	Types      []string `json:"types"`
	DefaultFor []string `json:"default_for"`
}

// saveRedirectURLs renders the redirect URL registry. Callers hold p.mu.
func saveRedirectURLs(p *state.Project, _ SnapshotOptions) (any, error) {
	out := make([]redirectRecordV2, len(p.RedirectURLs))
	for i, r := range state.CloneRedirectURLs(p.RedirectURLs) {
		out[i] = redirectRecordV2(r)
	}
	return out, nil
}

// loadRedirectURLs validates the registry as PUT /mock/redirect_urls does.
func loadRedirectURLs(dst *state.Project, raw json.RawMessage) error {
	var recs []redirectRecordV2
	if err := wire.Decode(raw, &recs, true, false); err != nil {
		return SnapErr("redirect_urls", "%v", err)
	}
	list := make([]state.RedirectURL, len(recs))
	for i, r := range recs {
		list[i] = state.RedirectURL(r)
	}
	if err := state.ValidateRedirectURLs(dst.Env, list); err != nil {
		return SnapErr("redirect_urls", "%s", err.Message)
	}
	dst.RedirectURLs = state.CloneRedirectURLs(list)
	return nil
}
