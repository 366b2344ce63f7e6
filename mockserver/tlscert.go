package mockserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"time"
)

// SelfSignedValidity is how long a certificate from GenerateSelfSignedCert
// is valid.
const SelfSignedValidity = 365 * 24 * time.Hour

// GenerateSelfSignedCert creates an ECDSA P-256 key and a self-signed
// certificate for 127.0.0.1, ::1, localhost and hosts (DNS names or IP
// addresses). It writes the certificate PEM to certPath (mode 0644), for
// clients to trust, and the key PEM to keyPath (mode 0600); an empty path
// writes nothing. The certificate is its own CA, so adding certPath to a
// client's root pool is enough:
//
//	pool := x509.NewCertPool()
//	pool.AppendCertsFromPEM(certPEM)
//	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
func GenerateSelfSignedCert(hosts []string, certPath, keyPath string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("mockserver: generating a key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("mockserver: generating a serial number: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"stytch-mock"}, CommonName: "stytch-mock self-signed"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(SelfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	for _, h := range hosts {
		switch ip := net.ParseIP(h); {
		case h == "" || h == "localhost":
		case ip != nil:
			if !ip.Equal(net.IPv4(127, 0, 0, 1)) && !ip.Equal(net.IPv6loopback) {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			}
		default:
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("mockserver: creating the certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("mockserver: encoding the key: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if keyPath != "" {
		if err := writeFile(keyPath, keyPEM, 0o600); err != nil {
			return tls.Certificate{}, err
		}
	}
	if certPath != "" {
		if err := writeFile(certPath, certPEM, 0o644); err != nil {
			return tls.Certificate{}, err
		}
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("mockserver: %w", err)
	}
	return cert, nil
}

// writeFile replaces path with data and mode, even when it exists with
// another mode.
func writeFile(path string, data []byte, mode os.FileMode) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("mockserver: replacing %s: %w", path, err)
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("mockserver: writing %s: %w", path, err)
	}
	return nil
}

// Certificate returns the TLS certificate the configuration asks for: nil
// without a tls section, a freshly generated one (written to CertFile and
// KeyFile) with self_signed, and otherwise the pair loaded from the files.
func (c *Config) Certificate() (*tls.Certificate, error) {
	if c.TLS == nil {
		return nil, nil
	}
	if c.TLS.SelfSigned {
		cert, err := GenerateSelfSignedCert(c.TLS.Hosts, c.TLS.CertFile, c.TLS.KeyFile)
		if err != nil {
			return nil, err
		}
		return &cert, nil
	}
	cert, err := tls.LoadX509KeyPair(c.TLS.CertFile, c.TLS.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("mockserver: loading tls.cert_file and tls.key_file: %w", err)
	}
	return &cert, nil
}
