package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.CacheLayout;
import dev.ackrelease.steps.io.Directories;
import dev.ackrelease.steps.io.PathInput;
import dev.ackrelease.steps.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-compiles a controller as ACK's Dockerfile does: {@code CGO_ENABLED=0 GOOS=linux
 * GOARCH=<arch> go build -ldflags "-X <pkg>.GitVersion=<version without v> -X <pkg>.GitCommit=<sha>
 * -X <pkg>.BuildDate=<%Y-%m-%dT%H:%M>"} with {@code <pkg> = <module>/pkg/version}, plus
 * {@code -trimpath} so the binary does not depend on where the clone is.
 *
 * <p>Stamping cannot fail silently: before building, the version package must exist and declare
 * the three string variables ({@link #requireVersionPackage}); after building, each binary's
 * symbol table must hold exactly the values stamped, and the binary must be statically linked.
 * Either failure is a BUILD failure (exit 6) before anything is pushed.
 *
 * <p>For a binary that depends only on the source and the Go version, the environment's
 * {@code GOFLAGS}, {@code GOAMD64}, {@code GOARM64} and {@code GOEXPERIMENT} are overridden and
 * VCS stamping is off ({@code -buildvcs=false}: the commit is in the ldflags). {@code GOCACHE}
 * and {@code GOPATH} are kept when set, otherwise they go under the given cache directory.
 * {@code GOTMPDIR} is a directory beside the binary (in the run's work directory): go killed
 * on an interrupt cannot delete its {@code go-build*} work directory, the run's clean-up does.
 */
public final class GoBuild {

  /** ACK controllers' main package ({@code --main-package}). */
  public static final String DEFAULT_MAIN_PACKAGE = "./cmd/controller";

  private static final long TIMEOUT_SECONDS = 30 * 60;

  /** What to build: the module, its main package, the platform, the stamp, the version package, and where the binary goes. */
  public record Request(Path moduleDir, String mainPackage, Platform platform, BuildInfo info, String versionPackage,
      Path output) {}

  /** The binary built for one platform. */
  public record Result(Platform platform, Path binary, long size) {}

  private final Log log;
  private final Path cacheDir;
  private final GoToolchain toolchain;

  public GoBuild(Log log, Path cacheDir, GoToolchain toolchain) {
    this.log = Log.serialized(log);
    this.cacheDir = cacheDir.toAbsolutePath();
    this.toolchain = toolchain;
  }

  public GoToolchain toolchain() {
    return toolchain;
  }

  /**
   * The version package to stamp: {@code given} (from {@code --version-package}) or the module's
   * {@code <module>/pkg/version}, checked to declare {@code GitVersion}, {@code GitCommit} and
   * {@code BuildDate} as string variables. Fails with BUILD naming the package and the option.
   */
  public static String requireVersionPackage(GoModule module, Optional<String> given, GoToolchain go) {
    String pkg = versionPackageGiven(given).orElse(module.defaultVersionPackage());
    if (!isImportPath(pkg)) {
      throw ReleaseException.invalidInput("--version-package '" + pkg + "' is not a Go import path: pass e.g. "
          + module.defaultVersionPackage());
    }
    Optional<Path> dir = module.packageDir(pkg).or(() -> go.packageDir(module.dir(), pkg));
    List<String> missing = dir.map(GoModule::missingVersionVariables).orElse(GoModule.VERSION_VARIABLES);
    if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: the version package " + pkg + " does not exist in "
          + module.path() + ": add pkg/version/version.go declaring GitVersion, GitCommit and BuildDate as in every ACK"
          + " controller, or pass --version-package with the package main imports them from");
    }
    if (!missing.isEmpty()) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: the version package " + pkg + " declares no "
          + String.join(", ", missing) + " string variable" + (missing.size() > 1 ? "s" : "") + ", so -X would stamp nothing:"
          + " declare var ( GitVersion string; GitCommit string; BuildDate string ) there, or pass --version-package");
    }
    return pkg;
  }

  public Result build(Request request) {
    Path module = request.moduleDir().toAbsolutePath().normalize();
    String main = requireMainPackage(request.mainPackage());
    if (main.startsWith("./") && !Files.isDirectory(module.resolve(main).normalize())) {
      throw ReleaseException.invalidInput("main package " + main + " does not exist in " + module + ": pass --main-package");
    }
    Path output = request.output().toAbsolutePath();
    Path goTmp = output.resolveSibling("go-tmp");
    List<String> args = List.of("build", "-trimpath", "-buildvcs=false",
        "-ldflags", ldflags(request.versionPackage(), request.info()), "-o", output.toString(), "--", main);
    log.detail("building " + main + " for " + request.platform() + " (" + toolchain.version().toolchainName() + ", "
        + request.info().version().plain() + ")");
    try {
      Files.createDirectories(goTmp);
      Files.deleteIfExists(output);
    } catch (IOException e) {
      throw RunDirectory.localFailure(e, output.getParent());
    }
    GoProcess.Result r;
    // go says nothing about how far it is: the progress has no total, only the time it has taken.
    try (Progress progress = log.progress("go build " + main + " for " + request.platform(), -1)) {
      r = GoProcess.run(toolchain.binary(), args, module, environment(request.platform(), goTmp), TIMEOUT_SECONDS);
    } finally {
      Directories.deleteQuietly(goTmp);
    }
    if (r.timedOut()) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "go build of " + main + " for " + request.platform()
          + " did not finish within " + TIMEOUT_SECONDS / 60 + " minutes: check the build, or pass prebuilt binaries with --binary");
    }
    if (r.exitCode() != 0) {
      long earlier = r.output().totalLines() - r.output().lines().size();
      if (earlier > 0) {
        log.info("go: (" + earlier + " earlier lines not shown)");
      }
      r.output().lines().forEach(line -> log.info("go: " + line));
      if (r.noSpace()) {
        // Go's caches and the binary are under the cache directory: the disk is full, the code is fine.
        throw RunDirectory.noSpace(output.getParent(), new IOException(r.lastLines()));
      }
      throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: go build of " + main + " for " + request.platform()
          + " exited " + r.exitCode() + ": " + r.lastLines() + " (fix the errors shown above and run again)");
    }
    if (!Files.isRegularFile(output)) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: go build of " + main + " wrote no binary at " + output
          + ": check that " + main + " is a main package");
    }
    ElfBinary elf = ElfBinary.requireFor(output, request.platform());
    requireStatic(elf, ReleaseException.Kind.BUILD, "go build of " + main + " for " + request.platform());
    requireStamped(elf, request.versionPackage(), request.info(), main);
    try {
      return new Result(request.platform(), output, Files.size(output));
    } catch (IOException e) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot read " + output + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code --version-package} as given, whatever the module: blank or absent is each module's
   * {@code <module>/pkg/version} ({@link #requireVersionPackage}); else a Go import path, never an
   * option or a {@code ./} path.
   */
  public static void requireVersionPackagePath(Optional<String> given) {
    Optional<String> pkg = versionPackageGiven(given);
    if (pkg.isPresent() && !isImportPath(pkg.get())) {
      throw ReleaseException.invalidInput("--version-package '" + Echo.value(pkg.get()) + "' is not a Go import path: pass one,"
          + " e.g. github.com/aws-controllers-k8s/s3-controller/pkg/version, or drop --version-package for each module's"
          + " <module>/pkg/version");
    }
  }

  /** {@code --version-package} as given, stripped; none when absent or blank (each module's own then). */
  private static Optional<String> versionPackageGiven(Optional<String> given) {
    return given.map(String::strip).filter(s -> !s.isEmpty());
  }

  /** A Go import path: a package path go takes that is not a {@code ./} or {@code ../} path. */
  private static boolean isImportPath(String pkg) {
    return GoModule.isPackagePath(pkg) && !pkg.startsWith(".");
  }

  /** {@code --main-package} as go may receive it: an import path or {@code ./} path, never an option. */
  public static String requireMainPackage(String main) {
    if (!GoModule.isPackagePath(main)) {
      throw ReleaseException.invalidInput("--main-package '" + main + "' is not a Go package path: pass e.g. " + DEFAULT_MAIN_PACKAGE);
    }
    return main;
  }

  /** The {@code -ldflags} value: the three version variables, as ACK sets them. */
  public static String ldflags(String versionPackage, BuildInfo info) {
    String pkg = versionPackage.strip();
    if (!isImportPath(pkg)) {
      throw ReleaseException.invalidInput("version package '" + pkg + "' is not a Go import path: pass e.g."
          + " github.com/aws-controllers-k8s/s3-controller/pkg/version");
    }
    return "-X " + pkg + ".GitVersion=" + info.version().plain() + " -X " + pkg + ".GitCommit=" + info.commit()
        + " -X " + pkg + ".BuildDate=" + info.buildDate();
  }

  /** What each variable must read in the binary. */
  static Map<String, String> stampedValues(BuildInfo info) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("GitVersion", info.version().plain());
    values.put("GitCommit", info.commit());
    values.put("BuildDate", info.buildDate());
    return values;
  }

  /**
   * Refuses a dynamically linked binary: it cannot start on a distroless or scratch base. {@code
   * kind} is BUILD for one ack-release built, INVALID_INPUT for one given with {@code --binary}.
   */
  public static void requireStatic(ElfBinary elf, ReleaseException.Kind kind, String what) {
    List<String> dynamic;
    try {
      dynamic = elf.dynamicDependencies();
    } catch (UncheckedIOException e) {
      throw malformed(elf, kind, what, e);
    }
    if (!dynamic.isEmpty()) {
      String fix = kind == ReleaseException.Kind.BUILD
          ? "build with CGO_ENABLED=0 (ack-release sets it; check that nothing in the build re-enables cgo or external linking)"
          : "rebuild it with CGO_ENABLED=0 GOOS=linux GOARCH=<arch> go build";
      throw new ReleaseException(kind, (kind == ReleaseException.Kind.BUILD ? "build failed: " : "") + what + " ("
          + elf.path() + ") is dynamically linked (" + String.join(", ", dynamic) + ") and cannot start on a distroless"
          + " base: " + fix);
    }
  }

  /** An ELF file whose program or section headers point outside it: truncated, or not written by a linker. */
  private static ReleaseException malformed(ElfBinary elf, ReleaseException.Kind kind, String what, UncheckedIOException e) {
    String fix = kind == ReleaseException.Kind.BUILD
        ? "check the go toolchain (--go) and run again"
        : "pass the controller binary go build wrote (CGO_ENABLED=0 GOOS=linux GOARCH=<arch> go build)";
    return new ReleaseException(kind, (kind == ReleaseException.Kind.BUILD ? "build failed: " : "") + what + " ("
        + elf.path() + ") is not a well-formed ELF executable (" + e.getCause().getMessage() + "): " + fix);
  }

  /** Fails unless the binary's version variables hold exactly what was stamped: a linker that ignored -X is caught here. */
  static void requireStamped(ElfBinary elf, String versionPackage, BuildInfo info, String main) {
    List<String> wrong = new ArrayList<>();
    Map<String, String> want = stampedValues(info);
    Map<String, Optional<String>> found;
    try {
      found = elf.goStringVariables(versionPackage, List.copyOf(want.keySet()));
    } catch (UncheckedIOException e) {
      throw malformed(elf, ReleaseException.Kind.BUILD, "go build of " + main, e);
    }
    for (Map.Entry<String, String> e : want.entrySet()) {
      Optional<String> have = found.get(e.getKey());
      if (have.isEmpty()) {
        throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: " + elf.path() + " does not link "
            + versionPackage + "." + e.getKey() + ", so the version was not stamped: import " + versionPackage + " from "
            + main + " (ACK's cmd/controller/main.go does), or pass the --version-package main uses");
      }
      if (!have.get().equals(e.getValue())) {
        wrong.add(e.getKey() + "=\"" + have.get() + "\" (want \"" + e.getValue() + "\")");
      }
    }
    if (!wrong.isEmpty()) {
      throw new ReleaseException(ReleaseException.Kind.BUILD, "build failed: the linker did not stamp " + versionPackage
          + " in " + elf.path() + ": " + String.join(", ", wrong) + ": check that the variables are plain string vars"
          + " without an initializer computed at run time");
    }
  }

  private Map<String, String> environment(Platform platform, Path goTmp) {
    Map<String, String> env = new LinkedHashMap<>(toolchain.environment());
    // Settings that change the binary are fixed here, overriding the environment and go env -w.
    env.put("GOFLAGS", "-buildvcs=false");
    env.remove("GOEXPERIMENT");
    env.put("GOAMD64", "v1");
    env.put("GOARM64", "v8.0");
    env.put("CGO_ENABLED", "0");
    env.put("GOOS", platform.os());
    env.put("GOARCH", platform.goArch());
    env.put("GOCACHE", directory(env.get("GOCACHE"), CacheLayout.GO_BUILD));
    env.put("GOPATH", directory(env.get("GOPATH"), CacheLayout.GOPATH));
    env.put("GOTMPDIR", goTmp.toString());
    return env;
  }

  private String directory(String fromEnvironment, String name) {
    Path dir = fromEnvironment == null || fromEnvironment.isBlank() ? cacheDir.resolve(name)
        : PathInput.of(fromEnvironment, name.equals(CacheLayout.GO_BUILD) ? "GOCACHE" : "GOPATH", "set it to a directory, or unset it");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot create Go's cache " + dir + " (" + e.getMessage() + "): pass a writable --cache-dir");
    }
    return dir.toString();
  }
}
