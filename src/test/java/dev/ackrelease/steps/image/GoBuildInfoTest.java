package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.testing.ProcessResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build information read from a binary is what {@code go version -m} prints for it. */
class GoBuildInfoTest {

  @TempDir Path tmp;

  @Test
  void readsWhatGoVersionDashMPrints() {
    Map<Platform, Path> binaries = SampleController.binaries(tmp, SampleController.INFO, List.of(Platform.LINUX_AMD64));
    Path binary = binaries.get(Platform.LINUX_AMD64);

    GoBuildInfo info = ElfBinary.read(binary).goBuildInfo().orElseThrow();

    List<String> printed = ProcessResult.run(List.of("go", "version", "-m", binary.toString()), null, 60).assertOk().stdout()
        .lines().toList();
    assertEquals(binary + ": " + info.goVersion(), printed.get(0));
    // go version -m indents each module line with a tab.
    assertEquals(printed.subList(1, printed.size()).stream().map(l -> l.substring(1)).toList(), info.lines());
    assertTrue(info.mainModule().isPresent(), info.toString());
  }

  @Test
  void aBinaryWithoutBuildInfoHasNone() throws Exception {
    assertTrue(ElfBinary.read(Path.of("/bin/true").toRealPath()).goBuildInfo().isEmpty());
  }
}
