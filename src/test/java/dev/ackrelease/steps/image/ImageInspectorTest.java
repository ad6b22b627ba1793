package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.steps.image.ImageInspector.InspectedImage;
import dev.ackrelease.steps.image.ImageInspector.InspectedPlatform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of verify on images read elsewhere (ImagePublisherTest reads real ones). */
class ImageInspectorTest {

  static InspectedPlatform platform(String arch, String variant, String version) {
    return new InspectedPlatform("linux", arch, variant, "sha256:" + arch, version == null ? Map.of()
        : Map.of(ImageLabels.VERSION, version), "65532", List.of("/bin/controller"));
  }

  static InspectedImage index(InspectedPlatform... platforms) {
    return new InspectedImage("r/x:1.2.3", "sha256:i", "application/vnd.oci.image.index.v1+json", List.of(platforms));
  }

  @Test
  void aCompleteIndexHasNoProblem() {
    assertEquals(List.of(), ImageInspector.problems(index(platform("amd64", null, "1.2.3"), platform("arm64", null, "1.2.3")),
        Platform.DEFAULTS, "1.2.3"));
  }

  @Test
  void namesEachProblem() {
    assertEquals(List.of("linux/amd64 config label org.opencontainers.image.version is missing, not 1.2.3",
        "linux/arm64/v8 has a variant; ACK's index names linux/arm64 without one"),
        ImageInspector.problems(index(platform("amd64", null, null), platform("arm64", "v8", "1.2.3")), Platform.DEFAULTS, "1.2.3"));
    assertEquals(List.of("no linux/arm64 image"),
        ImageInspector.problems(index(platform("amd64", null, "1.2.3")), Platform.DEFAULTS, "1.2.3"));
    assertEquals(List.of("it is an application/vnd.oci.image.manifest.v1+json, not an image index"),
        ImageInspector.problems(new InspectedImage("r/x:1.2.3", "sha256:m", "application/vnd.oci.image.manifest.v1+json", List.of()),
            Platform.DEFAULTS, "1.2.3"));
  }

  /** An image right but for fewer platforms (published with --platforms) is verified with those; anything else is a new version. */
  @Test
  void theFixOfAnImageWithFewerPlatformsIsToVerifyThose() {
    InspectedImage amd64Only = index(platform("amd64", null, "1.2.3"));
    assertEquals("if it was published for linux/amd64 only, verify those: --platforms linux/amd64", ImageInspector.fixFor(amd64Only,
        Platform.DEFAULTS, ImageInspector.problems(amd64Only, Platform.DEFAULTS, "1.2.3")));
    InspectedImage unlabelled = index(platform("amd64", null, null));
    assertEquals("publish a new version built by ack-release", ImageInspector.fixFor(unlabelled, Platform.DEFAULTS,
        ImageInspector.problems(unlabelled, Platform.DEFAULTS, "1.2.3")), "another problem beside the missing platform");
    InspectedImage variant = index(platform("amd64", null, "1.2.3"), platform("arm64", "v8", "1.2.3"));
    assertEquals("publish a new version built by ack-release", ImageInspector.fixFor(variant, Platform.DEFAULTS,
        ImageInspector.problems(variant, Platform.DEFAULTS, "1.2.3")));
    InspectedImage none = new InspectedImage("r/x:1.2.3", "sha256:i", "application/vnd.oci.image.index.v1+json", List.of());
    assertEquals("publish a new version built by ack-release", ImageInspector.fixFor(none, Platform.DEFAULTS,
        ImageInspector.problems(none, Platform.DEFAULTS, "1.2.3")), "no platform at all");
  }
}
