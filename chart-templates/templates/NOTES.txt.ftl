{{ .Chart.Name }} has been installed.
This chart deploys "[=repository]:[=version]".

Check its status by running:
  kubectl --namespace {{ .Release.Namespace }} get pods -l "app.kubernetes.io/instance={{ .Release.Name }}"

You are now able to create [=service] resources!

The controller is running in "{{ .Values.installScope }}" mode.
The controller is configured to manage AWS resources in region: "{{ .Values.aws.region }}"

For more information on the AWS Controllers for Kubernetes (ACK) project, visit:
https://aws-controllers-k8s.github.io/community/
