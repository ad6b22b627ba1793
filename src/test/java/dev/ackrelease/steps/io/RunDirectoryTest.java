package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run's work directory under a shared cache: fresh per run, gone after it, stale ones of
 * killed runs pruned after a day; a failed local write is exit 6 for a full disk, else exit 2.
 */
class RunDirectoryTest {

  @TempDir Path tmp;

  @Test
  void eachRunGetsAFreshDirectoryNamedForItThatCloseDeletes() throws Exception {
    Path cache = tmp.resolve("cache");
    RunDirectory a = RunDirectory.create(cache, "s3-1.2.3");
    try (RunDirectory b = RunDirectory.create(cache, "s3-1.2.3")) {
      assertNotEquals(a.path(), b.path());
      assertEquals(cache.resolve("work"), a.path().getParent());
      assertTrue(a.path().getFileName().toString().startsWith("s3-1.2.3."), a.path().toString());
      Path image = a.resolve("image");
      assertEquals(a.path().resolve("image"), image);
      assertTrue(Files.isDirectory(image));
      Files.writeString(image.resolve("layer"), "x");
      a.close();
      assertFalse(Files.exists(a.path()));
      assertTrue(Files.isDirectory(b.path()), "another run's directory stays");
    }
  }

  @Test
  void anInterruptedRunsDirectoryIsDeletedByCleanupUntilTheRunClosesIt() throws Exception {
    RunDirectory run = RunDirectory.create(tmp.resolve("cache"), "s3-1.2.3");
    Files.writeString(run.resolve("image").resolve("layer"), "x");
    Cleanup.now();
    assertFalse(Files.exists(run.path()), "SIGINT/SIGTERM deletes the run's directory");

    RunDirectory closed = RunDirectory.create(tmp.resolve("cache"), "s3-1.2.4");
    closed.close();
    // Once closed, the path is no longer the run's: what is there later is not deleted on a signal.
    Files.createDirectories(closed.path());
    Cleanup.now();
    assertTrue(Files.isDirectory(closed.path()));
  }

  @Test
  void directoriesUntouchedForADayArePrunedAndYoungerOnesKept() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("cache/work"));
    Path stale = Files.createDirectories(work.resolve("old.1"));
    Files.writeString(stale.resolve("f"), "x");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(RunDirectory.STALE).minus(Duration.ofMinutes(5))));
    Path young = Files.createDirectories(work.resolve("young.1"));
    Files.setLastModifiedTime(young, FileTime.from(Instant.now().minus(RunDirectory.STALE).plus(Duration.ofMinutes(5))));
    try (RunDirectory run = RunDirectory.create(tmp.resolve("cache"), "s3-1.0.0")) {
      assertFalse(Files.exists(stale));
      assertTrue(Files.isDirectory(young));
      assertTrue(Files.isDirectory(run.path()));
    }
  }

  @Test
  void aCacheThatIsAFileIsInvalidInput() throws Exception {
    Path file = Files.writeString(tmp.resolve("cache"), "not a directory");
    ReleaseException e = assertThrows(ReleaseException.class, () -> RunDirectory.create(file, "s3-1.0.0"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("pass a writable --cache-dir"), e.getMessage());
  }

  @Test
  void aSubdirectoryThatCannotBeMadeIsInvalidInput() throws Exception {
    try (RunDirectory run = RunDirectory.create(tmp, "s3-1.0.0")) {
      Files.writeString(run.path().resolve("taken"), "a file");
      ReleaseException e = assertThrows(ReleaseException.class, () -> run.resolve("taken"));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().startsWith("cannot write under " + run.path()), e.getMessage());
    }
  }

  @Test
  void noSpaceLeftIsABuildFailureNamingTheDirectoryAndItsFreeSpace() throws Exception {
    IOException full = new IOException("No space left on device");
    assertTrue(RunDirectory.isNoSpace(full));
    assertTrue(RunDirectory.isNoSpace(new UncheckedIOException(new IOException("write failed: Disk quota exceeded"))));
    assertFalse(RunDirectory.isNoSpace(new IllegalStateException("No space left on device")));
    assertFalse(RunDirectory.isNoSpace(new IOException("Permission denied")));
    assertFalse(RunDirectory.isNoSpace(new IOException((String) null)));

    ReleaseException e = RunDirectory.localFailure(full, tmp.resolve("not/yet/made"));
    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    assertSame(full, e.getCause());
    Matcher m = Pattern.compile("no space left on device under \\S+not/yet/made \\(([0-9.]+) (B|KiB|MiB|GiB|TiB)"
        + " free\\): free space or pass --cache-dir").matcher(e.getMessage());
    assertTrue(m.matches(), e.getMessage());
    long shift = 10L * List.of("B", "KiB", "MiB", "GiB", "TiB").indexOf(m.group(2));
    double said = Double.parseDouble(m.group(1)) * Math.pow(2, shift);
    long free = Files.getFileStore(tmp).getUsableSpace();
    assertTrue(Math.abs(said - free) < Math.max(1 << 30, free / 50), m.group(1) + " " + m.group(2) + " free, the disk has " + free);
  }

  @Test
  void aFreeSpaceThatCannotBeReadIsLeftOut() {
    ReleaseException e = RunDirectory.noSpace(Path.of("relative-nowhere"), null);
    assertEquals("no space left on device under relative-nowhere: free space or pass --cache-dir", e.getMessage());
  }

  @Test
  void otherLocalFailuresSayWhyInWordsAndAskForAWritableCache() {
    Path dir = tmp.resolve("cache");
    for (var c : List.of(
        List.of(new AccessDeniedException("/c/work"), "permission denied: /c/work"),
        List.of(new FileSystemException("/c/work", null, "Read-only file system"), "Read-only file system: /c/work"),
        List.of(new FileSystemException("/c/work"), "cannot write: /c/work"),
        List.of(new IOException("  broken pipe \n"), "broken pipe"),
        List.of(new IOException(" "), "cannot write"),
        List.of(new SecurityException(), "cannot write"))) {
      ReleaseException e = RunDirectory.localFailure((Throwable) c.get(0), dir);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertEquals("cannot write under " + dir + " (" + c.get(1) + "): pass a writable --cache-dir", e.getMessage());
    }
  }
}
