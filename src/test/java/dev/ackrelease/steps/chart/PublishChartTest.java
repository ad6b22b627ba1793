package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.OciRegistries;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.testing.ChartFixture;
import dev.ackrelease.testing.RegistryServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import dev.ackrelease.testing.TestArtifacts;
import dev.ackrelease.steps.registry.RegistrySession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release and stable chart publishing, and the read-back that verify uses, against a real registry. */
class PublishChartTest {

  static final Instant COMMIT = Instant.parse("2026-11-21T08:00:00Z");
  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(10));

  @TempDir Path tmp;

  private RegistryServer server;
  private RegistryAccess access;
  private final PublishChart step = new PublishChart(Log.NONE, FAST);
  private final ChartInspector inspector = new ChartInspector(Log.NONE, FAST);

  @BeforeEach
  void startRegistry() {
    server = RegistryServer.plain(tmp.resolve("registry"));
    access = server.plainAccess();
  }

  @AfterEach
  void stopRegistry() {
    server.close();
  }

  private Path chartDir(String service, String version) throws Exception {
    return ChartFixture.write(tmp.resolve("repo-" + version + "/helm"), service, version,
        server.address() + "/ack/" + service + "-controller");
  }

  /** Stands in for the image step: any manifest at {@code <svc>-controller:<version>}. */
  private String pushImage(String service, String version) {
    return TestArtifacts.push(new RegistrySession(access, Log.NONE, FAST), service + "-controller", version,
        "application/vnd.ack-release.test", ("controller binary " + version).getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  private PublishChart.Request request(Path dir, String version, PublishChart.Mode mode, boolean dryRun) {
    return new PublishChart.Request(dir, COMMIT, ReleaseVersion.parseTag("v" + version), mode, access, dryRun,
        Optional.of(tmp.resolve("dist")));
  }

  /** The .helmignore rules a request hands on (its export's) are the ones the package follows; the directory's are not read. */
  @Test
  void theRulesARequestHandsOnAreTheOnesThePackageFollows() throws Exception {
    Path dir = chartDir("s3", "1.8.2");
    Files.writeString(dir.resolve("NOTES.md"), "notes\n");
    PublishChart.Request plain = request(dir, "1.8.2", PublishChart.Mode.RELEASE, true);
    PublishChart.Request handed = new PublishChart.Request(plain.chartDir(), plain.commitTime(), plain.release(), plain.mode(),
        plain.access(), true, plain.outputDir(), null, Optional.empty(),
        Optional.of(HelmIgnore.parse("*.md\n".getBytes(StandardCharsets.UTF_8), "helm/.helmignore of commit 0123456789ab")));

    assertTrue(TarGz.read(step.prepare(plain).chart().tgz()).files().containsKey("s3-chart/NOTES.md"));
    assertFalse(TarGz.read(step.prepare(handed).chart().tgz()).files().containsKey("s3-chart/NOTES.md"));
  }

  @Test
  void releasePushesTheChartVersionAndVerifyReadsItBack() throws Exception {
    String imageDigest = pushImage("s3", "1.8.2");

    PublishChart.Result result = step.run(request(chartDir("s3", "1.8.2"), "1.8.2", PublishChart.Mode.RELEASE, false));

    assertEquals(Action.PUSHED, result.published().artifact().action());
    assertEquals(Optional.of(tmp.resolve("dist/s3-chart-1.8.2.tgz")), result.packageFile());
    ChartInspector.Inspection pulled = inspector.inspect(access, "s3-chart", "1.8.2");
    assertEquals("s3-chart", pulled.name());
    assertEquals("1.8.2", pulled.version());
    assertEquals("1.8.2", pulled.appVersion());
    assertEquals(new ChartImage(server.address() + "/ack/s3-controller", "1.8.2"), pulled.image());
    assertEquals(result.chart().digest(), pulled.contentDigest());
    assertEquals(result.published().local().manifestDigest(), pulled.manifestDigest());
    assertEquals(Optional.of(imageDigest), inspector.resolveImage(access, pulled.image()));
  }

  @Test
  void verifyListsEveryDifferenceFromTheRelease() throws Exception {
    String imageDigest = pushImage("s3", "1.8.2");
    step.run(request(chartDir("s3", "1.8.2"), "1.8.2", PublishChart.Mode.RELEASE, false));
    String repository = server.address() + "/ack/s3-controller";

    assertEquals("1.8.2", inspector.verify(access, ChartInspector.Expectation.release("s3-chart", "1.8.2", repository,
        Optional.of(imageDigest))).version());

    ChartInspector.Expectation wrong = new ChartInspector.Expectation("s3-chart", "1.8.2", "1.8.2", "1.9.0",
        new ChartImage(repository, "1.8.2"), Optional.of("sha256:" + "0".repeat(64)));
    ReleaseException e = assertThrows(ReleaseException.class, () -> inspector.verify(access, wrong));
    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("appVersion is 1.8.2, expected 1.9.0"), e.getMessage());
    assertTrue(e.getMessage().contains("resolves to " + imageDigest), e.getMessage());
  }

  /**
   * A chart whose values image names another registry is a finding of verify (exit 5 naming it),
   * never a connection: nothing reaches the host the user did not name, not even a TCP connect.
   */
  @Test
  void verifyNeverContactsARegistryTheChartNamesOutsideTheOneGiven() throws Exception {
    try (ServerSocket elsewhere = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      elsewhere.setSoTimeout(200);
      String outside = "127.0.0.1:" + elsewhere.getLocalPort() + "/ack/s3-controller";
      Path dir = ChartFixture.write(tmp.resolve("repo-outside/helm"), "s3", "1.8.2", outside);
      step.run(request(dir, "1.8.2", PublishChart.Mode.RELEASE, false));

      ReleaseException e = assertThrows(ReleaseException.class, () -> inspector.verify(access,
          ChartInspector.Expectation.release("s3-chart", "1.8.2", server.address() + "/ack/s3-controller", Optional.empty())));

      assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
      assertTrue(e.getMessage().contains("values image " + outside + ":1.8.2 is outside the registry " + access.registry()),
          e.getMessage());
      assertThrows(SocketTimeoutException.class, elsewhere::accept, "nothing connected to the other registry");
    }
  }

  @Test
  void stablePackagesVersionVMajorStableChecksTheImageAndMovesTheTag() throws Exception {
    pushImage("s3", "1.8.2");
    String image190 = pushImage("s3", "1.9.0");
    Path v182 = chartDir("s3", "1.8.2");
    String chartYamlBefore = Files.readString(v182.resolve("Chart.yaml"));

    PublishChart.Result first = step.run(request(v182, "1.8.2", PublishChart.Mode.STABLE, false));
    PublishChart.Result second = step.run(request(chartDir("s3", "1.9.0"), "1.9.0", PublishChart.Mode.STABLE, false));

    assertEquals(server.address() + "/ack/s3-chart:v1-stable", first.published().artifact().ref());
    assertEquals(Action.PUSHED, first.published().artifact().action());
    assertTrue(first.checkedImageDigest().isPresent());
    assertEquals(Action.PUSHED, second.published().artifact().action());
    assertEquals(Optional.of(first.chart().digest()), second.published().previousContentDigest());
    ChartInspector.Inspection stable = inspector.verify(access, ChartInspector.Expectation.stable("s3-chart", "v1-stable", "1.9.0",
        server.address() + "/ack/s3-controller", Optional.of(image190)));
    assertEquals("v1-stable", stable.version());
    assertEquals("1.9.0", stable.appVersion());
    assertEquals("1.9.0", stable.image().tag());
    assertEquals(chartYamlBefore, Files.readString(v182.resolve("Chart.yaml")), "the repo is not edited");
  }

  @Test
  void stableRefusesWithVerificationWhenTheImageIsMissingAndPushesNothing() throws Exception {
    Map<String, String> before = server.storageSnapshot();

    ReleaseException e = assertThrows(ReleaseException.class,
        () -> step.run(request(chartDir("sns", "1.1.0"), "1.1.0", PublishChart.Mode.STABLE, false)));

    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains(server.address() + "/ack/sns-controller:1.1.0"), e.getMessage());
    assertEquals(before, server.storageSnapshot());
    assertFalse(inspector.imageExists(access, new ChartImage(server.address() + "/ack/sns-controller", "1.1.0")));
  }

  @Test
  void dryRunWritesNoPackageAndPushesNothing() throws Exception {
    Map<String, String> before = server.storageSnapshot();

    PublishChart.Result result = step.run(request(chartDir("s3", "1.8.2"), "1.8.2", PublishChart.Mode.RELEASE, true));

    assertEquals(Action.WOULD_PUSH, result.published().artifact().action());
    assertEquals(Optional.empty(), result.packageFile());
    assertFalse(Files.exists(tmp.resolve("dist")));
    assertEquals(before, server.storageSnapshot());
  }

  @Test
  void aChartVersionOtherThanTheReleaseIsAVerificationFailure() throws Exception {
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> step.run(request(chartDir("s3", "1.8.2"), "1.8.3", PublishChart.Mode.RELEASE, false)));
    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("1.8.3"), e.getMessage());
  }

  @Test
  void inspectingAnAbsentChartOrANonChartIsAVerificationFailure() throws Exception {
    ReleaseException absent = assertThrows(ReleaseException.class, () -> inspector.inspect(access, "s3-chart", "9.9.9"));
    assertEquals(ReleaseException.Kind.VERIFICATION, absent.kind());
    pushImage("s3", "1.0.0");
    ReleaseException image = assertThrows(ReleaseException.class, () -> inspector.inspect(access, "s3-controller", "1.0.0"));
    assertEquals(ReleaseException.Kind.VERIFICATION, image.kind());
    assertTrue(image.getMessage().contains("is not a Helm chart"), image.getMessage());
  }

  @Test
  void aPublishedChartWhoseValuesDoNotReadIsAVerificationFailure() throws Exception {
    // What a registry may hold when another tool pushed the chart: the damage is in the registry, not in the input.
    Path dir = chartDir("s3", "1.8.2");
    Files.writeString(dir.resolve("values.yaml"), "image: [\n");
    step.run(request(dir, "1.8.2", PublishChart.Mode.RELEASE, false));

    ReleaseException e = assertThrows(ReleaseException.class, () -> inspector.inspect(access, "s3-chart", "1.8.2"));

    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("is not a Helm chart"), e.getMessage());
  }

  @Test
  void aPublishedChartWhoseImageIsNoReferenceIsAVerificationFailure() throws Exception {
    Path dir = ChartFixture.write(tmp.resolve("repo/helm"), "s3", "1.8.2", server.address() + "/ack/S3 Controller");
    step.run(request(dir, "1.8.2", PublishChart.Mode.RELEASE, false));

    ReleaseException e = assertThrows(ReleaseException.class, () -> inspector.verify(access,
        ChartInspector.Expectation.release("s3-chart", "1.8.2", server.address() + "/ack/s3-controller", Optional.empty())));

    assertEquals(ReleaseException.Kind.VERIFICATION, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("values image " + server.address() + "/ack/S3 Controller:1.8.2 is not an image reference"),
        e.getMessage());
  }
}
