package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ackrelease.steps.io.ExecutableSearch.Entries;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one PATH search: the first entry with an executable regular file of the name wins, in both
 * readings; they differ on an empty entry, an entry no path can name, and a relative entry.
 */
class ExecutableSearchTest {

  @TempDir Path tmp;

  @Test
  void theFirstEntryWithAnExecutableRegularFileWins() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Files.writeString(plain.resolve("tool"), "not executable\n");
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    Files.createDirectories(dir.resolve("tool")); // a directory is no program, though it can be "executed"
    Path first = executable(tmp.resolve("first"));
    executable(tmp.resolve("second"));
    String path = String.join(File.pathSeparator, tmp.resolve("none").toString(), plain.toString(), dir.toString(),
        first.getParent().toString(), tmp.resolve("second").toString());
    for (Entries entries : Entries.values()) {
      assertEquals(Optional.of(first), ExecutableSearch.find("tool", path, entries), entries::name);
      assertEquals(Optional.empty(), ExecutableSearch.find("other", path, entries), entries::name);
      assertEquals(Optional.empty(), ExecutableSearch.find("tool", plain.toString(), entries), entries::name);
    }
  }

  @Test
  void onlyPosixReadsAnEmptyEntryAsTheCurrentDirectory() throws Exception {
    Path tool = executable(tmp.resolve("here"));
    // The name, relative to the current directory, is found under "." only.
    String fromHere = Path.of("").toAbsolutePath().relativize(tool).toString();
    String path = File.pathSeparator + tmp.resolve("none");
    assertEquals(Optional.of(tool), ExecutableSearch.find(fromHere, path, Entries.POSIX).map(Path::normalize));
    assertEquals(Optional.empty(), ExecutableSearch.find(fromHere, path, Entries.NAMED));
    assertEquals(Optional.empty(), ExecutableSearch.find(fromHere, "", Entries.NAMED));
  }

  @Test
  void onlyPosixMakesWhatARelativeEntryFoundAbsolute() throws Exception {
    Path tool = executable(tmp.resolve("relative"));
    Path entry = Path.of("").toAbsolutePath().relativize(tool.getParent());
    assertEquals(Optional.of(entry.resolve("tool")), ExecutableSearch.find("tool", entry.toString(), Entries.NAMED));
    Path found = ExecutableSearch.find("tool", entry.toString(), Entries.POSIX).orElseThrow();
    assertEquals(found.toAbsolutePath(), found);
    assertEquals(tool, found.normalize());
  }

  @Test
  void anEntryNoPathCanNameIsPassedOverByPosixAndFailsTheNamedSearch() throws Exception {
    Path tool = executable(tmp.resolve("after"));
    String path = "bad\0entry" + File.pathSeparator + tool.getParent();
    assertEquals(Optional.of(tool), ExecutableSearch.find("tool", path, Entries.POSIX));
    assertThrows(InvalidPathException.class, () -> ExecutableSearch.find("tool", path, Entries.NAMED));
  }

  private static Path executable(Path dir) throws Exception {
    Path tool = Files.createDirectories(dir).resolve("tool");
    Files.writeString(tool, "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tool;
  }
}
