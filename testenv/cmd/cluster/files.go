package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
)

// writeKubeconfig writes a kubeconfig for server with the CA and client pair embedded, so the
// file works from any directory and outlives the launcher's temporary directory.
func writeKubeconfig(path, server, caFile string, user keyPair) error {
	ca, err := os.ReadFile(caFile)
	if err != nil {
		return err
	}
	cert, err := os.ReadFile(user.cert)
	if err != nil {
		return err
	}
	key, err := os.ReadFile(user.key)
	if err != nil {
		return err
	}
	b64 := base64.StdEncoding.EncodeToString
	text := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: dewy-testenv
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: admin
  user:
    client-certificate-data: %s
    client-key-data: %s
contexts:
- name: dewy-testenv
  context: {cluster: dewy-testenv, user: admin, namespace: default}
current-context: dewy-testenv
`, server, b64(ca), b64(cert), b64(key))
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func writeSchedulerConfig(dir, kubeconfig string) (string, error) {
	path := filepath.Join(dir, "scheduler.yaml")
	text := fmt.Sprintf(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: %s
leaderElection:
  leaderElect: false
`, kubeconfig)
	return path, os.WriteFile(path, []byte(text), 0o600)
}

// writeAuditPolicy logs, at Metadata level, every request a service account outside kube-system
// makes: enough for a test to find a request RBAC refused, and who made it, without the
// controllers' own traffic.
func writeAuditPolicy(dir string) (string, error) {
	path := filepath.Join(dir, "audit-policy.yaml")
	text := `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  userGroups: ["system:serviceaccounts:kube-system"]
- level: Metadata
  userGroups: ["system:serviceaccounts"]
- level: None
`
	return path, os.WriteFile(path, []byte(text), 0o600)
}
