// Package v1alpha1 stands in for a controller's generated API types (apis/<version>/).
package v1alpha1

// GroupVersion is the API group and version of the controller's custom resources.
const GroupVersion = "sample.services.k8s.aws/v1alpha1"

// Bucket is a stand-in for one generated custom resource type.
type Bucket struct {
	Name string
}
