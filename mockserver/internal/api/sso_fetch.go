package api

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// Limits on fetching SAML metadata.
const (
	metadataTimeout = 5 * time.Second
	metadataMaxBody = 1 << 20
	maxHostLen      = 255
)

// fetchMetadata GETs an IdP metadata document: http(s) only, at most
// metadataMaxBody bytes, a 2xx answer. Errors never echo the URL's query.
func fetchMetadata(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if raw == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > 2048 {
		return nil, apierr.BadRequest("invalid_saml_metadata_url", "metadata_url must be an absolute http(s) URL.")
	}
	ctx, cancel := context.WithTimeout(ctx, metadataTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, apierr.BadRequest("invalid_saml_metadata_url", "metadata_url is not usable.")
	}
	req.Header.Set("Accept", "application/samlmetadata+xml, application/xml, text/xml")
	resp, err := newOutboundClient(ctx, metadataTimeout, "").Do(req)
	if err != nil {
		return nil, apierr.BadRequest("invalid_saml_metadata_url", "The metadata URL could not be fetched.")
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, apierr.BadRequest("invalid_saml_metadata_url", "The metadata URL answered HTTP %d.", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, metadataMaxBody+1))
	if err != nil {
		return nil, apierr.BadRequest("invalid_saml_metadata_url", "The metadata could not be read.")
	}
	if len(body) > metadataMaxBody {
		return nil, apierr.BadRequest("metadata_too_large", "The metadata is larger than %d bytes.", metadataMaxBody)
	}
	return body, nil
}

// requestBaseURL is the mock's URL as this request reached it: the SP URLs
// of a new connection are built on it.
func requestBaseURL(rc *httpkit.Call) string {
	r := rc.Request
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" || len(host) > maxHostLen {
		host = "localhost"
	}
	return scheme + "://" + host
}
