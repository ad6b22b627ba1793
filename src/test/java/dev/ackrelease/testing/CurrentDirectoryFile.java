package dev.ackrelease.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * An executable script in the current directory (what a PATH entry {@code .} or an empty entry
 * names; a JVM cannot change its directory), under a name no other test uses; gone on close.
 */
public final class CurrentDirectoryFile implements AutoCloseable {

  private final Path file;

  private CurrentDirectoryFile(Path file) {
    this.file = file;
  }

  /** {@code prefix} and a unique suffix, in the current directory, writing {@code marker} to {@code ran} when run. */
  public static CurrentDirectoryFile script(String prefix, Path ran) throws IOException {
    Path file = Path.of(prefix + UUID.randomUUID().toString().substring(0, 8));
    Files.writeString(file, "#!/bin/sh\necho \"$0\" >> '" + ran + "'\nexit 9\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new CurrentDirectoryFile(file);
  }

  /** Its name: relative, a file of the current directory. */
  public String name() {
    return file.toString();
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
