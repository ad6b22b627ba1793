package dev.ackrelease.steps.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.artifacts.Fixtures;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check publish and tag run on a controller's release files: every version-bearing place
 * must carry the release (a chart of another service is refused, exit 3); the service alias and
 * image repository are validated before anything else (exit 2); a file that is missing, a
 * directory or not UTF-8 is exit 2 naming it.
 */
class ReleaseArtifactsRulesTest {

  static final String REPO = "public.ecr.aws/aws-controllers-k8s/s3-controller";

  @TempDir Path tmp;

  static String invalid(Runnable r) {
    ReleaseException e = assertThrows(ReleaseException.class, r::run);
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void aControllerAtTheReleaseHasNothingToChangeAndOneBeforeItHasEveryPlace() {
    Path after = Fixtures.copy(Fixtures.REAL_AFTER, tmp.resolve("after"));
    assertEquals(List.of(), ReleaseArtifacts.check(after, "s3", ReleaseVersion.parseTag("v1.0.5"), REPO));
    Path before = Fixtures.copy(Fixtures.REAL_BEFORE, tmp.resolve("before"));
    List<Place> differ = ReleaseArtifacts.check(before, "s3", ReleaseVersion.parseTag("v1.0.5"), REPO);
    // The five version-bearing places; the two that name the image repository already carry it.
    assertEquals(List.of("helm/Chart.yaml version", "helm/Chart.yaml appVersion", "helm/values.yaml image.tag",
        "helm/templates/NOTES.txt This chart deploys", "config/controller/kustomization.yaml images[name=controller].newTag"),
        differ.stream().map(p -> p.file() + " " + p.key()).toList());
    assertTrue(differ.stream().allMatch(Place::differs));
    // Another image repository differs in the three places that name it (values, kustomization, NOTES).
    assertEquals(3, ReleaseArtifacts.check(after, "s3", ReleaseVersion.parseTag("v1.0.5"), "r.example.com/ack/s3-controller").size());
  }

  @Test
  void theArtifactsNameWhatTheFilesCarry() {
    ReleaseArtifacts.Artifacts a = ReleaseArtifacts.read(Fixtures.copy(Fixtures.REAL_BEFORE, tmp));
    assertEquals("s3-chart", a.chartName());
    assertEquals("1.0.4", a.chartVersion());
    assertEquals("1.0.4", a.appVersion());
    assertEquals(REPO, a.imageRepository());
    assertEquals("1.0.4", a.imageTag());
    assertEquals(REPO + ":1.0.4", a.notesImage());
    assertEquals(ReleaseArtifacts.FILES, List.copyOf(a.texts().keySet()));
    assertEquals(ArtifactKey.values().length - 1, a.targets("s3", ReleaseVersion.parseTag("v1.0.4"), REPO).size());
    a.requireService("s3");
  }

  @Test
  void aChartOfAnotherServiceIsRefused() {
    Path dir = Fixtures.copy(Fixtures.REAL_AFTER, tmp);
    ReleaseException e = assertThrows(ReleaseException.class, () -> ReleaseArtifacts.check(dir, "sqs",
        ReleaseVersion.parseTag("v1.0.5"), REPO));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().endsWith(": chart name is s3-chart, not sqs-chart: this is not the sqs controller; pass the right"
        + " --service or --controller-dir"), e.getMessage());
  }

