package dev.ackrelease.steps.image;

import static dev.ackrelease.testing.SampleController.MODULE_PATH;
import static dev.ackrelease.testing.SampleController.copyModule;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Go module in src/test/resources/sample-controller, built with caches under target/: the
 * image tests' view of {@link dev.ackrelease.testing.SampleController}, whose name it shares.
 */
final class SampleController {

  /** The sample Go module: {@link dev.ackrelease.testing.SampleController#MODULE}, which this class's name hides. */
  static final Path MODULE = Path.of("src", "test", "resources", "sample-controller").toAbsolutePath();
  static final Path CACHE = Path.of("target", "test-caches").toAbsolutePath();
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final Instant COMMIT_TIME = Instant.parse("2026-11-20T10:15:30Z");
  static final BuildInfo INFO = new BuildInfo(ReleaseVersion.parseTag("v1.2.3"), COMMIT, COMMIT_TIME);

  private SampleController() {}

  static final String VERSION_PACKAGE = MODULE_PATH + "/pkg/version";

  /** The environment the tests build in: offline (GOPROXY=off), caches chosen by GoBuild. */
  static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.put("GOPROXY", "off");
    env.remove("GOCACHE");
    env.remove("GOPATH");
    env.remove("GOTOOLCHAIN");
    return env;
  }

  /** The go on PATH, checked against the sample's go.mod. */
  static GoToolchain toolchain() {
    return GoToolchain.resolve(Log.NONE, Optional.empty(), environment(), GoModule.read(MODULE), BuildConfig.NONE);
  }

  /** A GoBuild offline with caches under target/. */
  static GoBuild goBuild(Log log) {
    return new GoBuild(log, CACHE.resolve("go"), toolchain());
  }

  static GoBuild.Request request(Path module, Platform platform, BuildInfo info, Path output) {
    return new GoBuild.Request(module, GoBuild.DEFAULT_MAIN_PACKAGE, platform, info, VERSION_PACKAGE, output);
  }

  /** Builds the sample for every platform into {@code dir}. */
  static Map<Platform, Path> binaries(Path dir, BuildInfo info, List<Platform> platforms) {
    Map<Platform, Path> binaries = new LinkedHashMap<>();
    for (Platform p : platforms) {
      Path out = dir.resolve("controller-" + p.architecture());
      binaries.put(p, goBuild(Log.NONE).build(request(MODULE, p, info, out)).binary());
    }
    return binaries;
  }

  /** A copy of the module to break on purpose. */
  static Path copyTo(Path dir) {
    return copyModule(dir);
  }
}
