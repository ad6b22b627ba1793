package dev.ackrelease.steps.image;

import static dev.ackrelease.testing.SampleController.MODULE_PATH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.ProcessResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoBuildTest {

  @TempDir Path tmp;

  @Test
  void crossCompilesForBothPlatformsWithTheVersionStampedAsAckDoes() throws Exception {
    GoBuild go = SampleController.goBuild(Log.NONE);
    GoBuild.Result amd64 = go.build(SampleController.request(SampleController.MODULE, Platform.LINUX_AMD64,
        SampleController.INFO, tmp.resolve("amd64/controller")));
    GoBuild.Result arm64 = go.build(SampleController.request(SampleController.MODULE, Platform.LINUX_ARM64,
        SampleController.INFO, tmp.resolve("arm64/controller")));

    assertEquals(62, ElfBinary.read(amd64.binary()).machine());
    assertEquals(183, ElfBinary.read(arm64.binary()).machine());
    assertEquals(Files.size(arm64.binary()), arm64.size());

    // GitVersion without the v, the full commit, the commit time as date +%Y-%m-%dT%H:%M in UTC.
    ProcessResult run = ProcessResult.run(List.of(amd64.binary().toString()), tmp.toFile(), 30).assertOk();
    assertEquals("version=1.2.3 commit=" + SampleController.COMMIT + " buildDate=2026-11-20T10:15",
        run.stdout().lines().findFirst().orElseThrow());
    // The same values, read from the arm64 binary's symbol table without running it.
    ElfBinary arm = ElfBinary.read(arm64.binary());
    assertEquals(Optional.of("1.2.3"), arm.goStringVariable(SampleController.VERSION_PACKAGE, "GitVersion"));
    assertEquals(Optional.of("2026-11-20T10:15"), arm.goStringVariable(SampleController.VERSION_PACKAGE, "BuildDate"));
    assertEquals(List.of(), arm.dynamicDependencies(), "CGO_ENABLED=0 gives a static binary");
  }

  @Test
  void theSameCommitGivesTheSameBinary() throws Exception {
    GoBuild go = SampleController.goBuild(Log.NONE);
    Path a = go.build(SampleController.request(SampleController.MODULE, Platform.LINUX_ARM64, SampleController.INFO,
        tmp.resolve("a/controller"))).binary();
    // Another checkout of the same source in another directory: -trimpath hides the path.
    Path copy = SampleController.copyTo(tmp.resolve("elsewhere"));
    Path b = go.build(SampleController.request(copy, Platform.LINUX_ARM64, SampleController.INFO,
        tmp.resolve("b/controller"))).binary();
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void goKeepsItsWorkDirectoryBesideTheBinarySoAnInterruptedRunsCleanUpRemovesIt() throws Exception {
    // go killed on SIGINT/SIGTERM cannot delete its go-build* work directory: it must be in the
    // run's work directory (deleted by the run's clean-up), never in /tmp.
    Path seen = tmp.resolve("gotmpdir.txt");
    Path wrapper = tmp.resolve("bin/go");
    Files.createDirectories(wrapper.getParent());
    Files.writeString(wrapper, "#!/bin/sh\n[ \"$1\" = build ] && printf '%s' \"$GOTMPDIR\" > '" + seen + "'\nexec '"
        + SampleController.toolchain().binary() + "' \"$@\"\n");
    assertTrue(wrapper.toFile().setExecutable(true));
    GoToolchain go = GoToolchain.resolve(Log.NONE, Optional.of(wrapper), SampleController.environment(),
        GoModule.read(SampleController.MODULE), BuildConfig.NONE);
    Path output = tmp.resolve("run/bin/linux-amd64/controller");
    new GoBuild(Log.NONE, SampleController.CACHE.resolve("go"), go).build(SampleController.request(SampleController.MODULE,
        Platform.LINUX_AMD64, SampleController.INFO, output));
    assertEquals(output.resolveSibling("go-tmp").toString(), Files.readString(seen));
    assertEquals(List.of(output), Files.list(output.getParent()).toList(), "and removed after the build");
  }

  @Test
  void aCompileErrorIsABuildFailureWithTheCompilerOutput() throws Exception {
    Path module = SampleController.copyTo(tmp.resolve("broken"));
    Path main = module.resolve("cmd/controller/main.go");
    Files.writeString(main, Files.readString(main).replace("version.GitVersion,", "version.NoSuchVariable,"));
    List<String> logged = new ArrayList<>();

    ReleaseException e = assertThrows(ReleaseException.class, () -> SampleController.goBuild(logged::add)
        .build(SampleController.request(module, Platform.LINUX_AMD64, SampleController.INFO, tmp.resolve("out/controller"))));

    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    assertTrue(e.getMessage().startsWith("build failed: go build of ./cmd/controller for linux/amd64 exited "), e.getMessage());
    assertTrue(e.getMessage().contains("undefined: version.NoSuchVariable"), e.getMessage());
    assertTrue(logged.stream().anyMatch(l -> l.startsWith("go: ") && l.contains("main.go:") && l.contains("NoSuchVariable")),
        logged.toString());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void aVersionPackageThatMainDoesNotImportIsCaughtAfterTheBuild() throws Exception {
    // The linker ignores -X for a package that is not linked: the old default (ACK's runtime) did exactly that.
    Path module = SampleController.copyTo(tmp.resolve("unlinked"));
    Files.createDirectories(module.resolve("pkg/other"));
    Files.writeString(module.resolve("pkg/other/version.go"), "package other\n\nvar (\n\tGitVersion string\n\tGitCommit string\n\tBuildDate string\n)\n");
    String other = MODULE_PATH + "/pkg/other";
    GoToolchain go = SampleController.toolchain();
    assertEquals(other, GoBuild.requireVersionPackage(GoModule.read(module), Optional.of(other), go), "it declares the variables");

    ReleaseException e = assertThrows(ReleaseException.class, () -> SampleController.goBuild(Log.NONE).build(
        new GoBuild.Request(module, GoBuild.DEFAULT_MAIN_PACKAGE, Platform.LINUX_AMD64, SampleController.INFO, other,
            tmp.resolve("out/controller"))));
    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    assertTrue(e.getMessage().contains("does not link " + other + ".GitVersion, so the version was not stamped"), e.getMessage());
    assertTrue(e.getMessage().contains("--version-package"), e.getMessage());
  }

  @Test
  void theDefaultVersionPackageIsTheModulesPkgVersion() {
    GoModule module = GoModule.read(SampleController.MODULE);
    assertEquals(MODULE_PATH, module.path());
    assertEquals(SampleController.VERSION_PACKAGE,
        GoBuild.requireVersionPackage(module, Optional.empty(), SampleController.toolchain()));
  }

  @Test
  void aVersionPackageWithoutGitVersionIsRefusedBeforeBuilding() throws Exception {
    Path module = SampleController.copyTo(tmp.resolve("no-gitversion"));
    Files.writeString(module.resolve("pkg/version/version.go"), "package version\n\n// GitVersion string\nvar (\n\tGitCommit string\n\tBuildDate = \"\"\n)\n");
    ReleaseException e = assertThrows(ReleaseException.class, () -> GoBuild.requireVersionPackage(GoModule.read(module),
        Optional.empty(), SampleController.toolchain()));
    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    assertTrue(e.getMessage().contains("the version package " + SampleController.VERSION_PACKAGE + " declares no GitVersion string variable"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--version-package"), e.getMessage());

    ReleaseException absent = assertThrows(ReleaseException.class, () -> GoBuild.requireVersionPackage(GoModule.read(module),
        Optional.of("github.com/aws-controllers-k8s/runtime/pkg/version"), SampleController.toolchain()));
    assertEquals(ReleaseException.Kind.BUILD, absent.kind());
    assertTrue(absent.getMessage().contains("github.com/aws-controllers-k8s/runtime/pkg/version does not exist"), absent.getMessage());
  }

  @Test
  void stringVariablesAreFoundInTheFormsGoAllows() {
    assertEquals(Set.of("A", "B", "C", "D", "E"), GoModule.stringVariables(
        "package version\n/* var X string */\nvar A string\nvar B, C string // c\nvar (\n\tD string\n\tE = `e`\n\tN int\n)\nvar F = 3\n"));
  }

  @Test
  void aDynamicallyLinkedBinaryIsABuildFailure() throws Exception {
    // What a build without CGO_ENABLED=0 gives for a controller importing net.
    Path dynamic = dynamicSample(tmp);
    ElfBinary elf = ElfBinary.read(dynamic);
    assertTrue(elf.dynamicDependencies().stream().anyMatch(d -> d.startsWith("interpreter /lib")), elf.dynamicDependencies().toString());
    ReleaseException built = assertThrows(ReleaseException.class,
        () -> GoBuild.requireStatic(elf, ReleaseException.Kind.BUILD, "go build of ./cmd/controller for linux/amd64"));
    assertEquals(ReleaseException.Kind.BUILD, built.kind());
    assertTrue(built.getMessage().contains("is dynamically linked") && built.getMessage().contains("CGO_ENABLED=0"), built.getMessage());
    ReleaseException given = assertThrows(ReleaseException.class, () -> ControllerBinaries.requireValidPrebuilt(
        List.of(Platform.LINUX_AMD64), Map.of(Platform.LINUX_AMD64, dynamic)));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, given.kind());
  }

  @Test
  void aTruncatedElfIsRefusedWithItsKindNotAnInternalError() throws Exception {
    // An x86-64 executable's ELF header whose program and section headers were cut off, as a broken download is.
    ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN)
        .put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}).putShort(16, (short) 2).putShort(18, (short) 62)
        .putLong(0x20, 64).putShort(0x36, (short) 56).putShort(0x38, (short) 5)
        .putLong(0x28, 4096).putShort(0x3A, (short) 64).putShort(0x3C, (short) 3);
    Path truncated = Files.write(tmp.resolve("controller"), header.array());

    ReleaseException given = assertThrows(ReleaseException.class, () -> ControllerBinaries.requireValidPrebuilt(
        List.of(Platform.LINUX_AMD64), Map.of(Platform.LINUX_AMD64, truncated)));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, given.kind());
    assertTrue(given.getMessage().contains("is not a well-formed ELF executable"), given.getMessage());
    ElfBinary elf = ElfBinary.read(truncated);
    ReleaseException built = assertThrows(ReleaseException.class,
        () -> GoBuild.requireStatic(elf, ReleaseException.Kind.BUILD, "go build of ./cmd/controller for linux/amd64"));
    assertEquals(ReleaseException.Kind.BUILD, built.kind());
    ReleaseException stamped = assertThrows(ReleaseException.class,
        () -> GoBuild.requireStamped(elf, "example.com/x/pkg/version", SampleController.INFO, "./cmd/controller"));
    assertEquals(ReleaseException.Kind.BUILD, stamped.kind());
  }

  /** The sample built natively with cgo (Go's default when a C compiler is there): dynamically linked. */
  static Path dynamicSample(Path dir) {
    Path out = dir.resolve("dynamic/controller");
    Map<String, String> env = new LinkedHashMap<>(SampleController.environment());
    env.put("CGO_ENABLED", "1");
    env.put("GOCACHE", SampleController.CACHE.resolve("go/go-build").toString());
    ProcessResult.run(List.of("go", "build", "-o", out.toString(), "./cmd/controller"), SampleController.MODULE.toFile(), env, 300)
        .assertOk();
    return out;
  }

  @Test
  void aGoOlderThanGoModRequiresIsRefusedNamingBothVersions() throws Exception {
    Path module = SampleController.copyTo(tmp.resolve("new-go"));
    Path goMod = module.resolve("go.mod");
    Files.writeString(goMod, Files.readString(goMod).replace("go 1.19", "go 1.25.0"));
    ReleaseException e = assertThrows(ReleaseException.class, () -> GoToolchain.resolve(Log.NONE, Optional.empty(),
        SampleController.environment(), GoModule.read(module), BuildConfig.NONE));
    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    String local = SampleController.toolchain().version().toolchainName();
    assertTrue(e.getMessage().contains("requires go >= 1.25.0 but the go on PATH") && e.getMessage().contains(" is " + local),
        e.getMessage());
    assertTrue(e.getMessage().contains("GOTOOLCHAIN=go1.25.0"), e.getMessage());
  }

  @Test
  void theBuildConfigPinMustMatchTheGoUsed() {
    GoVersion local = SampleController.toolchain().version();
    BuildConfig same = new BuildConfig(Optional.of(local), Optional.empty());
    assertEquals(local, GoToolchain.resolve(Log.NONE, Optional.empty(), SampleController.environment(),
        GoModule.read(SampleController.MODULE), same).version());
    BuildConfig newer = new BuildConfig(Optional.of(GoVersion.parse("1.26.5", "pin")), Optional.empty());
    ReleaseException e = assertThrows(ReleaseException.class, () -> GoToolchain.resolve(Log.NONE, Optional.empty(),
        SampleController.environment(), GoModule.read(SampleController.MODULE), newer));
    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    assertTrue(e.getMessage().contains("pins go_version 1.26.5") && e.getMessage().contains(local.toolchainName()), e.getMessage());
  }

  @Test
  void goMissingIsABuildFailureNamingTheFix() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> GoToolchain.resolve(Log.NONE, Optional.empty(),
        Map.of("PATH", tmp.resolve("no-bin").toString()), GoModule.read(SampleController.MODULE), BuildConfig.NONE));
    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    assertTrue(e.getMessage().contains("go is not on PATH") && e.getMessage().contains("--go PATH"), e.getMessage());
    ReleaseException flag = assertThrows(ReleaseException.class, () -> GoToolchain.resolve(Log.NONE,
        Optional.of(tmp.resolve("nope/go")), Map.of(), GoModule.read(SampleController.MODULE), BuildConfig.NONE));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, flag.kind());
  }

  @Test
  void aMissingMainPackageIsInvalidInput() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> SampleController.goBuild(Log.NONE).build(
        new GoBuild.Request(SampleController.MODULE, "./cmd/nope", Platform.LINUX_AMD64, SampleController.INFO,
            SampleController.VERSION_PACKAGE, tmp.resolve("controller"))));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("--main-package"), e.getMessage());
  }

  @Test
  void ldflagsSetTheThreeVariablesAsAcksDockerfileDoes() {
    String pkg = "github.com/aws-controllers-k8s/s3-controller/pkg/version";
    assertEquals("-X " + pkg + ".GitVersion=1.2.3 -X " + pkg + ".GitCommit=" + SampleController.COMMIT
        + " -X " + pkg + ".BuildDate=2026-11-20T10:15", GoBuild.ldflags(pkg, SampleController.INFO));
  }

  @Test
  void goVersionsOrderAsGoOrdersThem() {
    assertTrue(GoVersion.parse("go1.19.8", "t").compareTo(GoVersion.parse("1.25.0", "t")) < 0);
    assertTrue(GoVersion.parse("1.21rc2", "t").compareTo(GoVersion.parse("1.21.0", "t")) < 0);
    assertEquals(0, GoVersion.parse("1.19", "t").compareTo(GoVersion.parse("go1.19.0", "t")));
    assertTrue(GoVersion.parse("go1.26.7", "t").matchesPin(GoVersion.parse("1.26", "t")));
    assertTrue(!GoVersion.parse("go1.26.7", "t").matchesPin(GoVersion.parse("1.26.5", "t")));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, assertThrows(ReleaseException.class, () -> GoVersion.parse("latest", "t")).kind());
  }
}
