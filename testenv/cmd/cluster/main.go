// Command cluster runs a local Kubernetes cluster on 127.0.0.1 for tests and for people: etcd,
// kube-apiserver (TLS, RBAC, a client-certificate admin), kube-controller-manager with all its
// controllers, kube-scheduler and the node agent, which runs the pods bound to its node on this
// host. It writes an admin kubeconfig, prints "ready" on a line of its own once the node is
// Ready, and serves until SIGTERM or SIGINT (or, with --exit-with-stdin, until its stdin
// closes), then stops everything it started and removes its temporary directory.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

type options struct {
	kubeconfig    string
	binDir        string
	nodeAgentJar  string
	nodeAgentCP   string
	java          string
	port          int
	nodeName      string
	auditLog      string
	logDir        string
	exitWithStdin bool
	runImages     bool
	timeout       time.Duration
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cluster:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if opts.exitWithStdin {
		ctx = untilStdinCloses(ctx)
	}
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "cluster:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	exe, _ := os.Executable()
	binDir := filepath.Dir(exe)
	repo := filepath.Dir(filepath.Dir(binDir))
	var o options
	fs := flag.NewFlagSet("cluster", flag.ContinueOnError)
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "file to write the admin kubeconfig to (required)")
	fs.StringVar(&o.binDir, "bin-dir", binDir, "directory holding etcd, kube-apiserver, kube-controller-manager and kube-scheduler")
	fs.StringVar(&o.nodeAgentJar, "node-agent-jar", filepath.Join(repo, "sandbox", "target", "dewy-sandbox.jar"), "the jar that holds the node agent")
	fs.StringVar(&o.nodeAgentCP, "node-agent-classpath", "", "a Java classpath holding the node agent and its dependencies, instead of --node-agent-jar")
	fs.StringVar(&o.java, "java", javaBinary(), "the java command that runs the node agent")
	fs.IntVar(&o.port, "port", 0, "kube-apiserver's secure port on 127.0.0.1 (0: a free port)")
	fs.StringVar(&o.nodeName, "node-name", "dewy-node", "name of the one Node")
	fs.StringVar(&o.auditLog, "audit-log", "", "file for kube-apiserver's audit log of service-account requests outside kube-system")
	fs.StringVar(&o.logDir, "log-dir", "", "keep each component's log here (default: in the temporary directory, removed at exit)")
	fs.BoolVar(&o.runImages, "run-images", false, "run the containers of Deployments, StatefulSets and DaemonSets from their images (pulled from their registries; needs root)")
	fs.BoolVar(&o.exitWithStdin, "exit-with-stdin", false, "stop when stdin closes, as when the process that started this one dies")
	fs.DurationVar(&o.timeout, "timeout", 3*time.Minute, "how long to wait for the cluster to become ready")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.kubeconfig == "" {
		return o, errors.New("--kubeconfig FILE is required")
	}
	if o.runImages && os.Geteuid() != 0 {
		return o, errors.New("--run-images needs root: the node agent gives each container its own mount namespace, its image's files as its root and its user, as a container runtime does; run as root, or leave --run-images out")
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return o, nil
}

func javaBinary() string {
	if home := os.Getenv("JAVA_HOME"); home != "" {
		return filepath.Join(home, "bin", "java")
	}
	return "java"
}

func untilStdinCloses(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		buf := make([]byte, 256)
		for {
			if _, err := os.Stdin.Read(buf); err != nil {
				cancel()
				return
			}
		}
	}()
	return ctx
}

func run(ctx context.Context, o options) error {
	if err := checkInputs(o); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "dewy-testenv-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	c := &cluster{opts: o, dir: tmp, logDir: o.logDir}
	if c.logDir == "" {
		c.logDir = filepath.Join(tmp, "logs")
	}
	if err := os.MkdirAll(c.logDir, 0o755); err != nil {
		return err
	}
	defer c.stop()
	began := time.Now()
	startCtx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	if err := c.start(startCtx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	fmt.Fprintf(os.Stderr, "cluster: Kubernetes %s ready in %.1fs on https://127.0.0.1:%d; kubeconfig %s\n",
		c.version, time.Since(began).Seconds(), c.apiPort, o.kubeconfig)
	fmt.Println("ready")
	return c.serve(ctx)
}

// checkInputs fails early, and says how to fix it, when a binary is missing or the port is taken.
func checkInputs(o options) error {
	for _, name := range []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"} {
		if _, err := os.Stat(filepath.Join(o.binDir, name)); err != nil {
			return fmt.Errorf("%s is missing in %s: build the control plane with testenv/build", name, o.binDir)
		}
	}
	if _, err := os.Stat(o.nodeAgentJar); err != nil && o.nodeAgentCP == "" {
		return fmt.Errorf("the node agent jar %s is missing: build it with mvn -pl sandbox -am package -DskipTests, or pass --node-agent-jar", o.nodeAgentJar)
	}
	if o.port != 0 {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port)))
		if err != nil {
			return fmt.Errorf("port %d on 127.0.0.1 is in use, so kube-apiserver cannot listen there (%v); pick another --port or 0 for a free one", o.port, err)
		}
		l.Close()
	}
	return nil
}

// freePort asks the kernel for a free port on loopback.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