  @Test
  void serviceAliasesAreLowerCaseWithoutControllerSuffix() {
    assertEquals("s3", ReleaseArtifacts.requireService("s3"));
    assertEquals("a", ReleaseArtifacts.requireService("a"));
    assertEquals("elasticache-serverless", ReleaseArtifacts.requireService("elasticache-serverless"));
    assertEquals("a".repeat(63), ReleaseArtifacts.requireService("a".repeat(63)), "63, a Kubernetes name's bound, is taken");
    assertTrue(invalid(() -> ReleaseArtifacts.requireService("a".repeat(64))).contains(" is 64 characters, more than the 63"));
    assertEquals("service 's3-controller' is the repository name: drop -controller and pass --service s3",
        invalid(() -> ReleaseArtifacts.requireService("s3-controller")));
    for (String bad : new String[] {null, "", "S3", "-s3", "s3-", "s_3", "-controller"}) {
      assertEquals("service '" + bad + "' is not an ACK service alias: pass the controller's name without -controller, for"
          + " example --service s3", invalid(() -> ReleaseArtifacts.requireService(bad)));
    }
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-controller", ReleaseArtifacts.defaultImageRepository("s3"));
  }

  @Test
  void imageRepositoriesHaveNoTagDigestOrCredentialsAndAPortInRange() {
    for (String ok : new String[] {REPO, "s3-controller", "127.0.0.1:5000/ack/s3-controller", "h:1/x", "h:65535/x", "a__b/c.d"}) {
      assertEquals(ok, ReleaseArtifacts.requireImageRepository(ok));
    }
    assertEquals("image repository '" + REPO + ":1.0.0' is not a repository name: pass one without tag, digest or credentials,"
        + " for example " + REPO, invalid(() -> ReleaseArtifacts.requireImageRepository(REPO + ":1.0.0")));
    String withCredentials = invalid(() -> ReleaseArtifacts.requireImageRepository("user:secret-pw@r.example.com/x"));
    assertTrue(withCredentials.startsWith("image repository '<redacted>'"), withCredentials);
    assertFalse(withCredentials.contains("secret-pw"));
    assertTrue(invalid(() -> ReleaseArtifacts.requireImageRepository(null)).startsWith("image repository 'null'"));
    String longest = "h/" + "a".repeat(253);
    assertEquals(longest, ReleaseArtifacts.requireImageRepository(longest), "255 characters, the distribution spec's bound, are taken");
    assertTrue(invalid(() -> ReleaseArtifacts.requireImageRepository(longest + "b")).contains(" is 256 characters, more than the 255"));
    for (String port : new String[] {"0", "65536", "99999"}) {
      assertEquals("image repository 'h:" + port + "/x' has port " + port + ", not one from 1 to 65535: pass e.g."
          + " 127.0.0.1:5000/ack/s3-controller", invalid(() -> ReleaseArtifacts.requireImageRepository("h:" + port + "/x")));
    }
  }

  @Test
  void aFileThatIsMissingADirectoryOrNotUtf8IsInvalidInputNamingIt() throws Exception {
    Path dir = Fixtures.copy(Fixtures.REAL_AFTER, tmp);
    Files.delete(dir.resolve(ReleaseArtifacts.NOTES));
    assertEquals(ReleaseArtifacts.NOTES + " is missing in " + dir + ": restore it from git (a release changes it, it does not"
        + " create it)", invalid(() -> ReleaseArtifacts.read(dir)));
    Files.createDirectories(dir.resolve(ReleaseArtifacts.NOTES));
    assertEquals(ReleaseArtifacts.NOTES + " in " + dir + " is a directory, not a file: restore the file from git",
        invalid(() -> ReleaseArtifacts.read(dir)));
    Files.delete(dir.resolve(ReleaseArtifacts.NOTES));
    Files.write(dir.resolve(ReleaseArtifacts.NOTES), new byte[] {'a', (byte) 0xff, 'b'});
    assertEquals(ReleaseArtifacts.NOTES + " is not UTF-8 text: fix its encoding", invalid(() -> ReleaseArtifacts.read(dir)));
    assertEquals("a\u00e9", ReleaseArtifacts.readText(Files.createDirectories(tmp.resolve("plain")).getParent().resolve("plain"),
        write(tmp.resolve("plain/f.txt"), "a\u00e9")));
  }

  static String write(Path file, String text) throws Exception {
    Files.writeString(file, text);
    return file.getFileName().toString();
  }
}
