package dev.ackrelease.steps.io;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The user's home directory as git, Docker and Go find it: {@code $HOME} when it is an absolute
 * path, else the account's (the JVM's {@code user.home}, read from the password database). None
 * when neither is, or it is {@link #NOWHERE}: a container user with no passwd entry and no HOME,
 * for whom the JVM's {@code user.home} is {@code ?}, a relative path that would put
 * {@code ~/.cache} and JGit's {@code ~/.config} inside the working directory (the clone).
 */
public final class UserHome {

  /** The home of a user who has none (Debian's for nobody): absolute, and nobody can write it. */
  static final String NOWHERE = "/nonexistent";

  private UserHome() {}

  /** The home directory for {@code env}'s HOME, else the account's. */
  public static Optional<Path> of(Map<String, String> env) {
    return of(env.get("HOME"), System.getProperty("user.home"));
  }

  static Optional<Path> of(String home, String account) {
    for (String candidate : new String[] {home, account}) {
      if (candidate != null && !candidate.isEmpty() && !candidate.equals(NOWHERE)) {
        try {
          Path path = Path.of(candidate);
          if (path.isAbsolute()) {
            return Optional.of(path);
          }
        } catch (InvalidPathException e) {
          // not a path: the next candidate
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Makes the JVM's {@code user.home} that home before any library reads it, so that JGit
   * ({@code ~/.gitconfig}, {@code ~/.config/jgit}) and Jib ({@code ~/.docker}) agree with git and
   * docker, which read {@code $HOME}; {@link #NOWHERE} when there is none.
   */
  public static void alignJvm(Map<String, String> env) {
    // No lambda: this runs first in main, and the JVM's first lambda sets up method handles for
    // several milliseconds before git's configuration read (GitConfigPreload) could start.
    Optional<Path> home = of(env);
    System.setProperty("user.home", home.isPresent() ? home.get().toString() : NOWHERE);
  }

  /** {@code name} in the home directory, or under {@link #NOWHERE} (where nothing is) when there is none. */
  public static Path resolve(Map<String, String> env, String name) {
    return of(env).orElse(Path.of(NOWHERE)).resolve(name);
  }
}
