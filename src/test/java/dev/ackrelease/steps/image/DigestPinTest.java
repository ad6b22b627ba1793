package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.chart.ChartPackager;
import dev.ackrelease.steps.chart.HelmOciArtifact;
import dev.ackrelease.steps.chart.PackagedChart;
import dev.ackrelease.testing.ChartFixture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digests of an image and a chart built from fixed inputs, pinned to what ack-release
 * produced before the image's layers were compressed and uploaded side by side (issue 24): how a
 * layer is made may change, its bytes may not, or every repair run of a release published before
 * the change would find a different digest under its tag and be refused.
 *
 * <p>The inputs are fixed bytes, not a Go build (whose output depends on the toolchain): an ELF
 * header for each platform and a payload from a seeded {@link Random} (specified to give the same
 * bytes on every JVM), incompressible and compressible parts, larger than the buffers of the
 * layer's streams. The layer digests are those of the deflate stream of the JDK's zlib
 * ({@code java.util.zip}; Debian's zlib 1.2.13 here); the diff IDs (the uncompressed tars) do not depend
 * on it.
 */
class DigestPinTest {

  /** Per platform: the layer's diff ID, the layer's digest, the platform manifest's digest. */
  static final Map<Platform, List<String>> PLATFORMS = Map.of(
      Platform.LINUX_AMD64, List.of("sha256:a8c1a9f147def283148e0d771085fc7b683cb26d7d1f2b3e6755b54e66c41612",
          "sha256:50f4f6cbe5f93657854f3223d5a910536c28a64dd8f7b7161bfd421bc041e157",
          "sha256:d5812ab7c2264b987fc0b0dde8dc56efcf35532720c710d3a99f89c6001e0396"),
      Platform.LINUX_ARM64, List.of("sha256:e57818d0e6d897b6572afef480ee46267aebcc2816288d48d6bbb6aceeb6a788",
          "sha256:2508a2a77d7e06be3842ca751707b050a1008aa69aee07dc32e22b897a6c090b",
          "sha256:bcdd2e76678b1a3d4943f68b58b20d45a52cbe48cb5c24b085e8ccb6907a0dad"));
  static final String INDEX = "sha256:565e7fce6096f9b549691a27c1eafed8720d7d3e1487fb3197a6915c51298dba";
  /** The chart's content (the .tgz) and its OCI manifest. */
  static final List<String> CHART = List.of("sha256:62b9aadb77618e7a2f383b31d3e80958a5e8049922a15bfc0a6a0921b15179c2",
      "sha256:6d10fc013ecee542966dcbe649fb3517098bdb0d64baa84440376579a071a0ea");

  @TempDir Path tmp;

  @Test
  void theImageOfFixedInputsHasTheDigestsItHadBefore() throws IOException {
    Map<Platform, Path> binaries = new LinkedHashMap<>();
    for (Platform p : Platform.DEFAULTS) {
      binaries.put(p, binary(tmp.resolve("controller-" + p.architecture()), p));
    }
    BuiltImage image = new ImageBuilder(Log.NONE).build(new ImageBuilder.Request(SampleController.INFO,
        ImageBuilderTest.SOURCE, binaries, ImageBuilderTest.FILES, null, BaseImage.SCRATCH, tmp.resolve("image"),
        tmp.resolve("cache"), "sha256:" + "b".repeat(64)));

    Map<Platform, List<String>> built = new LinkedHashMap<>();
    for (PlatformImage p : image.platforms()) {
      String diffId = ImageBuilderTest.JSON.readTree(image.read(p.config())).path("rootfs").path("diff_ids").get(0).asText();
      built.put(p.platform(), List.of(diffId, p.layers().get(0).digest(), p.manifest().digest()));
    }
    assertEquals(PLATFORMS, built);
    assertEquals(INDEX, image.digest());
  }

  @Test
  void theChartOfAFixedTreeHasTheDigestsItHadBefore() throws IOException {
    Path dir = ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", "public.ecr.aws/aws-controllers-k8s/s3-controller");
    PackagedChart chart = new ChartPackager(Log.NONE).pack(ChartPackager.Request.of(dir, SampleController.COMMIT_TIME));
    HelmOciArtifact artifact = HelmOciArtifact.of(chart, "sha256:" + "c".repeat(64));

    assertEquals(CHART, List.of(chart.digest(), artifact.manifestDigest()));
  }

  /**
   * A 64-bit little-endian ELF executable header for {@code platform}, then 12 MiB from a
   * seeded Random (the seed is the ELF machine) and 4 MiB of repeated text.
   */
  static Path binary(Path file, Platform platform) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    header.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    header.position(16);
    header.putShort((short) 2).putShort((short) platform.elfMachine());
    byte[] random = new byte[12 << 20];
    new Random(platform.elfMachine()).nextBytes(random);
    List<byte[]> parts = new ArrayList<>(List.of(header.array(), random));
    byte[] line = ("controller for " + platform + ": the same line again and again\n").getBytes(StandardCharsets.US_ASCII);
    for (int n = 0; n < (4 << 20); n += line.length) {
      parts.add(line);
    }
    try (var out = Files.newOutputStream(file)) {
      for (byte[] part : parts) {
        out.write(part);
      }
    }
    return file;
  }
}
