apiVersion: rbac.authorization.k8s.io/v1
{{- if eq .Values.installScope "cluster" }}
kind: ClusterRole
{{- else }}
kind: Role
{{- end }}
metadata:
  name: ack-[=service]-controller
  {{- if eq .Values.installScope "namespace" }}
  namespace: {{ .Release.Namespace }}
  {{- end }}
  labels:
    {{- include "ack-[=service]-controller.labels" . | nindent 4 }}
    {{- with .Values.role.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
rules:
- apiGroups:
  - ""
  resources:
  - configmaps
  - secrets
  verbs:
  - get
  - list
  - watch
- apiGroups:
  - ""
  resources:
  - namespaces
  verbs:
  - get
  - list
  - watch
- apiGroups:
  - ""
  resources:
  - events
  verbs:
  - create
  - patch
- apiGroups:
  - [=service].services.k8s.aws
  - services.k8s.aws
  resources:
  - "*"
  verbs:
  - create
  - delete
  - get
  - list
  - patch
  - update
  - watch
