// A stand-in ACK service controller for ack-release's tests and demo, in the shape of a real
// one (cmd/controller/main.go of <service>-controller): it imports its own pkg/version, whose
// variables the release build sets with -ldflags -X, and net, as every real controller does
// (which is why they must be built with CGO_ENABLED=0 to start on a distroless base).
package main

import (
	"fmt"
	"net"
	"os"

	svcapitypes "github.com/aws-controllers-k8s/sample-controller/apis/v1alpha1"
	"github.com/aws-controllers-k8s/sample-controller/pkg/version"
)

func main() {
	// A real controller logs these at start-up ("Starting the controller", version, commit, date).
	fmt.Printf("version=%s commit=%s buildDate=%s\n", version.GitVersion, version.GitCommit, version.BuildDate)
	fmt.Printf("apiGroup=%s metricsAddr=%s\n", svcapitypes.GroupVersion, net.JoinHostPort("0.0.0.0", "8080"))
	if len(os.Args) > 1 && os.Args[1] == "--resolve" {
		addrs, err := net.LookupHost("localhost")
		fmt.Println("resolved", len(addrs) > 0, err == nil)
	}
}
