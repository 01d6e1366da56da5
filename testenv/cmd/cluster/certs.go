package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// pki is the cluster's certificate authority and every key pair signed by it, as PEM files in one
// directory: the apiserver's serving pair, the admin user, the apiserver's client pair for the
// node agent, the node agent's serving pair and the service-account signing key.
type pki struct {
	dir    string
	caCert *x509.Certificate
	caKey  crypto.Signer
}

// keyPair names a certificate and its key on disk.
type keyPair struct{ cert, key string }

func newPKI(dir string) (*pki, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "dewy-testenv-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	p := &pki{dir: dir, caCert: cert, caKey: key}
	if err := writePEM(p.caFile(), "CERTIFICATE", der); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *pki) caFile() string { return filepath.Join(p.dir, "ca.crt") }

// serving issues a server certificate for the given IPs and DNS names.
func (p *pki) serving(name string, ips []net.IP, dns []string) (keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return keyPair{}, err
	}
	return p.issue(name, key, pkix.Name{CommonName: name}, x509.ExtKeyUsageServerAuth, ips, dns)
}

// client issues a client certificate: Kubernetes reads the user from CN, groups from O. Its key
// is RSA in PKCS#1, as kubeadm writes them, since that is what every client library reads
// (fabric8 refuses a PKCS#8 EC key).
func (p *pki) client(name, user string, groups ...string) (keyPair, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return keyPair{}, err
	}
	return p.issue(name, key, pkix.Name{CommonName: user, Organization: groups}, x509.ExtKeyUsageClientAuth, nil, nil)
}

func (p *pki) issue(name string, key crypto.Signer, subject pkix.Name, usage x509.ExtKeyUsage, ips []net.IP, dns []string) (keyPair, error) {
	template := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      subject,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		IPAddresses:  ips,
		DNSNames:     dns,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, p.caCert, key.Public(), p.caKey)
	if err != nil {
		return keyPair{}, err
	}
	pair := keyPair{cert: filepath.Join(p.dir, name+".crt"), key: filepath.Join(p.dir, name+".key")}
	if err := writePEM(pair.cert, "CERTIFICATE", der); err != nil {
		return keyPair{}, err
	}
	return pair, writeKey(pair.key, key)
}

// serviceAccountKey writes the RSA key pair that signs and verifies service-account tokens.
func (p *pki) serviceAccountKey() (keyPair, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return keyPair{}, err
	}
	pub, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return keyPair{}, err
	}
	pair := keyPair{cert: filepath.Join(p.dir, "sa.pub"), key: filepath.Join(p.dir, "sa.key")}
	if err := writePEM(pair.cert, "PUBLIC KEY", pub); err != nil {
		return keyPair{}, err
	}
	return pair, writeKey(pair.key, key)
}

func writeKey(path string, key crypto.Signer) error {
	if rsaKey, ok := key.(*rsa.PrivateKey); ok {
		return writePEM(path, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey))
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writePEM(path, "PRIVATE KEY", der)
}

func writePEM(path, kind string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		panic(fmt.Sprintf("no randomness for a certificate serial: %v", err))
	}
	return n
}
