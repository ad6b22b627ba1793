package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.LinkOption;

/** A work directory is emptied with everything in it, links themselves and never what they point at. */
class DirectoriesTest {

  @TempDir Path tmp;

  @Test
  void recreateEmptiesADirectoryTreeButNotWhatItsLinksPointAt() throws Exception {
    Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("precious"), "keep");
    Path work = tmp.resolve("work");
    Files.writeString(Files.createDirectories(work.resolve("a/b")).resolve("file"), "x");
    Files.createSymbolicLink(work.resolve("link-dir"), outside.getParent());
    Files.createSymbolicLink(work.resolve("a/link-file"), outside);

    Directories.recreate(work);

    assertTrue(Files.isDirectory(work));
    assertEquals(List.of(), AtomicFilesTest.names(work));
    assertEquals("keep", Files.readString(outside));
  }

  @Test
  void recreateMakesAMissingDirectory() throws Exception {
    Path work = tmp.resolve("x/y/z");
    Directories.recreate(work);
    assertTrue(Files.isDirectory(work));
  }

  @Test
  void deleteQuietlyRemovesTreesAndFilesAndIgnoresWhatIsMissing() throws Exception {
    Path tree = tmp.resolve("tree");
    Files.writeString(Files.createDirectories(tree.resolve("deep/er")).resolve("f"), "x");
    Directories.deleteQuietly(tree);
    assertFalse(Files.exists(tree));

    Path file = Files.writeString(tmp.resolve("file"), "x");
    Directories.deleteQuietly(file);
    assertFalse(Files.exists(file));

    Directories.deleteQuietly(tmp.resolve("never-there"));
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("never-there"));
    Directories.deleteQuietly(dangling);
    assertFalse(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS));
  }
}
