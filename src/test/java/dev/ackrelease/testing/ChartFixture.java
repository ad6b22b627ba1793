package dev.ackrelease.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small ACK-style controller chart written into a temp dir: Chart.yaml (apiVersion v1, name
 * {@code <svc>-chart}), a commented values.yaml with {@code image.repository}/{@code image.tag},
 * a deployment and NOTES.txt, a CRD, a .helmignore and files it excludes.
 */
public final class ChartFixture {

  private ChartFixture() {}

  public static Path write(Path dir, String service, String version, String imageRepository) throws IOException {
    Map<String, String> files = new TreeMap<>();
    files.put("Chart.yaml", """
        # The chart of the ACK %1$s controller.
        apiVersion: v1
        name: %1$s-chart
        description: A Helm chart for the ACK service controller for %1$s
        version: %2$s
        appVersion: %2$s
        home: https://github.com/aws-controllers-k8s/%1$s-controller
        icon: https://raw.githubusercontent.com/aws/eks-charts/master/docs/logo/aws.png
        sources:
          - https://github.com/aws-controllers-k8s/%1$s-controller
        maintainers:
          - name: ACK Admins
            url: https://github.com/orgs/aws-controllers-k8s/teams/ack-admin
        keywords:
          - aws
          - kubernetes
        """.formatted(service, version));
    files.put("values.yaml", """
        # Default values for %1$s-chart.
        # This is a YAML-formatted file.

        image:
          # The controller image users run.
          repository: %2$s
          tag: %3$s
          pullPolicy: IfNotPresent

        replicas: 1
        """.formatted(service, imageRepository, version));
    files.put("templates/deployment.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ack-{{ .Chart.Name }}
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels:
              app: ack-%1$s-controller
          template:
            metadata:
              labels:
                app: ack-%1$s-controller
            spec:
              serviceAccountName: ack-%1$s-controller
              containers:
                - name: controller
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                  imagePullPolicy: {{ .Values.image.pullPolicy }}
        """.formatted(service));
    files.put("templates/NOTES.txt", """
        {{ .Chart.Name }} has been installed.
        This chart deploys "%s:%s".
        """.formatted(imageRepository, version));
    files.put("templates/_helpers.tpl", "{{- define \"app.name\" -}}{{ .Chart.Name }}{{- end -}}\n");
    files.put("templates/.hidden.yaml", "ignored: by Helm's default rule\n");
    files.put("crds/services.k8s.aws_adoptedresources.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n");
    files.put(".helmignore", "# Patterns to ignore when building packages.\n.DS_Store\n*.swp\n*.orig\nscratch/\n");
    files.put("notes.swp", "editor swap file\n");
    files.put("scratch/todo.txt", "not packaged\n");
    files.put("README.md", "# %s chart\n".formatted(service));
    for (var e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
    }
    return dir;
  }
}
