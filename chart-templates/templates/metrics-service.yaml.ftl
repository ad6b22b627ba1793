{{- if .Values.metrics.service.create }}
apiVersion: v1
kind: Service
metadata:
  name: {{ .Chart.Name | trimSuffix "-chart" | trunc 44 }}-controller-metrics
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "ack-[=service]-controller.labels" . | nindent 4 }}
spec:
  selector:
    app.kubernetes.io/name: {{ include "ack-[=service]-controller.app.name" . }}
    app.kubernetes.io/instance: {{ .Release.Name }}
  type: {{ .Values.metrics.service.type }}
  ports:
  - name: metricsport
    port: 8080
    targetPort: http
    protocol: TCP
{{- end }}
