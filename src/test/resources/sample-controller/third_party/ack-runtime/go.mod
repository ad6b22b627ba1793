module github.com/aws-controllers-k8s/runtime

go 1.19
