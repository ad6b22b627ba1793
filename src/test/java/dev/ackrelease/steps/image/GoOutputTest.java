package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A go that prints without end reaches the error line as its last lines only (issue 19, item 3):
 * the output streams through a bounded tail, the line stays within {@link Echo#LINE_MAX}.
 */
class GoOutputTest {

  @TempDir Path tmp;

  private Path fakeGo(String body) throws IOException {
    Path go = tmp.resolve("bin/go");
    Files.createDirectories(go.getParent());
    Files.writeString(go, "#!/bin/sh\n" + body);
    assertTrue(go.toFile().setExecutable(true));
    return go;
  }

  private GoBuild goBuild(Path go, List<String> logged) {
    GoToolchain toolchain = new GoToolchain(go, GoVersion.parse("1.19.8", "test"), SampleController.environment());
    return new GoBuild(logged::add, tmp.resolve("cache"), toolchain);
  }

  @Test
  void aBuildThatPrintsAHundredMegabytesFailsWithItsLastLinesInABoundedLine() throws Exception {
    // 100 MB on one line, then 50 short lines: only the end says what went wrong.
    Path go = fakeGo("head -c 100000000 /dev/zero | tr '\\0' x\necho\ni=1; while [ $i -le 50 ]; do echo \"./main.go:$i: error $i\";"
        + " i=$((i+1)); done\nexit 1\n");
    List<String> logged = new ArrayList<>();

    ReleaseException e = assertThrows(ReleaseException.class, () -> goBuild(go, logged).build(SampleController.request(
        SampleController.MODULE, Platform.LINUX_AMD64, SampleController.INFO, tmp.resolve("out/controller"))));

    assertEquals(ReleaseException.Kind.BUILD, e.kind());
    String message = e.getMessage();
    assertTrue(("error: " + message).length() <= Echo.LINE_MAX, "length " + message.length());
    assertTrue(message.contains("./main.go:50: error 50 (fix the errors shown above and run again)"), message);
    assertTrue(message.contains("earlier lines not shown) ./main.go:31: error 31; "), message);
    assertFalse(message.contains("error 30;"), message);
    List<String> goLines = logged.stream().filter(l -> l.startsWith("go: ")).toList();
    assertTrue(goLines.size() <= GoProcess.KEPT_LINES + 1, "lines shown above: " + goLines.size());
    assertTrue(goLines.stream().mapToInt(String::length).sum() <= GoProcess.KEPT_CHARS + 4096, "bounded progress");
    assertTrue(goLines.stream().anyMatch(l -> l.contains("more characters)")), "the long line is shown cut");
    assertEquals("go: ./main.go:50: error 50", goLines.get(goLines.size() - 1));
  }

  @Test
  void aFullDiskSaidEarlyIsStillSeenAfterThousandsOfLines() throws Exception {
    Path go = fakeGo("echo 'go: writing output: write /cache/x: no space left on device'\n"
        + "i=1; while [ $i -le 3000 ]; do echo \"note $i\"; i=$((i+1)); done\nexit 1\n");

    ReleaseException e = assertThrows(ReleaseException.class, () -> goBuild(go, new ArrayList<>()).build(SampleController.request(
        SampleController.MODULE, Platform.LINUX_AMD64, SampleController.INFO, tmp.resolve("out/controller"))));

    assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
    assertTrue(e.getMessage().length() <= Echo.LINE_MAX, "length " + e.getMessage().length());
  }

  @Test
  void aGoEnvThatAnswersWithMegabytesIsRefusedInABoundedLine() throws Exception {
    Path go = fakeGo("head -c 5000000 /dev/zero | tr '\\0' 1\nexit 0\n");

    ReleaseException e = refusedToolchain(Optional.of(go), "/usr/bin:/bin");

    assertTrue(e.getMessage().length() <= Echo.LINE_MAX, "length " + e.getMessage().length());
    assertTrue(e.getMessage().startsWith("--go " + go + " is not a Go toolchain (go env GOVERSION printed '111")
        && e.getMessage().contains("characters cut")
        && e.getMessage().endsWith("'): pass the path of a go binary, e.g. --go /usr/local/go/bin/go"), e.getMessage());
  }

  /** --go naming a binary that is not go (e.g. /bin/true): the fix asks for a go binary, not for a way to write a version. */
  @Test
  void aGoFlagThatIsNoGoAsksForTheGoBinary() throws Exception {
    Path go = fakeGo("exit 0\n");

    ReleaseException e = refusedToolchain(Optional.of(go), "/usr/bin:/bin");

    assertEquals("--go " + go + " is not a Go toolchain (go env GOVERSION printed nothing): pass the path of a go binary,"
        + " e.g. --go /usr/local/go/bin/go", e.getMessage());

    ReleaseException onPath = refusedToolchain(Optional.empty(), go.getParent() + ":/usr/bin:/bin");
    assertTrue(onPath.getMessage().startsWith("the go on PATH (" + go + ") is not a Go toolchain (go env GOVERSION printed"
        + " nothing): "), onPath.getMessage());

    Path failing = fakeGo("echo \"sh: 0: cannot open env\"\nexit 2\n");
    assertEquals("--go " + failing + " is not a Go toolchain (go env GOVERSION printed 'sh: 0: cannot open env'): pass the path"
        + " of a go binary, e.g. --go /usr/local/go/bin/go", refusedToolchain(Optional.of(failing), "/usr/bin:/bin").getMessage(),
        "one that fails without go's 'go: ' lines (/bin/false, /bin/sh) is not go either");

    Path switching = fakeGo("echo 'go: download go1.99.0 for linux/amd64: toolchain not available'\nexit 1\n");
    ReleaseException build = assertThrows(ReleaseException.class, () -> GoToolchain.resolve(Log.NONE, Optional.of(switching),
        Map.of("PATH", "/usr/bin:/bin"), GoModule.read(SampleController.MODULE), BuildConfig.NONE));
    assertEquals(ReleaseException.Kind.BUILD, build.kind(), "go's own failure (a toolchain it could not switch to) is the build's");
    assertTrue(build.getMessage().startsWith("build failed: " + switching + " env GOVERSION exited 1"), build.getMessage());
  }

  /** The toolchain {@code --go} (or the go on {@code path}) gives the sample module, refused as invalid input (exit 2). */
  private static ReleaseException refusedToolchain(Optional<Path> goFlag, String path) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> GoToolchain.resolve(Log.NONE, goFlag,
        Map.of("PATH", path, "GOTOOLCHAIN", "local+path"), GoModule.read(SampleController.MODULE), BuildConfig.NONE));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
    return e;
  }
}
