package store

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// signingKeySnapshot is one key of the "signing_keys" section. The private
// key is stored (PKCS#8 PEM) so that JWTs signed before a restart still
// verify after it: a snapshot is a secret.
type signingKeySnapshot struct {
	Kid           string      `json:"kid"`
	PrivateKeyPEM string      `json:"private_key_pem"`
	JWK           jwkRecordV2 `json:"jwk"`
	RetiredAt     *time.Time  `json:"retired_at,omitempty"`
}

// jwkRecordV2 is the public JWK of a signing key, as the JWKS serves it.
type jwkRecordV2 struct {
	Kty     string   `json:"kty"`
	Use     string   `json:"use"`
	KeyOps  []string `json:"key_ops"`
	Alg     string   `json:"alg"`
	Kid     string   `json:"kid"`
	X5c     []string `json:"x5c"`
	X5tS256 string   `json:"x5t_s256,omitempty"`
	N       string   `json:"n"`
	E       string   `json:"e"`
}

// saveKeys lists the keys, oldest first; the last one signs new JWTs.
func saveKeys(p *state.Project, _ SnapshotOptions) (any, error) {
	k := p.Keys
	k.Mu.Lock()
	defer k.Mu.Unlock()
	out := make([]signingKeySnapshot, 0, len(k.Keys))
	for _, key := range k.Keys {
		j := &key.JWK
		der, err := x509.MarshalPKCS8PrivateKey(key.PrivateKey)
		if err != nil {
			return nil, err
		}
		s := signingKeySnapshot{Kid: key.KID, PrivateKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), JWK: jwkRecordV2{j.Kty, j.Use, slices.Clone(j.KeyOps), j.Alg, j.Kid, slices.Clone(j.X5c), j.X5tS256, j.N, j.E}}
		if !key.Retired.IsZero() {
			t := key.Retired
			s.RetiredAt = &t
		}
		out = append(out, s)
	}
	return out, nil
}

// loadKeys parses every private key and checks it against its public JWK.
func loadKeys(dst *state.Project, raw json.RawMessage) error {
	var list []signingKeySnapshot
	if err := wire.Decode(raw, &list, true, false); err != nil {
		return SnapErr("signing_keys", "%v", err)
	}
	seen := map[string]bool{}
	keys := make([]*state.SigningKey, 0, len(list))
	for i, s := range list {
		at := func(f string) string { return "signing_keys[" + itoa(i) + "]." + f }
		if s.Kid == "" || s.JWK.Kid != s.Kid {
			return SnapErr(at("kid"), "is required and must equal jwk.kid")
		}
		if seen[s.Kid] {
			return SnapErr(at("kid"), "duplicates %q", s.Kid)
		}
		seen[s.Kid] = true
		block, _ := pem.Decode([]byte(s.PrivateKeyPEM))
		if block == nil || block.Type != "PRIVATE KEY" {
			return SnapErr(at("private_key_pem"), "must be a PKCS#8 PEM block")
		}
		parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return SnapErr(at("private_key_pem"), "cannot be parsed")
		}
		priv, ok := parsed.(*rsa.PrivateKey)
		if !ok || priv.N.BitLen() < 2048 {
			return SnapErr(at("private_key_pem"), "must be an RSA key of at least 2048 bits")
		}
		if s.JWK.N != base64.RawURLEncoding.EncodeToString(priv.N.Bytes()) {
			return SnapErr(at("jwk.n"), "does not match the private key")
		}
		if i < len(list)-1 && s.RetiredAt == nil {
			return SnapErr(at("retired_at"), "is required on every key but the last (current) one")
		}
		key := &state.SigningKey{KID: s.Kid, PrivateKey: priv}
		j := &key.JWK
		j.Kty, j.Use, j.KeyOps, j.Alg, j.Kid = s.JWK.Kty, s.JWK.Use, slices.Clone(s.JWK.KeyOps), s.JWK.Alg, s.JWK.Kid
		j.X5c, j.X5tS256, j.N, j.E = slices.Clone(s.JWK.X5c), s.JWK.X5tS256, s.JWK.N, s.JWK.E
		if s.RetiredAt != nil {
			key.Retired = *s.RetiredAt
		}
		keys = append(keys, key)
	}
	dst.Keys = &state.Keyring{Env: dst.Env, Keys: keys}
	return nil
}
