package flows

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Limits on M2M client fields (the mock's; Stytch does not publish them).
const (
	maxM2MClientIDLen     = 128
	minM2MSecretLen       = 32
	maxM2MSecretLen       = 256
	maxM2MNameLen         = 256
	maxM2MDescriptionLen  = 1024
	maxM2MScopes          = 100
	maxM2MScopeLen        = 128
	generatedSecretRandom = 32 // bytes of a generated secret
)

// M2MClientFields are the writable fields of an M2M client as a create or
// update body carries them; nil means absent.
type M2MClientFields struct {
	Name            *string         `json:"client_name"`
	Description     *string         `json:"client_description"`
	Status          *string         `json:"status"`
	Scopes          *[]string       `json:"scopes"`
	TrustedMetadata json.RawMessage `json:"trusted_metadata"`
}

// M2MCreate is the body of a client create.
type M2MCreate struct {
	M2MClientFields
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// NewM2MClient validates a create body and returns the new client with its
// secret in clear (shown once). Callers hold p.Mu for writing and store the
// record with PutM2MClient.
func NewM2MClient(p *state.Project, b *M2MCreate, now time.Time) (*state.M2MClientRecord, string, *apierr.Error) {
	if b.Scopes == nil {
		return nil, "", apierr.BadRequest("invalid_m2m_client_scope", "scopes is required (it may be an empty list).")
	}
	if b.Status != nil {
		return nil, "", apierr.BadRequest("m2m_client_invalid_status", "status cannot be set when a client is created; new clients are active.")
	}
	id := b.ClientID
	if id == "" {
		id = ids.NewID("m2m-client", p.Env)
	} else if aerr := checkM2MClientID(id); aerr != nil {
		return nil, "", aerr
	}
	if _, dup := p.M2MClients[id]; dup {
		return nil, "", apierr.BadRequest("duplicate_m2m_client_id", "An M2M client with client_id %q already exists.", id)
	}
	secret := b.ClientSecret
	if secret == "" {
		secret = newM2MSecret()
	} else if aerr := checkM2MSecret(secret); aerr != nil {
		return nil, "", aerr
	}
	r := &state.M2MClientRecord{ClientID: id, Status: state.M2MStatusActive, Scopes: []string{}, TrustedMetadata: map[string]any{}, CreatedAt: now}
	if aerr := b.apply(r); aerr != nil {
		return nil, "", aerr
	}
	r.SecretHash, r.SecretLastFour = state.HashM2MSecret(secret), state.LastFour(secret)
	r.Seq = p.NextSeq()
	return r, secret, nil
}

// UpdateM2MClient validates an update body against a copy of r and returns
// the updated copy; r itself is unchanged. Callers hold p.Mu for writing.
func UpdateM2MClient(r *state.M2MClientRecord, f *M2MClientFields) (*state.M2MClientRecord, *apierr.Error) {
	next := state.CloneM2MClient(r)
	if f.Status != nil {
		if *f.Status != state.M2MStatusActive && *f.Status != state.M2MStatusInactive {
			return nil, apierr.BadRequest("m2m_client_invalid_status", "status must be active or inactive, not %q.", apierr.Excerpt(*f.Status, 32))
		}
		next.Status = *f.Status
	}
	if aerr := f.apply(next); aerr != nil {
		return nil, aerr
	}
	return next, nil
}

// apply validates the name, description, scopes and trusted metadata
// present in f and writes them to r.
func (f *M2MClientFields) apply(r *state.M2MClientRecord) *apierr.Error {
	if f.Name != nil && *f.Name != "" { // "" means not sent, as elsewhere
		if utf8.RuneCountInString(*f.Name) > maxM2MNameLen || !utf8.ValidString(*f.Name) {
			return apierr.BadRequest("m2m_client_invalid_client_name", "client_name must be valid UTF-8 of at most %d characters.", maxM2MNameLen)
		}
		r.Name = *f.Name
	}
	if f.Description != nil && *f.Description != "" {
		if utf8.RuneCountInString(*f.Description) > maxM2MDescriptionLen || !utf8.ValidString(*f.Description) {
			return apierr.BadRequest("m2m_client_invalid_client_description", "client_description must be valid UTF-8 of at most %d characters.", maxM2MDescriptionLen)
		}
		r.Description = *f.Description
	}
	if f.Scopes != nil {
		scopes, aerr := checkM2MScopes(*f.Scopes)
		if aerr != nil {
			return aerr
		}
		r.Scopes = scopes
	}
	if f.TrustedMetadata != nil {
		md, aerr := ParseMetadata("trusted_metadata", f.TrustedMetadata)
		if aerr != nil {
			return aerr
		}
		r.TrustedMetadata = md
	}
	return nil
}

// checkM2MScopes validates a client's scopes: printable ASCII without
// spaces (a token's scope claim is space-separated), each once.
func checkM2MScopes(scopes []string) ([]string, *apierr.Error) {
	if len(scopes) > maxM2MScopes {
		return nil, apierr.BadRequest("too_many_m2m_client_scopes", "An M2M client may have at most %d scopes.", maxM2MScopes)
	}
	for i, s := range scopes {
		if s == "" || len(s) > maxM2MScopeLen || !printableNoSpace(s) {
			return nil, apierr.BadRequest("invalid_m2m_client_scope", "scopes[%d] must be 1 to %d printable ASCII characters without spaces.", i, maxM2MScopeLen)
		}
		if slices.Contains(scopes[:i], s) {
			return nil, apierr.BadRequest("invalid_m2m_client_scope", "scopes[%d] %q is listed twice.", i, s)
		}
	}
	return slices.Clone(scopes), nil
}

// checkM2MClientID validates a caller-chosen client_id: it becomes a path
// segment, so letters, digits, '-', '_' and '.' only.
func checkM2MClientID(id string) *apierr.Error {
	ok := len(id) <= maxM2MClientIDLen && id != "." && id != ".."
	for _, c := range id {
		ok = ok && (c == '-' || c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
	}
	if !ok {
		return apierr.BadRequest("m2m_client_invalid_client_id", "client_id must be 1 to %d letters, digits, '-', '_' or '.'.", maxM2MClientIDLen)
	}
	return nil
}

// checkM2MSecret validates a caller-chosen client secret.
func checkM2MSecret(secret string) *apierr.Error {
	switch {
	case len(secret) > maxM2MSecretLen:
		return apierr.BadRequest("client_secret_too_long", "client_secret may be at most %d characters.", maxM2MSecretLen)
	case !printableNoSpace(secret):
		return apierr.BadRequest("m2m_client_invalid_client_secret", "client_secret must be printable ASCII without spaces.")
	case len(secret) < minM2MSecretLen:
		return apierr.BadRequest("insecure_m2m_client_secret", "client_secret must be at least %d characters; let Stytch generate one.", minM2MSecretLen)
	}
	return nil
}

func printableNoSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// newM2MSecret returns a fresh client secret: 32 random bytes, URL-safe
// base64 without padding.
func newM2MSecret() string {
	var b [generatedSecretRandom]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// StartM2MRotation returns a copy of r with a next secret, and that secret
// in clear (shown once). Callers hold p.Mu for writing.
func StartM2MRotation(r *state.M2MClientRecord) (*state.M2MClientRecord, string, *apierr.Error) {
	if r.Rotating() {
		return nil, "", apierr.BadRequest("m2m_client_already_rotating_secret", "M2M client %q is already rotating its secret; rotate or cancel first.", r.ClientID)
	}
	secret := newM2MSecret()
	next := state.CloneM2MClient(r)
	next.NextSecretHash, next.NextSecretLastFour = state.HashM2MSecret(secret), state.LastFour(secret)
	return next, secret, nil
}

// FinishM2MRotation returns a copy of r whose next secret replaced its
// secret (commit) or was dropped. Callers hold p.Mu for writing.
func FinishM2MRotation(r *state.M2MClientRecord, commit bool) (*state.M2MClientRecord, *apierr.Error) {
	if !r.Rotating() {
		return nil, apierr.BadRequest("m2m_client_not_rotating_secret", "M2M client %q is not rotating its secret; start a rotation first.", r.ClientID)
	}
	next := state.CloneM2MClient(r)
	if commit {
		next.SecretHash, next.SecretLastFour = r.NextSecretHash, r.NextSecretLastFour
	}
	next.NextSecretHash, next.NextSecretLastFour = [32]byte{}, ""
	return next, nil
}

// M2MTokenRequest is a client-credentials token request, from a form or a
// JSON body.
type M2MTokenRequest struct {
	GrantType    string `json:"grant_type"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Scope        string `json:"scope"`
}

// M2MGrant checks a token request against the project's clients and returns
// the client and the space-separated scopes to grant: the requested ones,
// which must all be the client's, or all the client's when none are asked
// for. Errors are OAuth2 errors; an unknown client and a wrong secret answer
// alike. Callers hold p.Mu.
func M2MGrant(p *state.Project, req *M2MTokenRequest) (clientID, scope string, err *apierr.OAuth2Error) {
	switch {
	case req.GrantType == "":
		return "", "", apierr.OAuth2(400, "invalid_request", "grant_type is required.")
	case req.GrantType != "client_credentials":
		return "", "", apierr.OAuth2(400, "unsupported_grant_type", "Only the client_credentials grant is supported.")
	case req.ClientID == "" || req.ClientSecret == "":
		return "", "", apierr.OAuth2(400, "invalid_request", "client_id and client_secret are required.")
	}
	r := p.M2MClients[req.ClientID]
	if r == nil || !r.CheckSecret(req.ClientSecret) {
		return "", "", apierr.OAuth2(401, "invalid_client", "Client authentication failed: unknown client or wrong secret.")
	}
	if r.Status != state.M2MStatusActive {
		return "", "", apierr.OAuth2(401, "invalid_client", "The M2M client is inactive.")
	}
	requested := strings.Fields(req.Scope)
	if len(requested) == 0 {
		return r.ClientID, strings.Join(r.Scopes, " "), nil
	}
	var granted []string
	for _, s := range requested {
		if !slices.Contains(r.Scopes, s) {
			return "", "", apierr.OAuth2(400, "invalid_scope", "The scope %q is not one of the client's scopes.", apierr.Excerpt(s, maxM2MScopeLen))
		}
		if !slices.Contains(granted, s) {
			granted = append(granted, s)
		}
	}
	return r.ClientID, strings.Join(granted, " "), nil
}

// CheckM2MClient validates a stored client's fields as the create and
// update endpoints do, for a snapshot being restored.
func CheckM2MClient(r *state.M2MClientRecord) *apierr.Error {
	if aerr := checkM2MClientID(r.ClientID); aerr != nil || r.ClientID == "" {
		return apierr.BadRequest("m2m_client_invalid_client_id", "client_id must be 1 to %d letters, digits, '-', '_' or '.'.", maxM2MClientIDLen)
	}
	if r.Status != state.M2MStatusActive && r.Status != state.M2MStatusInactive {
		return apierr.BadRequest("m2m_client_invalid_status", "status must be active or inactive.")
	}
	md, err := json.Marshal(r.TrustedMetadata)
	if err != nil {
		return apierr.BadRequest("metadata_invalid_format", "trusted_metadata must be a JSON object.")
	}
	scopes := r.Scopes
	f := M2MClientFields{Name: &r.Name, Description: &r.Description, Scopes: &scopes, TrustedMetadata: md}
	return f.apply(state.CloneM2MClient(r))
}
