package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.ExecutableSearch;
import dev.ackrelease.steps.io.UserHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Go toolchain a release is built with, checked before anything runs: the {@code go} binary
 * ({@code --go PATH}, else the one on PATH), the version it really runs ({@code go env GOVERSION}
 * in the module, so a {@code GOTOOLCHAIN} the user set is respected), which must satisfy the
 * module's {@code go} line and, with {@code --build-config}, equal ACK's {@code go_version} pin.
 * The Go version is an input of the image digest, so the pin is what makes two machines agree.
 */
public record GoToolchain(Path binary, GoVersion version, Map<String, String> environment) {

  private static final long TIMEOUT_SECONDS = 120;

  public GoToolchain {
    environment = Map.copyOf(environment);
  }

  /**
   * Finds and checks the toolchain for {@code module}: {@code goFlag} (from {@code --go}), the
   * process environment {@code env} (PATH, GOTOOLCHAIN, caches), and ACK's pins.
   */
  public static GoToolchain resolve(Log log, Optional<Path> goFlag, Map<String, String> env, GoModule module,
      BuildConfig pins) {
    Path go = goFlag.map(GoToolchain::requireExecutable).orElseGet(() -> onPath(env));
    Map<String, String> environment = new LinkedHashMap<>(env);
    GoVersion version = installedVersion(go, env, module).orElseGet(() -> {
      GoProcess.Result r = GoProcess.run(go, List.of("env", "GOVERSION"), module.dir(), environment, TIMEOUT_SECONDS);
      // go itself says what went wrong in lines starting "go: " (a toolchain it could not switch
      // to, say); a failure without one is another program's (--go /bin/false, /bin/sh).
      if (r.exitCode() > 0 && r.text().lines().noneMatch(l -> l.startsWith("go: "))) {
        throw notAToolchain(goFlag.isPresent(), go, r.text().isBlank() ? "" : r.lastLines());
      }
      if (r.exitCode() != 0) {
        throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: " + go + " env GOVERSION exited " + r.exitCode()
            + " in " + module.dir() + ": " + r.lastLines() + " (" + fixFor(module.go().map(GoVersion::toString).orElse("the module's")) + ")");
      }
      return GoVersion.parse(r.text()).orElseThrow(() -> notAToolchain(goFlag.isPresent(), go, r.text()));
    });
    String source = goFlag.isPresent() ? "--go " + go : "the go on PATH (" + go + ")";
    String toolchain = env.getOrDefault("GOTOOLCHAIN", "");
    String running = version.toolchainName() + (toolchain.isBlank() ? "" : " with GOTOOLCHAIN=" + toolchain);
    Optional<GoVersion> required = module.go();
    if (required.isPresent() && version.compareTo(required.get()) < 0) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "go.mod of " + module.path() + " requires go >= "
          + required.get() + " but " + source + " is " + running + ": " + fixFor(required.get().toString()));
    }
    if (pins.goVersion().isPresent() && !version.matchesPin(pins.goVersion().get())) {
      GoVersion pin = pins.goVersion().get();
      throw new ReleaseException(ReleaseException.Kind.BUILD, "the build config pins go_version " + pin + " but " + source
          + " is " + running + ": " + fixFor(pin.toString()));
    }
    module.toolchain().filter(t -> version.compareTo(t) < 0).ifPresent(t -> log.info("go.mod suggests toolchain "
        + t.toolchainName() + "; building with " + version.toolchainName() + ", which its go line allows"));
    log.info("go: " + version.toolchainName() + " (" + go + ")");
    return new GoToolchain(go, version, environment);
  }

  /**
   * A binary whose {@code go env GOVERSION} answers no Go version (e.g. {@code --go /bin/true}):
   * the fix is the path of a go binary, not another way of writing a version.
   */
  static ReleaseException notAToolchain(boolean flag, Path go, String answer) {
    String printed = answer.isBlank() ? "printed nothing" : "printed '" + Echo.value(answer) + "'";
    String example = "/usr/local/go/bin/go";
    return ReleaseException.invalidInput(flag
        ? "--go " + go + " is not a Go toolchain (go env GOVERSION " + printed + "): pass the path of a go binary, e.g. --go "
            + example
        : "the go on PATH (" + go + ") is not a Go toolchain (go env GOVERSION " + printed + "): put Go's bin directory on"
            + " PATH, or pass the path of a go binary, e.g. --go " + example);
  }

  /**
   * The version of the Go installation {@code go} belongs to, read from its {@code GOROOT/VERSION}
   * file without starting a process, when that is the toolchain that would build: no
   * {@code GOTOOLCHAIN} other than {@code local}/{@code auto} in the environment or in go's env
   * file, no {@code GOROOT} override, and a version that satisfies go.mod (so {@code auto} would
   * not switch). Empty otherwise: then {@code go env GOVERSION} answers.
   */
  static Optional<GoVersion> installedVersion(Path go, Map<String, String> env, GoModule module) {
    String toolchain = env.getOrDefault("GOTOOLCHAIN", "").strip();
    if (!(toolchain.isEmpty() || toolchain.equals("local") || toolchain.equals("auto")) || env.containsKey("GOROOT")
        || goEnvFileSetsToolchain(env)) {
      return Optional.empty();
    }
    try {
      Path root = go.toRealPath().getParent().getParent();
      Path file = root.resolve("VERSION");
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String first = Files.readAllLines(file).stream().findFirst().orElse("").strip();
      GoVersion version = GoVersion.parse(first, file.toString());
      boolean satisfies = module.go().map(g -> version.compareTo(g) >= 0).orElse(true)
          && module.toolchain().map(t -> version.compareTo(t) >= 0 || toolchain.equals("local")).orElse(true);
      return satisfies ? Optional.of(version) : Optional.empty();
    } catch (IOException | ReleaseException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static boolean goEnvFileSetsToolchain(Map<String, String> env) {
    String configured = env.getOrDefault("GOENV", "");
    if (configured.equals("off")) {
      return false;
    }
    try {
      Path file;
      if (!configured.isBlank()) {
        file = Path.of(configured);
      } else {
        String xdg = env.getOrDefault("XDG_CONFIG_HOME", "");
        file = (xdg.isBlank() ? UserHome.resolve(env, ".config") : Path.of(xdg)).resolve("go").resolve("env");
      }
      return Files.isRegularFile(file) && Files.readAllLines(file).stream().anyMatch(l -> l.strip().startsWith("GOTOOLCHAIN="));
    } catch (IOException | InvalidPathException e) {
      return true; // not readable here: go env answers
    }
  }

  private static String fixFor(String version) {
    return "install Go " + version + " and pass --go /path/to/go, or run with GOTOOLCHAIN=go" + version
        + " where the Go module proxy is reachable";
  }

  /** {@code --go} as given: an executable file (exit 2 otherwise), by its absolute path. */
  public static Path requireExecutable(Path go) {
    Path p = go.toAbsolutePath();
    if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
      throw ReleaseException.invalidInput("--go " + go + " is not an executable file: pass the path of a go binary,"
          + " e.g. /usr/local/go/bin/go");
    }
    return p;
  }

  private static Path onPath(Map<String, String> env) {
    Optional<Path> go = ExecutableSearch.find("go", env.getOrDefault("PATH", ""), ExecutableSearch.Entries.NAMED);
    return go.orElseThrow(() -> new ReleaseException(ReleaseException.Kind.BUILD,
        "build failed: go is not on PATH: install Go (apt-get install golang-go, or from go.dev/dl), pass --go PATH,"
            + " or pass prebuilt binaries with --binary"));
  }

  /** {@code go list -f {{.Dir}} PKG} in the module: where a package of another module lives; empty when go cannot find it. */
  Optional<Path> packageDir(Path moduleDir, String importPath) {
    List<String> args = new ArrayList<>(List.of("list", "-f", "{{.Dir}}", "--", importPath));
    GoProcess.Result r = GoProcess.run(binary, args, moduleDir, environment, TIMEOUT_SECONDS);
    String dir = r.text();
    return r.exitCode() == 0 && !dir.isEmpty() && !dir.contains("\n") ? Optional.of(Path.of(dir)) : Optional.empty();
  }
}
