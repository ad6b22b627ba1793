// A stand-in ACK controller for ack-release's tests and demo: it prints what the release
// build stamped into it.
package main

import (
	"fmt"

	"github.com/aws-controllers-k8s/runtime/pkg/version"
)

func main() {
	fmt.Printf("version=%s commit=%s buildDate=%s\n", version.GitVersion, version.GitCommit, version.BuildDate)
}
