package flows

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// ssoKeyBits is the size of the RSA keys the mock generates for SSO.
const ssoKeyBits = 2048

// NewSSOKeyPair generates an RSA key and a self-signed certificate for it,
// valid for ten years from now, both PEM-encoded.
func NewSSOKeyPair(commonName string, now time.Time) (keyPEM, certPEM string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, ssoKeyBits)
	if err != nil {
		return "", "", fmt.Errorf("generating an SSO key: %w", err)
	}
	certPEM, err = selfSignedCert(key, commonName, now)
	if err != nil {
		return "", "", err
	}
	keyPEM = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	return keyPEM, certPEM, nil
}

// ParseCertPEM parses a PEM certificate; a bare base64 body (as IdP
// metadata carries it) is accepted too.
func ParseCertPEM(s string) (*x509.Certificate, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "-----BEGIN") {
		s = "-----BEGIN CERTIFICATE-----\n" + s + "\n-----END CERTIFICATE-----"
	}
	b, _ := pem.Decode([]byte(s))
	if b == nil || b.Type != "CERTIFICATE" {
		return nil, errors.New("not a PEM certificate")
	}
	return x509.ParseCertificate(b.Bytes)
}

// CertToPEM encodes a certificate as PEM.
func CertToPEM(c *x509.Certificate) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
}

// ParseRSAKeyPEM parses a PKCS#1 or PKCS#8 PEM RSA private key.
func ParseRSAKeyPEM(s string) (*rsa.PrivateKey, error) {
	b, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if b == nil {
		return nil, errors.New("not PEM")
	}
	if k, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, errors.New("neither PKCS#1 nor PKCS#8")
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	return rk, nil
}

// keyID names a public key by a short hash of its modulus.
func keyID(k *rsa.PublicKey) string {
	sum := sha256.Sum256(k.N.Bytes())
	return hex.EncodeToString(sum[:8])
}

// selfSignedCert signs a ten-year certificate for key.
func selfSignedCert(key *rsa.PrivateKey, commonName string, now time.Time) (string, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return "", fmt.Errorf("generating a serial number: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: commonName},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", fmt.Errorf("signing a certificate: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), nil
}
