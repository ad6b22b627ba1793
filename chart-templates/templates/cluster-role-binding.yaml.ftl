apiVersion: rbac.authorization.k8s.io/v1
{{- if eq .Values.installScope "cluster" }}
kind: ClusterRoleBinding
{{- else }}
kind: RoleBinding
{{- end }}
metadata:
  name: {{ include "ack-[=service]-controller.app.fullname" . }}
  {{- if eq .Values.installScope "namespace" }}
  namespace: {{ .Release.Namespace }}
  {{- end }}
  labels:
    {{- include "ack-[=service]-controller.labels" . | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  {{- if eq .Values.installScope "cluster" }}
  kind: ClusterRole
  {{- else }}
  kind: Role
  {{- end }}
  name: ack-[=service]-controller
subjects:
- kind: ServiceAccount
  name: {{ include "ack-[=service]-controller.service-account.name" . }}
  namespace: {{ .Release.Namespace }}
