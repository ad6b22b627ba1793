package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.cli.Cli;
import dev.ackrelease.steps.registry.RegistryAuth;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.EcrPublicStub;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.HelmProcess;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole release against real parts: the shaded jar, Debian's docker-registry, Go, Jib,
 * skopeo and Helm as independent readers. Each test uses its own service, so its repositories
 * in the shared registry are its own.
 */
class PublishIT {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path cache;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  /** A sample controller with its release commit merged and tagged, as ACK's flow leaves it. */
  GitFixture released(String service, String version, String imageRegistry) {
    GitFixture repo = SampleController.create(tmp, service);
    prepareAndTag(repo, service, version, imageRegistry);
    return repo;
  }

  static void prepareAndTag(GitFixture repo, String service, String version, String imageRegistry) {
    CliRun prepare = Cli.run("prepare", version, "--service", service, "--controller-dir", repo.dir().toString(),
        "--image-repository", imageRegistry + "/" + service + "-controller", "--quiet");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "release-" + version);
    CliRun tag = Cli.run("tag", version, "--controller-dir", repo.dir().toString(), "--quiet");
    assertEquals(0, tag.exitCode(), tag::toString);
  }

  static CliRun publish(GitFixture repo, Map<String, String> env, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", repo.dir().toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--cache-dir", cache.toString()));
    args.addAll(List.of(extra));
    return Jar.run(home, env, args.toArray(String[]::new));
  }

  static CliRun publish(GitFixture repo, String... extra) {
    return publish(repo, Map.of(), extra);
  }

  static String skopeo(String... args) {
    List<String> cmd = new ArrayList<>(List.of("skopeo"));
    cmd.addAll(List.of(args));
    return ProcessResult.run(cmd, null, 120).assertOk().stdout();
  }

  static JsonNode rows(CliRun run) {
    return run.json().get("artifacts");
  }

  static List<String> actions(CliRun run) {
    List<String> actions = new ArrayList<>();
    rows(run).forEach(r -> actions.add(r.get("kind").asText() + ": " + r.get("action").asText()));
    return actions;
  }

  @Test
  void releaseFromATagPublishesAVerifiedMultiArchImageAndItsChart() throws Exception {
    GitFixture repo = released("s3", "v0.1.0", ns());
    Path report = tmp.resolve("report.json");

    CliRun run = publish(repo, "--output", "json", "--report", report.toString());

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of("image: pushed", "chart: pushed"), actions(run));
    assertTrue(run.json().get("verified").asBoolean());
    assertEquals(run.json(), JSON.readTree(report.toFile()), "--report holds the same summary");
    String indexDigest = rows(run).get(0).get("digest").asText();

    // skopeo, an independent client, reads an OCI index with both platforms and no variant.
    String image = "docker://" + ns() + "/s3-controller:0.1.0";
    JsonNode index = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--raw", image));
    assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
    List<String> platforms = new ArrayList<>();
    index.get("manifests").forEach(m -> {
      platforms.add(m.get("platform").get("os").asText() + "/" + m.get("platform").get("architecture").asText());
      assertFalse(m.get("platform").has("variant"), "no arm variant");
    });
    assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);
    assertEquals(indexDigest, skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", image).strip());
    JsonNode arm = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--override-arch", "arm64", image));
    assertEquals("0.1.0", arm.get("Labels").get("org.opencontainers.image.version").asText());
    assertEquals(repo.head(), arm.get("Labels").get("org.opencontainers.image.revision").asText());

    // The amd64 binary inside the pushed image runs here and prints the stamped version.
    Path copy = tmp.resolve("amd64");
    skopeo("copy", "--src-tls-verify=false", "--override-arch", "amd64", image, "dir:" + copy);
    JsonNode manifest = JSON.readTree(copy.resolve("manifest.json").toFile());
    JsonNode layers = manifest.get("layers");
    String layer = layers.get(layers.size() - 1).get("digest").asText().substring("sha256:".length());
    Path root = Files.createDirectories(tmp.resolve("rootfs"));
    ProcessResult.run(List.of("tar", "-xzf", copy.resolve(layer).toString(), "-C", root.toString()), null, 60).assertOk();
    String printed = ProcessResult.run(List.of(root.resolve("bin/controller").toString()), null, 30).assertOk().stdout();
    assertTrue(printed.contains("version=v0.1.0 commit=" + repo.head()), printed);

    // Helm pulls the chart by its OCI ref and renders the deployment with the pushed image.
    String rendered = HelmProcess.templatePlainHttp("oci://" + ns() + "/s3-chart", "0.1.0", Files.createDirectories(tmp.resolve("helm")));
    assertTrue(rendered.contains("image: \"" + ns() + "/s3-controller:0.1.0\"") || rendered.contains("image: " + ns() + "/s3-controller:0.1.0"),
        rendered);

    // verify, as its own command, agrees.
    CliRun verify = Jar.run(home, Map.of(), "verify", "--service", "s3", "--version", "v0.1.0", "--registry", ns(),
        "--insecure-registry", registry.address());
    assertEquals(0, verify.exitCode(), verify::toString);
  }

  @Test
  void theSameRunTwicePushesNothingTheSecondTime() throws Exception {
    GitFixture repo = released("sns", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    Map<String, String> before = registry.storageSnapshot();

    CliRun again = publish(repo, "--output", "json");

    assertEquals(0, again.exitCode(), again::toString);
    assertEquals(List.of("image: already published", "chart: already published"), actions(again));
    rows(again).forEach(r -> assertEquals(0, r.get("bytes").asLong()));
    assertEquals(before, registry.storageSnapshot(), "the registry is byte-for-byte unchanged");
  }

  @Test
  void dryRunComputesDigestsAndLeavesTheRegistryUnchanged() throws Exception {
    GitFixture repo = released("rds", "v0.1.0", ns());
    Map<String, String> before = registry.storageSnapshot();

    CliRun dry = publish(repo, "--dry-run", "--output", "json");

    assertEquals(0, dry.exitCode(), dry::toString);
    assertEquals(List.of("image: would push", "chart: would push"), actions(dry));
    rows(dry).forEach(r -> assertTrue(r.get("digest").asText().startsWith("sha256:"), r.toString()));
    assertEquals(before, registry.storageSnapshot());

    // The digest the dry run computed is the one a real run pushes: the build is reproducible.
    CliRun real = publish(repo, "--output", "json");
    assertEquals(0, real.exitCode(), real::toString);
    assertEquals(rows(dry).get(0).get("digest"), rows(real).get(0).get("digest"));
  }

  @Test
  void aDifferentBuildUnderAReleasedTagIsRefusedAndTheRegistryKeepsTheRelease() throws Exception {
    GitFixture repo = released("ecr", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    Map<String, String> before = registry.storageSnapshot();
    // Someone moves the release tag onto a commit that differs by one byte.
    repo.write("cmd/controller/main.go", Files.readString(repo.dir().resolve("cmd/controller/main.go")) + "\n");
    repo.commit("One more byte");
    repo.git("tag", "-f", "-a", "v0.1.0", "-m", "v0.1.0");

    CliRun run = publish(repo);

    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("refusing to overwrite " + ns() + "/ecr-controller:0.1.0"), run.errorLine());
    assertTrue(run.errorLine().matches(".*has sha256:[0-9a-f]{64} but this build is sha256:[0-9a-f]{64}.*"), run.errorLine());
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void aRunThatDiedBeforeTheChartFinishesOnReRun() throws Exception {
    GitFixture repo = released("dynamodb", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    skopeo("delete", "--tls-verify=false", "docker://" + ns() + "/dynamodb-chart:0.1.0");

    CliRun rerun = publish(repo, "--output", "json");

    assertEquals(0, rerun.exitCode(), rerun::toString);
    assertEquals(List.of("image: already published", "chart: pushed"), actions(rerun));
    assertTrue(rerun.json().get("verified").asBoolean());
  }

  @Test
  void theStableBranchPublishesOnlyTheMovingStableChart() throws Exception {
    GitFixture repo = released("iam", "v0.1.0", ns());
    assertEquals(0, publish(repo).exitCode());
    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs after the release\n");
    repo.commit("Docs");

    CliRun run = publish(repo, "--output", "json");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("stable", run.json().get("mode").asText());
    assertEquals(List.of("chart: pushed"), actions(run));
    assertEquals(ns() + "/iam-chart:v0-stable", rows(run).get(0).get("ref").asText());
    String rendered = HelmProcess.templatePlainHttp("oci://" + ns() + "/iam-chart", "v0-stable", Files.createDirectories(tmp.resolve("helm")));
    assertTrue(rendered.contains(ns() + "/iam-controller:0.1.0"), "the stable chart deploys the real release image");
    CliRun verify = Jar.run(home, Map.of(), "verify", "--service", "iam", "--version", "v0.1.0", "--stable", "--registry", ns(),
        "--insecure-registry", registry.address());
    assertEquals(0, verify.exitCode(), verify::toString);

    // A CI push of stable onto the release commit itself is a stable publish too.
    repo.git("checkout", "-q", "--detach", "v0.1.0");
    CliRun ci = publish(repo, Map.of("PULL_BASE_REF", "stable"), "--output", "json");
    assertEquals(0, ci.exitCode(), ci::toString);
    assertEquals("stable", ci.json().get("mode").asText());
  }

  @Test
  void aFailedRunInJsonModePrintsOneDocumentWithTheRowsSoFar() throws Exception {
    GitFixture repo = released("ses", "v0.1.0", ns());
    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs\n");
    repo.commit("Docs");
    Path report = tmp.resolve("failed.json");

    CliRun run = publish(repo, "--output", "json", "--report", report.toString());

    assertEquals(5, run.exitCode(), run::toString);
    JsonNode doc = run.json(); // fails unless stdout is exactly one JSON value
    assertFalse(doc.get("ok").asBoolean());
    assertEquals(5, doc.get("exitCode").asInt());
    assertEquals("stable", doc.get("publish").get("mode").asText());
    JsonNode written = JSON.readTree(report.toFile());
    assertFalse(written.get("ok").asBoolean());
    assertTrue(written.get("errors").get(0).asText().contains(ns() + "/ses-controller:0.1.0"), written.toString());
  }

  @Test
  void stableWithoutThePublishedImageFailsVerificationAndPushesNothing() throws Exception {
    GitFixture repo = released("ec2", "v0.1.0", ns());
    repo.git("checkout", "-q", "-b", "stable");
    repo.write("README.md", "docs\n");
    repo.commit("Docs");
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo);

    assertEquals(5, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains(ns() + "/ec2-controller:0.1.0"), run.errorLine());
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void mainWithoutAReleaseTagHasNothingToPublish() {
    GitFixture repo = released("kms", "v0.1.0", ns());
    repo.write("README.md", "work after the release\n");
    repo.commit("Work");

    CliRun run = publish(repo);

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("nothing to publish"), run::toString);
  }

  @Test
  void artifactsThatDisagreeWithTheTagFailBeforeAnythingIsBuilt() throws Exception {
    GitFixture repo = released("sqs", "v0.1.0", "public.ecr.aws/aws-controllers-k8s");
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo);

    assertEquals(5, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("helm/values.yaml:"), run.errorLine());
    assertTrue(run.errorLine().contains("want " + ns() + "/sqs-controller"), run.errorLine());
    assertFalse(run.err().contains("go build"), "nothing was built");
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void aGoBuildFailureIsExit6WithTheCompilerOutput() throws Exception {
    GitFixture repo = SampleController.create(tmp, "eks");
    repo.write("cmd/controller/main.go", "package main\n\nfunc main() { undefinedCall() }\n");
    repo.commit("Broken");
    prepareAndTag(repo, "eks", "v0.1.0", ns());
    Map<String, String> before = registry.storageSnapshot();

    CliRun run = publish(repo);

    assertEquals(6, run.exitCode(), run::toString);
    assertTrue(run.errorLine().contains("undefinedCall"), run.errorLine());
    assertEquals(before, registry.storageSnapshot());
  }

  @Test
  void wrongCredentialsAreExit4WithoutTheSecretAndRightOnesPublishOverVerifiedTls() throws Exception {
    try (RegistryServer auth = RegistryServer.tlsWithAuth(tmp.resolve("auth-registry"), "releaser", "correct-horse-battery")) {
      String authNs = auth.address() + "/ack";
      GitFixture repo = released("sfn", "v0.1.0", authNs);
      String ca = auth.caFile().orElseThrow().toString();
      List<String> args = List.of("publish", "--controller-dir", repo.dir().toString(), "--registry", authNs,
          "--registry-ca", ca, "--base-image", "scratch", "--cache-dir", cache.toString());

      CliRun wrong = Jar.run(home, Map.of("ACK_RELEASE_REGISTRY_USERNAME", "releaser",
          "ACK_RELEASE_REGISTRY_PASSWORD", "wrong-password-123"), args.toArray(String[]::new));
      assertEquals(4, wrong.exitCode(), wrong::toString);
      assertTrue(wrong.errorLine().contains("authentication to " + auth.address() + " failed"), wrong.errorLine());
      assertTrue(wrong.errorLine().contains(RegistryAuth.ENV_SOURCE), "names where the credentials came from");
      assertFalse(wrong.out().contains("wrong-password-123") || wrong.err().contains("wrong-password-123"));

      CliRun noCa = Jar.run(home, Map.of("ACK_RELEASE_REGISTRY_USERNAME", "releaser",
          "ACK_RELEASE_REGISTRY_PASSWORD", "correct-horse-battery"), args.stream().filter(a -> !a.equals("--registry-ca") && !a.equals(ca))
          .toArray(String[]::new));
      assertEquals(4, noCa.exitCode(), noCa::toString);
      assertTrue(noCa.errorLine().contains("--registry-ca"), noCa.errorLine());

      CliRun right = Jar.run(home, Map.of("ACK_RELEASE_REGISTRY_USERNAME", "releaser",
          "ACK_RELEASE_REGISTRY_PASSWORD", "correct-horse-battery"), args.toArray(String[]::new));
      assertEquals(0, right.exitCode(), right::toString);
      assertFalse(right.out().contains("correct-horse-battery") || right.err().contains("correct-horse-battery"));
    }
  }

  @Test
  void ecrPublicTokenFromTheRealSdkOpensTheRegistryAndMissingRepositoriesAreCreated() throws Exception {
    try (RegistryServer auth = RegistryServer.tlsWithAuth(tmp.resolve("ecr-registry"), "AWS", "ecr-token-secret-4711");
         EcrPublicStub ecr = new EcrPublicStub()) {
      ecr.token("AWS", "ecr-token-secret-4711", Instant.now().plusSeconds(43_200));
      ecr.repository("acm-controller", false);
      ecr.repository("acm-chart", true);
      String ecrNs = auth.address() + "/aws-controllers-k8s";
      GitFixture repo = released("acm", "v0.1.0", ecrNs);

      CliRun run = Jar.run(home, Map.of(
              "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", ecr.endpoint().toString(),
              "ACK_RELEASE_ECR_PUBLIC_REGISTRY_HOST", auth.address(),
              "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
              "AWS_REGION", "eu-west-1"),
          "publish", "--controller-dir", repo.dir().toString(), "--registry", ecrNs, "--registry-ca",
          auth.caFile().orElseThrow().toString(), "--base-image", "scratch", "--cache-dir", cache.toString(), "--output", "json");

      assertEquals(0, run.exitCode(), run::toString);
      assertEquals(List.of("image: pushed", "chart: pushed"), actions(run));
      ecr.server().verify(1, EcrPublicStub.requested("CreateRepository"));
      assertFalse(run.out().contains("ecr-token-secret-4711") || run.err().contains("ecr-token-secret-4711"));
      assertFalse(run.err().contains("wJalrXUtnFEMI"), "no AWS secret in the output");
    }
  }
}
