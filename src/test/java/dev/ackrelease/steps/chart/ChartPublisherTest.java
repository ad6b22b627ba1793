package dev.ackrelease.steps.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.testing.ChartFixture;
import dev.ackrelease.testing.HelmProcess;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chart pushes against a real docker-registry, read back with skopeo and Helm. */
class ChartPublisherTest {

  static final Instant COMMIT = Instant.parse("2026-11-20T10:15:30Z");
  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(10));

  @TempDir Path tmp;

  private RegistryServer server;
  private RegistryAccess access;
  private final ChartPackager packager = new ChartPackager(Log.NONE);
  private final ChartPublisher publisher = new ChartPublisher(Log.NONE, FAST);

  @BeforeEach
  void startRegistry() {
    server = RegistryServer.plain(tmp.resolve("registry"));
    access = server.plainAccess();
  }

  @AfterEach
  void stopRegistry() {
    server.close();
  }

  private PackagedChart chart(String service, String version) throws Exception {
    Path dir = ChartFixture.write(tmp.resolve(service + "-" + version + "-" + System.nanoTime()), service, version,
        server.address() + "/ack/" + service + "-controller");
    return packager.pack(ChartPackager.Request.of(dir, COMMIT));
  }

  @Test
  void pushesWithHelmMediaTypesAndHelmPullsAndTemplatesIt() throws Exception {
    PackagedChart chart = chart("s3", "1.8.2");

    ChartPublisher.Result result = publisher.publish(ChartPublisher.Request.release(access, chart, false));

    assertEquals(Action.PUSHED, result.artifact().action());
    assertEquals(server.address() + "/ack/s3-chart:1.8.2", result.artifact().ref());
    assertEquals(result.local().manifestDigest(), result.artifact().digest());
    assertTrue(result.artifact().bytesPushed() > chart.size());
    assertEquals(Optional.empty(), result.previousContentDigest());

    String raw = skopeo("docker://" + server.address() + "/ack/s3-chart:1.8.2");
    JsonNode manifest = ChartMetadata.JSON.readTree(raw);
    assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.get("mediaType").asText());
    assertEquals("application/vnd.cncf.helm.config.v1+json", manifest.at("/config/mediaType").asText());
    assertEquals(1, manifest.get("layers").size());
    assertEquals("application/vnd.cncf.helm.chart.content.v1.tar+gzip", manifest.at("/layers/0/mediaType").asText());
    assertEquals(chart.digest(), manifest.at("/layers/0/digest").asText());
    assertEquals("2026-11-20T10:15:30Z", manifest.at("/annotations/org.opencontainers.image.created").asText());
    assertEquals("s3-chart", manifest.at("/annotations/org.opencontainers.image.title").asText());
    assertEquals("1.8.2", manifest.at("/annotations/org.opencontainers.image.version").asText());
    assertEquals(result.local().manifestDigest(), ChartPackager.sha256(raw.getBytes(StandardCharsets.UTF_8)),
        "the registry holds the exact manifest bytes computed locally");

    String rendered = HelmProcess.templatePlainHttp("oci://" + server.address() + "/ack/s3-chart", "1.8.2",
        Files.createDirectories(tmp.resolve("helm-home")));
    assertTrue(rendered.contains("image: \"" + server.address() + "/ack/s3-controller:1.8.2\""), rendered);
    assertTrue(rendered.contains("name: ack-s3-chart"), rendered);
  }

  @Test
  void configBlobAndAnnotationsAreWhatHelmPushWrites() throws Exception {
    String[] refs = pushedByHelmAndByAckRelease();
    String helmRef = refs[0];
    String oursRef = refs[1];
    assertEquals(skopeo("--config", helmRef), skopeo("--config", oursRef), "the config blob is byte-for-byte Helm's");
    JsonNode helmManifest = ChartMetadata.JSON.readTree(skopeo(helmRef));
    JsonNode ourManifest = ChartMetadata.JSON.readTree(skopeo(oursRef));
    assertEquals(helmManifest.at("/config/mediaType"), ourManifest.at("/config/mediaType"));
    assertEquals(helmManifest.at("/layers/0/mediaType"), ourManifest.at("/layers/0/mediaType"));
    ((ObjectNode) helmManifest.get("annotations")).remove("org.opencontainers.image.created");
    ((ObjectNode) ourManifest.get("annotations")).remove("org.opencontainers.image.created");
    assertEquals(helmManifest.get("annotations"), ourManifest.get("annotations"));
  }

  /**
   * helm/helm pkg/registry/client.go tagManifest builds its ocispec.Manifest without MediaType,
   * so {@code helm push} leaves "mediaType" out; ack-release keeps it, as the OCI image-spec
   * (manifest.md, {@code mediaType}: "This property SHOULD be used") asks. Otherwise the two
   * manifests have the same fields in the same order, and Helm pulls ours
   * ({@link #pushesWithHelmMediaTypesAndHelmPullsAndTemplatesIt}).
   */
  @Test
  void theManifestCarriesTheMediaTypeHelmPushLeavesOut() throws Exception {
    String[] refs = pushedByHelmAndByAckRelease();
    JsonNode helmManifest = ChartMetadata.JSON.readTree(skopeo(refs[0]));
    JsonNode ourManifest = ChartMetadata.JSON.readTree(skopeo(refs[1]));

    assertFalse(helmManifest.has("mediaType"), "helm push writes no mediaType: " + helmManifest);
    assertEquals(HelmOciArtifact.MANIFEST_MEDIA_TYPE, ourManifest.path("mediaType").asText());
    List<String> helmFields = new ArrayList<>();
    helmManifest.fieldNames().forEachRemaining(helmFields::add);
    List<String> ourFields = new ArrayList<>();
    ourManifest.fieldNames().forEachRemaining(ourFields::add);
    assertEquals(List.of("schemaVersion", "mediaType", "config", "layers", "annotations"), ourFields);
    ourFields.remove("mediaType");
    assertEquals(helmFields, ourFields);
  }

  /**
   * The rds chart (with a description that needs escaping) pushed by {@code helm push} under
   * {@code helm/} and by ack-release under {@code ack/}; their {@code docker://} references.
   */
  private String[] pushedByHelmAndByAckRelease() throws Exception {
    Path dir = ChartFixture.write(tmp.resolve("helm-pushed"), "rds", "1.4.0", server.address() + "/ack/rds-controller");
    Path chartYaml = dir.resolve("Chart.yaml");
    Files.writeString(chartYaml, Files.readString(chartYaml).replaceFirst("description: .*",
        "description: ACK controller for <Amazon RDS> & Aurora – données"));
    Path helmOut = Files.createDirectories(tmp.resolve("helm-out"));
    new Helm(dir).packageIt().withDestination(helmOut).call();
    Path home = Files.createDirectories(tmp.resolve("helm-home"));
    HelmProcess.pushPlainHttp(helmOut.resolve("rds-chart-1.4.0.tgz"), "oci://" + server.address() + "/helm", home);
    PackagedChart ours = packager.pack(ChartPackager.Request.of(dir, COMMIT));
    publisher.publish(ChartPublisher.Request.release(access, ours, false));
    return new String[] {"docker://" + server.address() + "/helm/rds-chart:1.4.0", "docker://" + server.address() + "/ack/rds-chart:1.4.0"};
  }

  private String skopeo(String... args) {
    List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
    command.addAll(List.of(args));
    return ProcessResult.run(command, null, 60).assertOk().stdout();
  }

  @Test
  void theSameChartTwiceIsAlreadyPublishedAndTheRegistryIsUnchanged() throws Exception {
    publisher.publish(ChartPublisher.Request.release(access, chart("sns", "1.0.0"), false));
    Map<String, String> before = server.storageSnapshot();

    ChartPublisher.Result again = publisher.publish(ChartPublisher.Request.release(access, chart("sns", "1.0.0"), false));

    assertEquals(Action.ALREADY_PUBLISHED, again.artifact().action());
    assertEquals(0, again.artifact().bytesPushed());
    assertEquals(Optional.of(again.local().contentDigest()), again.previousContentDigest());
    assertEquals(before, server.storageSnapshot());
  }

  @Test
  void otherContentUnderAReleasedTagIsRefusedNamingBothDigestsAndNothingChanges() throws Exception {
    PackagedChart published = chart("sqs", "1.2.0");
    publisher.publish(ChartPublisher.Request.release(access, published, false));
    Map<String, String> before = server.storageSnapshot();
    Path dir = ChartFixture.write(tmp.resolve("changed"), "sqs", "1.2.0", server.address() + "/ack/sqs-controller");
    Files.writeString(dir.resolve("README.md"), "# sqs chart!\n");
    PackagedChart changed = packager.pack(ChartPackager.Request.of(dir, COMMIT));
    assertNotEquals(published.digest(), changed.digest());

    ReleaseException e = assertThrows(ReleaseException.class,
        () -> publisher.publish(ChartPublisher.Request.release(access, changed, false)));

    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
    assertTrue(e.getMessage().contains(published.digest()) && e.getMessage().contains(changed.digest()), e.getMessage());
    assertTrue(e.getMessage().contains(server.address() + "/ack/sqs-chart:1.2.0"), e.getMessage());
    assertEquals(before, server.storageSnapshot());
  }

  @Test
  void dryRunReportsWhatItWouldDoAndLeavesTheRegistryByteForByteUnchanged() throws Exception {
    PackagedChart chart = chart("ecr", "2.0.0");
    Map<String, String> empty = server.storageSnapshot();
    ChartPublisher.Result wouldPush = publisher.publish(ChartPublisher.Request.release(access, chart, true));
    assertEquals(Action.WOULD_PUSH, wouldPush.artifact().action());
    assertEquals(wouldPush.local().manifestDigest(), wouldPush.artifact().digest(), "digests are computed locally");
    assertEquals(empty, server.storageSnapshot());

    publisher.publish(ChartPublisher.Request.release(access, chart, false));
    Map<String, String> published = server.storageSnapshot();
    assertEquals(Action.WOULD_SKIP, publisher.publish(ChartPublisher.Request.release(access, chart, true)).artifact().action());
    PackagedChart other = packager.pack(ChartPackager.Request.of(
        ChartFixture.write(tmp.resolve("other"), "ecr", "2.0.0", "example.com/other"), COMMIT));
    ChartPublisher.Result wouldRefuse = publisher.publish(ChartPublisher.Request.release(access, other, true));
    assertEquals(Action.WOULD_REFUSE, wouldRefuse.artifact().action());
    assertTrue(wouldRefuse.artifact().detail().contains(chart.digest()), wouldRefuse.artifact().detail());
    assertEquals(published, server.storageSnapshot());
  }

  @Test
  void aMovableTagIsPushedOverOtherContent() throws Exception {
    PackagedChart first = packager.pack(new ChartPackager.Request(
        ChartFixture.write(tmp.resolve("a"), "iam", "1.3.0", "example.com/iam-controller"), COMMIT, Optional.of("v1-stable")));
    PackagedChart second = packager.pack(new ChartPackager.Request(
        ChartFixture.write(tmp.resolve("b"), "iam", "1.3.1", "example.com/iam-controller"), COMMIT, Optional.of("v1-stable")));
    publisher.publish(ChartPublisher.Request.stable(access, first, false));

    ChartPublisher.Result moved = publisher.publish(ChartPublisher.Request.stable(access, second, false));

    assertEquals(Action.PUSHED, moved.artifact().action());
    assertEquals(Optional.of(first.digest()), moved.previousContentDigest());
    ChartInspector.Inspection now = new ChartInspector(Log.NONE, FAST).inspect(access, "iam-chart", "v1-stable");
    assertEquals(second.digest(), now.contentDigest());
    assertEquals("1.3.1", now.appVersion());
    assertFalse(now.manifestDigest().isEmpty());
  }
}
