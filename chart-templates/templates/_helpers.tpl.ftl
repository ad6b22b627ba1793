{{/* The name of the application this chart installs. */}}
{{- define "ack-[=service]-controller.app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A default fully qualified app name: release name and app name, at most 63 chars. */}}
{{- define "ack-[=service]-controller.app.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The chart name and version, for the helm.sh/chart label. */}}
{{- define "ack-[=service]-controller.chart.name-version" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The service account the controller runs as. */}}
{{- define "ack-[=service]-controller.service-account.name" -}}
{{- default "ack-[=service]-controller" .Values.serviceAccount.name -}}
{{- end -}}

{{/* The namespace the controller watches: none (all) in cluster scope. */}}
{{- define "ack-[=service]-controller.watch-namespace" -}}
{{- if eq .Values.installScope "namespace" -}}
{{ .Values.watchNamespace | default .Release.Namespace }}
{{- end -}}
{{- end -}}

{{/* The labels every object of the chart carries. */}}
{{- define "ack-[=service]-controller.labels" -}}
app.kubernetes.io/name: {{ include "ack-[=service]-controller.app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: Helm
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
k8s-app: {{ include "ack-[=service]-controller.app.name" . }}
helm.sh/chart: {{ include "ack-[=service]-controller.chart.name-version" . }}
{{- end -}}
