package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// cluster is the set of running components, started in dependency order and stopped in reverse.
type cluster struct {
	opts      options
	dir       string
	logDir    string
	procs     []*process
	apiPort   int
	version   string
	api       *apiClient
	adminConf string
}

func (c *cluster) start(ctx context.Context) error {
	certs := filepath.Join(c.dir, "pki")
	if err := os.MkdirAll(certs, 0o700); err != nil {
		return err
	}
	p, err := newPKI(certs)
	if err != nil {
		return fmt.Errorf("cannot create certificates: %w", err)
	}
	loopback := []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.0.0.1")}
	serving, err := p.serving("apiserver", loopback, []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"})
	if err != nil {
		return err
	}
	admin, err := p.client("admin", "admin", "system:masters")
	if err != nil {
		return err
	}
	kubeletClient, err := p.client("apiserver-kubelet-client", "kube-apiserver-kubelet-client", "system:masters")
	if err != nil {
		return err
	}
	nodeServing, err := p.serving("node-agent", []net.IP{net.ParseIP("127.0.0.1")}, []string{"localhost", c.opts.nodeName})
	if err != nil {
		return err
	}
	sa, err := p.serviceAccountKey()
	if err != nil {
		return err
	}

	etcdPort, err := freePort()
	if err != nil {
		return err
	}
	peerPort, err := freePort()
	if err != nil {
		return err
	}
	c.apiPort = c.opts.port
	if c.apiPort == 0 {
		if c.apiPort, err = freePort(); err != nil {
			return err
		}
	}
	nodePort, err := freePort()
	if err != nil {
		return err
	}
	server := "https://127.0.0.1:" + strconv.Itoa(c.apiPort)
	c.adminConf = filepath.Join(c.dir, "admin.kubeconfig")
	if err := writeKubeconfig(c.adminConf, server, p.caFile(), admin); err != nil {
		return err
	}
	if c.api, err = newAPIClient(server, p.caFile(), admin); err != nil {
		return err
	}

	step := time.Now()
	etcdURL := "http://127.0.0.1:" + strconv.Itoa(etcdPort)
	peerURL := "http://127.0.0.1:" + strconv.Itoa(peerPort)
	etcd, err := c.run("etcd",
		"--name=default",
		"--data-dir="+filepath.Join(c.dir, "etcd"),
		"--listen-client-urls="+etcdURL, "--advertise-client-urls="+etcdURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=default="+peerURL,
		"--unsafe-no-fsync=true",
		"--log-level=warn")
	if err != nil {
		return err
	}
	if err := waitFor(ctx, etcd, "etcd to answer /health", func() (bool, error) {
		return etcdHealthy(etcdURL)
	}); err != nil {
		return err
	}
	c.took("etcd", step)

	step = time.Now()
	apiArgs := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(c.apiPort),
		"--cert-dir=" + filepath.Join(c.dir, "apiserver"),
		"--tls-cert-file=" + serving.cert, "--tls-private-key-file=" + serving.key,
		"--client-ca-file=" + p.caFile(),
		"--authorization-mode=RBAC",
		"--service-account-issuer=" + server,
		"--service-account-key-file=" + sa.cert,
		"--service-account-signing-key-file=" + sa.key,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
		"--kubelet-preferred-address-types=InternalIP,Hostname",
		"--kubelet-client-certificate=" + kubeletClient.cert,
		"--kubelet-client-key=" + kubeletClient.key,
	}
	if c.opts.auditLog != "" {
		policy, err := writeAuditPolicy(c.dir)
		if err != nil {
			return err
		}
		apiArgs = append(apiArgs, "--audit-policy-file="+policy, "--audit-log-path="+c.opts.auditLog)
	}
	apiserver, err := c.run("kube-apiserver", apiArgs...)
	if err != nil {
		return err
	}
	if err := waitFor(ctx, apiserver, "kube-apiserver to answer /readyz", c.api.ready); err != nil {
		return err
	}
	if c.version, err = c.api.version(); err != nil {
		return err
	}
	c.took("kube-apiserver", step)

	step = time.Now()
	controllers, err := c.run("kube-controller-manager",
		"--kubeconfig="+c.adminConf,
		"--authentication-kubeconfig="+c.adminConf,
		"--authorization-kubeconfig="+c.adminConf,
		"--leader-elect=false",
		"--controllers=*",
		"--bind-address=127.0.0.1",
		"--secure-port=0",
		"--service-account-private-key-file="+sa.key,
		"--root-ca-file="+p.caFile(),
		"--use-service-account-credentials=true")
	if err != nil {
		return err
	}
	schedulerConf, err := writeSchedulerConfig(c.dir, c.adminConf)
	if err != nil {
		return err
	}
	scheduler, err := c.run("kube-scheduler", "--config="+schedulerConf, "--bind-address=127.0.0.1", "--secure-port=0")
	if err != nil {
		return err
	}
	classpath := c.opts.nodeAgentJar
	if c.opts.nodeAgentCP != "" {
		classpath = c.opts.nodeAgentCP
	}
	agentArgs := []string{
		"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
		"-cp", classpath, "dev.dewy.sandbox.node.NodeAgentMain",
		"--kubeconfig=" + c.adminConf,
		"--node-name=" + c.opts.nodeName,
		"--port=" + strconv.Itoa(nodePort),
		"--tls-cert=" + nodeServing.cert, "--tls-key=" + nodeServing.key,
		"--client-ca=" + p.caFile(),
		"--work-dir=" + filepath.Join(c.dir, "pods"),
	}
	if c.opts.runImages {
		agentArgs = append(agentArgs, "--run-images")
	}
	agent, err := c.start1("node-agent", c.opts.java, agentArgs...)
	if err != nil {
		return err
	}
	waiting := []*process{controllers, scheduler, agent}
	if err := waitForAll(ctx, waiting, "the node "+c.opts.nodeName+" to be Ready and schedulable", func() (bool, error) {
		return c.api.nodeReady(c.opts.nodeName)
	}); err != nil {
		return err
	}
	if err := waitForAll(ctx, waiting, "the service account default/default", func() (bool, error) {
		return c.api.exists("/api/v1/namespaces/default/serviceaccounts/default")
	}); err != nil {
		return err
	}
	c.took("controllers, scheduler and node", step)
	return writeKubeconfig(c.opts.kubeconfig, server, p.caFile(), admin)
}

