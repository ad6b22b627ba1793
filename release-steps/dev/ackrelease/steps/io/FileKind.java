package dev.ackrelease.steps.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What is at a path, named as {@code stat} names it ("a directory", "a character device", "a
 * FIFO"...), so an input that must be a regular file is refused naming what it is, before it is
 * opened: reading a device or a FIFO would never end.
 */
public final class FileKind {

  public static final String REGULAR = "a regular file";
  public static final String DIRECTORY = "a directory";
  public static final String SYMLINK = "a symlink";

  private static final int S_IFMT = 0170000;

  private FileKind() {}

  /**
   * What is at {@code path} (a link looked at itself with {@link LinkOption#NOFOLLOW_LINKS}, else
   * what it leads to); empty when nothing is (a link that leads nowhere, followed).
   */
  public static Optional<String> of(Path path, LinkOption... options) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class, options);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (a.isSymbolicLink()) {
      return Optional.of(SYMLINK);
    }
    if (a.isDirectory()) {
      return Optional.of(DIRECTORY);
    }
    return Optional.of(a.isRegularFile() ? REGULAR : special(path, options));
  }

  /** A device, FIFO or socket, named as {@code stat} would name it. */
  private static String special(Path p, LinkOption... options) {
    try {
      if (!(Files.getAttribute(p, "unix:mode", options) instanceof Integer mode)) {
        return "not a regular file";
      }
      return switch (mode & S_IFMT) {
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0010000 -> "a FIFO";
        case 0140000 -> "a socket";
        default -> "not a regular file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "not a regular file";
    }
  }
}
