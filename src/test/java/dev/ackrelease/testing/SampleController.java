package dev.ackrelease.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A controller repo made from {@code src/test/resources/sample-controller}, shaped like a real
 * ACK controller (module {@code github.com/aws-controllers-k8s/<service>-controller},
 * {@code pkg/version}, {@code cmd/controller} printing the stamped version, {@code apis/},
 * {@code LICENSE}, {@code ATTRIBUTION.md}, an import of {@code net}), as {@code <service>-controller}
 * in a git repo with one commit and no helm/ yet.
 */
public final class SampleController {

  /** The sample Go module. */
  public static final Path MODULE = Path.of("src", "test", "resources", "sample-controller").toAbsolutePath();

  private SampleController() {}

  /** The module path of the sample as stored; {@link #copyModule(Path, String)} renames it per service. */
  public static final String MODULE_PATH = "github.com/aws-controllers-k8s/sample-controller";

  public static GitFixture create(Path parent, String service) {
    Path dir = copyModule(parent.resolve(service + "-controller"), service);
    GitFixture repo = GitFixture.init(dir);
    repo.commit("Initial commit");
    return repo;
  }

  /** The module path of the sample copied for {@code service}. */
  public static String modulePath(String service) {
    return "github.com/aws-controllers-k8s/" + service + "-controller";
  }

  /**
   * Copies the sample module to {@code to} as {@code <service>-controller}: the module path in
   * go.mod and the imports in the Go files name the service, as in a real controller.
   */
  public static Path copyModule(Path to, String service) {
    copyModule(to);
    try (var files = Files.walk(to)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".go") || f.getFileName().toString().equals("go.mod")).toList()) {
        Files.writeString(p, Files.readString(p).replace(MODULE_PATH, modulePath(service)));
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the sample Go module to {@code to} unchanged; returns {@code to}. */
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
