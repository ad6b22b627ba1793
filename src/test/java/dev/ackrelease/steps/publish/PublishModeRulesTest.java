package dev.ackrelease.steps.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.publish.PublishMode.Kind;
import dev.ackrelease.steps.publish.PublishMode.Requested;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.ackrelease.steps.version.ReleaseVersion;

/** What the mode says when there is nothing to publish, and a forced release at its tag. */
class PublishModeRulesTest {

  @TempDir Path tmp;

  static PublishMode detect(GitFixture repo, Requested requested, Map<String, String> env) {
    try (GitRepo git = GitRepo.open(repo.dir())) {
      return PublishMode.detect(git, requested, env);
    }
  }

  @Test
  void theReasonNamesTheBranchTheCiGivesElseTheDetachedCommit() {
    try (GitFixture repo = GitFixture.controller(tmp.resolve("s3-controller"), "s3", "1.0.0")) {
      repo.tag("v1.0.0");
      assertEquals(new PublishMode(Kind.RELEASE, Optional.of(ReleaseVersion.parseTag("v1.0.0")),
          "release tag v1.0.0 at HEAD"), detect(repo, Requested.RELEASE, Map.of()));
      repo.write("docs.md", "after\n");
      repo.commit("Docs");
      repo.git("checkout", "-q", "--detach");
      String head = repo.head().substring(0, 7);
      assertEquals("no release tag at HEAD and branch 'main' is not 'stable': nothing to publish",
          detect(repo, Requested.AUTO, Map.of("PULL_BASE_REF", " main ")).reason());
      assertEquals("no release tag at HEAD and detached HEAD " + head + " is not 'stable': nothing to publish",
          detect(repo, Requested.AUTO, Map.of("PULL_BASE_REF", " ")).reason());
      assertEquals(Optional.of("feature"), PublishMode.ciRef(Map.of("GITHUB_REF_NAME", "feature")));
      assertEquals(Optional.of("first"), PublishMode.ciRef(Map.of("PULL_BASE_REF", "first", "GITHUB_REF_NAME", "second")));
    }
  }
}
