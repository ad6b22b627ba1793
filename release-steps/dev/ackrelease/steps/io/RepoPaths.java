package dev.ackrelease.steps.io;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one way release files are found inside a controller repo: {@code root} + a relative path,
 * where no component under the root may be a symlink and the result, resolved, stays inside the
 * root. So a committed {@code helm -> ../outside} or {@code values.yaml -> /etc/passwd} is refused
 * (exit 3) before anything is read or written, and a write never lands outside the repo or
 * replaces a link with a file.
 */
public final class RepoPaths {

  private RepoPaths() {}

  /**
   * {@code root/relative}, checked: the path must not climb out of the root, no existing
   * component under the root may be a symlink, and the nearest existing ancestor must resolve to
   * a place inside the root's real path. The file itself need not exist yet.
   */
  public static Path inside(Path root, String relative) {
    Path base = root.toAbsolutePath().normalize();
    Path target = base.resolve(relative).normalize();
    if (!target.startsWith(base) || target.equals(base)) {
      throw ReleaseException.invalidInput(relative + " is not a path inside " + base + ": use a path within the repository");
    }
    Path realRoot;
    try {
      realRoot = base.toRealPath();
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot resolve " + base + " (" + e.getMessage() + "): pass an existing --controller-dir");
    }
    Path current = base;
    for (Path part : base.relativize(target)) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw ReleaseException.refused(base.relativize(current) + " in " + base + " is a symlink: ack-release reads and"
            + " writes release files only inside the repository and never through a link; replace the link with the"
            + " file or directory itself and commit that");
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        break;
      }
    }
    Path existing = target;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      if (existing == null || !existing.toRealPath().startsWith(realRoot)) {
        throw ReleaseException.refused(relative + " resolves outside " + base + ": keep release files inside the repository");
      }
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot resolve " + existing + " (" + e.getMessage() + "): check its permissions");
    }
    return target;
  }
}
