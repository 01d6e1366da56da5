// Command etcd is the etcd server, built from the go.etcd.io/etcd/server/v3 version that the
// pinned Kubernetes release requires: `go install` of etcd's own main refuses its replace
// directives, and this is what etcd's server/main.go does.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
