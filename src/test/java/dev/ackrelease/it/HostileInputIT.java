package dev.ackrelease.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.cli.Cli;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.Hashes;
import dev.ackrelease.testing.Hermetic;
import dev.ackrelease.testing.Jar;
import dev.ackrelease.testing.ProcessResult;
import dev.ackrelease.testing.RegistryServer;
import dev.ackrelease.testing.SampleController;
import dev.ackrelease.testing.Trees;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and clumsy input, table-driven over every command: each case prepares a released
 * sample controller (or breaks it), runs ack-release with a hermetic environment, and checks the
 * exit code, that stderr carries exactly one error line naming the problem and a fix, that no
 * secret of the case appears anywhere, and that nothing changed: the repo's files and refs, the
 * files outside the repo, and the real registry's storage.
 */
class HostileInputIT {

  static final String PASSWORD = "hunter2-s3cr3t-Pa55";
  static final String TOKEN = "ghp_0123456789abcdefSECRETtoken";

  @TempDir static Path shared;
  static RegistryServer registry;
  static Path template;

  @TempDir Path tmp;

  @BeforeAll
  static void releasedSample() {
    registry = RegistryServer.plain(shared.resolve("registry"));
    GitFixture repo = SampleController.create(shared.resolve("template"), "s3");
    PublishIT.prepareAndTag(repo, "s3", "v0.1.0", ns());
    template = repo.dir();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String ns() {
    return registry.address() + "/ack";
  }

  /** One case's world: the controller repo, a directory outside it, the cache. */
  record World(Path root, Path repo, Path outside, Path cache) {

    void write(String path, String text) {
      try {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A symlink at {@code path} in the repo pointing at {@code target}. */
    void link(String path, String target) {
      try {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(p);
          } else {
            Files.delete(p);
          }
        }
        Files.createSymbolicLink(p, Path.of(target));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String git(String... args) {
      List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Release Bot", "-c", "user.email=bot@example.com"));
      cmd.addAll(List.of(args));
      return ProcessResult.run(cmd, repo.toFile(), Hermetic.env(Map.of()), 60).assertOk().stdout().strip();
    }

    /** Commits everything (symlinks as links) and moves the release tag onto it, as a hostile PR merged and tagged would. */
    void commitAndRetag(String message) {
      git("add", "-A");
      git("commit", "-q", "-m", message);
      git("tag", "-f", "-a", "v0.1.0", "-m", "v0.1.0");
    }

    void commit(String message) {
      git("add", "-A");
      git("commit", "-q", "-m", message);
    }
  }

  interface Setup {
    void apply(World w) throws Exception;
  }

  static final String MISSING_DIGEST = "sha256:" + "a".repeat(64);

  /** A Helm chart (an OCI manifest with Helm's config) at {@code <reg>/ack/other-chart:0.0.1}. */
  static void helmChart(World w) {
    BaseImages.pushArtifact(registry, "ack/other-chart", "0.0.1", "application/vnd.cncf.helm.config.v1+json");
  }

  static Setup none() {
    return w -> { };
  }

  static Arguments hostile(String name, int exit, String fragment, Setup setup, Function<World, List<String>> args) {
    return hostile(name, exit, fragment, setup, args, Map.of());
  }

  static Arguments hostile(String name, int exit, String fragment, Setup setup, Function<World, List<String>> args,
      Map<String, String> env) {
    return Arguments.of(name, exit, fragment, setup, args, env);
  }

  static Function<World, List<String>> cmd(String... args) {
    return w -> {
      List<String> out = new ArrayList<>();
      for (String a : args) {
        out.add(a.replace("{repo}", w.repo().toString()).replace("{outside}", w.outside().toString())
            .replace("{reg}", registry.address()).replace("{ns}", ns()).replace("{cache}", w.cache().toString())
            .replace("{tmp}", w.root().toString()));
      }
      return out;
    };
  }

  /** publish against the test registry, on scratch, with the case's cache, plus {@code extra}. */
  static Function<World, List<String>> publish(String... extra) {
    List<String> args = new ArrayList<>(List.of("publish", "--controller-dir", "{repo}", "--registry", "{ns}",
        "--insecure-registry", "{reg}", "--base-image", "scratch", "--cache-dir", "{cache}"));
    args.addAll(List.of(extra));
    return cmd(args.toArray(String[]::new));
  }

  static Function<World, List<String>> buildArtifacts(String... extra) {
    List<String> args = new ArrayList<>(List.of("build-artifacts", "--service", "s3", "--controller-dir", "{repo}",
        "v0.2.0"));
    args.addAll(List.of(extra));
    return cmd(args.toArray(String[]::new));
  }

  static Function<World, List<String>> prepare(String... extra) {
    List<String> args = new ArrayList<>(List.of("prepare", "v0.2.0", "--service", "s3", "--controller-dir", "{repo}"));
    args.addAll(List.of(extra));
    return cmd(args.toArray(String[]::new));
  }

  static Function<World, List<String>> tag(String... extra) {
    List<String> args = new ArrayList<>(List.of("tag"));
    args.addAll(List.of(extra));
    args.addAll(List.of("--controller-dir", "{repo}"));
    return cmd(args.toArray(String[]::new));
  }

  static Function<World, List<String>> verify(String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", "--service", "s3", "v0.1.0", "--registry", "{ns}",
        "--insecure-registry", "{reg}"));
    args.addAll(List.of(extra));
    return cmd(args.toArray(String[]::new));
  }

  /** The next commit on main, ready for tag v0.1.1 (its artifacts carry 0.1.1). */
  static Setup readyForV011() {
    return w -> {
      CliRun r = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", w.repo().toString(), "v0.1.1",
          "--image-repository", ns() + "/s3-controller", "-q");
      assertEquals(0, r.exitCode(), r::toString);
      w.commit("Release artifacts for release v0.1.1");
    };
  }

