package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cross-compiles a controller with the {@code go} on PATH, as ACK's release job does:
 * {@code CGO_ENABLED=0 GOOS=linux GOARCH=<arch> go build -trimpath -ldflags "-s -w -X
 * <pkg>.GitVersion=vX.Y.Z -X <pkg>.GitCommit=<sha> -X <pkg>.BuildDate=<commit time>"}.
 *
 * <p>For a binary that depends only on the source and the Go version, the environment's
 * {@code GOFLAGS}, {@code GOAMD64}, {@code GOARM64} and {@code GOEXPERIMENT} are cleared and
 * VCS stamping is off ({@code -buildvcs=false}: the commit is in the ldflags). {@code GOCACHE}
 * and {@code GOPATH} are kept when set, otherwise they go under the given cache directory.
 */
public final class GoBuild {

  /** ACK's runtime package whose variables carry the version ({@code --version-package}). */
  public static final String DEFAULT_VERSION_PACKAGE = "github.com/aws-controllers-k8s/runtime/pkg/version";
  /** ACK controllers' main package ({@code --main-package}). */
  public static final String DEFAULT_MAIN_PACKAGE = "./cmd/controller";

  private static final long TIMEOUT_MINUTES = 30;
  private static final int ERROR_LINES = 6;

  /** What to build: the module, its main package, the platform, the stamp, and where the binary goes. */
  public record Request(Path moduleDir, String mainPackage, Platform platform, BuildInfo info, String versionPackage,
      Path output) {}

  /** The binary built for one platform. */
  public record Result(Platform platform, Path binary, long size) {}

  private final Log log;
  private final Path cacheDir;
  private final Map<String, String> environment;

  /** A build with the process environment; caches default to {@code cacheDir/go-build} and {@code cacheDir/gopath}. */
  public GoBuild(Log log, Path cacheDir) {
    this(log, cacheDir, System.getenv());
  }

  GoBuild(Log log, Path cacheDir, Map<String, String> environment) {
    this.log = log;
    this.cacheDir = cacheDir.toAbsolutePath();
    this.environment = Map.copyOf(environment);
  }

  public Result build(Request request) {
    Path module = request.moduleDir().toAbsolutePath().normalize();
    if (!Files.isRegularFile(module.resolve("go.mod"))) {
      throw ReleaseException.invalidInput(module + " has no go.mod: run in the controller's repository or pass --controller-dir");
    }
    String main = request.mainPackage();
    if (main.startsWith("./") && !Files.isDirectory(module.resolve(main).normalize())) {
      throw ReleaseException.invalidInput("main package " + main + " does not exist in " + module + ": pass --main-package");
    }
    Path output = request.output().toAbsolutePath();
    List<String> command = List.of(goBinary(), "build", "-trimpath", "-buildvcs=false",
        "-ldflags", ldflags(request.versionPackage(), request.info()), "-o", output.toString(), main);
    log.info("building " + main + " for " + request.platform() + " (go build, " + request.info().version().tag() + ")");
    try {
      Files.createDirectories(output.getParent());
      Files.deleteIfExists(output);
      ProcessBuilder pb = new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      environment(pb.environment(), request.platform());
      Process process = pb.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new ReleaseException(ReleaseException.Kind.BUILD, "go build of " + main + " for " + request.platform()
            + " did not finish within " + TIMEOUT_MINUTES + " minutes: check the build, or pass prebuilt binaries with --binary");
      }
      String text = out.join();
      if (process.exitValue() != 0) {
        text.lines().forEach(line -> log.info("go: " + line));
        throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: go build of " + main + " for " + request.platform()
            + " exited " + process.exitValue() + ": " + lastLines(text) + " (fix the errors shown above and run again)");
      }
      if (!Files.isRegularFile(output)) {
        throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: go build of " + main + " wrote no binary at " + output
            + ": check that " + main + " is a main package");
      }
      ElfBinary.requireFor(output, request.platform());
      return new Result(request.platform(), output, Files.size(output));
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot run go build in " + module + " (" + e.getMessage()
          + "): check that go works there", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleaseException(ReleaseException.Kind.BUILD, "interrupted while building " + main, e);
    }
  }

  /** The {@code -ldflags} value: stripped, with the three version variables set. */
  public static String ldflags(String versionPackage, BuildInfo info) {
    String pkg = versionPackage == null || versionPackage.isBlank() ? DEFAULT_VERSION_PACKAGE : versionPackage.strip();
    if (!pkg.matches("[A-Za-z0-9._~/-]+")) {
      throw ReleaseException.invalidInput("version package '" + pkg + "' is not a Go import path: pass e.g. " + DEFAULT_VERSION_PACKAGE);
    }
    return "-s -w -X " + pkg + ".GitVersion=" + info.version().tag() + " -X " + pkg + ".GitCommit=" + info.commit()
        + " -X " + pkg + ".BuildDate=" + info.buildDate();
  }

  private void environment(Map<String, String> env, Platform platform) throws IOException {
    env.clear();
    env.putAll(environment);
    for (String unset : List.of("GOFLAGS", "GOAMD64", "GOARM64", "GOEXPERIMENT")) {
      env.remove(unset);
    }
    env.put("CGO_ENABLED", "0");
    env.put("GOOS", platform.os());
    env.put("GOARCH", platform.goArch());
    env.put("GOCACHE", directory(env.get("GOCACHE"), "go-build"));
    env.put("GOPATH", directory(env.get("GOPATH"), "gopath"));
  }

  private String directory(String fromEnvironment, String name) throws IOException {
    Path dir = fromEnvironment == null || fromEnvironment.isBlank() ? cacheDir.resolve(name) : Path.of(fromEnvironment);
    Files.createDirectories(dir);
    return dir.toString();
  }

  private String goBinary() {
    return findOnPath("go", environment.getOrDefault("PATH", "")).map(Path::toString)
        .orElseThrow(() -> new ReleaseException(ReleaseException.Kind.BUILD, "build failed: go is not on PATH: install Go"
            + " (apt-get install golang-go, or from go.dev/dl) or pass prebuilt binaries with --binary"));
  }

  static Optional<Path> findOnPath(String name, String path) {
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String lastLines(String output) {
    List<String> lines = new ArrayList<>(output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    if (lines.isEmpty()) {
      return "no output";
    }
    return String.join("; ", lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size()));
  }

  private static String drain(InputStream in) {
    try (InputStream s = in) {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
