package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.version.ReleaseVersion;
import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInfoTest {

  @Test
  void takesCommitAndCommitTimeFromHead(@TempDir Path tmp) throws Exception {
    Map<String, String> env = Map.of("GIT_AUTHOR_NAME", "a", "GIT_AUTHOR_EMAIL", "a@example.com", "GIT_COMMITTER_NAME", "a",
        "GIT_COMMITTER_EMAIL", "a@example.com", "GIT_COMMITTER_DATE", "2026-11-20T10:15:30Z", "GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z");
    ProcessResult.run(List.of("git", "init", "-q"), tmp.toFile(), env, 30).assertOk();
    Files.writeString(tmp.resolve("f"), "x");
    ProcessResult.run(List.of("git", "add", "f"), tmp.toFile(), env, 30).assertOk();
    ProcessResult.run(List.of("git", "commit", "-q", "-m", "c"), tmp.toFile(), env, 30).assertOk();
    String sha = ProcessResult.run(List.of("git", "rev-parse", "HEAD"), tmp.toFile(), env, 30).assertOk().stdout().strip();
    try (GitRepo repo = GitRepo.open(tmp)) {
      BuildInfo info = BuildInfo.ofHead(repo, ReleaseVersion.parseTag("v1.2.3"));
      assertEquals(sha, info.commit());
      assertEquals(Instant.parse("2026-11-20T10:15:30Z"), info.commitTime());
      assertEquals("2026-11-20T10:15", info.buildDate(), "ACK's date +%Y-%m-%dT%H:%M, of the commit");
      assertEquals("2026-11-20T10:15:30Z", info.created());
    }
  }

  @Test
  void refusesAnAbbreviatedCommit() {
    assertEquals(ReleaseException.Kind.INVALID_INPUT, assertThrows(ReleaseException.class,
        () -> new BuildInfo(ReleaseVersion.parseTag("v1.2.3"), "0123456", Instant.EPOCH)).kind());
  }
}
