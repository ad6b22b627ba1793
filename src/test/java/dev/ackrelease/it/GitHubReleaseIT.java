package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ackrelease.cli.Cli;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.GitHubFake;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.KmsStub;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code github-release} (and {@code publish --github-release}) run as a process against a real
 * registry holding a signed release and {@link GitHubFake} over the controller's bare remote: the
 * release is created as a draft, its assets uploaded to the uploads host, published last; a re-run
 * changes nothing; a release a failed run left half-made is finished; an asset with other bytes is
 * refused (exit 3) until {@code --replace-assets}; GitHub's rate limit, a 502 and an upload left in
 * state {@code starter} are retried into one release; the tag must be on GitHub; a report of
 * another build is exit 5; and no output carries the token.
 */
class GitHubReleaseIT {

  static final String TOKEN = "ghp_githubReleaseItToken0123456789abcdef";
  static final String SLUG = "aws-controllers-k8s/s3-controller";
  static final String CRD_BUCKETS = "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
      + "  name: buckets.s3.services.k8s.aws\n";
  static final String CRD_ADOPTED = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
      + "  name: adoptedresources.services.k8s.aws";
  static final List<String> ASSETS = List.of("cosign.pub", "s3-controller-0.1.0.crds.yaml", "s3-controller-0.1.0.intoto.jsonl",
      "s3-controller-0.1.0.publish.json", "s3-controller-0.1.0.spdx.json", "s3-controller-0.1.0.checksums.txt");

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path home;
  static Path cache;
  static Path key;
  static Path pub;
  static GitFixture repo;
  static Path bare;
  static Path report;
  static JsonNode published;

  @TempDir Path tmp;
  GitHubFake fake;
  final List<CliRun> runs = new ArrayList<>();

  @BeforeAll
  static void publishedAndTagged() throws Exception {
    registry = RegistryServer.plain(shared.resolve("registry"));
    home = Files.createDirectories(shared.resolve("home"));
    cache = Files.createDirectories(shared.resolve("cache"));
    key = shared.resolve("key.pem");
    pub = shared.resolve("pub.pem");
    SigningIT.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    SigningIT.openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
    repo = released(shared, "s3");
    report = shared.resolve("publish.json");
    CliRun run = Jar.run(home, Map.of(), publishArgs(repo, "--sign-key", key.toString(), "--report", report.toString()));
    assertEquals(0, run.exitCode(), run::toString);
    published = run.json();
    bare = repo.addBareRemote("origin");
    repo.git("push", "-q", "origin", "main", "v0.1.0");
  }

