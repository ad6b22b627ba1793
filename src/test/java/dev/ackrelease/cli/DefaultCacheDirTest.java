package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * publish's cache without --cache-dir: {@code $XDG_CACHE_HOME/ack-release}, else
 * {@code ~/.cache/ack-release} with HOME's home, as Go's os.UserCacheDir (src/os/file.go)
 * finds it; a relative XDG_CACHE_HOME or no home is exit 2, never a cache in the working
 * directory.
 */
class DefaultCacheDirTest {

  @Test
  void xdgCacheHomeThenHomesCache() {
    assertEquals(Path.of("/x/cache/ack-release"), DefaultCacheDir.of(Map.of("XDG_CACHE_HOME", "/x/cache"),
        Optional.of(Path.of("/home/ci"))));
    assertEquals(Path.of("/home/ci/.cache/ack-release"), DefaultCacheDir.of(Map.of(), Optional.of(Path.of("/home/ci"))));
    assertEquals(Path.of("/home/ci/.cache/ack-release"), DefaultCacheDir.of(Map.of("HOME", "/home/ci")),
        "HOME's home, whatever the account's is");
  }

  @Test
  void aRelativeXdgCacheHomeOrNoHomeIsInvalidInput() {
    ReleaseException relative = assertThrows(ReleaseException.class, () -> DefaultCacheDir.of(
        Map.of("XDG_CACHE_HOME", "cache"), Optional.of(Path.of("/home/ci"))));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, relative.kind());
    assertTrue(relative.getMessage().contains("XDG_CACHE_HOME cache is not an absolute path"), relative.getMessage());
    ReleaseException none = assertThrows(ReleaseException.class, () -> DefaultCacheDir.of(Map.of(), Optional.empty()));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, none.kind());
    assertTrue(none.getMessage().startsWith("no home directory for the cache"), none.getMessage());
    ReleaseException relativeHome = assertThrows(ReleaseException.class, () -> DefaultCacheDir.of(Map.of("HOME", "relhome"),
        Optional.empty()));
    assertTrue(relativeHome.getMessage().startsWith("HOME relhome is not an absolute path"), relativeHome.getMessage());
  }
}
