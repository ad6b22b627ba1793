package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.testing.CliRun;
import dev.ackrelease.testing.GitFixture;
import dev.ackrelease.testing.SampleController;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The malformed inputs issue 19 names, each refused with its exit code and one line naming the
 * fix, before anything is written: values that were accepted (full-width digits, a UID past
 * 2^31 - 1, a repository longer than a reference may be) or refused with the wrong words.
 */
class MalformedInputTest {

  @TempDir Path tmp;
  GitFixture repo;
  String before;

  /** A sample controller whose release artifacts carry v0.1.0, committed: ready for tag v0.1.0. */
  @BeforeEach
  void controller() {
    repo = SampleController.create(tmp, "s3");
    CliRun artifacts = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", repo.dir().toString(), "v0.1.0", "-q");
    assertEquals(0, artifacts.exitCode(), artifacts::toString);
    repo.commit("Release artifacts for release v0.1.0");
    before = state();
  }

  @AfterEach
  void close() {
    repo.close();
  }

  /** Refs, HEAD and the work tree's status: what a refused run must leave as it was. */
  String state() {
    return repo.git("for-each-ref") + repo.git("rev-parse", "HEAD") + repo.git("status", "--porcelain", "--untracked-files=all");
  }

  static void assertRefused(CliRun run, int exit, String fragment) {
    assertEquals(exit, run.exitCode(), run::toString);
    assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run::toString);
    assertTrue(run.errorLine().contains(fragment), () -> "expected '" + fragment + "' in " + run.errorLine());
    assertTrue(run.errorLine().length() <= Echo.LINE_MAX, () -> "a line of " + run.errorLine().length());
  }

  @ParameterizedTest
  @ValueSource(ints = {251, 300, 4096})
  void aBranchNameGitCannotStoreAsAFileIsInvalidInput(int length) {
    CliRun run = Cli.run("prepare", "v0.2.0", "--service", "s3", "--controller-dir", repo.dir().toString(), "--branch",
        "release/" + "b".repeat(length));

    assertRefused(run, 2, "has a part of " + length + " bytes");
    assertTrue(run.errorLine().endsWith("pass a short branch name, e.g. --branch release-v0.2.0"), run::toString);
    assertEquals(before, state(), "no branch, no file written");
  }

  @Test
  void aBranchNamePartOf250BytesIsStillABranch() {
    CliRun run = Cli.run("prepare", "v0.2.0", "--service", "s3", "--controller-dir", repo.dir().toString(), "--branch",
        "b".repeat(250), "-q");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("b".repeat(250), repo.git("branch", "--show-current"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"１", "３", "٣", " 3", "3 ", "+3", "3\t", "0x3", "3.0", "  "})
  void retryAttemptsTakePlainAsciiDigitsOnly(String attempts) {
    CliRun run = Cli.runWith(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", attempts), "tag", "v0.1.0", "--dry-run", "--controller-dir",
        repo.dir().toString());

    assertRefused(run, 2, "ACK_RELEASE_RETRY_ATTEMPTS='");
    assertTrue(run.errorLine().contains("is not a whole number from 1 to 100 in plain digits: set e.g."), run::toString);
  }

  @Test
  void retryAttemptsInPlainDigitsAndEmptyAreTaken() {
    for (String attempts : new String[] {"3", "100", ""}) {
      CliRun run = Cli.runWith(Map.of("ACK_RELEASE_RETRY_ATTEMPTS", attempts), "tag", "v0.1.0", "--dry-run", "--controller-dir",
          repo.dir().toString());
      assertEquals(0, run.exitCode(), run::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"１", "4 ", "4.0", "-", "0x10"})
  void parallelTakesPlainDigitsOnly(String parallel) {
    CliRun run = Cli.run("verify", "--service", "s3,sns", "v0.1.0", "--registry", "127.0.0.1:1/ack",
        "--parallel=" + parallel);

    assertRefused(run, 2, "is not a whole number in plain digits");
  }

  @Test
  void anImageRepositoryLongerThanAReferenceNameIsRefusedBeforeAnythingIsWritten() {
    String repository = "127.0.0.1:5000/" + "a".repeat(1000) + "/s3-controller";

    CliRun run = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", repo.dir().toString(), "v0.2.0",
        "--image-repository", repository);

    assertRefused(run, 2, "is " + repository.length() + " characters, more than the 255");
    assertTrue(run.errorLine().contains("characters cut"), "the value is cut in the line: " + run.errorLine());
    assertEquals(before, state(), "nothing written");
  }

  @Test
  void anImageRepositoryOf255CharactersIsTaken() {
    String repository = "127.0.0.1:5000/ack/" + "a".repeat(255 - "127.0.0.1:5000/ack/".length());

    CliRun run = Cli.run("build-artifacts", "--service", "s3", "--controller-dir", repo.dir().toString(), "v0.2.0",
        "--image-repository", repository, "--dry-run");

    assertEquals(0, run.exitCode(), run::toString);
    assertRefused(Cli.run("build-artifacts", "--service", "s3", "--controller-dir", repo.dir().toString(), "v0.2.0",
        "--image-repository", repository + "b", "--dry-run"), 2, "more than the 255");
  }

  @Test
  void aServiceAliasLongerThanAKubernetesNameIsInvalidInput() {
    assertRefused(Cli.run("verify", "--service", "s".repeat(64), "v0.1.0", "--registry", "127.0.0.1:1/ack"), 2,
        "is 64 characters, more than the 63");
  }

  @Test
  void aRegistryWithoutRoomForARepositoryIsInvalidInput() {
    assertRefused(Cli.run("verify", "--service", "s3", "v0.1.0", "--registry", "127.0.0.1:1/" + "n".repeat(300)), 2,
        "leaving no room for a repository in the 255");
    assertRefused(Cli.run("verify", "--service", "s3", "v0.1.0", "--registry", "127.0.0.1:1/" + "n".repeat(240)), 2,
        "more than the 255 a reference's name may have");
  }

  @Test
  void a120KilobyteRegistryVariableIsOneBoundedLineWithItsSecretRedacted() {
    String password = "hunter2-s3cr3t-Pa55";
    String registry = "127.0.0.1:5000/" + password + "x".repeat(120_000);
    Map<String, String> env = Map.of("ACK_RELEASE_REGISTRY", registry, "ACK_RELEASE_REGISTRY_USERNAME", "releaser",
        "ACK_RELEASE_REGISTRY_PASSWORD", password);

    CliRun run = Cli.runWith(env, "verify", "--service", "s3", "v0.1.0");
    CliRun json = Cli.runWith(env, "verify", "--service", "s3", "v0.1.0", "--output", "json");

    assertRefused(run, 2, "registry namespace '****xxx");
    assertTrue(run.errorLine().contains("characters cut") && run.errorLine().endsWith("is not a lower-case path: use e.g."
        + " public.ecr.aws/aws-controllers-k8s"), run::toString);
    assertFalse(run.err().contains(password) || json.out().contains(password), "the secret is redacted before the cut");
    assertTrue(json.json().get("error").asText().length() <= Echo.LINE_MAX, json::toString);
  }

  /** The reference grammar's domain (distribution/reference regexp.go domainNameComponent): no '-' at either end of a component. */
  @ParameterizedTest
  @ValueSource(strings = {"-1/ack", "-/ack", "a-/ack", "a..b/ack", ".a/ack", "a_b:5000/ack"})
  void aRegistryHostOutsideTheReferenceGrammarIsInvalidInput(String registry) {
    assertRefused(Cli.run("verify", "--service", "s3", "v0.1.0", "--registry", registry), 2, "is not a host[:port]");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aMissingUmbrellaChartDirNamesChartDir(boolean commit) {
    Path workspace = tmp;  // holds s3-controller
    CliRun run = commit
        ? Cli.run("umbrella", "--chart-dir", tmp.resolve("nonexistent").toString(), "--workspace", workspace.toString(), "--commit")
        : Cli.run("umbrella", "--chart-dir", tmp.resolve("nonexistent").toString(), "--workspace", workspace.toString());

    assertRefused(run, 2, "the umbrella chart directory " + tmp.resolve("nonexistent") + " does not exist: pass the ack-chart clone"
        + " to --chart-dir");
    assertFalse(run.errorLine().contains("--controller-dir"), run::toString);
  }
}
