package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ackrelease.steps.git.GitRepo;
import dev.ackrelease.steps.git.GitSigning;
import dev.ackrelease.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GIT_CONFIG_GLOBAL, as git reads it: the user configuration comes from that file (an identity
 * kept only there tags, a signing setting there is seen), and an empty value is none at all.
 */
class GitGlobalConfigTest {

  @TempDir Path tmp;
  SystemReader before;

  @BeforeEach
  void keep() {
    before = SystemReader.getInstance();
  }

  @AfterEach
  void restore() {
    SystemReader.setInstance(before);
  }

  @Test
  void theIdentityAndSigningInTheFileAreWhatAnOpenedCloneSees() throws Exception {
    Path global = Files.writeString(tmp.resolve("global config"),
        "[user]\n\tname = Global User\n\temail = global@example.com\n[tag]\n\tgpgSign = true\n");
    try (GitFixture fixture = GitFixture.init(tmp.resolve("repo"))) {
      StoredConfig config = fixture.jgit().getRepository().getConfig();
      config.unsetSection("user", null);
      config.unset("tag", null, "gpgsign");
      config.save();

      GitGlobalConfig.install(Map.of("GIT_CONFIG_GLOBAL", global.toString()));
      GitGlobalConfig.install(Map.of("GIT_CONFIG_GLOBAL", "/elsewhere"));
      try (GitRepo repo = GitRepo.open(fixture.dir())) {
        PersonIdent tagger = repo.tagger();
        assertEquals("Global User <global@example.com>", tagger.getName() + " <" + tagger.getEmailAddress() + ">");
        assertEquals(Optional.of("tag.gpgSign"), GitSigning.tagSigning(repo));
      }
    }
  }

  @Test
  void anEmptyValueIsNoUserConfigurationAndNoValueChangesNothing() throws Exception {
    GitGlobalConfig.install(Map.of());
    assertSame(before, SystemReader.getInstance(), "GIT_CONFIG_GLOBAL unset: JGit's own reader");
    GitGlobalConfig.install(Map.of("GIT_CONFIG_GLOBAL", ""));
    StoredConfig user = SystemReader.getInstance().getUserConfig();
    assertEquals(Path.of(GitGlobalConfig.NO_FILE), ((FileBasedConfig) user).getFile().toPath());
    assertNull(user.getString("user", null, "name"));
  }
}
