package dev.ackrelease.steps.image;

import dev.ackrelease.steps.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** Blobs of Jib's layer caches, brought into an image layout without being copied. */
final class JibCacheLinks {

  private JibCacheLinks() {}

  /**
   * Links the blob {@code digest} from Jib's layer cache into the layout; false when no cache
   * holds exactly one file of {@code size} bytes for it. Falls back to a copy of the cached
   * file when the cache is on another file system.
   */
  static boolean link(List<Path> caches, String digest, long size, Path layout) throws IOException {
    String hex = digest.substring("sha256:".length());
    for (Path cache : caches) {
      Path dir = cache.resolve("layers").resolve(hex);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Path> files;
      try (var list = Files.list(dir)) {
        files = list.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
      }
      if (files.size() != 1 || Files.size(files.get(0)) != size) {
        continue;
      }
      Path target = OciLayout.blobPath(layout, digest);
      Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".partial");
      try {
        Files.createLink(partial, files.get(0));
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(files.get(0), partial);
      }
      AtomicFiles.move(partial, target);
      return true;
    }
    return false;
  }
}
