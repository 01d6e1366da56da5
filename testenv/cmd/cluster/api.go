package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// apiClient asks kube-apiserver, as the admin user, the few questions readiness needs.
type apiClient struct {
	server string
	http   *http.Client
}

func newAPIClient(server, caFile string, admin keyPair) (*apiClient, error) {
	ca, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	pair, err := tls.LoadX509KeyPair(admin.cert, admin.key)
	if err != nil {
		return nil, err
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}}}
	return &apiClient{server: server, http: &http.Client{Transport: transport, Timeout: 5 * time.Second}}, nil
}

func (a *apiClient) get(path string) (int, []byte, error) {
	resp, err := a.http.Get(a.server + path)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func (a *apiClient) ready() (bool, error) {
	code, body, err := a.get("/readyz")
	if err != nil {
		return false, err
	}
	if code != http.StatusOK {
		return false, fmt.Errorf("/readyz: %d %s", code, strings.TrimSpace(string(body)))
	}
	return true, nil
}

func (a *apiClient) version() (string, error) {
	_, body, err := a.get("/version")
	if err != nil {
		return "", err
	}
	var v struct {
		GitVersion string `json:"gitVersion"`
	}
	return v.GitVersion, json.Unmarshal(body, &v)
}

func (a *apiClient) exists(path string) (bool, error) {
	code, _, err := a.get(path)
	if err != nil {
		return false, err
	}
	return code == http.StatusOK, nil
}

// nodeReady holds when the node says Ready and the node lifecycle controller has lifted the
// not-ready taint, so that pods can be scheduled onto it.
func (a *apiClient) nodeReady(name string) (bool, error) {
	code, body, err := a.get("/api/v1/nodes/" + name)
	if err != nil || code != http.StatusOK {
		return false, err
	}
	var node struct {
		Spec struct {
			Taints []struct {
				Key string `json:"key"`
			} `json:"taints"`
		} `json:"spec"`
		Status struct {
			Conditions []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
			} `json:"conditions"`
		} `json:"status"`
	}
	if err := json.Unmarshal(body, &node); err != nil {
		return false, err
	}
	for _, taint := range node.Spec.Taints {
		if strings.HasPrefix(taint.Key, "node.kubernetes.io/") {
			return false, fmt.Errorf("node %s still has taint %s", name, taint.Key)
		}
	}
	for _, c := range node.Status.Conditions {
		if c.Type == "Ready" {
			return c.Status == "True", nil
		}
	}
	return false, nil
}

func etcdHealthy(url string) (bool, error) {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(url + "/health")
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return strings.Contains(string(body), `"health":"true"`), nil
}
