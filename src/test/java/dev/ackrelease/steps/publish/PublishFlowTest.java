package dev.ackrelease.steps.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.cli.Cli;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.HelmLimits;
import dev.ackrelease.steps.image.Platform;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import dev.ackrelease.steps.supply.SigningKey;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.FaultProxy;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.SharedRegistry;
import dev.ackrelease.testing.StaticBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.ackrelease.steps.supply.CosignSignatures;
import dev.ackrelease.steps.supply.Provenance;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.ProcessResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The publish flow in this JVM (so mutation testing sees it), against the real registry with a
 * prebuilt static binary: a dry run and a plan that write nothing, the release pushed and read
 * back, a re-run that finds the same build inputs and builds nothing, a conflicting build
 * refused (a dry run says it would be), the stable chart, and the checks that stop a run before
 * anything is built. verify and await read what was published.
 */
class PublishFlowTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(1));
  static final ReleaseVersion V010 = ReleaseVersion.parseTag("v0.1.0");

  @TempDir Path tmp;

  static String ns() {
    return SharedRegistry.get().address() + "/ack";
  }

  /** A sample controller with its release commit merged and tagged, as ACK's flow leaves it. */
  GitFixture released(String service) {
    return released(service, repo -> { });
  }

  /** As {@link #released(String)}, with {@code beforeTag} changing the release commit's files (committed) first. */
  GitFixture released(String service, Consumer<GitFixture> beforeTag) {
    GitFixture repo = SampleController.create(tmp, service);
    CliRun prepare = Cli.run("prepare", V010.tag(), "--service", service, "--controller-dir", repo.dir().toString(),
        "--image-repository", ns() + "/" + service + "-controller", "--quiet");
    assertEquals(0, prepare.exitCode(), prepare::toString);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "release-" + V010.tag());
    beforeTag.accept(repo);
    CliRun tag = Cli.run("tag", V010.tag(), "--controller-dir", repo.dir().toString(), "--quiet");
    assertEquals(0, tag.exitCode(), tag::toString);
    return repo;
  }

  CliRun run(String command, GitFixture repo, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "--controller-dir", repo.dir().toString(), "--registry", ns(),
        "--insecure-registry", SharedRegistry.get().address(), "--platforms", "linux/amd64",
        "--cache-dir", tmp.resolve("cache").toString(), "--output", "json", "--quiet"));
    args.addAll(List.of(extra));
    if (!args.contains("--base-image")) {
      args.addAll(List.of("--base-image", "scratch"));
    }
    if (!args.contains("--binary")) {
      args.addAll(List.of("--binary", "linux/amd64=" + StaticBinaries.controller("amd64")));
    }
    return Cli.run(args.toArray(String[]::new));
  }

  static List<String> actions(CliRun run) {
    List<String> actions = new ArrayList<>();
    run.json().get("artifacts").forEach(a -> actions.add(a.get("kind").asText() + ": " + a.get("action").asText()));
    return actions;
  }

  /** A P-256 release key as openssl makes one, at {@code file}. */
  static SigningKey newKey(Path file) {
    ProcessResult.run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", file.toString()), null, 60).assertOk();
    return SigningKey.pem(file);
  }

  static long requests(String method, String name, String what) throws Exception {
    return SharedRegistry.get().requests().stream().filter(r -> r.startsWith(method + " /v2/ack/" + name + "/" + what)).count();
  }

  /** A label of the image's first platform, read from its config in the registry. */
  static String imageLabel(String service, String label) throws Exception {
    RegistrySession s = session();
    String name = service + "-controller";
    String manifest = s.manifest(name, "0.1.0").orElseThrow().json().at("/manifests/0/digest").asText();
    String config = s.manifest(name, manifest).orElseThrow().json().at("/config/digest").asText();
    return JSON.readTree(s.blob(name, config)).at("/config/Labels").path(label).asText();
  }

  /** A file of the chart at {@code tag}, read out of its content layer. */
  static String chartFile(String service, String tag, String file) throws Exception {
    RegistrySession s = session();
    String name = service + "-chart";
    String layer = s.manifest(name, tag).orElseThrow().json().at("/layers/0/digest").asText();
    try (var tar = new TarArchiveInputStream(new GZIPInputStream(
        new ByteArrayInputStream(s.blob(name, layer))))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.getName().endsWith("/" + file) && e.getName().indexOf('/') == e.getName().lastIndexOf('/')) {
          return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(file + " is not in " + name + ":" + tag);
  }

  static RegistrySession session() {
    return new RegistrySession(SharedRegistry.get().plainAccess(), Log.NONE, FAST);
  }

  @Test
  void aReleaseIsPlannedPushedReadBackAndNotBuiltAgain() throws Exception {
    String service = SharedRegistry.unique("flow");
    GitFixture repo = released(service);

    CliRun dry = run("publish", repo, "--dry-run");
    assertEquals(0, dry.exitCode(), dry::toString);
    assertEquals(List.of("image: would push", "chart: would push"), actions(dry));
    assertTrue(dry.json().get("dryRun").asBoolean());
    assertFalse(dry.json().get("verified").asBoolean(), "a dry run reads nothing back");
    CliRun plan = run("plan", repo);
    assertEquals(0, plan.exitCode(), plan::toString);
    assertEquals(List.of("image: push", "chart: push"), actions(plan));
    assertEquals(Optional.empty(), session().manifest(service + "-controller", "0.1.0"), "nothing was written");

    Path report = tmp.resolve("report.json");
    Path layout = tmp.resolve("layout");
    CliRun published = run("publish", repo, "--report", report.toString(), "--oci-layout", layout.toString());
    assertEquals(0, published.exitCode(), published::toString);
    assertEquals(List.of("image: pushed", "chart: pushed"), actions(published));
    JsonNode summary = published.json();
    assertTrue(summary.get("ok").asBoolean());
    assertEquals("release", summary.get("mode").asText());
    assertEquals("0.1.0", summary.get("version").asText());
    assertEquals("v0.1.0", summary.get("tag").asText());
    assertTrue(summary.get("verified").asBoolean());
    assertEquals("scratch", summary.at("/build/baseImage").asText());
    assertEquals(summary, JSON.readTree(Files.readString(report)));
    assertFalse(summary.get("build").has("goVersion"), "every binary was prebuilt: no Go toolchain is part of the build");
    // The push-access check started and cancelled one upload in each repository before the first push.
    assertEquals(1, requests("DELETE", service + "-controller", "blobs/uploads/"));
    assertEquals(1, requests("DELETE", service + "-chart", "blobs/uploads/"));
    assertEquals("https://github.com/aws-controllers-k8s/" + service + "-controller", imageLabel(service,
        "org.opencontainers.image.source"));
    String imageDigest = summary.at("/artifacts/0/digest").asText();
    String chartDigest = summary.at("/artifacts/1/digest").asText();
    assertEquals(ns() + "/" + service + "-controller:0.1.0", summary.at("/artifacts/0/ref").asText());
    assertTrue(summary.at("/artifacts/0/bytes").asLong() > 0);
    // --oci-layout: the image the run built and pushed, as an OCI image layout.
    assertEquals(imageDigest, JSON.readTree(layout.resolve("index.json").toFile()).at("/manifests/0/digest").asText());

    CliRun planned = run("plan", repo);
    assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(planned));
    for (JsonNode row : planned.json().get("artifacts")) {
      assertTrue(row.get("seconds").asDouble() < 60, row.toString());
      assertEquals(0, row.get("retries").asInt(), row.toString());
    }
    CliRun again = run("publish", repo);
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals(List.of("image: unchanged", "chart: unchanged"), actions(again));
    assertEquals(imageDigest, again.json().at("/artifacts/0/digest").asText());
    assertEquals(0, again.json().at("/artifacts/0/bytes").asLong());
    for (JsonNode row : again.json().get("artifacts")) {
      assertTrue(row.get("seconds").asDouble() < 60, row.toString());
      assertEquals(0, row.get("retries").asInt(), row.toString());
    }
    assertTrue(again.json().at("/artifacts/0/detail").asText().startsWith("the registry's image records the same build inputs"),
        again.toString());

    // What verify and await read is what publish pushed.
    VerifyRelease.Source source = VerifyRelease.Source.of(repo.dir(), V010);
    assertEquals(repo.git("rev-parse", "v0.1.0^{commit}"), source.commit());
    VerifyRelease.Result verified = new VerifyRelease(Log.NONE, FAST).run(new VerifyRelease.Request(session(), service, V010,
        List.of(Platform.parse("linux/amd64")), false, Optional.empty(), Optional.of(source), false));
    assertEquals(List.of(imageDigest, chartDigest), List.of(verified.imageDigest(), verified.chartDigest()));
    assertEquals(List.of(), verified.warnings());
    AwaitRelease.Result awaited = new AwaitRelease(Log.NONE, FAST).run(new AwaitRelease.Request(session(), service, V010,
        List.of(Platform.parse("linux/amd64")), false, Duration.ofSeconds(30)));
    assertEquals(new AwaitRelease.Result(Optional.of(imageDigest), chartDigest, 1), awaited);
    AwaitRelease.Result chartOnly = new AwaitRelease(Log.NONE, FAST).run(new AwaitRelease.Request(session(), service, V010,
        List.of(Platform.parse("linux/amd64")), true, Duration.ofSeconds(30)));
    assertEquals(new AwaitRelease.Result(Optional.empty(), chartDigest, 1), chartOnly);

    // Another commit claimed as the release's source: the image was built from another one.
    ReleaseException other = assertThrows(ReleaseException.class, () -> new VerifyRelease(Log.NONE, FAST).run(
        new VerifyRelease.Request(session(), service, V010, List.of(Platform.parse("linux/amd64")), false, Optional.empty(),
            Optional.of(new VerifyRelease.Source("0".repeat(40), "the tag v0.1.0 in a clone")), false)));
    assertEquals(ReleaseException.Kind.VERIFICATION, other.kind());
    assertTrue(other.getMessage().startsWith("linux/amd64 of " + ns() + "/" + service + "-controller:0.1.0 was built from commit "
        + source.commit() + " but the tag v0.1.0 in a clone is " + "0".repeat(40) + ": the registry holds another build of this"
        + " version"), other.getMessage());

    // The stable branch publishes the moving v0-stable chart of the newest release, packaged from
    // the release's commit even when stable has moved on.
    repo.git("checkout", "-q", "-b", "stable");
    Files.writeString(repo.dir().resolve("helm/values.yaml"), Files.readString(repo.dir().resolve("helm/values.yaml"))
        + "# after the release\n");
    repo.commit("After the release");
    VerifyRelease.Source fromTag = VerifyRelease.Source.of(repo.dir(), V010);
    assertEquals(new VerifyRelease.Source(source.commit(), "the tag v0.1.0 in " + repo.dir()), fromTag);
    assertEquals(new VerifyRelease.Source(repo.head(), "HEAD of " + repo.dir() + " (it has no tag v0.2.0)"),
        VerifyRelease.Source.of(repo.dir(), ReleaseVersion.parseTag("v0.2.0")));
    CliRun stable = run("publish", repo, "--mode", "stable");
    assertEquals(0, stable.exitCode(), stable::toString);
    assertEquals("stable", stable.json().get("mode").asText());
    assertEquals(List.of("chart: pushed"), actions(stable));
    assertEquals(ns() + "/" + service + "-chart:v0-stable", stable.json().at("/artifacts/0/ref").asText());
    assertEquals(List.of("chart: unchanged"), actions(run("publish", repo, "--mode", "stable")));
    assertFalse(chartFile(service, "v0-stable", "values.yaml").contains("# after the release"));
    assertEquals(1, requests("DELETE", service + "-controller", "blobs/uploads/"), "a stable run writes only the chart");
    assertEquals(2, requests("DELETE", service + "-chart", "blobs/uploads/"));
    assertEquals(chartDigest.length(), new VerifyRelease(Log.NONE, FAST).run(new VerifyRelease.Request(session(), service, V010,
        List.of(Platform.parse("linux/amd64")), true)).chartDigest().length());
  }

  @Test
  void aSignedReleaseCarriesItsSbomSignaturesAndProvenanceAndVerifiesOnlyWithItsKey() throws Exception {
    String service = SharedRegistry.unique("signed");
    String sourceUrl = "https://example.com/ack/" + service;
    GitFixture repo = released(service, r -> {
      try {
        Path chart = r.dir().resolve("helm/Chart.yaml");
        Files.writeString(chart, Files.readString(chart).replace("sources:\n  - https://github.com/aws-controllers-k8s/" + service
            + "-controller", "sources:\n  - " + sourceUrl));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      r.commit("Name the source");
    });
    String base = BaseImages.push(SharedRegistry.get(), tmp.resolve("base"), "ack/"
        + SharedRegistry.unique("base"), "1", "base\n");
    Path keyFile = tmp.resolve("release.pem");
    SigningKey key = newKey(keyFile);

    CliRun dry = run("publish", repo, "--sign-key", keyFile.toString(), "--dry-run", "--base-image", base);
    assertEquals(0, dry.exitCode(), dry::toString);
    assertEquals(List.of("image: would push", "chart: would push", "sbom: would push", "signature: would push",
        "signature: would push", "signature: would push", "provenance: would push", "provenance: would push"), actions(dry));
    assertEquals(Optional.empty(), session().manifest(service + "-controller", "0.1.0"), "a dry run writes nothing");

    CliRun signed = run("publish", repo, "--sign-key", keyFile.toString(), "--base-image", base);
    assertEquals(0, signed.exitCode(), signed::toString);
    assertEquals(List.of("image: pushed", "chart: pushed", "sbom: pushed", "signature: pushed", "signature: pushed",
        "signature: pushed", "provenance: pushed", "provenance: pushed"), actions(signed));
    assertTrue(signed.json().get("verified").asBoolean());
    Path sbom = tmp.resolve("cache/dist/" + service + "-controller-0.1.0.spdx.json");
    JsonNode doc = JSON.readTree(sbom.toFile());
    assertEquals("git+" + sourceUrl + "@" + repo.git("rev-parse", "v0.1.0^{commit}"), doc.at("/packages/0/downloadLocation").asText());
    assertEquals(base, doc.at("/packages/1/name").asText(), "the base image by digest");
    assertEquals(signed.json().at("/build/baseImageDigest").asText(), doc.at("/packages/1/versionInfo").asText());
    assertEquals(sourceUrl, imageLabel(service, "org.opencontainers.image.source"));
    String imageDigestForAtt = signed.json().at("/artifacts/0/digest").asText();
    JsonNode envelope = JSON.readTree(session().blob(service + "-controller", session().manifest(service + "-controller",
        Provenance.tag(imageDigestForAtt)).orElseThrow().json().at("/layers/0/digest").asText()));
    JsonNode statement = JSON.readTree(Base64.getDecoder().decode(envelope.get("payload").asText()));
    JsonNode deps = statement.at("/predicate/buildDefinition/resolvedDependencies");
    assertEquals("git+" + sourceUrl + "@refs/tags/v0.1.0", deps.at("/0/uri").asText());
    assertEquals("oci://" + base, deps.at("/1/uri").asText());
    assertEquals("./cmd/controller", statement.at("/predicate/buildDefinition/externalParameters/mainPackage").asText());
    CliRun again = run("publish", repo, "--sign-key", keyFile.toString(), "--base-image", base);
    assertEquals(Collections.nCopies(8, "unchanged"), actions(again).stream()
        .map(a -> a.substring(a.indexOf(": ") + 2)).toList());

    List<Platform> amd64 = List.of(Platform.parse("linux/amd64"));
    VerifyRelease.Result ok = new VerifyRelease(Log.NONE, FAST).run(new VerifyRelease.Request(session(), service, V010, amd64,
        false, Optional.of(key.publicKey()), Optional.empty(), true));
    assertEquals(List.of(), ok.warnings());

    // Another key's signature beside the release key's: a warning, a failure with --strict.
    String imageDigest = signed.json().at("/artifacts/0/digest").asText();
    SigningKey other = newKey(tmp.resolve("other.pem"));
    new CosignSignatures(Log.NONE).sign(session(), service + "-controller", imageDigest, other, false);
    VerifyRelease.Result warned = new VerifyRelease(Log.NONE, FAST).run(new VerifyRelease.Request(session(), service, V010, amd64,
        false, Optional.of(key.publicKey()), Optional.empty(), false));
    assertEquals(1, warned.warnings().size(), warned.toString());
    assertTrue(warned.warnings().get(0).contains(" also holds a signature "), warned.toString());
    // publish's own read-back checks the signatures with the release key's public half too.
    CliRun rerun = run("publish", repo, "--sign-key", keyFile.toString(), "--base-image", base);
    assertEquals(0, rerun.exitCode(), rerun::toString);
    assertEquals(1, rerun.json().get("warnings").size(), rerun.toString());
    assertTrue(rerun.json().at("/warnings/0").asText().contains(" also holds a signature "), rerun.toString());
    ReleaseException strict = assertThrows(ReleaseException.class, () -> new VerifyRelease(Log.NONE, FAST).run(
        new VerifyRelease.Request(session(), service, V010, amd64, false, Optional.of(key.publicKey()), Optional.empty(), true)));
    assertEquals(ReleaseException.Kind.VERIFICATION, strict.kind());
    assertTrue(strict.getMessage().endsWith(" (--strict)"), strict.getMessage());

    // The other key verifies nothing of the release but its one signature: every problem in one line.
    ReleaseException wrongKey = assertThrows(ReleaseException.class, () -> new VerifyRelease(Log.NONE, FAST).run(
        new VerifyRelease.Request(session(), service, V010, amd64, false, Optional.of(other.publicKey()), Optional.empty(),
            false)));
    assertEquals(ReleaseException.Kind.VERIFICATION, wrongKey.kind());
    List<String> problems = List.of(wrongKey.getMessage().split(" \\| "));
    assertEquals(4, problems.size(), wrongKey.getMessage());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("no valid signature of " + ns() + "/" + service + "-chart@")),
        wrongKey.getMessage());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("no valid provenance of " + ns() + "/" + service + "-controller@")),
        wrongKey.getMessage());
  }

  /**
   * The files publish keeps in {@code <cache>/dist} are checked before anything is pushed: a link
   * where the chart package or the SBOM goes is exit 2 with the image not pushed (a dry run writes
   * neither file, so it is not stopped); a stable run writes no SBOM, so a link there does not stop it.
   * A chart that names no source labels the image with the controller's ACK repository.
   */
  @Test
  void linksWhereDistFilesGoStopARunBeforeAnythingIsPushed() throws Exception {
    String service = SharedRegistry.unique("dist");
    GitFixture repo = released(service, r -> {
      try {
        Path chart = r.dir().resolve("helm/Chart.yaml");
        String text = Files.readString(chart);
        // Neither sources nor home (which ChartMetadata.sourceUrl falls back to) names it.
        String sources = "sources:\n  - https://github.com/aws-controllers-k8s/" + service + "-controller\n";
        String home = "home: https://github.com/aws-controllers-k8s/" + service + "-controller\n";
        assertTrue(text.contains(sources) && text.contains(home), text);
        Files.writeString(chart, text.replace(sources, "").replace(home, ""));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      r.commit("Name no source");
    });
    Path dist = Files.createDirectories(tmp.resolve("cache/dist"));
    Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "not ack-release's\n");
    Path chartLink = Files.createSymbolicLink(dist.resolve(service + "-chart-0.1.0.tgz"), elsewhere);

    CliRun dry = run("publish", repo, "--dry-run");
    assertEquals(0, dry.exitCode(), dry::toString);
    CliRun chart = run("publish", repo, "--no-verify");
    assertEquals(2, chart.exitCode(), chart::toString);
    assertTrue(chart.errorLine().contains("cannot write the chart package " + chartLink + ": it is a symlink"), chart.errorLine());
    assertEquals(Optional.empty(), session().manifest(service + "-controller", "0.1.0"), "nothing was pushed");

    Files.delete(chartLink);
    Path sbomLink = Files.createSymbolicLink(dist.resolve(service + "-controller-0.1.0.spdx.json"), elsewhere);
    CliRun sbom = run("publish", repo, "--no-verify", "--sbom");
    assertEquals(2, sbom.exitCode(), sbom::toString);
    assertTrue(sbom.errorLine().contains("cannot write the SBOM " + sbomLink + ": it is a symlink"), sbom.errorLine());
    assertEquals(Optional.empty(), session().manifest(service + "-controller", "0.1.0"), "nothing was pushed");

    Files.delete(sbomLink);
    CliRun published = run("publish", repo, "--no-verify", "--sbom");
    assertEquals(0, published.exitCode(), published::toString);
    assertEquals(List.of("image: pushed", "chart: pushed", "sbom: pushed"), actions(published), "--sbom without a key");
    assertFalse(published.json().get("verified").asBoolean(), "--no-verify reads nothing back");
    String source = "https://github.com/aws-controllers-k8s/" + service + "-controller";
    assertEquals(source, imageLabel(service, "org.opencontainers.image.source"));
    assertEquals("git+" + source + "@" + repo.git("rev-parse", "v0.1.0^{commit}"),
        JSON.readTree(sbomLink.toFile()).at("/packages/0/downloadLocation").asText(), "the SBOM names the default source");
    Files.delete(sbomLink);
    Files.createSymbolicLink(sbomLink, elsewhere);
    CliRun stable = run("publish", repo, "--mode", "stable", "--sbom", "--no-verify");
    assertEquals(0, stable.exitCode(), stable::toString);
    assertEquals(List.of("chart: pushed"), actions(stable));
    assertEquals("not ack-release's\n", Files.readString(elsewhere));
  }

  /**
   * A registry that fails is a remote failure (exit 4) naming what could not be read, not a
   * verification one (exit 5, "the release is wrong"): for the image (a registry that cannot be
   * reached) and for the chart alone (503 for every chart request, the image read back whole).
   */
  @Test
  void aRegistryThatFailsIsARemoteFailureNotAVerificationOne() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    ReleaseException image = assertThrows(ReleaseException.class, () -> new VerifyRelease(Log.NONE, FAST).run(
        new VerifyRelease.Request(sessionAt("127.0.0.1:" + port), "s3", V010, List.of(Platform.parse("linux/amd64")), false)));
    assertEquals(ReleaseException.Kind.REMOTE, image.kind(), image.getMessage());
    assertTrue(image.getMessage().contains("s3-controller"), image.getMessage());

    String service = SharedRegistry.unique("remote");
    GitFixture repo = released(service);
    assertEquals(0, run("publish", repo, "--no-verify").exitCode());
    try (FaultProxy proxy = new FaultProxy(SharedRegistry.get().address())) {
      for (String method : List.of("GET", "HEAD")) {
        proxy.fail(method, "^/v2/ack/" + service + "-chart/", -1, FaultProxy.status(503));
      }
      ReleaseException chart = assertThrows(ReleaseException.class, () -> new VerifyRelease(Log.NONE, FAST).run(
          new VerifyRelease.Request(sessionAt(proxy.address()), service, V010, List.of(Platform.parse("linux/amd64")), false)));
      assertEquals(ReleaseException.Kind.REMOTE, chart.kind(), chart.getMessage());
      assertTrue(chart.getMessage().contains(service + "-chart"), chart.getMessage());
    }
  }

  static RegistrySession sessionAt(String address) {
    return new RegistrySession(new RegistryAccess(Registry.parse(address + "/ack"), Optional.empty(), true, Optional.empty()),
        Log.NONE, FAST);
  }

  /** await interrupted (Ctrl-C in a fleet's thread) stops at once and keeps the thread's interrupt for its caller. */
  @Test
  void anInterruptedAwaitStopsAndKeepsTheInterrupt() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread waiter = new Thread(() -> {
      try {
        new AwaitRelease(Log.NONE, FAST).run(new AwaitRelease.Request(session(), SharedRegistry.unique("never"), V010,
            List.of(Platform.parse("linux/amd64")), false, Duration.ofMinutes(5)));
      } catch (RuntimeException e) {
        thrown.set(e);
      }
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    waiter.start();
    Thread.sleep(500);
    waiter.interrupt();
    waiter.join(10_000);
    assertFalse(waiter.isAlive(), "await stopped");
    ReleaseException e = assertInstanceOf(ReleaseException.class, thrown.get());
    assertEquals(ReleaseException.Kind.INTERNAL, e.kind());
    assertTrue(e.getMessage().startsWith("interrupted while waiting for never"), e.getMessage());
    assertTrue(interrupted.get(), "the interrupt is kept");
  }

  @Test
  void awaitLooksAgainWithABackoffUntilTheReleaseIsThere() throws Exception {
    String service = SharedRegistry.unique("await");
    GitFixture repo = released(service);
    AtomicReference<CliRun> published = new AtomicReference<>();
    Thread publisher = new Thread(() -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        return;
      }
      published.set(run("publish", repo, "--no-verify"));
    });
    List<String> logged = Collections.synchronizedList(new ArrayList<>());
    publisher.start();
    AwaitRelease.Result awaited = new AwaitRelease(logged::add, FAST).run(new AwaitRelease.Request(session(), service, V010,
        List.of(Platform.parse("linux/amd64")), false, Duration.ofSeconds(120)));
    publisher.join();
    assertEquals(0, published.get().exitCode(), published.get()::toString);
    assertEquals(published.get().json().at("/artifacts/0/digest").asText(), awaited.imageDigest().orElseThrow());
    assertTrue(awaited.looks() >= 3 && awaited.looks() <= 7, awaited + " " + logged);
    String both = ns() + "/" + service + "-controller:0.1.0 and " + ns() + "/" + service + "-chart:0.1.0";
    assertEquals("waiting for " + both + " (next look in 1 s)", logged.get(0));
    assertEquals("waiting for " + both + " (next look in 2 s)", logged.get(1));
  }

  @Test
  void anotherBuildUnderAReleasedTagIsRefusedAndADryRunSaysItWouldBe() throws Exception {
    String service = SharedRegistry.unique("conflict");
    GitFixture repo = released(service);
    assertEquals(0, run("publish", repo, "--no-verify").exitCode());
    // The same release built again from another binary: other build inputs, another digest.
    Path other = tmp.resolve("other-controller");
    Files.copy(StaticBinaries.controller("amd64"), other);
    Files.write(other, new byte[] {0}, StandardOpenOption.APPEND);

    // plan predicts the refusal: exit 3, and its document is still the whole plan (stdout and --report).
    Path planReport = tmp.resolve("plan.json");
    CliRun plan = run("plan", repo, "--binary", "linux/amd64=" + other, "--report", planReport.toString());
    assertEquals(3, plan.exitCode(), plan::toString);
    assertEquals(List.of("image: conflict", "chart: unchanged"), actions(plan));
    JsonNode planned = plan.json();
    assertFalse(planned.get("ok").asBoolean(), plan::toString);
    assertEquals(3, planned.get("exitCode").asInt());
    assertEquals("release", planned.get("mode").asText());
    assertEquals(plan.errorLine(), "error: " + planned.get("error").asText());
    assertTrue(plan.errorLine().startsWith("error: plan: publishing would be refused for " + ns() + "/" + service
        + "-controller:0.1.0: the registry's image was built from other inputs"), plan.errorLine());
    assertTrue(plan.errorLine().endsWith(": release a new version (publish --dry-run with these options builds this one and"
        + " compares the digests)"), plan.errorLine());
    assertEquals(planned, JSON.readTree(Files.readString(planReport)));

    CliRun dry = run("publish", repo, "--dry-run", "--binary", "linux/amd64=" + other);
    assertEquals(3, dry.exitCode(), dry::toString);
    assertTrue(dry.errorLine().contains("dry run: publishing would be refused for " + ns() + "/" + service + "-controller:0.1.0"
        + ": refusing to overwrite"), dry.errorLine());

    CliRun refused = run("publish", repo, "--binary", "linux/amd64=" + other);
    assertEquals(3, refused.exitCode(), refused::toString);
    assertTrue(refused.errorLine().contains("refusing to overwrite " + ns() + "/" + service + "-controller:0.1.0"),
        refused.errorLine());
  }

  /**
   * plan refuses what publish refuses when it exports the chart from the release commit
   * (CommittedChart in CheckInputs), with publish's exit code and error line, writing nothing
   * (not even the cache) and pushing nothing: a symlink in helm/ (exit 3) and a file over Helm's
   * limit (exit 2), each committed after the tag and the tag moved onto it. Once the commit's
   * .helmignore ignores that file, both take the release and the chart leaves it out.
   */
  @Test
  void planRefusesAChartPublishWouldRefuseWithPublishsMessage() throws Exception {
    String service = SharedRegistry.unique("plan-chart");
    GitFixture repo = released(service);
    Files.createSymbolicLink(repo.dir().resolve("helm/templates/x.txt"), Path.of("../../go.mod"));
    retag(repo, "link");
    String commit = repo.head().substring(0, 12);
    CliRun plan = run("plan", repo);
    assertEquals(3, plan.exitCode(), plan::toString);
    assertEquals("error: helm/templates/x.txt in commit " + commit + " is a symlink: a chart ships only committed files; replace"
        + " it with the file itself, commit, and release a new version", plan.errorLine());
    assertFalse(Files.exists(tmp.resolve("cache")), "plan wrote nothing, not even to the cache");
    for (String[] publish : List.of(new String[] {"--dry-run"}, new String[] {"--no-verify"})) {
      CliRun refused = run("publish", repo, publish);
      assertEquals(3, refused.exitCode(), refused::toString);
      assertEquals(plan.errorLine(), refused.errorLine(), "plan says what publish " + List.of(publish) + " says");
    }

    Files.delete(repo.dir().resolve("helm/templates/x.txt"));
    repo.write("helm/templates/x.txt", "x".repeat((int) HelmLimits.MAX_FILE + 1));
    retag(repo, "A file over Helm's limit");
    CliRun big = run("plan", repo);
    assertEquals(2, big.exitCode(), big::toString);
    assertTrue(big.errorLine().startsWith("error: chart file helm/templates/x.txt is 5242881 bytes, over Helm's limit of 5242880 bytes"), big.errorLine());
    CliRun bigPublish = run("publish", repo, "--no-verify");
    assertEquals(2, bigPublish.exitCode(), bigPublish::toString);
    assertEquals(big.errorLine(), bigPublish.errorLine());
    assertEquals(Optional.empty(), session().manifest(service + "-controller", "0.1.0"), "nothing was pushed");
    assertEquals(Optional.empty(), session().manifest(service + "-chart", "0.1.0"), "nothing was pushed");

    // The same file, ignored by the commit's helm/.helmignore: Helm never reads it, so neither
    // plan nor publish refuses it, and the chart pushed does not hold it.
    Path helmignore = repo.dir().resolve("helm/.helmignore");
    Files.writeString(helmignore, (Files.exists(helmignore) ? Files.readString(helmignore) : "") + "templates/x.txt\n");
    retag(repo, "Ignore the large file");
    CliRun ignored = run("plan", repo);
    assertEquals(0, ignored.exitCode(), ignored::toString);
    CliRun published = run("publish", repo, "--no-verify");
    assertEquals(0, published.exitCode(), published::toString);
    assertEquals(List.of("image: pushed", "chart: pushed"), actions(published));
    List<String> pushed = chartPaths(service, "0.1.0");
    assertTrue(pushed.contains(service + "-chart/Chart.yaml"), pushed::toString);
    assertFalse(pushed.stream().anyMatch(p -> p.endsWith("/x.txt")), pushed::toString);
  }

  /** The files of the chart at {@code tag} as pushed, read out of its content layer. */
  static List<String> chartPaths(String service, String tag) throws Exception {
    RegistrySession s = session();
    String name = service + "-chart";
    String layer = s.manifest(name, tag).orElseThrow().json().at("/layers/0/digest").asText();
    List<String> paths = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(s.blob(name, layer))))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        paths.add(e.getName());
      }
    }
    return paths;
  }

  /** Commits everything (a link as a link) and moves the release tag onto it, as a tag made before the change would be. */
  static void retag(GitFixture repo, String message) {
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", message);
    repo.git("tag", "-f", "-a", V010.tag(), "-m", V010.tag());
  }

  /**
   * The cheap refusals come before the image's inputs are read: with a dirty tree and a Go
   * toolchain that fails, the dirty tree (exit 3) is what is reported, not the toolchain (exit 6).
   */
  @Test
  void aDirtyTreeIsRefusedBeforeTheGoToolchainIsAsked() throws Exception {
    String service = SharedRegistry.unique("dirty-go");
    GitFixture repo = released(service);
    Path go = Files.writeString(Files.createDirectories(tmp.resolve("broken-go/bin")).resolve("go"), "#!/bin/sh\nexit 1\n");
    assertTrue(go.toFile().setExecutable(true));
    String[] args = {"publish", "--controller-dir", repo.dir().toString(), "--registry", ns(), "--insecure-registry",
        SharedRegistry.get().address(), "--platforms", "linux/amd64", "--cache-dir", tmp.resolve("cache").toString(),
        "--base-image", "scratch", "--go", go.toString(), "--output", "json", "--quiet"};
    CliRun broken = Cli.run(args);
    assertEquals(2, broken.exitCode(), () -> "the toolchain alone stops the run (a go that fails with no word of go's is none): "
        + broken);

    Files.writeString(repo.dir().resolve("helm/values.yaml"), "# x\n", StandardOpenOption.APPEND);
    CliRun dirty = Cli.run(args);
    assertEquals(3, dirty.exitCode(), dirty::toString);
    assertTrue(dirty.errorLine().contains("uncommitted changes (helm/values.yaml)"), dirty.errorLine());
  }

  @Test
  void checksStopARunBeforeAnythingIsBuilt() throws Exception {
    String service = SharedRegistry.unique("checks");
    GitFixture repo = released(service);
    // A commit after the release: nothing to publish on main.
    repo.write("docs.md", "after the release\n");
    repo.commit("Docs");
    CliRun nothing = run("publish", repo);
    assertEquals(0, nothing.exitCode(), nothing::toString);
    assertEquals("nothing", nothing.json().get("mode").asText());
    assertTrue(nothing.json().get("reason").asText().startsWith("no release tag at HEAD and branch 'main' is not 'stable'"),
        nothing.toString());
    assertEquals(0, nothing.json().get("artifacts").size());

    // An --oci-layout target that is a file: invalid input before anything runs.
    Path file = Files.writeString(tmp.resolve("layout-file"), "x");
    CliRun layout = run("publish", repo, "--oci-layout", file.toString());
    assertEquals(2, layout.exitCode(), layout::toString);
    assertTrue(layout.errorLine().contains("cannot write --oci-layout " + file + ": it is a regular file, not a directory"),
        layout.errorLine());

    // A dirty tree at the release tag.
    repo.git("checkout", "-q", "v0.1.0");
    Files.writeString(repo.dir().resolve("helm/values.yaml"), Files.readString(repo.dir().resolve("helm/values.yaml")) + "# x\n");
    CliRun dirty = run("publish", repo);
    assertEquals(3, dirty.exitCode(), dirty::toString);
    repo.git("checkout", "-q", "--", ".");

    // Release files that do not carry the release: a verification failure, nothing pushed.
    repo.git("checkout", "-q", "-b", "wrong");
    repo.writeHelm(service, "0.2.0");
    repo.commit("Wrong release files");
    repo.tag("v0.1.1");
    CliRun mismatch = run("publish", repo);
    assertEquals(5, mismatch.exitCode(), mismatch::toString);
    assertTrue(mismatch.errorLine().contains("the release artifacts do not match v0.1.1 ("), mismatch.errorLine());
    // A fix that works at a tag: the registry, or a release commit under a new version (a new-user trial was told to release
    // "from that commit" at a tag that cannot move).
    assertTrue(mismatch.errorLine().contains("if they name the registry to publish to, pass that --registry; else make a release"
        + " commit") && mismatch.errorLine().endsWith("as the tag v0.1.1 does not move"), mismatch.errorLine());
    assertEquals(Optional.empty(), session().manifest(service + "-controller", "0.1.1"));

    // Nothing in the registry yet: await times out naming what is missing.
    ReleaseException timedOut = assertThrows(ReleaseException.class, () -> new AwaitRelease(Log.NONE, FAST).run(
        new AwaitRelease.Request(session(), service, V010, List.of(Platform.parse("linux/amd64")), false, Duration.ofMillis(1500))));
    assertEquals(ReleaseException.Kind.VERIFICATION, timedOut.kind());
    assertEquals("timed out after 1s waiting for " + service + " v0.1.0: " + ns() + "/" + service + "-controller:0.1.0 and " + ns()
        + "/" + service + "-chart:0.1.0 not in the registry; check that its publish job ran, or wait longer with --timeout",
        timedOut.getMessage());
  }
}
