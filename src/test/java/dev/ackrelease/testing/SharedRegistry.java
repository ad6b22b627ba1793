package dev.ackrelease.testing;

import dev.ackrelease.steps.io.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real plain-HTTP registry for a whole test JVM, for tests that only need a registry to talk
 * to: started on first use and stopped by its PID when the JVM exits. Mutation testing runs each
 * test again for every mutant it covers, so a registry per test class (stopping one takes a
 * second) would dominate its time; a JVM that is killed has its registry stopped by the watcher
 * {@link RegistryServer} starts. Tests sharing it use repository names of their own
 * ({@link #unique}) and never rely on it being empty.
 */
public final class SharedRegistry {

  private static RegistryServer server;
  private static final AtomicInteger NAMES = new AtomicInteger();

  private SharedRegistry() {}

  public static synchronized RegistryServer get() {
    if (server == null) {
      try {
        // Under target/: what a killed JVM leaves goes with mvn clean (RegistryServer stops its process).
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "shared-registries")).toAbsolutePath(),
            "registry");
        RegistryServer started = RegistryServer.plain(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          started.close();
          Directories.deleteQuietly(dir);
        }, "shared-registry-stop"));
        server = started;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A repository name no other test in this JVM uses: {@code <prefix>-<n>-<random>}. */
  public static String unique(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }
}
