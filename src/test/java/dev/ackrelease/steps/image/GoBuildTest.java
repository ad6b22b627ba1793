package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoBuildTest {

  @TempDir Path tmp;

  @Test
  void crossCompilesForBothPlatformsWithTheVersionStamped() throws Exception {
    GoBuild go = SampleController.goBuild(Log.NONE);
    GoBuild.Result amd64 = go.build(SampleController.request(SampleController.MODULE, Platform.LINUX_AMD64,
        SampleController.INFO, tmp.resolve("amd64/controller")));
    GoBuild.Result arm64 = go.build(SampleController.request(SampleController.MODULE, Platform.LINUX_ARM64,
        SampleController.INFO, tmp.resolve("arm64/controller")));

    assertEquals(62, ElfBinary.read(amd64.binary()).machine());
    assertEquals(183, ElfBinary.read(arm64.binary()).machine());
    assertEquals(Files.size(arm64.binary()), arm64.size());

    ProcessResult run = ProcessResult.run(List.of(amd64.binary().toString()), tmp.toFile(), 30).assertOk();
    assertEquals("version=v1.2.3 commit=" + SampleController.COMMIT + " buildDate=2026-11-20T10:15:30Z", run.stdout().strip());
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
  void goMissingIsABuildFailureNamingTheFix() {
    GoBuild go = new GoBuild(Log.NONE, tmp.resolve("cache"), Map.of("PATH", tmp.resolve("no-bin").toString()));
    ReleaseException e = assertThrows(ReleaseException.class, () -> go.build(SampleController.request(
        SampleController.MODULE, Platform.LINUX_AMD64, SampleController.INFO, tmp.resolve("controller"))));
    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    assertTrue(e.getMessage().contains("go is not on PATH") && e.getMessage().contains("apt-get install golang-go"), e.getMessage());
  }

  @Test
  void aMissingMainPackageIsInvalidInput() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> SampleController.goBuild(Log.NONE).build(
        new GoBuild.Request(SampleController.MODULE, "./cmd/nope", Platform.LINUX_AMD64, SampleController.INFO,
            GoBuild.DEFAULT_VERSION_PACKAGE, tmp.resolve("controller"))));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("--main-package"), e.getMessage());
  }

  @Test
  void ldflagsSetTheThreeRuntimeVariables() {
    assertEquals("-s -w -X github.com/aws-controllers-k8s/runtime/pkg/version.GitVersion=v1.2.3"
        + " -X github.com/aws-controllers-k8s/runtime/pkg/version.GitCommit=" + SampleController.COMMIT
        + " -X github.com/aws-controllers-k8s/runtime/pkg/version.BuildDate=2026-11-20T10:15:30Z",
        GoBuild.ldflags(GoBuild.DEFAULT_VERSION_PACKAGE, SampleController.INFO));
  }
}