func (c *cluster) run(name string, args ...string) (*process, error) {
	return c.start1(name, filepath.Join(c.opts.binDir, name), args...)
}

func (c *cluster) start1(name, binary string, args ...string) (*process, error) {
	proc, err := start(name, c.logDir, binary, args...)
	if err != nil {
		return nil, err
	}
	c.procs = append(c.procs, proc)
	return proc, nil
}

func (c *cluster) took(what string, since time.Time) {
	fmt.Fprintf(os.Stderr, "cluster: %s up in %.1fs\n", what, time.Since(since).Seconds())
}

// serve waits for a stop request, or fails when a component dies.
func (c *cluster) serve(ctx context.Context) error {
	for {
		for _, proc := range c.procs {
			if !proc.running() {
				return proc.failure()
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (c *cluster) stop() {
	for i := len(c.procs) - 1; i >= 0; i-- {
		c.procs[i].stop(10 * time.Second)
	}
}

// waitFor polls check until it holds, failing at once when proc exits.
func waitFor(ctx context.Context, proc *process, what string, check func() (bool, error)) error {
	return waitForAll(ctx, []*process{proc}, what, check)
}

func waitForAll(ctx context.Context, procs []*process, what string, check func() (bool, error)) error {
	var last error
	for {
		for _, proc := range procs {
			if !proc.running() {
				return proc.failure()
			}
		}
		ok, err := check()
		if ok {
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			if last != nil {
				return fmt.Errorf("gave up waiting for %s: %v (last error: %v)", what, ctx.Err(), last)
			}
			return fmt.Errorf("gave up waiting for %s: %v", what, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
