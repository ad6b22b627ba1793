package dev.ackrelease.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.ackrelease.artifacts.Fixtures.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A controller without helm/ gets a complete chart from chart-templates/, checked with real Helm. */
class NewChartTest {

  private static final String REPO = "public.ecr.aws/aws-controllers-k8s/ec2-controller";
  private static final List<String> CHART_FILES = List.of(
      "helm/Chart.yaml", "helm/values.yaml", "helm/values.schema.json", "helm/templates/_helpers.tpl",
      "helm/templates/deployment.yaml", "helm/templates/service-account.yaml",
      "helm/templates/cluster-role-controller.yaml", "helm/templates/cluster-role-binding.yaml",
      "helm/templates/metrics-service.yaml", "helm/templates/NOTES.txt");

  @TempDir Path tmp;

  private Path newController(String name) {
    Path dir = tmp.resolve(name).resolve("ec2-controller");
    Fixtures.write(dir.resolve("config/controller/deployment.yaml"), "kind: Deployment\n");
    Fixtures.write(dir.resolve("config/controller/service.yaml"), "kind: Service\n");
    return dir;
  }

  private static Run build(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("build-artifacts", "-q", "--service", "ec2", "--controller-dir", dir.toString()));
    args.addAll(List.of(more));
    return Fixtures.cli(args.toArray(String[]::new));
  }

  @Test
  void rendersAChartThatHelmLintsAndTemplates() throws IOException {
    Path dir = newController("a");

    Run run = build(dir, "v0.2.1");

    assertEquals(0, run.exitCode(), run.err());
    List<String> expectedFiles = new ArrayList<>(CHART_FILES);
    expectedFiles.add("config/controller/kustomization.yaml");
    StringBuilder created = new StringBuilder("Release artifacts for 0.2.1 in " + dir + ":\n");
    expectedFiles.forEach(f -> created.append("  created ").append(f).append('\n'));
    assertEquals(created.toString(), run.out());
    assertEquals("""
        apiVersion: v1
        name: ec2-chart
        description: A Helm chart for the ACK service controller for ec2
        version: 0.2.1
        appVersion: 0.2.1
        home: https://github.com/aws-controllers-k8s/ec2-controller
        icon: https://raw.githubusercontent.com/aws/eks-charts/master/docs/logo/aws.png
        sources:
          - https://github.com/aws-controllers-k8s/ec2-controller
        maintainers:
          - name: ACK Admins
            url: https://github.com/orgs/aws-controllers-k8s/teams/ack-admin
          - name: EC2 Admins
            url: https://github.com/orgs/aws-controllers-k8s/teams/ec2-maintainer
        keywords:
          - aws
          - kubernetes
          - ec2
        """, Fixtures.read(dir.resolve("helm/Chart.yaml")));
    assertEquals("""
        resources:
        - deployment.yaml
        - service.yaml
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        images:
        - name: controller
          newName: public.ecr.aws/aws-controllers-k8s/ec2-controller
          newTag: 0.2.1
        """, Fixtures.read(dir.resolve("config/controller/kustomization.yaml")));
    assertTrue(Fixtures.read(dir.resolve("helm/templates/NOTES.txt"))
        .contains("\nThis chart deploys \"" + REPO + ":0.2.1\".\n"));

    LintResult lint = new Helm(dir.resolve("helm")).lint().strict().call();
    assertFalse(lint.isFailed(), String.valueOf(lint.getMessages()));

    List<JsonNode> objects = template(dir, true);
    assertEquals(List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment"),
        objects.stream().map(o -> o.path("kind").asText()).toList());
    JsonNode deployment = find(objects, "Deployment");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    assertEquals(REPO + ":0.2.1", pod.path("containers").path(0).path("image").asText());
    assertEquals("ack-ec2-controller", pod.path("serviceAccountName").asText());
    assertEquals("ack-ec2-controller", find(objects, "ServiceAccount").path("metadata").path("name").asText());
    assertEquals("ack-ec2-controller", find(objects, "ClusterRoleBinding").path("subjects").path(0).path("name").asText());
    assertEquals("0.2.1", deployment.path("metadata").path("labels").path("app.kubernetes.io/version").asText());
    assertEquals(List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment"),
        template(dir, false).stream().map(o -> o.path("kind").asText()).toList());
  }

  @Test
  void aRenderedChartIsThenReleasedInPlaceLikeAnyOther() {
    Path dir = newController("a");
    build(dir, "v0.2.1");

    Run again = build(dir, "v0.2.1");
    assertEquals(0, again.exitCode(), again.err());
    assertEquals("The release artifacts in " + dir + " are up to date with 0.2.1: nothing to do.\n", again.out());
    assertEquals(0, build(dir, "v0.2.1", "--check").exitCode());

    Run bump = build(dir, "v0.3.0", "--image-repository", "example.com/ack/ec2-controller");
    assertEquals(0, bump.exitCode(), bump.err());

    Path fresh = newController("b");
    build(fresh, "v0.3.0", "--image-repository", "example.com/ack/ec2-controller");
    Fixtures.assertSameTree(fresh, dir);
  }

  @Test
  void checkAndDryRunOfAControllerWithoutAChart() {
    Path dir = newController("a");
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run check = build(dir, "v0.2.1", "--check");
    assertEquals(5, check.exitCode());
    assertEquals("error: " + dir.resolve("helm") + " does not exist: run ack-release build-artifacts v0.2.1"
        + " --service ec2 to create the chart, and commit it\n", check.err());

    Run dryRun = build(dir, "v0.2.1", "--dry-run");
    assertEquals(0, dryRun.exitCode(), dryRun.err());
    assertTrue(dryRun.out().startsWith("--- /dev/null\n+++ b/helm/Chart.yaml\n@@ -0,0 +1,18 @@\n+apiVersion: v1\n"),
        dryRun.out());
    assertTrue(dryRun.out().endsWith("+  newTag: 0.2.1\nWould write 11 files for 0.2.1 (dry run: nothing written).\n"),
        dryRun.out());
    Fixtures.assertSameTree(before, Fixtures.tree(dir));
  }

  private static List<JsonNode> template(Path dir, boolean metrics) throws IOException {
    String manifests = new Helm(dir.resolve("helm")).template().withName("ack-ec2-controller")
        .withNamespace("ack-system").set("metrics.service.create", metrics).call();
    List<JsonNode> objects = new ArrayList<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(manifests)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isEmpty()) {
          objects.add(doc);
        }
      }
    }
    return objects;
  }

  private static JsonNode find(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }
}
