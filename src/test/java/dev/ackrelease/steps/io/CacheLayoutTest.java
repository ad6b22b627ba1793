package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's own directories are real directories or absent (found by a hostile-input audit: a
 * {@code jib-application} linked to /dev/null was exit 6 blaming the disk, one linked to a directory
 * elsewhere was written through): anything else is exit 2 naming it and the fix, before the run
 * writes anything. The cache itself may be a link to a directory.
 */
class CacheLayoutTest {

  @TempDir Path tmp;

  static ReleaseException refused(Path cache) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> RunDirectory.create(cache, "s3-1.2.3"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e::getMessage);
    return e;
  }

  @Test
  void aLinkToADeviceOrToADirectoryElsewhereWhereTheCacheHasADirectoryIsRefusedBeforeAnyWrite() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Files.createSymbolicLink(cache.resolve("jib-application"), Path.of("/dev/null"));

    assertEquals("cannot use the cache " + cache + ": its jib-application is a symlink to /dev/null, not a directory"
        + " ack-release made, and ack-release never writes through a link or into a device: rm " + cache.resolve("jib-application")
        + " (ack-release makes it again), or pass another --cache-dir", refused(cache).getMessage());
    assertEquals(List.of("jib-application"), names(cache), "nothing written, not even work/");

    Files.delete(cache.resolve("jib-application"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(cache.resolve("work"), elsewhere);
    assertTrue(refused(cache).getMessage().contains(": its work is a symlink to " + elsewhere + ", not a directory"));
    assertEquals(List.of(), names(elsewhere), "nothing written through the link");
  }

  @Test
  void aFileOrALinkInsideTheLayoutIsRefusedToo() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Files.writeString(cache.resolve("dist"), "x");
    assertTrue(refused(cache).getMessage().contains(": its dist is a regular file, not a directory"));
    Files.delete(cache.resolve("dist"));

    Files.createDirectories(cache.resolve("go"));
    Files.createSymbolicLink(cache.resolve("go/go-build"), tmp);
    assertTrue(refused(cache).getMessage().contains(": its go/go-build is a symlink to "));
    Files.delete(cache.resolve("go/go-build"));

    Files.createDirectories(cache.resolve("jib-base"));
    Files.createSymbolicLink(cache.resolve("jib-base/layers"), Path.of("/dev/zero"));
    assertTrue(refused(cache).getMessage().contains(": its jib-base/layers is a symlink to /dev/zero"));
  }

  @Test
  void theCacheMayBeALinkToADirectoryButNotToADevice() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real-cache"));
    Files.createDirectories(real.resolve("jib-application/layers"));
    Path linked = Files.createSymbolicLink(tmp.resolve("cache"), real);

    try (RunDirectory run = RunDirectory.create(linked, "s3-1.2.3")) {
      assertEquals(real.resolve("work"), run.path().getParent().toRealPath());
    }

    Path device = Files.createSymbolicLink(tmp.resolve("null-cache"), Path.of("/dev/null"));
    assertEquals("cannot use the cache " + device + ": it is a character device, not a directory: pass a writable"
        + " --cache-dir (a directory, or a new path)", refused(device).getMessage());
  }

  static List<String> names(Path dir) throws Exception {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
