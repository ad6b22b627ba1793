package dev.ackrelease.steps.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.ackrelease.steps.io.CacheLayout;
import dev.ackrelease.steps.io.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controller layer of each platform, as ACK's single {@code COPY} makes it ({@code
 * /bin/controller} 0755, the repository files 0644, owned by root, every time the commit's), and
 * its compression into Jib's application-layer cache ({@link LayerCompression}), started as soon
 * as the platform's binary is known: for a prebuilt binary while the run's inputs are still being
 * checked (compressing into the cache pushes nothing), else when the image build starts. The
 * repository files are staged once, in name order, from the commit's bytes; every platform's
 * entries point at them, so the layer Jib looks up is the one compressed here.
 */
public final class ControllerLayers {

  /** The name of the layer in Jib's build plan (Jib names its build step after it). */
  static final String LAYER_NAME = "controller";

  private final Map<String, Path> files;
  private final Instant time;
  private final Path cache;
  private final Map<Platform, Started> started = new LinkedHashMap<>();

  private record Started(Path binary, FileEntriesLayer entries, LayerCompression compression) {}

  private ControllerLayers(Map<String, Path> files, Instant time, Path cache) {
    this.files = files;
    this.time = time;
    this.cache = cache;
  }

  /**
   * Stages {@code files} in {@code staging} (emptied first) for layers with {@code time} as every
   * file's time, compressed into the application-layer cache under {@code cacheDir}.
   */
  public static ControllerLayers stage(List<ImageBuilder.ImageFile> files, Instant time, Path staging, Path cacheDir)
      throws IOException {
    Directories.recreate(staging);
    Map<String, Path> staged = new TreeMap<>();
    for (ImageBuilder.ImageFile f : files) {
      Path p = staging.resolve(f.name());
      Files.write(p, f.content());
      staged.put(f.name(), p);
    }
    return new ControllerLayers(staged, time, applicationCache(cacheDir));
  }

  /** Jib's application-layer cache under a run's {@code --cache-dir}. */
  static Path applicationCache(Path cacheDir) {
    return cacheDir.toAbsolutePath().resolve(CacheLayout.JIB_APPLICATION);
  }

  /** Starts compressing each platform's layer of {@code binaries}. */
  public ControllerLayers startAll(Map<Platform, Path> binaries) throws IOException {
    for (Map.Entry<Platform, Path> b : binaries.entrySet()) {
      start(b.getKey(), b.getValue());
    }
    return this;
  }

  /** The compression of {@code platform}'s layer of {@code binary}: the one started before, or one started now. */
  synchronized LayerCompression start(Platform platform, Path binary) throws IOException {
    Started s = started.get(platform);
    if (s == null || !s.binary().equals(binary)) {
      if (s != null) {
        s.compression().cancel();
      }
      FileEntriesLayer entries = entries(binary);
      s = new Started(binary, entries, LayerCompression.start(entries, cache));
      started.put(platform, s);
    }
    return s.compression();
  }

  /** The entries of the layer started for {@code platform}. */
  synchronized FileEntriesLayer entries(Platform platform) {
    return started.get(platform).entries();
  }

  /**
   * Stops every compression still running (nothing is to be built, or a check failed) and waits
   * for each to delete its partial file; a finished layer stays in the cache.
   */
  public synchronized void cancel() {
    started.values().forEach(s -> s.compression().cancel());
    started.values().forEach(s -> s.compression().awaitEnd(5));
  }

  private FileEntriesLayer entries(Path binary) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(LAYER_NAME)
        .addEntry(binary, AbsoluteUnixPath.get(ImageBuilder.BINARY_PATH), FilePermissions.fromOctalString("755"), time);
    files.forEach((name, path) -> layer.addEntry(path, AbsoluteUnixPath.get(ImageBuilder.FILES_DIR + name),
        FilePermissions.fromOctalString("644"), time));
    return layer.build();
  }
}