  static Stream<Arguments> cases() {
    String bigYaml = "padding: \"" + "x".repeat(5_300_000) + "\"\n";
    return Stream.of(
        // --- the command line itself
        hostile("no command", 2, "missing command", none(), cmd()),
        hostile("unknown command", 2, "ack-release --help", none(), cmd("relase")),
        hostile("unknown option", 2, "--help", none(), cmd("publish", "--registyr", "x")),
        hostile("unknown output format", 2, "--output", none(), cmd("tag", "v0.1.1", "--output", "xml")),
        hostile("unknown mode", 2, "--mode", none(), publish("--mode", "sideways")),

        // --- tag
        hostile("tag without version", 2, "VERSION", none(), tag()),
        hostile("tag not semver", 2, "v", none(), tag("1.2")),
        hostile("tag pre-release", 2, "pre-release", none(), tag("v0.1.1-rc.1")),
        hostile("tag build metadata", 2, "v0.1.1", none(), tag("v0.1.1+build.7")),
        hostile("tag with a leading dash", 2, "--help", none(), tag("-v0.1.1")),
        hostile("tag older than the release", 3, "v0.1.0", none(), tag("v0.0.9")),
        hostile("tag skipping a major", 3, "--allow-major", readyForV011(), tag("v2.0.0")),
        hostile("tag on a dirty tree", 3, "commit or stash", w -> w.write("cmd/controller/main.go", "package main\n"), tag("v0.1.1")),
        hostile("tag artifacts without the version", 3, "ack-release build-artifacts v0.1.1 --service s3",
            w -> { w.write("README.md", "x\n"); w.commit("x"); }, tag("v0.1.1")),
        hostile("tag in a shallow clone", 3, "git fetch --unshallow --tags", HostileInputIT::shallow, tag("v0.1.1")),
        hostile("tag outside a git repo", 3, "not in a git repository", HostileInputIT::notARepo, tag("v0.1.1")),
        hostile("tag on a file as controller dir", 2, "is a file, not a directory", none(),
            cmd("tag", "v0.1.1", "--controller-dir", "{outside}/secret.txt")),
        hostile("tag on a missing controller dir", 2, "does not exist", none(),
            cmd("tag", "v0.1.1", "--controller-dir", "{tmp}/nope")),
        hostile("tag --push without remotes", 2, "git remote add origin", readyForV011(), tag("v0.1.1", "--push")),
        hostile("tag --push to an unknown remote", 2, "--remote origin", w -> {
          readyForV011().apply(w);
          w.git("remote", "add", "origin", w.root().resolve("origin.git").toString());
        }, tag("v0.1.1", "--push", "--remote", "upstream")),
        hostile("tag --push when the remote has it elsewhere", 3, "already on origin at commit", w -> {
          readyForV011().apply(w);
          Path bare = w.root().resolve("origin.git");
          ProcessResult.run(List.of("git", "init", "-q", "--bare", bare.toString()), null, 30).assertOk();
          w.git("remote", "add", "origin", bare.toString());
          w.git("tag", "-a", "v0.1.1", "-m", "v0.1.1", "HEAD~1");
          w.git("push", "-q", "origin", "v0.1.1");
          w.git("tag", "-d", "v0.1.1");
        }, tag("v0.1.1", "--push")),
        hostile("tag through a Chart.yaml symlink", 3, "is a symlink", w -> {
          readyForV011().apply(w);
          Files.writeString(w.outside().resolve("Chart.yaml"), "apiVersion: v1\nname: s3-chart\nversion: 0.1.1\n");
          w.link("helm/Chart.yaml", w.outside().resolve("Chart.yaml").toString());
          w.commit("link");
        }, tag("v0.1.1")),
        hostile("tag a commit with a link in helm/ publish would refuse", 3, "helm/templates/x.txt in commit", w -> {
          readyForV011().apply(w);
          w.link("helm/templates/x.txt", "../../go.mod");
          w.commit("link");
        }, tag("v0.1.1")),
        hostile("tag beside a tag v0.1.1/x", 3, "git cannot keep both", w -> {
          readyForV011().apply(w);
          w.git("tag", "v0.1.1/x");
        }, tag("v0.1.1")),
        hostile("tag while a git lock is left behind", 3, "v0.1.1.lock exists", w -> {
          readyForV011().apply(w);
          Path lock = Files.createDirectories(w.repo().resolve(".git/refs/tags")).resolve("v0.1.1.lock");
          Files.writeString(lock, "");
        }, tag("v0.1.1")),
        hostile("tag with a release tag on a tree", 3, "points at a tree, not a commit",
            w -> w.git("tag", "v0.0.9", w.git("rev-parse", "HEAD^{tree}")), tag("v0.1.1")),
        hostile("tag after a tag whose number has no successor", 3, "ack-release build-artifacts v0.1.1 --service s3",
            w -> { w.write("README.md", "x\n"); w.commit("x"); w.git("tag", "-a", "v0.1.2147483647", "-m", "x"); }, tag("v0.1.1")),

        // --- prepare
        hostile("prepare --branch HEAD", 2, "--branch release-v0.2.0", none(), prepare("--branch", "HEAD")),
        hostile("prepare --branch refs/tags/...", 2, "full ref name", none(), prepare("--branch", "refs/tags/v0.1.0")),
        hostile("prepare --branch=-x", 2, "not a branch name", none(), prepare("--branch=-x")),
        hostile("prepare --branch with ..", 2, "not a valid branch name", none(), prepare("--branch", "a..b")),
        hostile("prepare --branch that is a tag", 3, "a tag named v0.1.0 exists", none(), prepare("--branch", "v0.1.0")),
        hostile("prepare --branch that exists", 3, "already exists", w -> w.git("branch", "release-v0.2.0"), prepare()),
        hostile("prepare --branch under an existing branch", 3, "git cannot keep both", none(), prepare("--branch", "main/v0.2.0")),
        hostile("prepare while git's index is locked", 3, "index.lock exists", w -> w.write(".git/index.lock", ""), prepare()),
        hostile("prepare on a dirty tree", 3, "commit or stash", w -> w.write("go.mod", "module x\n"), prepare()),
        hostile("prepare in a shallow clone", 3, "git fetch --unshallow --tags", HostileInputIT::shallow, prepare()),
        hostile("prepare with helm linked outside", 3, "helm in", HostileInputIT::helmOutside, prepare()),
        hostile("prepare with values.yaml linked outside", 3, "is a symlink", w -> {
          Files.copy(w.repo().resolve("helm/values.yaml"), w.outside().resolve("values.yaml"));
          w.link("helm/values.yaml", w.outside().resolve("values.yaml").toString());
          w.commit("link values");
        }, prepare()),
        hostile("prepare --service s3-controller", 2, "drop -controller and pass --service s3", none(),
            cmd("prepare", "v0.2.0", "--service", "s3-controller", "--controller-dir", "{repo}")),
        hostile("prepare --service with shell characters", 2, "not an ACK service alias", none(),
            cmd("prepare", "v0.2.0", "--service", "s3;rm -rf /", "--controller-dir", "{repo}")),
        hostile("prepare --image-repository port 0", 2, "not one from 1 to 65535", none(),
            prepare("--image-repository", "127.0.0.1:0/ack/s3-controller")),
        hostile("prepare --image-repository port 99999", 2, "not one from 1 to 65535", none(),
            prepare("--image-repository", "127.0.0.1:99999/ack/s3-controller")),
        hostile("prepare --image-repository with user-info", 2, "credentials", none(),
            prepare("--image-repository", "u:" + PASSWORD + "@127.0.0.1:5000/ack/s3-controller")),
        hostile("prepare bad version", 2, "vMAJOR.MINOR.PATCH", none(), cmd("prepare", "0.2", "--service", "s3", "--controller-dir", "{repo}")),

        // --- build-artifacts
        hostile("build-artifacts with helm a file", 2, "is a file, not the chart directory", w -> {
          deleteTree(w.repo().resolve("helm"));
          w.write("helm", "not a chart\n");
        }, buildArtifacts()),
        hostile("build-artifacts with helm linked outside", 3, "is a symlink", HostileInputIT::helmOutside, buildArtifacts()),
        hostile("build-artifacts through values.yaml -> /etc/hostname", 3, "is a symlink",
            w -> w.link("helm/values.yaml", "/etc/hostname"), buildArtifacts()),
        hostile("build-artifacts through NOTES.txt symlink", 3, "is a symlink", w -> {
          Files.copy(w.repo().resolve("helm/templates/NOTES.txt"), w.outside().resolve("NOTES.txt"));
          w.link("helm/templates/NOTES.txt", w.outside().resolve("NOTES.txt").toString());
        }, buildArtifacts()),
        hostile("build-artifacts through a kustomization symlink", 3, "is a symlink", w -> {
          Files.copy(w.repo().resolve("config/controller/kustomization.yaml"), w.outside().resolve("kustomization.yaml"));
          w.link("config/controller/kustomization.yaml", w.outside().resolve("kustomization.yaml").toString());
        }, buildArtifacts()),
        hostile("build-artifacts through a config dir symlink", 3, "is a symlink", w -> {
          copyTree(w.repo().resolve("config"), w.outside().resolve("config"));
          w.link("config", w.outside().resolve("config").toString());
        }, buildArtifacts()),
        hostile("build-artifacts values.yaml a directory", 2, "is a directory", w -> {
          Files.delete(w.repo().resolve("helm/values.yaml"));
          Files.createDirectories(w.repo().resolve("helm/values.yaml"));
        }, buildArtifacts()),
        hostile("build-artifacts values.yaml not UTF-8", 2, "not UTF-8", w ->
            Files.write(w.repo().resolve("helm/values.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a', '\n'}), buildArtifacts()),
        hostile("build-artifacts values.yaml too large", 2, "larger than the YAML reader's limit", w ->
            Files.writeString(w.repo().resolve("helm/values.yaml"), Files.readString(w.repo().resolve("helm/values.yaml")) + bigYaml),
            buildArtifacts()),
        hostile("build-artifacts values.yaml invalid", 2, "not valid YAML", w ->
            Files.writeString(w.repo().resolve("helm/values.yaml"), "image: [\n"), buildArtifacts()),
        hostile("build-artifacts another controller's chart", 3, "pass the right --service", none(),
            cmd("build-artifacts", "--service", "sns", "--controller-dir", "{repo}", "v0.2.0")),
        hostile("build-artifacts NOTES.txt missing", 2, "restore it from git", w ->
            Files.delete(w.repo().resolve("helm/templates/NOTES.txt")), buildArtifacts()),
        hostile("build-artifacts bad version", 2, "vMAJOR.MINOR.PATCH", none(),
            cmd("build-artifacts", "--service", "s3", "--controller-dir", "{repo}", "latest")),
        hostile("build-artifacts upper-case image repository", 2, "not a repository name", none(),
            buildArtifacts("--image-repository", "Example.com/ACK/S3")),
        hostile("build-artifacts image repository with a tag", 2, "not a repository name", none(),
            buildArtifacts("--image-repository", "example.com/ack/s3:1.0")),
        hostile("build-artifacts image repository port 0", 2, "not one from 1 to 65535", none(),
            buildArtifacts("--image-repository", "127.0.0.1:0/ack/s3-controller")),
        hostile("build-artifacts version discovery in a shallow clone", 3, "git fetch --unshallow --tags",
            HostileInputIT::shallow, cmd("build-artifacts", "--service", "s3", "--controller-dir", "{repo}")),
        hostile("build-artifacts --service s3-controller", 2, "drop -controller", none(),
            cmd("build-artifacts", "--service", "s3-controller", "--controller-dir", "{repo}", "v0.2.0")),

        // --- publish: the registry and its credentials
        hostile("publish --registry with user:password", 2, "credentials", none(),
            cmd("publish", "--controller-dir", "{repo}", "--registry", "releaser:" + PASSWORD + "@{reg}/ack", "--output", "json")),
        hostile("publish ACK_RELEASE_REGISTRY with user:password", 2, "ACK_RELEASE_REGISTRY_USERNAME", none(),
            cmd("publish", "--controller-dir", "{repo}"), Map.of("ACK_RELEASE_REGISTRY", "releaser:" + PASSWORD + "@127.0.0.1:5000/ack")),
        hostile("publish --registry with a URL scheme and user-info", 2, "credentials", none(),
            cmd("publish", "--controller-dir", "{repo}", "--registry", "https://u:" + PASSWORD + "@127.0.0.1:5000/ack")),
        hostile("publish --registry port 0", 2, "not one from 1 to 65535", none(), cmd("publish", "--controller-dir", "{repo}",
            "--registry", "127.0.0.1:0/ack")),
        hostile("publish --registry port 99999", 2, "not one from 1 to 65535", none(), cmd("publish", "--controller-dir", "{repo}",
            "--registry", "127.0.0.1:99999/ack")),
        hostile("publish --registry with a scheme", 2, "URL scheme", none(), cmd("publish", "--controller-dir", "{repo}",
            "--registry", "https://127.0.0.1:5000/ack")),
        hostile("publish --registry upper-case namespace", 2, "lower-case", none(), cmd("publish", "--controller-dir", "{repo}",
            "--registry", "127.0.0.1:5000/ACK")),
        hostile("publish --insecure-registry http://", 2, "not host[:port]", none(), publish("--insecure-registry", "http://h:5000")),
        hostile("publish --insecure-registry empty", 2, "not host[:port]", none(), publish("--insecure-registry", "")),
        hostile("publish --insecure-registry port 99999", 2, "not one from 1 to 65535", none(), publish("--insecure-registry", "h:99999")),
        hostile("publish plain HTTP registry not named insecure", 4, "--insecure-registry " + "{reg}", none(),
            cmd("publish", "--controller-dir", "{repo}", "--registry", "{ns}", "--base-image", "scratch", "--cache-dir", "{cache}")),
        hostile("publish only a password", 2, "set both", none(), publish(), Map.of("ACK_RELEASE_REGISTRY_PASSWORD", PASSWORD)),
        hostile("publish --ecr-public-endpoint not a URL", 2, "--ecr-public-endpoint", none(),
            publish("--ecr-public-endpoint", "::not a url::")),
        hostile("verify --ecr-public-endpoint without a scheme", 2, "--ecr-public-endpoint 'foo' is not an http(s) URL", none(),
            cmd("verify", "--service", "s3", "v0.1.0", "--ecr-public-endpoint", "foo")),
        hostile("publish --report /", 2, "--report /", none(), publish("--report", "/")),
        hostile("verify --report / across services", 2, "cannot write --report /", none(),
            cmd("verify", "--service", "s3,sns", "v0.1.0", "--registry", "{ns}", "--insecure-registry", "{reg}",
                "--report", "/")),

        // --- publish: numbers from the environment
        hostile("ACK_RELEASE_RETRY_ATTEMPTS=abc", 2, "ACK_RELEASE_RETRY_ATTEMPTS", none(), publish(),
            Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "abc")),
        hostile("ACK_RELEASE_RETRY_ATTEMPTS=-5", 2, "from 1 to 100", none(), publish(), Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "-5")),
        hostile("ACK_RELEASE_RETRY_ATTEMPTS overflow", 2, "from 1 to 100", none(), publish(),
            Map.of("ACK_RELEASE_RETRY_ATTEMPTS", "99999999999999999999")),
        hostile("publish --retry-timeout without a unit", 2, "--retry-timeout", none(), publish("--retry-timeout", "5")),
        hostile("verify --request-timeout of zero", 2, "--request-timeout", none(), verify("--request-timeout", "0s")),
        hostile("ACK_RELEASE_RETRY_DELAY_MS=1e3", 2, "ACK_RELEASE_RETRY_DELAY_MS", none(), verify(),
            Map.of("ACK_RELEASE_RETRY_DELAY_MS", "1e3")),

        // --- publish: what reaches go build and Jib
        hostile("publish --main-package=-toolexec", 2, "--main-package", HostileInputIT::evilScript,
            publish("--main-package=-toolexec={tmp}/evil.sh")),
        hostile("publish --version-package=-toolexec", 2, "--version-package", HostileInputIT::evilScript,
            publish("--version-package=-toolexec={tmp}/evil.sh")),
        hostile("publish --main-package climbing out", 2, "--main-package", none(), publish("--main-package", "./../../etc")),
        hostile("publish --version-package that does not exist", 6, "--version-package", none(),
            publish("--version-package", "github.com/aws-controllers-k8s/runtime/pkg/version")),
        hostile("publish --base-image not a reference", 2, "--base-image", none(), cmd("publish", "--controller-dir", "{repo}",
            "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image", "Not A Reference!", "--cache-dir", "{cache}")),
        hostile("publish --base-image with user-info", 2, "--base-image", none(), cmd("publish", "--controller-dir", "{repo}",
            "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image", "u:" + PASSWORD + "@h/x:1", "--cache-dir", "{cache}")),
        hostile("publish --base-image without a tag looks up latest", 2, "{reg}/ack/no-base:latest does not exist", none(),
            cmd("publish", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image",
                "{reg}/ack/no-base", "--cache-dir", "{cache}")),
        hostile("plan --base-image without a tag looks up latest", 2, "{reg}/ack/no-base:latest does not exist", none(),
            cmd("plan", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image",
                "{reg}/ack/no-base", "--cache-dir", "{cache}")),
        // A base named by digest is looked up before anything is pushed (it was exit 4 after a layer was pushed).
        hostile("publish --base-image by a digest its registry lacks", 2, "{reg}/ack/no-base@" + MISSING_DIGEST + " does not exist",
            none(), cmd("publish", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image",
                "{reg}/ack/no-base@" + MISSING_DIGEST, "--platforms", "linux/amd64", "--cache-dir", "{cache}")),
        hostile("plan --base-image by a digest its registry lacks", 2, "{reg}/ack/no-base@" + MISSING_DIGEST + " does not exist",
            none(), cmd("plan", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image",
                "{reg}/ack/no-base@" + MISSING_DIGEST, "--cache-dir", "{cache}")),
        // A Helm chart is no base (it was exit 6, "check --base-image has linux/amd64", after a layer was pushed).
        hostile("publish --base-image a Helm chart", 2, "{reg}/ack/other-chart:0.0.1 is not a container image (it is a Helm chart",
            HostileInputIT::helmChart, cmd("publish", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}",
                "--base-image", "{reg}/ack/other-chart:0.0.1", "--platforms", "linux/amd64", "--cache-dir", "{cache}")),
        hostile("plan --base-image a Helm chart", 2, "{reg}/ack/other-chart:0.0.1 is not a container image (it is a Helm chart",
            HostileInputIT::helmChart, cmd("plan", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}",
                "--base-image", "{reg}/ack/other-chart:0.0.1", "--cache-dir", "{cache}")),
        hostile("plan --base-image with a malformed digest", 2, "--base-image's digest 'sha256:abc' is not a valid digest", none(),
            cmd("plan", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image",
                "public.ecr.aws/foo/bar@sha256:abc", "--cache-dir", "{cache}")),
        hostile("publish --platforms unknown", 2, "linux/amd64, linux/arm64", none(), publish("--platforms", "linux/s390x")),
        hostile("publish --platforms empty", 2, "no platform", none(), publish("--platforms", "")),
        hostile("publish --binary missing file", 2, "does not exist", none(), publish("--platforms", "linux/amd64",
            "--binary", "linux/amd64={tmp}/nope")),
        hostile("publish --binary not ELF", 2, "not an ELF executable", none(), publish("--platforms", "linux/amd64",
            "--binary", "linux/amd64={outside}/secret.txt")),
        hostile("publish --binary dynamically linked", 2, "dynamically linked", HostileInputIT::dynamicBinary,
            publish("--platforms", "linux/amd64", "--binary", "linux/amd64={tmp}/dynamic")),
        hostile("publish --image-user with shell characters", 2, "--image-user", none(), publish("--image-user", "root; rm -rf /")),
        hostile("publish --build-config missing", 2, "--build-config", none(), publish("--build-config", "{tmp}/nope.yaml")),
        hostile("publish --build-config not YAML", 2, "not valid YAML", w -> Files.writeString(w.root().resolve("bc.yaml"), "go_version: [\n"),
            publish("--build-config", "{tmp}/bc.yaml")),
        hostile("publish --build-config newer Go", 6, "pins go_version 1.99.0", w -> Files.writeString(w.root().resolve("bc.yaml"),
            "go_version: 1.99.0\n"), publish("--build-config", "{tmp}/bc.yaml")),
        hostile("publish --build-config with a Go number past int", 2, "is not a Go version", w -> Files.writeString(
            w.root().resolve("bc.yaml"), "go_version: 99999999999.0\n"), publish("--build-config", "{tmp}/bc.yaml")),
        hostile("publish --binary truncated ELF", 2, "is not a well-formed ELF executable", HostileInputIT::truncatedElf,
            publish("--platforms", "linux/amd64", "--binary", "linux/amd64={tmp}/truncated")),
        hostile("publish --mode stable with a release tag on a tree", 3, "points at a tree, not a commit",
            w -> w.git("tag", "v0.0.9", w.git("rev-parse", "HEAD^{tree}")), publish("--mode", "stable")),
        hostile("publish --go not executable", 2, "--go", none(), publish("--go", "{outside}/secret.txt")),
        hostile("publish --report in a missing directory", 2, "--report", none(), publish("--report", "{tmp}/no/such/report.json")),
        hostile("publish --report a directory", 2, "must not be a directory", none(), publish("--report", "{outside}")),
        hostile("publish --cache-dir a file", 2, "--cache-dir", none(), cmd("publish", "--controller-dir", "{repo}", "--registry",
            "{ns}", "--insecure-registry", "{reg}", "--base-image", "scratch", "--cache-dir", "{outside}/secret.txt")),
        // The cache's own directories (found by a hostile-input audit: exit 6 blaming the disk, or written through).
        hostile("publish with the cache's jib-application linked to /dev/null", 2, "its jib-application is a symlink to"
            + " /dev/null, not a directory ack-release made", w -> cacheLink(w, "jib-application", Path.of("/dev/null")), publish()),
        hostile("publish with the cache's work linked outside", 2, "its work is a symlink to", w -> cacheLink(w, "work", w.outside()),
            publish()),
        hostile("publish across services with the cache's dist linked outside", 2, "error: cannot use the cache",
            w -> cacheLink(w, "dist", w.outside()), cmd("publish", "--workspace", "{tmp}", "--registry", "{ns}",
                "--insecure-registry", "{reg}", "--base-image", "scratch", "--cache-dir", "{cache}")),
        hostile("publish --service s3-controller", 2, "drop -controller", none(), publish("--service", "s3-controller")),

        // --- publish: the repo's state
        hostile("publish a committed link to /proc/self/environ", 3, "helm/templates/env.txt", w -> {
          w.link("helm/templates/env.txt", "/proc/self/environ");
          w.commitAndRetag("env");
        }, publish(), Map.of("GITHUB_TOKEN", TOKEN)),
        hostile("publish a committed link to a file outside", 3, "is a symlink", w -> {
          w.link("helm/templates/outside.yaml", w.outside().resolve("secret.txt").toString());
          w.commitAndRetag("outside");
        }, publish()),
        hostile("plan a committed link publish refuses", 3, "is a symlink: a chart ships only committed files", w -> {
          w.link("helm/templates/x.txt", "../../go.mod");
          w.commitAndRetag("link");
        }, cmd("plan", "--controller-dir", "{repo}", "--registry", "{ns}", "--insecure-registry", "{reg}", "--base-image",
            "scratch", "--cache-dir", "{cache}")),
        hostile("publish with helm linked outside", 3, "is a symlink", w -> {
          helmOutside(w);
          w.git("tag", "-f", "-a", "v0.1.0", "-m", "v0.1.0");
        }, publish()),
        hostile("publish on a dirty tree", 3, "commit or stash", w -> w.write("go.mod", "module x\n"), publish()),
        hostile("publish in a shallow clone", 3, "git fetch --unshallow --tags", HostileInputIT::shallow, publish()),
        hostile("publish with HEAD at an object the clone lacks", 3, "the clone is damaged or incomplete",
            w -> w.write(".git/HEAD", "0000000000000000000000000000000000000001\n"), publish()),
        hostile("publish artifacts that do not match the tag", 5, "build-artifacts v0.1.0 --service s3", w -> {
          w.write("helm/values.yaml", Files.readString(w.repo().resolve("helm/values.yaml")).replace("tag: 0.1.0", "tag: 0.0.9"));
          w.commitAndRetag("wrong tag");
        }, publish()),
        hostile("publish on a file as controller dir", 2, "is a file, not a directory", none(),
            cmd("publish", "--controller-dir", "{outside}/secret.txt", "--registry", "{ns}", "--insecure-registry", "{reg}")),

        // --- verify
        hostile("verify port 99999", 2, "not one from 1 to 65535", none(), cmd("verify", "--service", "s3", "v0.1.0",
            "--registry", "127.0.0.1:99999/ack")),
        hostile("verify bad version", 2, "vMAJOR.MINOR.PATCH", none(), cmd("verify", "--service", "s3", "one", "--registry", "{ns}")),
        hostile("verify upper-case service", 2, "not an ACK service alias", none(), cmd("verify", "--service", "S3", "v0.1.0", "--registry", "{ns}")),
        hostile("verify unknown platform", 2, "linux/amd64, linux/arm64", none(), verify("--platforms", "windows/amd64")),
        hostile("verify --registry with user-info", 2, "credentials", none(), cmd("verify", "--service", "s3", "v0.1.0", "--registry", "u:" + PASSWORD + "@{reg}/ack")),
        hostile("verify what was never published", 5, "publish the release first", none(), verify()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithOneLineAndNoSideEffect(String name, int exit, String fragment, Setup setup,
      Function<World, List<String>> args, Map<String, String> env) throws Exception {
    World w = world();
    setup.apply(w);
    Snapshot before = Snapshot.of(w);

    List<String> argv = args.apply(w);
    CliRun run = Cli.runWith(env, argv.toArray(String[]::new));

    assertEquals(exit, run.exitCode(), () -> name + ": " + run);
    List<String> errors = run.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), () -> name + ": exactly one error line: " + run);
    assertEquals(errors.get(0), run.errorLine(), () -> name + ": the error is the last line: " + run);
    String expected = fragment.replace("{reg}", registry.address());
    assertTrue(errors.get(0).contains(expected), () -> name + ": expected '" + expected + "' in " + errors.get(0));
    assertTrue(errors.get(0).matches("error: .+: .+"), () -> name + ": the line names the problem, then the fix: " + errors.get(0));
    assertFalse(run.err().contains("\tat ") || run.err().contains("Exception:"), () -> name + ": no stack trace: " + run);
    for (String secret : List.of(PASSWORD, TOKEN)) {
      assertFalse(run.out().contains(secret) || run.err().contains(secret), () -> name + ": a secret was echoed: " + run);
    }
    assertEquals(before, Snapshot.of(w), name + ": nothing changed in the repo, outside it, or in the registry");
    assertFalse(Files.exists(w.root().resolve("evil-ran")), name + ": an injected program ran");
  }

