package engine

import "encoding/json"

func init() {
	registerSnapshotSection(snapshotSection{name: "redirect_urls", order: 50, save: saveRedirectURLs, load: loadRedirectURLs})
}

// saveRedirectURLs renders the redirect URL registry. Callers hold p.mu.
func saveRedirectURLs(p *project, _ snapshotOptions) (any, error) {
	return cloneRedirectURLs(p.redirectURLs), nil
}

// loadRedirectURLs validates the registry as PUT /mock/redirect_urls does.
func loadRedirectURLs(dst *project, raw json.RawMessage) error {
	var list []RedirectURL
	if err := decodeStrict(raw, &list); err != nil {
		return snapErr("redirect_urls", "%v", err)
	}
	if err := validateRedirectURLs(dst.env, list); err != nil {
		return snapErr("redirect_urls", "%s", err.Message)
	}
	dst.redirectURLs = cloneRedirectURLs(list)
	return nil
}
