package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildConfigTest {

  @TempDir Path tmp;

  @Test
  void readsTestInfrasBuildConfig() throws Exception {
    // The file as test-infra has it (build_config.yaml at its root).
    Path file = Files.writeString(tmp.resolve("build_config.yaml"), "go_version: 1.26.5\neks_distro_version: 2026-08-18-1787079689.2023\n");
    BuildConfig config = BuildConfig.read(file);
    assertEquals("1.26.5", config.goVersion().orElseThrow().toString());
    assertEquals(Optional.of("2026-08-18-1787079689.2023"), config.eksDistroVersion());
  }

  @Test
  void eksDistroVersionTagsAcksBaseOrARepositoryGivenWithoutTag() {
    BuildConfig config = new BuildConfig(Optional.empty(), Optional.of("2026-08-18-1787079689.2023"));
    assertEquals("public.ecr.aws/eks-distro-build-tooling/eks-distro-minimal-base-nonroot:2026-08-18-1787079689.2023",
        config.baseImage(Optional.empty(), BaseImage.ACK_DEFAULT_REF));
    assertEquals("127.0.0.1:5000/mirror/base:2026-08-18-1787079689.2023",
        config.baseImage(Optional.of("127.0.0.1:5000/mirror/base"), BaseImage.ACK_DEFAULT_REF), "a port is not a tag");
    assertEquals("127.0.0.1:5000/mirror/base:pinned", config.baseImage(Optional.of("127.0.0.1:5000/mirror/base:pinned"), "x"));
    assertEquals("scratch", config.baseImage(Optional.of("scratch"), "x"));
    assertEquals(BaseImage.ACK_DEFAULT_REF, BuildConfig.NONE.baseImage(Optional.empty(), BaseImage.ACK_DEFAULT_REF));
  }

  @Test
  void malformedConfigsAreInvalidInput() throws Exception {
    for (String text : new String[] {"go_version: latest\n", "eks_distro_version: 'a b'\n", "[1, 2]\n", "other: 1\n",
        "go_version: [1]\n", "go_version: 1.26.5\n  bad: : indent\n",
        "go_version: 99999999999.0\n", "go_version: 1.99999999999\n"}) {
      Path file = Files.writeString(tmp.resolve("bad.yaml"), text);
      ReleaseException e = assertThrows(ReleaseException.class, () -> BuildConfig.read(file), text);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), text);
      assertTrue(e.getMessage().contains(file.toString()) || e.getMessage().contains("build config"), e.getMessage());
    }
    assertEquals(ReleaseException.Kind.INVALID_INPUT,
        assertThrows(ReleaseException.class, () -> BuildConfig.read(tmp.resolve("missing.yaml"))).kind());
  }

  @Test
  void theBaseImageLabelNamesTheRepositoryWithoutTagOrDigest() {
    assertEquals("public.ecr.aws/eks-distro-build-tooling/eks-distro-minimal-base-nonroot",
        BaseImage.of(BaseImage.ACK_DEFAULT_REF).repository());
    assertEquals("127.0.0.1:5000/a/b", BaseImage.of("127.0.0.1:5000/a/b@sha256:" + "0".repeat(64)).repository());
    assertEquals("127.0.0.1:5000/a/b", BaseImage.of("127.0.0.1:5000/a/b").repository());
    assertEquals(ReleaseException.Kind.INVALID_INPUT,
        assertThrows(ReleaseException.class, () -> BaseImage.of("Not A Reference")).kind());
  }
}
