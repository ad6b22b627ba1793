package dev.ackrelease.steps.io;

import java.io.File;
import java.util.Map;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Git's {@code GIT_CONFIG_GLOBAL}, which JGit does not read: when it is set, git takes the user's
 * configuration (identity, signing, credential helpers) from that file instead of
 * {@code ~/.gitconfig} and {@code $XDG_CONFIG_HOME/git/config}, and so does ack-release once
 * {@link #install} has put this reader in JGit's place. Without it a CI job or a user that keeps
 * its configuration there would be told git does not know who they are, or get an unsigned tag
 * where git signs. An empty value is a file that does not exist: no user configuration, as in git.
 */
public final class GitGlobalConfig extends SystemReader.Delegate {

  static final String VARIABLE = "GIT_CONFIG_GLOBAL";

  /** What an empty value reads: nothing, as git reads no user configuration then. */
  static final String NO_FILE = "/dev/null";

  private final String file;

  GitGlobalConfig(SystemReader delegate, String file) {
    super(delegate);
    this.file = file;
  }

  /**
   * Puts a reader of {@code env}'s {@code GIT_CONFIG_GLOBAL} in JGit's place, when it is set and
   * none is there yet; before any git configuration is read.
   */
  public static synchronized void install(Map<String, String> env) {
    String file = env.get(VARIABLE);
    SystemReader current = SystemReader.getInstance();
    if (file != null && !(current instanceof GitGlobalConfig)) {
      SystemReader.setInstance(new GitGlobalConfig(current, file));
    }
  }

  @Override
  public FileBasedConfig openUserConfig(Config parent, FS fs) {
    return new FileBasedConfig(parent, new File(file.isEmpty() ? NO_FILE : file).getAbsoluteFile(), fs);
  }
}