  /** {@code service}'s controller released v0.1.0 with two CRDs in helm/crds, tagged. */
  static GitFixture released(Path parent, String service) {
    GitFixture r = SampleController.create(parent, service);
    CliRun prepare = Cli.run("prepare", "v0.1.0", "--service", service, "--controller-dir", r.dir().toString(),
        "--image-repository", ns() + "/" + service + "-controller", "--quiet");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    r.git("checkout", "-q", "main");
    r.git("merge", "-q", "--ff-only", "release-v0.1.0");
    r.write("helm/crds/" + service + ".services.k8s.aws_buckets.yaml", CRD_BUCKETS);
    r.write("helm/crds/services.k8s.aws_adoptedresources.yaml", CRD_ADOPTED);
    r.commit("Add the CRDs");
    CliRun tag = Cli.run("tag", "v0.1.0", "--controller-dir", r.dir().toString(), "--quiet");
    assertEquals(0, tag.exitCode(), tag::toString);
    return r;
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  static String[] publishArgs(GitFixture r, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", r.dir().toString(), "--registry", ns(),
        "--insecure-registry", registry.address(), "--base-image", "scratch", "--platforms", "linux/amd64", "--cache-dir",
        cache.toString(), "--output", "json"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
    repo.close();
  }

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
    for (CliRun r : runs) {
      assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), "the token is in no output: " + r);
    }
  }

  GitHubFake fake(Path bareRepo) {
    fake = new GitHubFake(TOKEN).repository(SLUG, bareRepo);
    return fake;
  }

  CliRun githubRelease(Map<String, String> env, String... extra) {
    return githubRelease(env, true, extra);
  }

  /** github-release of v0.1.0 against the fake and the registry; {@code withKey}: with {@code --public-key} (the release key's). */
  CliRun githubRelease(Map<String, String> env, boolean withKey, String... extra) {
    List<String> args = new ArrayList<>(List.of("github-release", "v0.1.0", "--controller-dir", repo.dir().toString(),
        "--registry", ns(), "--insecure-registry", registry.address(), "--platforms", "linux/amd64",
        "--github-api-url", fake.apiUrl()));
    if (withKey) {
      args.addAll(List.of("--public-key", pub.toString()));
    }
    args.addAll(List.of(extra));
    Map<String, String> all = new HashMap<>(Map.of("GITHUB_TOKEN", TOKEN));
    all.putAll(env);
    CliRun r = Jar.run(home, all, args.toArray(String[]::new));
    runs.add(r);
    return r;
  }

  CliRun githubRelease(String... extra) {
    return githubRelease(Map.of(), extra);
  }

  JsonNode release() {
    List<JsonNode> all = fake.releases(SLUG);
    assertEquals(1, all.size(), "one release: " + all);
    return all.get(0);
  }

  List<String> assetNames() {
    List<String> names = new ArrayList<>();
    release().path("assets").forEach(a -> names.add(a.path("name").asText()));
    return names;
  }

  long writes() {
    return fake.count("POST", ".*") + fake.count("PATCH", ".*") + fake.count("DELETE", ".*");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void createdAsADraftFilledThenPublishedAndARerunChangesNothing() throws Exception {
    fake(bare);

    CliRun created = githubRelease("--report", report.toString(), "--output", "json");

    assertEquals(0, created.exitCode(), created::toString);
    assertEquals("created", created.json().get("action").asText());
    JsonNode r = release();
    assertFalse(r.path("draft").asBoolean(), "published");
    assertEquals(repo.git("rev-parse", "v0.1.0^{commit}"), r.path("target_commitish").asText());
    assertEquals(ASSETS.stream().sorted().toList(), assetNames().stream().sorted().toList());
    assertEquals(List.of(), fake.tagsCreatedByGitHub(SLUG), "GitHub never had to make the tag");
    assertEquals(ASSETS.size(), fake.requests().stream().filter(l -> l.startsWith("POST uploads:/repos/" + SLUG + "/releases/")).count(),
        "every asset went to the uploads host: " + fake.requests());
    assertTrue(fake.requests().indexOf(fake.requests().stream().filter(l -> l.startsWith("PATCH")).reduce((a, b) -> b).orElseThrow())
        > fake.requests().indexOf(fake.requests().stream().filter(l -> l.startsWith("POST uploads:")).reduce((a, b) -> b).orElseThrow()),
        "published after the last upload: " + fake.requests());

    String crds = new String(fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.crds.yaml"), StandardCharsets.UTF_8);
    assertEquals("---\n# Source: helm/crds/s3.services.k8s.aws_buckets.yaml\n" + CRD_BUCKETS.substring(4)
        + "---\n# Source: helm/crds/services.k8s.aws_adoptedresources.yaml\n" + CRD_ADOPTED + "\n", crds);
    String checksums = new String(fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.checksums.txt"), StandardCharsets.UTF_8);
    for (String name : ASSETS.subList(0, ASSETS.size() - 1)) {
      assertTrue(checksums.contains(sha256(fake.assetBytes(SLUG, "v0.1.0", name)) + "  " + name + "\n"), name + " in " + checksums);
    }
    assertEquals(Files.readString(pub), new String(fake.assetBytes(SLUG, "v0.1.0", "cosign.pub"), StandardCharsets.UTF_8));
    JsonNode sbom = PublishIT.JSON.readTree(fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.spdx.json"));
    assertEquals("SPDX-2.3", sbom.path("spdxVersion").asText());
    String envelope = new String(fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.intoto.jsonl"), StandardCharsets.UTF_8);
    assertEquals("application/vnd.in-toto+json", PublishIT.JSON.readTree(envelope.lines().findFirst().orElseThrow())
        .path("payloadType").asText());

    String body = r.path("body").asText();
    String imageDigest = digestOf("image");
    String chartDigest = digestOf("chart");
    assertTrue(body.contains("| image index | `" + ns() + "/s3-controller:0.1.0` | `" + imageDigest + "` |"), body);
    assertTrue(body.contains("| image linux/amd64 | `" + ns() + "/s3-controller@sha256:"), body);
    assertTrue(body.contains("| chart | `" + ns() + "/s3-chart:0.1.0` | `" + chartDigest + "` |"), body);
    assertTrue(body.contains("helm install --create-namespace -n ack-system ack-s3-controller --plain-http \\\n  oci://" + ns()
        + "/s3-chart --version 0.1.0"), body);
    assertTrue(body.contains("kubectl apply --server-side -f " + fake.webUrl() + "/" + SLUG
        + "/releases/download/v0.1.0/s3-controller-0.1.0.crds.yaml"), body);
    assertTrue(body.contains("cosign verify --key cosign.pub --insecure-ignore-tlog --allow-insecure-registry --allow-http-registry "
        + ns() + "/s3-controller@" + imageDigest), body);
    assertTrue(body.contains("cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --allow-insecure-registry"
        + " --allow-http-registry --type slsaprovenance1 " + ns() + "/s3-controller@" + imageDigest), body);
    assertTrue(body.contains("| SBOM (SPDX 2.3) |") && body.contains("| signature of the chart |")
        && body.contains("| provenance of the image |"), body);

    long before = writes();
    CliRun again = githubRelease("--output", "json");
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals("unchanged", again.json().get("action").asText());
    assertEquals(before, writes(), "a re-run writes nothing: " + fake.requests());
    again.json().get("artifacts").forEach(a -> assertEquals("unchanged", a.get("action").asText()));
  }

  @Test
  void aReleaseAFailedRunLeftHalfMadeIsFinishedAndPublished() {
    fake(bare);
    fake.failOnce("POST", ".*/releases/\\d+/assets", 502);

    CliRun died = githubRelease(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1"));

    assertEquals(4, died.exitCode(), died::toString);
    assertTrue(release().path("draft").asBoolean(), "left a draft, never public half-made");
    assertTrue(assetNames().size() < ASSETS.size(), assetNames().toString());

    CliRun finished = githubRelease("--output", "json");
    assertEquals(0, finished.exitCode(), finished::toString);
    assertEquals("updated", finished.json().get("action").asText());
    assertFalse(release().path("draft").asBoolean());
    assertEquals(ASSETS.stream().sorted().toList(), assetNames().stream().sorted().toList());
    assertEquals(1, fake.count("POST", "/repos/" + SLUG + "/releases"), "one release created, then found again");

    fake.deleteAsset(SLUG, "v0.1.0", "s3-controller-0.1.0.spdx.json");
    CliRun completed = githubRelease("--output", "json");
    assertEquals(0, completed.exitCode(), completed::toString);
    List<String> uploaded = new ArrayList<>();
    completed.json().get("artifacts").forEach(a -> {
      if (a.get("action").asText().equals("created")) {
        uploaded.add(a.get("ref").asText());
      }
    });
    assertEquals(List.of("s3-controller-0.1.0.spdx.json"), uploaded, "only the missing asset");
  }

  @Test
  void aDryRunOverAnUploadAFailedRunLeftUnfinishedSaysItWouldSendItAgain() {
    fake(bare);
    fake.failNextUploadLeavingStarter();
    CliRun died = githubRelease(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "1"));
    assertEquals(4, died.exitCode(), died::toString);
    List<String> states = new ArrayList<>();
    release().path("assets").forEach(a -> states.add(a.path("state").asText()));
    assertEquals(List.of("starter"), states, "the failed upload left an unfinished asset");
    long before = writes();

    CliRun dry = githubRelease("--dry-run", "--output", "json");

    assertEquals(0, dry.exitCode(), dry::toString);
    assertEquals("would update", dry.json().get("action").asText());
    dry.json().get("artifacts").forEach(a -> assertEquals("would create", a.get("action").asText(), a.toString()));
    assertEquals(before, writes(), "a dry run writes nothing: " + fake.requests());
    CliRun finished = githubRelease();
    assertEquals(0, finished.exitCode(), finished::toString);
    release().path("assets").forEach(a -> assertEquals("uploaded", a.path("state").asText(), a.toString()));
  }

  @Test
  void anAssetWithOtherBytesIsRefusedUntilReplaceAssets() {
    fake(bare);
    assertEquals(0, githubRelease().exitCode());
    fake.replaceAsset(SLUG, "v0.1.0", "s3-controller-0.1.0.publish.json", "{}\n".getBytes(StandardCharsets.UTF_8));
    long before = writes();

    CliRun refused = githubRelease();

    assertEquals(3, refused.exitCode(), refused::toString);
    assertTrue(refused.errorLine().contains("s3-controller-0.1.0.publish.json") && refused.errorLine().contains("--replace-assets"),
        refused.errorLine());
    assertEquals(before, writes(), "nothing written: " + fake.requests());

    CliRun replaced = githubRelease("--replace-assets", "--output", "json");
    assertEquals(0, replaced.exitCode(), replaced::toString);
    assertTrue(new String(fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.publish.json"), StandardCharsets.UTF_8)
        .contains(digestOf("image")));
  }

  /**
   * A run without the key on a release that has it would drop it (checksums without it, no verify
   * commands): an input missing, not other bytes, so it is refused (exit 3, nothing written), with
   * or without --replace-assets, naming the key to pass, never --replace-assets; and so is one on a
   * release whose checksums still name the key after cosign.pub was deleted. With the key it is whole again.
   */
  @Test
  void aRunWithoutTheKeyOnAReleaseThatHasItIsRefusedNamingTheKeyNotReplaceAssets() {
    fake(bare);
    assertEquals(0, githubRelease().exitCode());
    byte[] checksums = fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.checksums.txt");
    long before = writes();
    String refusal = "error: the GitHub release v0.1.0 has cosign.pub, which this run would drop (it was given no key): pass the"
        + " key it was signed with: --sign-key REF (or its public key: --public-key FILE)";

    for (List<String> extra : List.of(List.of("--dry-run"), List.<String>of(), List.of("--replace-assets"))) {
      CliRun refused = githubRelease(Map.of(), false, extra.toArray(String[]::new));
      assertEquals(3, refused.exitCode(), refused::toString);
      assertEquals(refusal, refused.errorLine(), refused::toString);
    }
    assertEquals(before, writes(), "nothing written: " + fake.requests());
    assertEquals(ASSETS.stream().sorted().toList(), assetNames().stream().sorted().toList());
    assertArrayEquals(checksums, fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.checksums.txt"));

    fake.deleteAsset(SLUG, "v0.1.0", "cosign.pub");
    CliRun named = githubRelease(Map.of(), false, "--replace-assets");
    assertEquals(3, named.exitCode(), named::toString);
    assertEquals("error: the GitHub release v0.1.0 has s3-controller-0.1.0.checksums.txt naming cosign.pub, which this run"
        + " would drop (it was given no key): pass the key it was signed with: --sign-key REF (or its public key: --public-key"
        + " FILE)", named.errorLine());

    CliRun whole = githubRelease("--output", "json");
    assertEquals(0, whole.exitCode(), whole::toString);
    assertEquals(ASSETS.stream().sorted().toList(), assetNames().stream().sorted().toList());
    assertArrayEquals(checksums, fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.checksums.txt"));
  }

  /** Every asset's bytes and the body of the one release of v0.1.0 the fake holds. */
  Map<String, String> assetsAndBody() {
    Map<String, String> all = new LinkedHashMap<>();
    assetNames().stream().sorted().forEach(n -> all.put(n, new String(fake.assetBytes(SLUG, "v0.1.0", n), StandardCharsets.UTF_8)));
    all.put("body", release().path("body").asText());
    return all;
  }

  /**
   * A controller that sets sign-key (here in the workspace root's .ack-release.yaml, relative to it)
   * and not public-key: the first github-release attaches the key's public half (cosign.pub, its
   * checksum line, the verify commands), and publish --github-release with that key finds nothing
   * to change. An encrypted key without its password is exit 2 before any request; a refused report
   * names the publish with the key.
   */
  @Test
  void aSignKeyAloneAttachesItsPublicHalfAsPublishGitHubReleaseDoes() throws Exception {
    fake(bare);
    Path settings = shared.resolve(".ack-release.yaml");
    Files.writeString(settings, "sign-key: " + shared.relativize(key) + "\n");
    try {
      Path encrypted = tmp.resolve("encrypted.pem");
      SigningIT.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(), "-passout", "pass:k3y-pass", "-out",
          encrypted.toString());
      CliRun noPassword = githubRelease(Map.of(), false, "--sign-key", encrypted.toString());
      assertEquals(2, noPassword.exitCode(), noPassword::toString);
      assertTrue(noPassword.errorLine().contains("ACK_RELEASE_SIGN_KEY_PASSWORD"), noPassword.errorLine());
      Path failed = reportWith("failed.json", d -> d.put("ok", false).put("exitCode", 4));
      CliRun refused = githubRelease(Map.of(), false, "--report", failed.toString());
      assertEquals(3, refused.exitCode(), refused::toString);
      assertTrue(refused.errorLine().contains(" --sign-key " + key + " --platforms linux/amd64 --controller-dir ")
          && refused.errorLine().contains(" --base-image scratch --report "), refused.errorLine());
      assertEquals(List.of(), fake.requests(), "no request to GitHub");

      CliRun created = githubRelease(Map.of(), false, "--output", "json");

      assertEquals(0, created.exitCode(), created::toString);
      assertEquals(ASSETS.stream().sorted().toList(), assetNames().stream().sorted().toList());
      assertEquals(Files.readString(pub), new String(fake.assetBytes(SLUG, "v0.1.0", "cosign.pub"), StandardCharsets.UTF_8));
      String body = release().path("body").asText();
      assertTrue(body.contains("cosign verify --key cosign.pub "), body);
      String privateKey = Files.readString(key).replaceAll("-----[A-Z ]+-----|\\s", "").substring(0, 32);
      for (CliRun r : List.of(noPassword, refused, created)) {
        assertFalse(r.out().contains(privateKey) || r.err().contains(privateKey), "no private byte in " + r);
      }
      Map<String, String> made = assetsAndBody();
      made.values().forEach(v -> assertFalse(v.contains(privateKey), "no private byte in the release"));

      long before = writes();
      CliRun publish = Jar.run(home, Map.of("GITHUB_TOKEN", TOKEN), publishArgs(repo, "--github-release", "--github-api-url",
          fake.apiUrl()));
      runs.add(publish);
      assertEquals(0, publish.exitCode(), publish::toString);
      JsonNode rows = publish.json().get("artifacts");
      assertEquals("github-release: unchanged", rows.get(rows.size() - 1).get("kind").asText() + ": "
          + rows.get(rows.size() - 1).get("action").asText(), rows.toString());
      assertEquals(before, writes(), "publish --github-release with the key changes nothing: " + fake.requests());
      assertEquals(made, assetsAndBody());
    } finally {
      Files.delete(settings);
    }
  }

  /**
   * A KMS key's public half (GetPublicKey only: nothing signed) is attached as the same bytes as
   * --public-key of that key; a --public-key of another key is exit 2 naming both, and a KMS that
   * cannot be reached exit 4, both before any request to GitHub.
   */
  @Test
  void aKmsSignKeyAloneAttachesItsPublicHalfAndABadOneStopsBeforeAnyRequest() throws Exception {
    fake(bare);
    try (KmsStub kms = new KmsStub()) {
      Path kmsPub = kms.publicKeyPem(tmp.resolve("kms.pub"));
      String ref = "awskms:///" + KmsStub.KEY_ARN;
      Map<String, String> aws = Map.of("ACK_RELEASE_KMS_ENDPOINT", kms.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
          "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_EC2_METADATA_DISABLED", "true");

      CliRun mismatch = githubRelease(aws, true, "--sign-key", ref, "--no-verify");
      assertEquals(2, mismatch.exitCode(), mismatch::toString);
      assertEquals(List.of("error: --public-key " + pub + " is not the public half of --sign-key " + ref + ": pass the public"
          + " key of the key the release was signed with, or only --sign-key"), mismatch.errLines(), mismatch::toString);
      Map<String, String> unreachable = new HashMap<>(aws);
      unreachable.put("ACK_RELEASE_KMS_ENDPOINT", "http://127.0.0.1:" + closedPort());
      CliRun down = githubRelease(unreachable, false, "--sign-key", ref);
      assertEquals(4, down.exitCode(), down::toString);
      assertTrue(down.errorLine().contains("cannot read the public key of KMS key " + KmsStub.KEY_ARN), down.errorLine());
      assertEquals(List.of(), fake.requests(), "no request to GitHub");

      // The release was signed with the PEM key: only the key attached is looked at here.
      CliRun created = githubRelease(aws, false, "--sign-key", ref, "--no-verify", "--output", "json");

      assertEquals(0, created.exitCode(), created::toString);
      assertEquals(0, kms.signs(), "nothing signed");
      assertEquals(ASSETS.stream().sorted().toList(), assetNames().stream().sorted().toList());
      assertEquals(Files.readString(kmsPub), new String(fake.assetBytes(SLUG, "v0.1.0", "cosign.pub"), StandardCharsets.UTF_8));
      long before = writes();
      CliRun same = githubRelease(Map.of(), false, "--public-key", kmsPub.toString(), "--no-verify", "--output", "json");
      assertEquals(0, same.exitCode(), same::toString);
      assertEquals("unchanged", same.json().get("action").asText(), same::toString);
      assertEquals(before, writes(), "--public-key of that key makes the same release: " + fake.requests());
      for (CliRun r : List.of(mismatch, down, created)) {
        assertFalse(r.out().contains("wJalrXUtnFEMI") || r.err().contains("wJalrXUtnFEMI"), "AWS secrets stay secret: " + r);
      }
    }
  }

  /** Neither key: as before, no cosign.pub, no checksum line for it, verify commands with a placeholder for the key. */
  @Test
  void neitherKeyMakesAReleaseWithoutCosignPub() {
    fake(bare);
    CliRun run = githubRelease(Map.of(), false, "--output", "json");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(ASSETS.subList(1, ASSETS.size()).stream().sorted().toList(), assetNames().stream().sorted().toList());
    assertFalse(new String(fake.assetBytes(SLUG, "v0.1.0", "s3-controller-0.1.0.checksums.txt"), StandardCharsets.UTF_8)
        .contains("cosign.pub"));
    String body = release().path("body").asText();
    assertTrue(body.contains("cosign verify --key <release key>.pub ") && !body.contains("cosign.pub"), body);
  }

  static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void rateLimitsA502AndAnUploadLeftInStarterAreRetriedIntoOneRelease() {
    fake(bare);
    fake.failOnce("GET", ".*/releases/tags/v0.1.0", 403);
    fake.failOnce("POST", "/repos/" + SLUG + "/releases", 502);
    fake.failOnce("PATCH", ".*/releases/\\d+", 502);
    fake.failNextUploadLeavingStarter();

    CliRun run = githubRelease();

    assertEquals(0, run.exitCode(), run::toString);
    assertFalse(release().path("draft").asBoolean());
    assertEquals(ASSETS.stream().sorted().toList(), assetNames().stream().sorted().toList());
    release().path("assets").forEach(a -> assertEquals("uploaded", a.path("state").asText(), a.toString()));
    assertTrue(run.err().contains("GitHub answered 403 You have exceeded a secondary rat") && run.err().contains("retrying"), run.err());
  }

  @Test
  void onAnEnterpriseServerWithoutAssetDigestsTheBytesAreComparedWithoutTheToken() {
    fake(bare).withoutAssetDigests();
    assertEquals(0, githubRelease().exitCode());
    long before = writes();

    CliRun again = githubRelease("--output", "json");

    assertEquals(0, again.exitCode(), again::toString);
    assertEquals("unchanged", again.json().get("action").asText());
    assertEquals(before, writes());
    assertEquals(ASSETS.size(), fake.requests().stream().filter(l -> l.startsWith("GET uploads:/storage/")).count(),
        "each asset downloaded from storage once (storage refuses a token): " + fake.requests());
  }

  @Test
  void aTagGitHubDoesNotHaveADryRunAndBadInputWriteNothing() throws Exception {
    Path noTag = tmp.resolve("no-tag.git");
    ProcessResult.run(List.of("git", "init", "-q", "--bare", noTag.toString()), null, 30).assertOk();
    repo.git("push", "-q", noTag.toUri().toString(), "main");
    fake(noTag);
    CliRun refused = githubRelease();
    assertEquals(3, refused.exitCode(), refused::toString);
    assertTrue(refused.errorLine().contains("GitHub has no tag v0.1.0") && refused.errorLine().contains("--push"),
        refused.errorLine());
    fake.close();

    fake(bare);
    CliRun dry = githubRelease("--dry-run", "--output", "json");
    assertEquals(0, dry.exitCode(), dry::toString);
    assertEquals("would create", dry.json().get("action").asText());
    dry.json().get("artifacts").forEach(a -> assertEquals("would create", a.get("action").asText()));

    Path other = tmp.resolve("other-report.json");
    Files.writeString(other, Files.readString(report).replace(digestOf("image"), "sha256:" + "0".repeat(64)));
    CliRun mismatch = githubRelease("--report", other.toString());
    assertEquals(5, mismatch.exitCode(), mismatch::toString);
    assertTrue(mismatch.errorLine().contains("another build"), mismatch.errorLine());
    // The same digests under another registry's references: a report of another publish, refused too (it was taken: a
    // new-user trial found exit 0 with every digest wrong, the rows' refs elsewhere); a row without a digest is no publish's.
    Path elsewhere = reportWith("elsewhere.json", d -> row(d, "image").put("ref", "registry.example.com/ack/s3-controller:0.1.0")
        .put("digest", "sha256:" + "0".repeat(64)));
    CliRun moved = githubRelease("--report", elsewhere.toString());
    assertEquals(5, moved.exitCode(), moved::toString);
    assertTrue(moved.errorLine().contains("the report is of a publish to another registry or repository"), moved.errorLine());
    Path noDigest = reportWith("no-digest.json", d -> row(d, "chart").remove("digest"));
    CliRun malformed = githubRelease("--report", noDigest.toString());
    assertEquals(2, malformed.exitCode(), malformed::toString);
    assertTrue(malformed.errorLine().endsWith("'s chart row has no digest: pass the report the publish wrote, or none"),
        malformed.errorLine());

    CliRun noToken = githubRelease(Map.of("GITHUB_TOKEN", ""));
    assertEquals(2, noToken.exitCode(), noToken::toString);
    CliRun noReport = githubRelease("--report", tmp.resolve("missing.json").toString());
    assertEquals(2, noReport.exitCode(), noReport::toString);
    assertEquals(0, writes(), "nothing written: " + fake.requests());
    assertEquals(List.of(), fake.releases(SLUG));
  }

  /** The report, edited as {@code edit} says, written beside the test's other files. */
  Path reportWith(String name, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode doc = (ObjectNode) PublishIT.JSON.readTree(report.toFile());
    edit.accept(doc);
    Path file = tmp.resolve(name);
    Files.writeString(file, PublishIT.JSON.writeValueAsString(doc));
    return file;
  }

  static ObjectNode row(ObjectNode doc, String kind) {
    for (JsonNode a : doc.get("artifacts")) {
      if (a.get("kind").asText().equals(kind)) {
        return (ObjectNode) a;
      }
    }
    throw new AssertionError("no " + kind + " in " + doc);
  }

  /**
   * A report of a publish that did not publish this release whole is refused (exit 3) before
   * any request to GitHub or the registry, in one line naming the report, what it says and the
   * publish to re-run: a failed run's (its exit code and error), a dry run's, a plan's, a stable
   * publish's, another release's, and one with a row not pushed or the chart's missing. The report
   * of a publish that did it all (pushed or unchanged) is taken, as every other test here shows.
   */
  @Test
  void aReportOfAPublishThatFailedOrDidNotPublishThisReleaseIsRefusedBeforeAnyRequest() throws Exception {
    fake(bare);
    String error = "cannot push " + ns() + "/s3-chart:0.1.0: the registry answered HTTP 503: run the same command again";
    Map<String, List<String>> refusals = new LinkedHashMap<>();
    refusals.put(reportWith("failed.json", d -> d.put("ok", false).put("exitCode", 4).put("error", error)).toString(),
        List.of("says the publish failed (exit 4: " + error + ")", "(ack-release publish --registry " + ns()
            + " --insecure-registry " + registry.address() + " --platforms linux/amd64 --controller-dir " + repo.dir()
            + " --base-image scratch --report " + tmp.resolve("v0.1.0.json") + ")",
            "then run github-release again with --report " + tmp.resolve("v0.1.0.json")));
    refusals.put(reportWith("incomplete.json", d -> row(d, "signature").put("action", "failed")).toString(),
        List.of("not everything was published: signature ", "(failed)", "re-run the publish at the tag v0.1.0"));
    refusals.put(reportWith("no-chart.json", d -> {
      ArrayNode rows = (ArrayNode) d.get("artifacts");
      for (int i = rows.size() - 1; i >= 0; i--) {
        if (rows.get(i).get("kind").asText().equals("chart")) {
          rows.remove(i);
        }
      }
    }).toString(), List.of("chart (no row)"));
    refusals.put(reportWith("dry-run.json", d -> {
      d.put("dryRun", true);
      d.get("artifacts").forEach(a -> ((ObjectNode) a).put("action", "would push"));
    }).toString(), List.of("is the report of a dry run", "without --dry-run"));
    refusals.put(reportWith("plan.json", d -> {
      d.put("command", "plan");
      d.get("artifacts").forEach(a -> ((ObjectNode) a).put("action", "push"));
    }).toString(), List.of("is plan's report", "ack-release publish"));
    // The publish to run, pasted, reaches the same registry (--insecure-registry too) and keeps this report.
    refusals.put(reportWith("stable.json", d -> d.put("mode", "stable")).toString(), List.of("stable publish",
        "(ack-release publish --registry " + ns() + " --insecure-registry " + registry.address() + " ",
        "--report " + tmp.resolve("v0.1.0.json") + ")"));
    refusals.put(reportWith("other-release.json", d -> d.put("tag", "v0.0.9").put("version", "0.0.9")).toString(),
        List.of("is the report of s3 v0.0.9, not of s3 v0.1.0"));
    int registryRequests = registry.requests().size();

    refusals.forEach((file, said) -> {
      CliRun refused = githubRelease("--report", file);
      assertEquals(3, refused.exitCode(), refused::toString);
      assertEquals(1, refused.errLines().size(), refused::toString);
      assertTrue(refused.errorLine().startsWith("error: --report " + file + " "), refused.errorLine());
      said.forEach(s -> assertTrue(refused.errorLine().contains(s), s + " in " + refused.errorLine()));
    });

    assertEquals(List.of(), fake.requests(), "no request to GitHub");
    assertEquals(registryRequests, registry.requests().size(), "no request to the registry");
    assertEquals(List.of(), fake.releases(SLUG));

    // Not a publish report of one service at all: bad input (exit 2), whatever GitHub holds.
    Path fleet = tmp.resolve("fleet.json");
    Files.writeString(fleet, "{\"schemaVersion\":1,\"command\":\"publish\",\"ok\":true,\"services\":[{\"service\":\"s3\"},"
        + "{\"service\":\"sns\"}]}");
    CliRun several = githubRelease("--report", fleet.toString());
    assertEquals(2, several.exitCode(), several::toString);
    assertTrue(several.errorLine().contains("the report of publish over 2 services"), several.errorLine());
    assertEquals(List.of(), fake.requests(), "no request to GitHub");
  }

  @Test
  void publishWithGitHubReleaseMakesItAfterThePushesAndBeforeTheReadBack() throws Exception {
    GitFixture sqs = released(tmp, "sqs");
    Path sqsBare = sqs.addBareRemote("origin");
    sqs.git("push", "-q", "origin", "main", "v0.1.0");
    fake = new GitHubFake(TOKEN).repository("aws-controllers-k8s/sqs-controller", sqsBare);
    Map<String, String> env = Map.of("GITHUB_TOKEN", TOKEN);

    CliRun run = Jar.run(home, env, publishArgs(sqs, "--sign-key", key.toString(), "--github-release", "--github-api-url",
        fake.apiUrl()));
    runs.add(run);

    assertEquals(0, run.exitCode(), run::toString);
    List<String> kinds = new ArrayList<>();
    run.json().get("artifacts").forEach(a -> kinds.add(a.get("kind").asText() + ": " + a.get("action").asText()));
    assertEquals("github-release: pushed", kinds.get(kinds.size() - 1), kinds.toString());
    assertTrue(run.json().get("verified").asBoolean());
    List<JsonNode> releases = fake.releases("aws-controllers-k8s/sqs-controller");
    assertEquals(1, releases.size());
    assertFalse(releases.get(0).path("draft").asBoolean());
    assertEquals(ASSETS.size(), releases.get(0).path("assets").size(), "cosign.pub comes from the signing key");

    CliRun again = Jar.run(home, env, publishArgs(sqs, "--sign-key", key.toString(), "--github-release", "--github-api-url",
        fake.apiUrl()));
    runs.add(again);
    assertEquals(0, again.exitCode(), again::toString);
    JsonNode rows = again.json().get("artifacts");
    assertEquals("unchanged", rows.get(rows.size() - 1).get("action").asText(), rows.toString());

    CliRun plan = Jar.run(home, env, "plan", "--controller-dir", sqs.dir().toString(), "--github-release");
    runs.add(plan);
    assertEquals(2, plan.exitCode(), plan::toString);
    sqs.close();
  }

  static String digestOf(String kind) {
    for (JsonNode a : published.get("artifacts")) {
      if (a.get("kind").asText().equals(kind)) {
        return a.get("digest").asText();
      }
    }
    throw new AssertionError("no " + kind + " in " + published);
  }
}
