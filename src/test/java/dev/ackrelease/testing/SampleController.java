package dev.ackrelease.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A controller repo made from {@code src/test/resources/sample-controller} (a Go module whose
 * cmd/controller prints the version stamped into it), as {@code <service>-controller} in a git
 * repo with one commit and no helm/ yet.
 */
public final class SampleController {

  /** The sample Go module. */
  public static final Path MODULE = Path.of("src", "test", "resources", "sample-controller").toAbsolutePath();

  private SampleController() {}

  public static GitFixture create(Path parent, String service) {
    Path dir = copyModule(parent.resolve(service + "-controller"));
    GitFixture repo = GitFixture.init(dir);
    repo.commit("Initial commit");
    return repo;
  }

  /** Copies the sample Go module to {@code to}; returns {@code to}. */
  public static Path copyModule(Path to) {
    Path from = MODULE;
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
