package dev.ackrelease.steps.io;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit's own configuration ({@code $XDG_CONFIG_HOME/jgit/config}) read as JGit reads it, and never
 * written: JGit measures the timestamp resolution of each file system a clone is on and records it
 * there (FS.FileStoreAttributes.saveToConfig), so any command that opened a clone, a refused one
 * too, wrote a file outside it, in the user's configuration (found by a hostile-input audit). git
 * writes nothing there.
 *
 * <p>Nor does JGit measure: the measurement takes about 3 s (FileStoreAttributes' resolution and
 * racy-interval probes), which a saved one spared every later run. A file system the user's file
 * has no measurement for is taken to have JGit's own fallback resolution (2 s,
 * FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION, what JGit assumes while it measures): coarse,
 * so a file changed within it of the index is compared by content, never taken as clean. The
 * entries are keyed as FileStoreAttributes keys them (getConfigKey: java.vendor|java.version|the
 * store's name; on Windows it keys by volume, and JGit measures there as before).
 */
final class GitNoSavedMeasurements extends SystemReader.Delegate {

  private static final String SECTION = "filesystem";
  private static final String RESOLUTION = "timestampResolution";

  private static boolean installed;

  private GitNoSavedMeasurements(SystemReader delegate) {
    super(delegate);
  }

  /**
   * Puts this reader in JGit's place around whatever reader is there, once per JVM (another may
   * wrap it later: {@link GitGlobalConfig}, an in-process run's variables); before JGit opens a clone.
   */
  static synchronized void install() {
    if (!installed) {
      SystemReader.setInstance(new GitNoSavedMeasurements(SystemReader.getInstance()));
      installed = true;
    }
  }

  @Override
  public FileBasedConfig openJGitConfig(Config parent, FS fs) {
    FileBasedConfig file = super.openJGitConfig(parent, fs);
    return new FileBasedConfig(parent, file.getFile(), fs) {
      @Override
      public void load() throws IOException, ConfigInvalidException {
        super.load();
        assumeFallbackResolution(this);
      }

      @Override
      public void save() {
        // nothing outside the clone
      }
    };
  }

  /** JGit's fallback resolution for each file store {@code config} has no measurement of. */
  static void assumeFallbackResolution(Config config) {
    String prefix = System.getProperty("java.vendor") + "|" + System.getProperty("java.version") + "|";
    String fallback = FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION.toNanos() + " nanoseconds";
    for (FileStore store : FileSystems.getDefault().getFileStores()) {
      String key = prefix + store.name();
      if (config.getString(SECTION, key, RESOLUTION) == null) {
        config.setString(SECTION, key, RESOLUTION, fallback);
      }
    }
  }
}
