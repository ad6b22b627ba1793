package dev.ackrelease.steps.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.publish.PublishMode.Kind;
import dev.ackrelease.steps.publish.PublishMode.Requested;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishModeTest {

  @TempDir Path tmp;
  GitFixture repo;

  @BeforeEach
  void controllerWithTwoReleases() {
    repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0");
    repo.tag("v1.0.0");
    repo.writeHelm("s3", "1.1.0");
    repo.commit("Release artifacts for release v1.1.0");
    repo.tag("v1.1.0");
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private PublishMode detect(Requested requested, Map<String, String> env) {
    try (GitRepo git = GitRepo.open(repo.dir())) {
      return PublishMode.detect(git, requested, env);
    }
  }

  @Test
  void releaseTagAtHeadIsARelease() {
    PublishMode mode = detect(Requested.AUTO, Map.of());
    assertEquals(Kind.RELEASE, mode.kind());
    assertEquals("v1.1.0", mode.version().orElseThrow().tag());
  }

  @Test
  void stableBranchPublishesTheNewestReachableRelease() {
    repo.git("checkout", "-q", "-b", "stable");
    repo.write("docs.md", "after the release\n");
    repo.commit("Docs");

    PublishMode mode = detect(Requested.AUTO, Map.of());

    assertEquals(Kind.STABLE, mode.kind());
    assertEquals("v1.1.0", mode.version().orElseThrow().tag());
    assertTrue(mode.reason().contains("v1-stable"), mode.reason());
  }

  @Test
  void detachedHeadTakesTheBranchFromProwOrGitHubActions() {
    repo.write("docs.md", "after the release\n");
    repo.commit("Docs");
    repo.git("checkout", "-q", "--detach");

    assertEquals(Kind.STABLE, detect(Requested.AUTO, Map.of("PULL_BASE_REF", "stable")).kind());
    assertEquals(Kind.STABLE, detect(Requested.AUTO, Map.of("GITHUB_REF_NAME", "stable")).kind());
    assertEquals(Kind.NOTHING, detect(Requested.AUTO, Map.of("PULL_BASE_REF", "main")).kind());
    assertEquals(Kind.NOTHING, detect(Requested.AUTO, Map.of()).kind());
  }

  @Test
  void aCiPushToStableIsStableEvenWhenStableSitsOnTheReleaseTag() {
    // ACK fast-forwards stable onto the release commit: the tag is at HEAD, the trigger is stable.
    repo.git("checkout", "-q", "--detach");

    assertEquals(Kind.RELEASE, detect(Requested.AUTO, Map.of("PULL_BASE_REF", "v1.1.0")).kind());
    PublishMode mode = detect(Requested.AUTO, Map.of("PULL_BASE_REF", "stable"));
    assertEquals(Kind.STABLE, mode.kind());
    assertEquals("v1.1.0", mode.version().orElseThrow().tag());
    assertEquals(Kind.STABLE, detect(Requested.AUTO, Map.of("GITHUB_REF_NAME", "stable")).kind());
  }

  @Test
  void mainWithoutATagHasNothingToPublish() {
    repo.write("docs.md", "after the release\n");
    repo.commit("Docs");

    PublishMode mode = detect(Requested.AUTO, Map.of());

    assertEquals(Kind.NOTHING, mode.kind());
    assertTrue(mode.reason().contains("branch 'main' is not 'stable'"), mode.reason());
  }

  @Test
  void ciNamingATagTheCloneLacksIsExplained() {
    repo.write("docs.md", "after the release\n");
    repo.commit("Docs");
    repo.git("checkout", "-q", "--detach");

    PublishMode mode = detect(Requested.AUTO, Map.of("PULL_BASE_REF", "v1.2.0"));

    assertEquals(Kind.NOTHING, mode.kind());
    assertTrue(mode.reason().contains("the CI names tag v1.2.0"), mode.reason());
  }

  @Test
  void forcedReleaseWithoutATagIsRefused() {
    repo.write("docs.md", "after the release\n");
    repo.commit("Docs");

    ReleaseException e = assertThrows(ReleaseException.class, () -> detect(Requested.RELEASE, Map.of()));
    assertEquals(ReleaseException.Kind.REFUSED, e.kind());
  }

  @Test
  void forcedStableWorksOnAnyBranchAndTakesTheNewestReachableTag() {
    repo.git("checkout", "-q", "-b", "old", "v1.0.0");
    PublishMode mode = detect(Requested.STABLE, Map.of());
    assertEquals(Kind.STABLE, mode.kind());
    assertEquals("v1.0.0", mode.version().orElseThrow().tag(), "v1.1.0 is not reachable from v1.0.0");
  }

  @Test
  void stableWithoutAnyReleaseIsRefused() {
    try (GitFixture fresh = GitFixture.controller(tmp.resolve("sns-controller"), "sns", "0.1.0")) {
      fresh.git("checkout", "-q", "-b", "stable");
      try (GitRepo git = GitRepo.open(fresh.dir())) {
        ReleaseException e = assertThrows(ReleaseException.class, () -> PublishMode.detect(git, Requested.AUTO, Map.of()));
        assertEquals(ReleaseException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("no release tag vX.Y.Z is reachable from HEAD"), e.getMessage());
      }
    }
  }
}
