module github.com/aws-controllers-k8s/sample-controller

go 1.19
