apiVersion: v1
name: [=service]-chart
description: A Helm chart for the ACK service controller for [=service]
version: [=version]
appVersion: [=version]
home: https://github.com/aws-controllers-k8s/[=service]-controller
icon: https://raw.githubusercontent.com/aws/eks-charts/master/docs/logo/aws.png
sources:
  - https://github.com/aws-controllers-k8s/[=service]-controller
maintainers:
  - name: ACK Admins
    url: https://github.com/orgs/aws-controllers-k8s/teams/ack-admin
  - name: [=service?upper_case] Admins
    url: https://github.com/orgs/aws-controllers-k8s/teams/[=service]-maintainer
keywords:
  - aws
  - kubernetes
  - [=service]
