module github.com/example/sample-controller

go 1.19

require github.com/aws-controllers-k8s/runtime v0.0.0

// A stand-in for ACK's runtime module with only its pkg/version package, so the sample builds
// offline with the same -X targets as a real controller (github.com/aws-controllers-k8s/runtime/pkg/version).
replace github.com/aws-controllers-k8s/runtime => ./third_party/ack-runtime
