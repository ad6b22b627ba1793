// Package version mirrors github.com/aws-controllers-k8s/runtime/pkg/version: the release
// build sets these variables with -ldflags "-X ...".
package version

var (
	// GitVersion is the release tag, e.g. v1.2.3.
	GitVersion string
	// GitCommit is the full commit hash the binary was built from.
	GitCommit string
	// BuildDate is the commit time in RFC 3339.
	BuildDate string
)
