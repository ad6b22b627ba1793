package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ackrelease.steps.io.ExecutableSearch.Entries;
import dev.ackrelease.testing.CurrentDirectoryFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one PATH search: the first entry with an executable regular file of the name wins, in every
 * reading; they differ on an empty entry, an entry no path can name, and a relative entry.
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

  /**
   * Conformance with Go's {@code exec.LookPath} on Unix: golang/go src/os/exec/lp_unix.go, its
   * {@code lookPath} (entries by {@code filepath.SplitList}, "" read as ".", the file at
   * {@code filepath.Join(dir, file)}, the first found returned, with ErrDot when relative) and
   * {@code findExecutable} (no directory; an execute bit); exec.go's {@code validateLookPath}
   * finds no "", "." or "..". The relative answers are Go's ErrDot cases.
   */
  @Test
  void goReadsPathAsLookPathInOsExecLpUnixGo() throws Exception {
    try (CurrentDirectoryFile here = CurrentDirectoryFile.script("executable-search-test-", tmp.resolve("ran"))) {
      String name = here.name();
      Path abs = executable(tmp.resolve("abs"), name);
      String absDir = abs.getParent().toString();
      String dirs = Files.createDirectories(tmp.resolve("dirs").resolve(name)).getParent().toString();
      String rel = Path.of("").toAbsolutePath().relativize(abs.getParent()).toString();
      Optional<Path> dot = Optional.of(Path.of(name));
      Map<String, Optional<Path>> cases = new LinkedHashMap<>();
      cases.put("", Optional.empty()); // SplitList("") has no entry
      cases.put(".", dot);
      cases.put("./", dot);
      cases.put(":" + absDir, dot); // the first found wins, relative or not: ErrDot, not the later one
      cases.put(tmp.resolve("none") + ":", dot); // a trailing empty entry is "." too
      cases.put(absDir + ":", Optional.of(abs));
      cases.put(dirs + ":" + absDir, Optional.of(abs)); // a directory of the name is passed over
      cases.put(absDir + "/missing/..", Optional.of(abs)); // Join cleans before the stat
      cases.put("bad\0entry:" + absDir, Optional.of(abs));
      cases.put(rel, Optional.of(Path.of(rel, name)));
      cases.put(rel + "/./x/..", Optional.of(Path.of(rel, name)));
      cases.forEach((path, expected) -> assertEquals(expected, ExecutableSearch.find(name, path, Entries.GO), "PATH=" + path));
      for (String invalid : List.of("", ".", "..")) {
        assertEquals(Optional.empty(), ExecutableSearch.find(invalid, absDir + ":.", Entries.GO), invalid);
      }
      assertThrows(IllegalArgumentException.class, () -> ExecutableSearch.find("./" + name, absDir, Entries.GO));
    }
  }

  private static Path executable(Path dir) throws Exception {
    return executable(dir, "tool");
  }

  private static Path executable(Path dir, String name) throws Exception {
    Path tool = Files.createDirectories(dir).resolve(name);
    Files.writeString(tool, "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tool;
  }
}
