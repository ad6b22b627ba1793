package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Path;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the preload reads is what the open that follows builds on: JGit's own cached user
 * configuration (with the system one as its parent), not a copy read and thrown away.
 */
class GitConfigPreloadTest {

  @Test
  void theCloneOpenedAfterwardsReadsItsConfigurationOnTopOfThePreloadedOne(@TempDir Path dir) {
    try (GitFixture fixture = GitFixture.init(dir.resolve("repo"))) {
      GitConfigPreload.start();
      GitConfigPreload.start(); // once per JVM: a second start is the same read
      StoredConfig user = GitConfigPreload.await();
      assertNotNull(user, "the preload read the user configuration");
      assertSame(user, GitConfigPreload.await());
      try (GitRepo repo = GitRepo.open(fixture.dir())) {
        assertSame(user, repo.repository().getConfig().getBaseConfig(),
            "the clone's configuration has the preloaded user configuration as its parent");
        assertEquals("Release Bot", repo.repository().getConfig().getString("user", null, "name"));
      }
    }
  }
}
