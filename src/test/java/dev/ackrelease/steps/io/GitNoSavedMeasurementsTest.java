package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;

/**
 * JGit's own configuration is read as JGit reads it and never saved: JGit records its measurement
 * of a file system's timestamps there (FS.FileStoreAttributes.saveToConfig calls save), which wrote
 * the user's $XDG_CONFIG_HOME/jgit/config from any command that opened a clone (JarIT shows the run).
 */
class GitNoSavedMeasurementsTest {

  @Test
  void jgitsConfigurationIsTheSameFileAndItsSaveWritesNothing() throws Exception {
    GitNoSavedMeasurements.install();

    FileBasedConfig config = SystemReader.getInstance().openJGitConfig(null, FS.DETECTED);

    assertNotNull(config);
    assertEquals(GitNoSavedMeasurements.class, config.getClass().getEnclosingClass(), "the reader in JGit's place is this one");
    File file = config.getFile();
    assertEquals(new File("jgit", "config").getPath(), file.getParentFile().getName() + File.separator + file.getName());
    boolean existed = file.exists();
    long modified = existed ? Files.getLastModifiedTime(file.toPath()).toMillis() : 0;
    // Every file store without a measurement in the file takes JGit's fallback: JGit measures none (3 s a run).
    config.load();
    FileStore store = Files.getFileStore(file.toPath().getRoot());
    String key = System.getProperty("java.vendor") + "|" + System.getProperty("java.version") + "|" + store.name();
    assertNotNull(config.getString("filesystem", key, "timestampResolution"), key);
    Config none = new Config();
    GitNoSavedMeasurements.assumeFallbackResolution(none);
    assertEquals(FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION.toNanos(),
        none.getTimeUnit("filesystem", key, "timestampResolution", -1, TimeUnit.NANOSECONDS));
    config.setString("filesystem", "ack-release-test", "timestampResolution", "1 nanoseconds");
    config.save();
    assertEquals(existed, file.exists(), "save made no file");
    if (existed) {
      assertEquals(modified, Files.getLastModifiedTime(file.toPath()).toMillis(), "save wrote nothing");
    }
  }
}
