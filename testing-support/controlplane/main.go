// Command capstan-controlplane is the multi-call binary behind Capstan's local control
// plane for tests: one executable that runs etcd, kube-apiserver or
// kube-controller-manager (all from Go modules at the release pinned in go.mod), and
// writes the small PKI the three need. The Java side (dev.capstan.testing.LocalControlPlane)
// starts each personality as its own process so that the API server can be restarted
// while etcd keeps running.
//
//	capstan-controlplane etcd [etcd flags]
//	capstan-controlplane kube-apiserver [kube-apiserver flags]
//	capstan-controlplane kube-controller-manager [kube-controller-manager flags]
//	capstan-controlplane pki --dir DIR
//	capstan-controlplane version
//
// Every personality watches its parent (see watchdog.go): when the process that started
// it dies, even by SIGKILL, it exits too, so no test run ever leaves a server behind.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	_ "time/tzdata" // CronJob time zones, as upstream's mains do

	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/component-base/version"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

const usage = `usage: capstan-controlplane COMMAND [flags]

commands:
  etcd                     run etcd (flags as etcd's)
  kube-apiserver           run kube-apiserver (flags as kube-apiserver's)
  kube-controller-manager  run kube-controller-manager (flags as its own)
  pki --dir DIR            write a CA, serving, admin client and service-account keys to DIR
  version                  print the Kubernetes release this binary was built from
`

func main() {
	name := filepath.Base(os.Args[0])
	args := os.Args[1:]
	if name == "capstan-controlplane" || len(name) > len("capstan-controlplane") && name[:len("capstan-controlplane")] == "capstan-controlplane" {
		if len(args) == 0 {
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		name, args = args[0], args[1:]
	}
	// The personalities read os.Args themselves (cobra, etcd's flag set): make them see
	// their own name first, as if they were invoked directly.
	os.Args = append([]string{name}, args...)

	switch name {
	case "etcd":
		startWatchdog(name)
		etcdmain.Main(os.Args)
	case "kube-apiserver":
		startWatchdog(name)
		os.Exit(cli.Run(apiserver.NewAPIServerCommand()))
	case "kube-controller-manager":
		startWatchdog(name)
		os.Exit(cli.Run(controllermanager.NewControllerManagerCommand()))
	case "pki":
		os.Exit(runPKI(args))
	case "version":
		fmt.Println(version.Get().GitVersion)
	default:
		fmt.Fprintf(os.Stderr, "capstan-controlplane: unknown command %q\n\n%s", name, usage)
		os.Exit(2)
	}
}
