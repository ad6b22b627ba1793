package dev.ackrelease.steps.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.cache.CacheCorruptedException;
import com.google.cloud.tools.jib.cache.CachedLayer;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The moment Jib has compressed an application layer, seen from outside Jib's build: Jib's own
 * step ({@code BuildAndCacheApplicationLayerStep}) stores the layer in its cache, the selector of
 * its entries last, and ends with an event; on every event of the build, Jib's public cache API
 * ({@link Cache#retrieve(ImmutableList)}, the look-up that step makes) is asked for the layer until
 * it is there. Jib keeps building as it would (pulling the base while it compresses, writing its
 * tarball after), and the layer's digest and file are known as soon as they exist.
 */
final class JibLayers {

  /** A layer in Jib's cache: its digest, size and the file that holds its compressed bytes. */
  record Layer(String digest, long size, Path file) {}

  private JibLayers() {}

  /**
   * A handler for every event of a Jib build whose application-layer cache is {@code cache}: it
   * calls {@code then} once, with {@code layer}'s layer, as soon as the cache holds it.
   */
  static Consumer<JibEvent> whenCached(Path cache, FileEntriesLayer layer, Consumer<Layer> then)
      throws CacheDirectoryCreationException {
    Cache jib = Cache.withDirectory(cache);
    ImmutableList<FileEntry> entries = ImmutableList.copyOf(layer.getEntries());
    AtomicBoolean done = new AtomicBoolean();
    return event -> {
      if (!done.get()) {
        find(jib, cache, entries).filter(l -> done.compareAndSet(false, true)).ifPresent(then);
      }
    };
  }

  /** The layer of {@code entries} in Jib's cache at {@code dir}, when Jib has made it. */
  static Optional<Layer> find(Cache jib, Path dir, ImmutableList<FileEntry> entries) {
    Optional<CachedLayer> cached;
    try {
      cached = jib.retrieve(entries);
    } catch (IOException | CacheCorruptedException e) {
      return Optional.empty(); // Jib's own look-up meets the same and fails the build
    }
    // Jib's cache layout: layers/<digest>/<diff ID> (see OciLayout#importTarball).
    return cached.map(c -> new Layer(c.getDigest().toString(), c.getSize(),
        dir.resolve("layers").resolve(c.getDigest().getHash()).resolve(c.getDiffId().getHash())));
  }
}