  /**
   * A malformed --base-image in states where another check, or work, came first: a dirty tree (it
   * was exit 3), artifacts that do not match the tag (exit 5), nothing to publish (exit 0), stable
   * mode (which pushed the stable chart), several services. Each is the option's own exit 2.
   */
  static Stream<Arguments> malformedBaseImages() {
    String upper = "--base-image 'UPPER/x:y' is not an image reference";
    String digest = "--base-image's digest 'sha256:bad' is not a valid digest";
    Setup offTheTag = w -> {
      w.write("README.md", "next\n");
      w.commit("after the release");
    };
    Setup wrongArtifacts = w -> {
      w.write("helm/values.yaml", Files.readString(w.repo().resolve("helm/values.yaml")).replace("tag: 0.1.0", "tag: 0.0.9"));
      w.commitAndRetag("wrong tag");
    };
    return Stream.of(
        Arguments.of("publish on a dirty tree", upper, (Setup) w -> w.write("go.mod", "module x\n"), publishWith("UPPER/x:y")),
        Arguments.of("plan on a dirty tree", digest, (Setup) w -> w.write("go.mod", "module x\n"), planWith("foo@sha256:bad")),
        Arguments.of("plan with artifacts that do not match", upper, wrongArtifacts, planWith("UPPER/x:y")),
        Arguments.of("publish with nothing to publish", digest, offTheTag, publishWith("foo@sha256:bad")),
        Arguments.of("plan with nothing to publish", upper, offTheTag, planWith("UPPER/x:y")),
        Arguments.of("publish in stable mode", upper, none(), publishWith("UPPER/x:y", "--mode", "stable")),
        Arguments.of("plan across services", digest, none(), cmd("plan", "--workspace", "{tmp}", "--registry", "{ns}",
            "--insecure-registry", "{reg}", "--base-image", "foo@sha256:bad", "--cache-dir", "{cache}")));
  }

