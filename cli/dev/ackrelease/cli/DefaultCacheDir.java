package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.PathInput;
import dev.ackrelease.steps.io.UserHome;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * publish's cache without {@code --cache-dir}: {@code $XDG_CACHE_HOME/ack-release}, else
 * {@code ~/.cache/ack-release} in HOME's home ({@link UserHome}), as Go's os.UserCacheDir finds
 * it: a relative XDG_CACHE_HOME, or no home at all, is no place for a cache (it would be the
 * working directory: the clone).
 */
final class DefaultCacheDir {

  private DefaultCacheDir() {}

  static Path of(Map<String, String> env) {
    return of(env, UserHome.of(env));
  }

  static Path of(Map<String, String> env, Optional<Path> home) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      Path base = PathInput.of(xdg, "XDG_CACHE_HOME", "set it to an absolute path, or pass --cache-dir DIR");
      if (!base.isAbsolute()) {
        throw ReleaseException.invalidInput("XDG_CACHE_HOME " + xdg + " is not an absolute path: set it to one, or pass"
            + " --cache-dir DIR");
      }
      return base.resolve("ack-release");
    }
    String given = env.get("HOME");
    Path dir = home.orElseThrow(() -> ReleaseException.invalidInput(given != null && !given.isEmpty()
        ? "HOME " + given + " is not an absolute path, and this user has no other home: set HOME to one, or pass --cache-dir DIR"
        : "no home directory for the cache (HOME is not set and this user has none): set HOME, or pass --cache-dir DIR"));
    // A home the JVM could not decode would put the cache in another directory, made anew.
    return PathInput.of(dir.toString(), dir.toString().equals(given) ? "HOME" : "the home directory", "pass --cache-dir DIR")
        .resolve(".cache").resolve("ack-release");
  }
}
