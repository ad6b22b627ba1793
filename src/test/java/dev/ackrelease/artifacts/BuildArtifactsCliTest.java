package dev.ackrelease.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.artifacts.Fixtures.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What build-artifacts prints: old → new per place, JSON data, --check's list and exit 5, --dry-run's diff. */
class BuildArtifactsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Run build(Path dir, String... more) {
    String[] args = new String[6 + more.length];
    System.arraycopy(new String[] {"build-artifacts", "--service", "s3", "--controller-dir", dir.toString(), "-q"}, 0,
        args, 0, 6);
    System.arraycopy(more, 0, args, 6, more.length);
    return Fixtures.cli(args);
  }

  @Test
  void printsEachChangedPlaceWithOldAndNew() {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);

    Run run = build(dir, "v1.0.5");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("Release artifacts for 1.0.5 in " + dir + ":\n"
        + "  helm/Chart.yaml:4: version: 1.0.4 → 1.0.5\n"
        + "  helm/Chart.yaml:5: appVersion: 1.0.4 → 1.0.5\n"
        + "  helm/values.yaml:7: image.tag: 1.0.4 → 1.0.5\n"
        + "  helm/templates/NOTES.txt:2: This chart deploys: public.ecr.aws/aws-controllers-k8s/s3-controller:1.0.4"
        + " → public.ecr.aws/aws-controllers-k8s/s3-controller:1.0.5\n"
        + "  config/controller/kustomization.yaml:9: images[name=controller].newTag: 1.0.4 → 1.0.5\n", run.out());
    assertEquals("", run.err());
  }

  @Test
  void printsTheSameAsJson() throws Exception {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);

    Run run = build(dir, "v1.0.5", "--output", "json");

    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = run.json();
    assertEquals(true, json.path("ok").asBoolean());
    assertEquals("updated", json.path("action").asText());
    assertEquals("1.0.5", json.path("version").asText());
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-controller", json.path("imageRepository").asText());
    assertEquals(5, json.path("changes").size());
    assertEquals(JSON.readTree("{\"file\":\"helm/values.yaml\",\"line\":7,\"key\":\"image.tag\",\"old\":\"1.0.4\",\"new\":\"1.0.5\"}"),
        json.path("changes").path(2));
    assertEquals(JSON.readTree("[\"helm/Chart.yaml\",\"helm/values.yaml\",\"helm/templates/NOTES.txt\","
        + "\"config/controller/kustomization.yaml\"]"), json.path("files"));
  }

  @Test
  void checkExitsFiveListingEachPlaceThatDiffers() throws Exception {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = build(dir, "v1.0.5", "--check");

    assertEquals(5, run.exitCode());
    assertEquals("""
        helm/Chart.yaml:4: version: have 1.0.4, want 1.0.5
        helm/Chart.yaml:5: appVersion: have 1.0.4, want 1.0.5
        helm/values.yaml:7: image.tag: have 1.0.4, want 1.0.5
        helm/templates/NOTES.txt:2: This chart deploys: have public.ecr.aws/aws-controllers-k8s/s3-controller:1.0.4, \
        want public.ecr.aws/aws-controllers-k8s/s3-controller:1.0.5
        config/controller/kustomization.yaml:9: images[name=controller].newTag: have 1.0.4, want 1.0.5
        """, run.out());
    assertEquals("error: 5 release artifact places do not carry 1.0.5 and public.ecr.aws/aws-controllers-k8s/s3-controller:"
        + " run ack-release build-artifacts v1.0.5 --service s3 and commit the result\n", run.err());
    Fixtures.assertSameTree(before, Fixtures.tree(dir));

    Run json = build(dir, "v1.0.5", "--check", "--output", "json");
    assertEquals(5, json.exitCode());
    JsonNode data = json.json();
    assertEquals(false, data.path("ok").asBoolean());
    assertEquals(5, data.path("exitCode").asInt());
    assertEquals("would update", data.path("action").asText());
    assertEquals(5, data.path("changes").size());

    Run passed = build(Fixtures.fixture(Fixtures.REAL_AFTER), "v1.0.5", "--check");
    assertEquals(0, passed.exitCode(), passed.err());
    assertEquals("All release artifacts in " + Fixtures.fixture(Fixtures.REAL_AFTER) + " carry 1.0.5 and"
        + " public.ecr.aws/aws-controllers-k8s/s3-controller.\n", passed.out());
  }

  @Test
  void dryRunPrintsTheDiffAndWritesNothing() throws Exception {
    Path dir = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    Map<String, byte[]> before = Fixtures.tree(dir);

    Run run = build(dir, "v1.0.5", "--dry-run");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("--- a/helm/Chart.yaml\n+++ b/helm/Chart.yaml\n@@ -1,8 +1,8 @@\n"), run.out());
    assertTrue(run.out().contains("\n-  tag: 1.0.4\n+  tag: 1.0.5\n"), run.out());
    assertTrue(run.out().endsWith("\nWould write 4 files for 1.0.5 (dry run: nothing written).\n"), run.out());
    Fixtures.assertSameTree(before, Fixtures.tree(dir));

    JsonNode json = build(dir, "v1.0.5", "--dry-run", "--output", "json").json();
    assertEquals("would update", json.path("action").asText());
    assertEquals(run.out().substring(0, run.out().lastIndexOf("Would write")).stripTrailing(),
        json.path("diff").asText().stripTrailing());
    Fixtures.assertSameTree(before, Fixtures.tree(dir));
  }

  /** One place off is one place and one file, not "1 place(s)". */
  @Test
  void countsOnePlaceAndOneFileInTheSingular() {
    Path dir = Fixtures.copy(Fixtures.REAL_AFTER, tmp);
    Fixtures.replaceOnce(dir.resolve("helm/Chart.yaml"), "appVersion: 1.0.5\n", "appVersion: 1.0.4\n");

    Run check = build(dir, "v1.0.5", "--check");
    assertEquals(5, check.exitCode(), check.err());
    assertTrue(check.err().startsWith("error: 1 release artifact place does not carry 1.0.5 and "), check.err());

    Run dryRun = build(dir, "v1.0.5", "--dry-run");
    assertEquals(0, dryRun.exitCode(), dryRun.err());
    assertTrue(dryRun.out().endsWith("\nWould write 1 file for 1.0.5 (dry run: nothing written).\n"), dryRun.out());
  }
}
