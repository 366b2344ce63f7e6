package engine

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// signingKeySnapshot is one key of the "signing_keys" section. The private
// key is stored (PKCS#8 PEM) so that JWTs signed before a restart still
// verify after it: a snapshot is a secret.
type signingKeySnapshot struct {
	Kid           string       `json:"kid"`
	PrivateKeyPEM string       `json:"private_key_pem"`
	JWK           sessions.JWK `json:"jwk"`
	RetiredAt     *time.Time   `json:"retired_at,omitempty"`
}

func init() {
	registerSnapshotSection(snapshotSection{name: "signing_keys", order: 40, save: saveKeys, load: loadKeys})
}

// saveKeys lists the keys, oldest first; the last one signs new JWTs.
func saveKeys(p *project, _ snapshotOptions) (any, error) {
	k := p.keys
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]signingKeySnapshot, 0, len(k.keys))
	for _, key := range k.keys {
		der, err := x509.MarshalPKCS8PrivateKey(key.priv)
		if err != nil {
			return nil, err
		}
		s := signingKeySnapshot{Kid: key.kid, PrivateKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), JWK: jsonClone(key.jwk)}
		if !key.retired.IsZero() {
			t := key.retired
			s.RetiredAt = &t
		}
		out = append(out, s)
	}
	return out, nil
}

// loadKeys parses every private key and checks it against its public JWK.
func loadKeys(dst *project, raw json.RawMessage) error {
	var list []signingKeySnapshot
	if err := decodeStrict(raw, &list); err != nil {
		return snapErr("signing_keys", "%v", err)
	}
	seen := map[string]bool{}
	keys := make([]*signingKey, 0, len(list))
	for i, s := range list {
		at := func(f string) string { return "signing_keys[" + itoa(i) + "]." + f }
		if s.Kid == "" || s.JWK.Kid != s.Kid {
			return snapErr(at("kid"), "is required and must equal jwk.kid")
		}
		if seen[s.Kid] {
			return snapErr(at("kid"), "duplicates %q", s.Kid)
		}
		seen[s.Kid] = true
		block, _ := pem.Decode([]byte(s.PrivateKeyPEM))
		if block == nil || block.Type != "PRIVATE KEY" {
			return snapErr(at("private_key_pem"), "must be a PKCS#8 PEM block")
		}
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return snapErr(at("private_key_pem"), "cannot be parsed")
		}
		priv, ok := parsed.(*rsa.PrivateKey)
		if !ok || priv.N.BitLen() < 2048 {
			return snapErr(at("private_key_pem"), "must be an RSA key of at least 2048 bits")
		}
		if s.JWK.N != base64.RawURLEncoding.EncodeToString(priv.N.Bytes()) {
			return snapErr(at("jwk.n"), "does not match the private key")
		}
		if i < len(list)-1 && s.RetiredAt == nil {
			return snapErr(at("retired_at"), "is required on every key but the last (current) one")
		}
		key := &signingKey{kid: s.Kid, priv: priv, jwk: jsonClone(s.JWK)}
		if s.RetiredAt != nil {
			key.retired = *s.RetiredAt
		}
		keys = append(keys, key)
	}
	dst.keys = &keyring{env: dst.env, keys: keys}
	return nil
}
