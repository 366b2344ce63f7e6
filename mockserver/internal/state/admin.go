package state

func CloneRedirectURLs(in []RedirectURL) []RedirectURL {
	out := make([]RedirectURL, len(in))
	for i, r := range in {
		out[i] = RedirectURL{URL: r.URL, Types: append([]string{}, r.Types...), DefaultFor: append([]string{}, r.DefaultFor...)}
	}
	return out
}