  static Function<World, List<String>> publishWith(String base, String... extra) {
    return withBase("publish", base, extra);
  }

  static Function<World, List<String>> planWith(String base, String... extra) {
    return withBase("plan", base, extra);
  }

  private static Function<World, List<String>> withBase(String command, String base, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "--controller-dir", "{repo}", "--registry", "{ns}",
        "--insecure-registry", "{reg}", "--base-image", base, "--cache-dir", "{cache}"));
    args.addAll(List.of(extra));
    return cmd(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBaseImages")
  void aMalformedBaseImageIsRefusedBeforeAnythingElse(String name, String fragment, Setup setup,
      Function<World, List<String>> args) throws Exception {
    refusesWithOneLineAndNoSideEffect(name, 2, fragment, setup, args, Map.of());
    assertFalse(Files.exists(tmp.resolve("cache")), name + ": nothing written to the cache");
  }

  @Test
  void onlyCommittedChartContentShipsAndALinkStopsTheRunBeforeAnyBuild() throws Exception {
    World w = world();
    // Its own namespace, so the table's "never published" case stays true whatever the order.
    String shipped = registry.address() + "/shipped";
    Function<World, List<String>> publishShipped = cmd("publish", "--controller-dir", "{repo}", "--registry", shipped,
        "--insecure-registry", "{reg}", "--base-image", "scratch", "--cache-dir", "{cache}");
    CliRun artifacts = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", w.repo().toString(), "v0.1.0", "--image-repository", shipped + "/s3-controller", "-q");
    assertEquals(0, artifacts.exitCode(), artifacts::toString);
    w.commitAndRetag("artifacts for the shipped namespace");
    // A file in helm/ that was never committed (untracked files do not make the tree dirty),
    // holding what an attacker would like to ship: it must not reach the registry.
    w.write("helm/templates/leak.yaml", "token: " + TOKEN + "\n");
    // Go's build cache the suite's: the sample is built as elsewhere, not compiled again in this case's cache.
    Map<String, String> env = Map.of("GITHUB_TOKEN", TOKEN, "GOCACHE", Jar.GO_CACHE.toString());

    CliRun run = Cli.runWith(env, publishShipped.apply(w).toArray(String[]::new));

    assertEquals(0, run.exitCode(), run::toString);
    // Pull the chart back with skopeo and look inside: exactly the committed files, no secret.
    Path pulled = w.root().resolve("pulled");
    ProcessResult.run(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + shipped + "/s3-chart:0.1.0", "dir:" + pulled),
        null, 120).assertOk();
    JsonNode manifest = new ObjectMapper()
        .readTree(pulled.resolve("manifest.json").toFile());
    String layer = manifest.get("layers").get(0).get("digest").asText().substring("sha256:".length());
    String listing = ProcessResult.run(List.of("tar", "-tzf", pulled.resolve(layer).toString()), null, 60).assertOk().stdout();
    assertFalse(listing.contains("leak.yaml"), listing);
    String committed = w.git("ls-tree", "-r", "--name-only", "HEAD", "helm/");
    assertEquals(committed.lines().map(f -> "s3-chart/" + f.substring("helm/".length())).sorted().toList(),
        listing.lines().sorted().toList(), "the chart holds exactly the committed helm/ files");
    String contents = ProcessResult.run(List.of("tar", "-xzOf", pulled.resolve(layer).toString()), null, 60).assertOk().stdout();
    assertFalse(contents.contains(TOKEN), "no secret in the published chart");

    // A committed link in helm/ stops the next release before anything is built or pushed.
    w.git("checkout", "-q", "-b", "next");
    Files.delete(w.repo().resolve("helm/templates/leak.yaml"));
    w.link("helm/templates/env.txt", "/proc/self/environ");
    CliRun prepared = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", w.repo().toString(), "v0.1.1",
        "--image-repository", shipped + "/s3-controller", "-q");
    assertEquals(0, prepared.exitCode(), prepared::toString);
    w.commit("v0.1.1 with a link");
    w.git("tag", "-a", "v0.1.1", "-m", "v0.1.1");
    Map<String, String> before = registry.storageSnapshot();
    List<String> verbose = new ArrayList<>(publishShipped.apply(w));
    verbose.add("--verbose"); // so that a build would show
    CliRun refused = Cli.runWith(env, verbose.toArray(String[]::new));
    assertEquals(3, refused.exitCode(), refused::toString);
    assertTrue(refused.errorLine().contains("helm/templates/env.txt") && refused.errorLine().contains("a symlink"), refused::toString);
    assertFalse(refused.err().contains("building "), "nothing was built");
    assertEquals(before, registry.storageSnapshot(), "nothing was pushed");
    assertFalse(refused.out().contains(TOKEN) || refused.err().contains(TOKEN));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"INT, 130, SIGINT", "TERM, 143, SIGTERM"})
  void aSignalStopsTheGoProcessTreeAndSaysHowToResume(String signal, int exit, String name) throws Exception {
    World w = world();
    // A go whose build runs long and starts a grandchild, as go build starts compile and link.
    Path go = w.root().resolve("bin/go");
    Path pids = w.root().resolve("child.pid");
    Files.createDirectories(go.getParent());
    Files.writeString(go, "#!/bin/sh\n"
        + "case \"$1\" in env) echo go1.19.8; exit 0 ;; esac\n"
        + "sleep 300 &\n"
        // Written whole, then renamed: the test reads the file the moment it exists.
        + "echo $! > " + pids + ".$$ && mv " + pids + ".$$ " + pids + "\n"
        + "wait\n");
    go.toFile().setExecutable(true);
    // With --output json: the interrupt is a failure, and its document is on stdout, as every failure's is.
    List<String> cmd = Jar.command(Path.of(System.getProperty("user.home")),
        publish("--go", go.toString(), "--output", "json").apply(w).toArray(String[]::new));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(Hermetic.env(Map.of()));
    Process jvm = pb.start();
    CompletableFuture<String> err = ProcessResult.drainAsync(jvm.getErrorStream());
    CompletableFuture<String> out = ProcessResult.drainAsync(jvm.getInputStream());
    for (int i = 0; i < 600 && !Files.exists(pids); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(pids), "go build started");
    long grandchild = Long.parseLong(Files.readString(pids).strip());
    assertTrue(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false));

    // As CI runners cancel: the signal goes to the JVM alone, not to its process group.
    ProcessResult.run(List.of("kill", "-" + signal, Long.toString(jvm.pid())), null, 10).assertOk();

    assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "ack-release stopped");
    assertEquals(exit, jvm.exitValue(), err::join);
    List<String> lines = err.join().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, lines.size(), err.join());
    assertTrue(lines.get(0).contains("interrupted by " + name) && lines.get(0).contains("run the same command again to resume"),
        lines.get(0));
    // The step that was running, not the last line another step printed (the chart is packaged meanwhile).
    assertTrue(lines.get(0).contains("during: go build ./cmd/controller for linux/"), lines.get(0));
    JsonNode doc = new ObjectMapper().readTree(out.join());
    assertEquals("publish", doc.path("command").asText(), out.join());
    assertFalse(doc.path("ok").asBoolean(true), out.join());
    assertEquals(exit, doc.path("exitCode").asInt(), out.join());
    assertEquals(lines.get(0).substring("error: ".length()), doc.path("error").asText(), out.join());
    for (int i = 0; i < 50 && ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(100);
    }
    assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false), "no process outlives ack-release");
  }

  /** A fresh copy of the released sample, with a directory outside it holding a secret. */
  World world() throws IOException {
    Path root = tmp.toRealPath();
    Path repo = root.resolve("s3-controller");
    copyTree(template, repo);
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "password=" + PASSWORD + "\n");
    return new World(root, repo, outside, root.resolve("cache"));
  }

  /** Files of the repo (without .git), its refs, the files outside it, and the registry's storage. */
  record Snapshot(Map<String, String> repoFiles, String refs, Map<String, String> outside, Map<String, String> registry) {
    static Snapshot of(World w) throws IOException {
      String refs = Files.isDirectory(w.repo().resolve(".git"))
          ? ProcessResult.run(List.of("git", "for-each-ref", "--format=%(refname) %(objectname)"), w.repo().toFile(), 30)
              .stdout() + ProcessResult.run(List.of("git", "rev-parse", "HEAD"), w.repo().toFile(), 30).stdout()
              + ProcessResult.run(List.of("git", "symbolic-ref", "-q", "HEAD"), w.repo().toFile(), 30).stdout()
          : "";
      return new Snapshot(files(w.repo(), true), refs, files(w.outside(), false), HostileInputIT.registry.storageSnapshot());
    }
  }

  static Map<String, String> files(Path dir, boolean skipGit) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        String rel = dir.relativize(p).toString();
        if (skipGit && (rel.equals(".git") || rel.startsWith(".git/"))) {
          continue;
        }
        if (Files.isSymbolicLink(p)) {
          files.put(rel, "-> " + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel, Hashes.sha256(Files.readAllBytes(p)));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(rel + "/", "dir");
        }
      }
    }
    return files;
  }

  static void shallow(World w) throws IOException {
    deleteTree(w.repo());
    ProcessResult.run(List.of("git", "clone", "-q", "--depth", "1", "--branch", "main", template.toUri().toString(),
        w.repo().toString()), null, Hermetic.env(Map.of()), 60).assertOk();
    assertTrue(Files.exists(w.repo().resolve(".git/shallow")), "a shallow clone");
  }

  static void notARepo(World w) throws IOException {
    deleteTree(w.repo().resolve(".git"));
  }

  /** helm/ replaced by a committed link to a copy outside the repo. */
  static void helmOutside(World w) throws IOException {
    copyTree(w.repo().resolve("helm"), w.outside().resolve("helm"));
    w.link("helm", w.outside().resolve("helm").toString());
    w.commit("helm elsewhere");
  }

  static void evilScript(World w) throws IOException {
    Path script = w.root().resolve("evil.sh");
    Files.writeString(script, "#!/bin/sh\ntouch " + w.root().resolve("evil-ran") + "\nexec \"$@\"\n");
    script.toFile().setExecutable(true);
  }

  static void dynamicBinary(World w) {
    ProcessResult.run(List.of("go", "build", "-o", w.root().resolve("dynamic").toString(), "./cmd/controller"),
        w.repo().toFile(), Map.of("CGO_ENABLED", "1", "GOPROXY", "off", "GOFLAGS", "-buildvcs=false", "GOCACHE",
            Jar.GO_CACHE.toString()), 300).assertOk();
  }

  /** An x86-64 executable's ELF header whose program headers were cut off, as a broken download is. */
  /** The case's cache, with a symlink at {@code dir} (one of the directories ack-release makes there) to {@code target}. */
  static void cacheLink(World w, String dir, Path target) throws IOException {
    Files.createSymbolicLink(Files.createDirectories(w.cache()).resolve(dir), target);
  }

  static void truncatedElf(World w) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN)
        .put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}).putShort(16, (short) 2).putShort(18, (short) 62)
        .putLong(0x20, 64).putShort(0x36, (short) 56).putShort(0x38, (short) 5);
    Files.write(w.root().resolve("truncated"), header.array());
  }

  static void copyTree(Path from, Path to) throws IOException {
    Trees.copy(from, to);
  }

  static void deleteTree(Path dir) throws IOException {
    Trees.delete(dir);
  }

}
