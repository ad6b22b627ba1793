package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-or-nothing writes: the new bytes or the old ones, never a temp file left beside them. */
class AtomicFilesTest {

  @TempDir Path tmp;

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesTheBytesIntoNewDirectoriesAndLeavesOnlyTheTarget() throws Exception {
    Path target = tmp.resolve("a/b/report.json");
    AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
    assertEquals("one", Files.readString(target));
    assertEquals(List.of("report.json"), names(target.getParent()));
  }

  @Test
  void replacesAnExistingFileWhole() throws Exception {
    Path target = Files.writeString(tmp.resolve("values.yaml"), "a much longer old content\n");
    AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", Files.readString(target));
    assertEquals(List.of("values.yaml"), names(tmp));
  }

  @Test
  void aWriteThatCannotBePutInPlaceKeepsWhatWasThereAndLeavesNoTempFile() throws Exception {
    // A non-empty directory cannot be replaced by a file: the rename fails.
    Path target = Files.createDirectories(tmp.resolve("chart"));
    Files.writeString(target.resolve("kept"), "old");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8)));
    assertEquals("old", Files.readString(target.resolve("kept")));
    assertEquals(List.of("chart"), names(tmp), "the temp file is deleted");
  }

  @Test
  void moveReplacesTheTarget() throws Exception {
    Path source = Files.writeString(tmp.resolve("source"), "fresh");
    Path target = Files.writeString(tmp.resolve("target"), "stale");
    AtomicFiles.move(source, target);
    assertEquals("fresh", Files.readString(target));
    assertFalse(Files.exists(source));
  }

  @Test
  void moveFallsBackToAPlainReplacingMoveAcrossFileSystems() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
        && !Files.getFileStore(shm).equals(Files.getFileStore(tmp)), "needs a second file system (/dev/shm)");
    Path source = Files.createTempFile(shm, "ack-release-move", ".tmp");
    try {
      Files.writeString(source, "across");
      Path target = Files.writeString(tmp.resolve("target"), "stale");
      AtomicFiles.move(source, target);
      assertEquals("across", Files.readString(target));
      assertFalse(Files.exists(source));
    } finally {
      Files.deleteIfExists(source);
    }
  }
}
