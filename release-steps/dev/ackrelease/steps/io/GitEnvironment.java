package dev.ackrelease.steps.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Which repository git would use for a directory: the one {@code GIT_DIR} names (with the work
 * tree {@code GIT_WORK_TREE} names, else core.worktree, else the current directory, as git takes
 * them), else the one found from the directory upwards ({@code GIT_WORK_TREE} then still names
 * the work tree, and {@code GIT_CEILING_DIRECTORIES} bounds the search). JGit's builder reads the
 * variables ({@code readEnvironment}) from the environment the command runs with: the process's,
 * or the one an in-process run was given ({@link #use}).
 */
public final class GitEnvironment {

  static final String GIT_DIR = "GIT_DIR";
  static final String GIT_WORK_TREE = "GIT_WORK_TREE";

  private static volatile Map<String, String> env = System.getenv();

  private GitEnvironment() {}

  /** The environment git's variables are read from from now on. */
  public static void use(Map<String, String> environment) {
    env = Map.copyOf(environment);
  }

  /** The process's environment again. */
  public static void reset() {
    env = System.getenv();
  }

  /**
   * A builder set up as git would find the repository for {@code dir} (not built: its git
   * directory is null when there is none), and which variables decided it.
   */
  public static Found find(Path dir) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment(new Variables(env));
    Optional<String> named = Optional.ofNullable(set(GIT_DIR)).map(v -> GIT_DIR + "=" + v);
    if (builder.getGitDir() == null) {
      builder.findGitDir(dir.toFile());
    } else if (builder.getWorkTree() == null && !hasOwnWorkTree(builder.getGitDir())) {
      // GIT_DIR without GIT_WORK_TREE or core.worktree: git's work tree is the current directory.
      builder.setWorkTree(Path.of("").toAbsolutePath().toFile());
    }
    Optional<String> workTree = Optional.ofNullable(set(GIT_WORK_TREE)).map(v -> GIT_WORK_TREE + "=" + v);
    return new Found(builder, named.map(n -> workTree.map(w -> n + " " + w).orElse(n)).or(() -> workTree));
  }

  /** The set-up builder, and the variables that named its repository ("GIT_DIR=/x/gd GIT_WORK_TREE=/x/s3"), if any did. */
  public record Found(FileRepositoryBuilder builder, Optional<String> namedBy) {}

  /** A variable's value, null when it is unset or empty (git ignores an empty one too). */
  private static String set(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Whether the git directory's config names its work tree (core.worktree) or says it has none (core.bare). */
  private static boolean hasOwnWorkTree(File gitDir) {
    FileBasedConfig config = new FileBasedConfig(new File(gitDir, "config"), FS.DETECTED);
    try {
      config.load();
    } catch (IOException | ConfigInvalidException e) {
      return false; // opening the repository reports it
    }
    return config.getString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_WORKTREE) != null
        || config.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, ConfigConstants.CONFIG_KEY_BARE, false);
  }

  /**
   * JGit's system reader (the one installed when this is made), with git's variables from
   * {@code variables} instead of the process's (an empty one as unset): what {@link #find} reads
   * them with, and what an in-process run installs so every JGit read of them sees its environment.
   */
  public static final class Variables extends SystemReader.Delegate {
    private final Map<String, String> variables;

    public Variables(Map<String, String> variables) {
      super(SystemReader.getInstance());
      this.variables = variables;
    }

    @Override
    public String getenv(String name) {
      String value = variables.get(name);
      return value == null || value.isEmpty() ? null : value;
    }
  }
}
