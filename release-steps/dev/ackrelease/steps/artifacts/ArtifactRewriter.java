package dev.ackrelease.steps.artifacts;

import dev.ackrelease.steps.io.AtomicFiles;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.Cleanup;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import dev.ackrelease.steps.io.RepoPaths;
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
      Map<String, Path> targets = new LinkedHashMap<>();
      for (String file : files.keySet()) {
        targets.put(file, RepoPaths.inside(root, file));
      }
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = targets.get(file.getKey());
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        staged.put(temp, target);
        Cleanup.track(temp);
        Files.write(temp, file.getValue());
        copyPermissions(target, temp);
      }
      for (Map.Entry<Path, Path> move : staged.entrySet()) {
        AtomicFiles.move(move.getKey(), move.getValue());
      }
    } catch (AccessDeniedException e) {
      throw ReleaseException.invalidInput("cannot write in " + e.getFile() + " (permission denied): make it writable"
          + " (chmod u+w " + e.getFile() + ") and run again; nothing was changed");
    } catch (FileSystemException e) {
      throw ReleaseException.invalidInput("cannot write " + e.getFile() + " (" + (e.getReason() == null ? e.getClass().getSimpleName()
          : e.getReason()) + "): check that the path is a directory you can write and the disk has space; nothing was changed");
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot write the release artifacts in " + root + " (" + e.getClass().getSimpleName()
          + "): check the directory's permissions and space; nothing was changed");
    } finally {
      for (Path temp : staged.keySet()) {
        try {
          Files.deleteIfExists(temp);
          Cleanup.untrack(temp);
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
