package dev.ackrelease.steps.io;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit's own configuration ({@code $XDG_CONFIG_HOME/jgit/config}) read as JGit reads it, and never
 * written: JGit measures the timestamp resolution of each file system a clone is on and records it
 * there (FS.FileStoreAttributes.saveToConfig), so any command that opened a clone, a refused one
 * too, wrote a file outside it, in the user's configuration (found by a hostile-input audit). git
 * writes nothing there. A measurement the user's file holds is still taken; one made in a run is
 * kept for that run only.
 */
final class GitNoSavedMeasurements extends SystemReader.Delegate {

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
      public void save() {
        // nothing outside the clone: JGit measures again in the next run
      }
    };
  }
}
