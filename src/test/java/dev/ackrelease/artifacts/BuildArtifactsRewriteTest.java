package dev.ackrelease.artifacts;

import static dev.ackrelease.artifacts.Fixtures.QUOTED_AFTER;
import static dev.ackrelease.artifacts.Fixtures.QUOTED_BEFORE;
import static dev.ackrelease.artifacts.Fixtures.REAL_AFTER;
import static dev.ackrelease.artifacts.Fixtures.REAL_BEFORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.artifacts.BuildArtifacts;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Action;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Mode;
import dev.ackrelease.steps.artifacts.Place;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildArtifactsRewriteTest {

  private static final String OTHER_REPO = "123456789012.dkr.ecr.us-west-2.amazonaws.com/s3-controller";

  @TempDir Path tmp;

  private static BuildArtifacts.Result build(Path dir, String version, String repository, Mode mode) {
    return new BuildArtifacts(Log.NONE).run(new BuildArtifacts.Request(dir, dir, "s3", version, repository, mode));
  }

  @Test
  void reproducesAcksOwnReleaseCommitOfARealController() {
    Path dir = Fixtures.copy(REAL_BEFORE, tmp);

    BuildArtifacts.Result result = build(dir, "v1.0.5", null, Mode.WRITE);

    assertEquals(Action.UPDATED, result.action());
    Fixtures.assertSameTree(Fixtures.fixture(REAL_AFTER), dir);
    assertEquals(List.of(
            "helm/Chart.yaml:4: version: have 1.0.4, want 1.0.5",
            "helm/Chart.yaml:5: appVersion: have 1.0.4, want 1.0.5",
            "helm/values.yaml:7: image.tag: have 1.0.4, want 1.0.5",
            "helm/templates/NOTES.txt:2: This chart deploys: have public.ecr.aws/aws-controllers-k8s/s3-controller:1.0.4,"
                + " want public.ecr.aws/aws-controllers-k8s/s3-controller:1.0.5",
            "config/controller/kustomization.yaml:9: images[name=controller].newTag: have 1.0.4, want 1.0.5"),
        result.plan().changes().stream().map(Place::describe).toList());
  }

  @Test
  void keepsQuotesCommentsNonAsciiAndTheMissingFinalNewline() {
    Path dir = Fixtures.copy(QUOTED_BEFORE, tmp);

    build(dir, "v1.8.2", null, Mode.WRITE);

    Fixtures.assertSameTree(Fixtures.fixture(QUOTED_AFTER), dir);
  }

  @Test
  void keepsWindowsLineEndings() {
    Path before = crlfCopy(Fixtures.fixture(QUOTED_BEFORE), tmp.resolve("before"));
    Path expected = crlfCopy(Fixtures.fixture(QUOTED_AFTER), tmp.resolve("expected"));

    build(before, "v1.8.2", null, Mode.WRITE);

    Fixtures.assertSameTree(expected, before);
  }

  @Test
  void changesTheImageRepositoryInAllThreePlaces() {
    Path dir = Fixtures.copy(REAL_BEFORE, tmp);

    BuildArtifacts.Result result = build(dir, "v1.0.5", OTHER_REPO, Mode.WRITE);

    Map<String, byte[]> expected = new TreeMap<>();
    Fixtures.tree(Fixtures.fixture(REAL_AFTER)).forEach((file, bytes) -> expected.put(file,
        new String(bytes, StandardCharsets.UTF_8).replace(ReleaseArtifacts.defaultImageRepository("s3"), OTHER_REPO)
            .getBytes(StandardCharsets.UTF_8)));
    Fixtures.assertSameTree(expected, Fixtures.tree(dir));
    assertEquals(7, result.plan().changes().size());
  }

  @Test
  void aSecondRunWithTheSameVersionChangesNothing() {
    Path dir = Fixtures.copy(REAL_BEFORE, tmp);
    build(dir, "v1.0.5", null, Mode.WRITE);
    Map<String, byte[]> afterFirst = Fixtures.tree(dir);

    BuildArtifacts.Result second = build(dir, "v1.0.5", null, Mode.WRITE);

    assertEquals(Action.UP_TO_DATE, second.action());
    assertTrue(second.plan().changes().isEmpty());
    Fixtures.assertSameTree(afterFirst, Fixtures.tree(dir));
  }

  @Test
  void dryRunPrintsAUnifiedDiffAndWritesNothing() {
    Path dir = Fixtures.copy(QUOTED_BEFORE, tmp);

    BuildArtifacts.Result result = build(dir, "v1.8.2", null, Mode.DRY_RUN);

    assertEquals(Action.WOULD_CHANGE, result.action());
    Fixtures.assertSameTree(Fixtures.fixture(QUOTED_BEFORE), dir);
    assertEquals("""
        --- a/helm/Chart.yaml
        +++ b/helm/Chart.yaml
        @@ -3,8 +3,8 @@
         apiVersion: v1
         name: s3-chart
         description: A Helm chart for the ACK service controller for Amazon Simple Storage Service (S3)
        -version: 1.8.1   # the chart follows the controller
        -appVersion: "1.8.1"
        +version: 1.8.2   # the chart follows the controller
        +appVersion: "1.8.2"
         home: https://github.com/aws-controllers-k8s/s3-controller
         icon: https://raw.githubusercontent.com/aws/eks-charts/master/docs/logo/aws.png
         sources:
        --- a/helm/values.yaml
        +++ b/helm/values.yaml
        @@ -6,7 +6,7 @@
         image:
           repository: 'public.ecr.aws/aws-controllers-k8s/s3-controller'   # where the image lives
           # The image tag is the release version, without its v.
        -  tag: "1.8.1"
        +  tag: "1.8.2"
           pullPolicy: IfNotPresent
           pullSecrets: []
        \s
        --- a/helm/templates/NOTES.txt
        +++ b/helm/templates/NOTES.txt
        @@ -1,5 +1,5 @@
         {{ .Chart.Name }} has been installed.
        -This chart deploys "public.ecr.aws/aws-controllers-k8s/s3-controller:1.8.1".
        +This chart deploys "public.ecr.aws/aws-controllers-k8s/s3-controller:1.8.2".
        \s
         Check its status by running:
           kubectl --namespace {{ .Release.Namespace }} get pods -l "app.kubernetes.io/instance={{ .Release.Name }}"
        --- a/config/controller/kustomization.yaml
        +++ b/config/controller/kustomization.yaml
        @@ -9,4 +9,4 @@
           newTag: 1.8.1
         - name: controller
           newName: public.ecr.aws/aws-controllers-k8s/s3-controller
        -  newTag: "1.8.1"
        \\ No newline at end of file
        +  newTag: "1.8.2"
        \\ No newline at end of file
        """, result.plan().diff());
  }

  @Test
  void checkListsEveryPlaceThatDiffersAndNothingOnceReleased() {
    Path dir = Fixtures.copy(QUOTED_BEFORE, tmp);
    ReleaseVersion v182 = ReleaseVersion.parseTag("v1.8.2");

    List<Place> before = ReleaseArtifacts.check(dir, "s3", v182, OTHER_REPO);

    assertEquals(List.of(
        "helm/Chart.yaml:6: version: have 1.8.1, want 1.8.2",
        "helm/Chart.yaml:7: appVersion: have 1.8.1, want 1.8.2",
        "helm/values.yaml:7: image.repository: have public.ecr.aws/aws-controllers-k8s/s3-controller, want " + OTHER_REPO,
        "helm/values.yaml:9: image.tag: have 1.8.1, want 1.8.2",
        "helm/templates/NOTES.txt:2: This chart deploys: have public.ecr.aws/aws-controllers-k8s/s3-controller:1.8.1, want "
            + OTHER_REPO + ":1.8.2",
        "config/controller/kustomization.yaml:11: images[name=controller].newName: have "
            + "public.ecr.aws/aws-controllers-k8s/s3-controller, want " + OTHER_REPO,
        "config/controller/kustomization.yaml:12: images[name=controller].newTag: have 1.8.1, want 1.8.2"),
        before.stream().map(Place::describe).toList());
    Fixtures.assertSameTree(Fixtures.fixture(QUOTED_BEFORE), dir);

    build(dir, "v1.8.2", OTHER_REPO, Mode.WRITE);
    assertEquals(List.of(), ReleaseArtifacts.check(dir, "s3", v182, OTHER_REPO));
    assertEquals(Action.CHECK_PASSED, build(dir, "v1.8.2", OTHER_REPO, Mode.CHECK).action());
  }

  @Test
  void readsTheChartAndImageValues() {
    ReleaseArtifacts.Artifacts artifacts = ReleaseArtifacts.read(Fixtures.fixture(QUOTED_BEFORE));

    assertEquals("s3-chart", artifacts.chartName());
    assertEquals("1.8.1", artifacts.chartVersion());
    assertEquals("1.8.1", artifacts.appVersion());
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-controller", artifacts.imageRepository());
    assertEquals("1.8.1", artifacts.imageTag());
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-controller:1.8.1", artifacts.notesImage());
  }

  private static Path crlfCopy(Path from, Path to) {
    Fixtures.tree(from).forEach((file, bytes) -> Fixtures.write(to.resolve(file),
        new String(bytes, StandardCharsets.UTF_8).replace("\n", "\r\n")));
    return to;
  }
}
