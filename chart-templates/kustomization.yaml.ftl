[#if resources?has_content]
resources:
[#list resources as resource]
- [=resource]
[/#list]
[/#if]
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
- name: controller
  newName: [=repository]
  newTag: [=version]
