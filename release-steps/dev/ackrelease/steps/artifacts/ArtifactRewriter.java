package dev.ackrelease.steps.artifacts;

import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces values in a file's text at the spans {@link ReleaseArtifacts} located, leaving every
 * other char as it was, and writes a set of files all-or-nothing as far as the file system
 * allows: every new content goes to a temp file next to its target first, then each is moved
 * over its target atomically.
 */
public final class ArtifactRewriter {

  private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

  private ArtifactRewriter() {}

  /** {@code text} with each place's span replaced by its want; places must be of this text. */
  public static String rewrite(String text, List<Place> places) {
    StringBuilder out = new StringBuilder(text);
    places.stream().sorted(Comparator.comparingInt(Place::start).reversed())
        .forEach(p -> out.replace(p.start(), p.end(), p.want()));
    return out.toString();
  }

  /**
   * Writes {@code files} (paths relative to {@code root}, in order) through temp files and
   * atomic moves. Existing files keep their permissions; new ones are rw-r--r--.
   */
  public static void writeAll(Path root, Map<String, byte[]> files) {
    Map<Path, Path> staged = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = root.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        staged.put(temp, target);
        Files.write(temp, file.getValue());
        copyPermissions(target, temp);
      }
      for (Map.Entry<Path, Path> move : staged.entrySet()) {
        AtomicFiles.move(move.getKey(), move.getValue());
      }
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "cannot write the release artifacts in " + root + " ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "): check the directory's permissions and space", e);
    } finally {
      for (Path temp : staged.keySet()) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a leftover temp file is harmless; the targets are what matter
        }
      }
    }
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
    if (view != null) {
      view.setPermissions(Files.exists(from) ? Files.getPosixFilePermissions(from) : NEW_FILE);
    }
  }
}
