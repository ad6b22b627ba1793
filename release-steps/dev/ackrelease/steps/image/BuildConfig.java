package dev.ackrelease.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.YamlInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ACK's toolchain pins, test-infra's {@code build_config.yaml} ({@code --build-config}):
 * {@code go_version} (the Go release every controller is built with) and {@code eks_distro_version}
 * (the tag of eks-distro's minimal nonroot base image). ACK's release job reads both with yq and
 * passes them to its Dockerfile; ack-release reads them here.
 */
public record BuildConfig(Optional<GoVersion> goVersion, Optional<String> eksDistroVersion) {

  /**
   * The repository of ACK's base image, without tag (code-generator's Dockerfile {@code base_image}),
   * and its two parts (help shows them apart: the whole reference is too long for 80 columns).
   */
  public static final String EKS_DISTRO_NAMESPACE = "public.ecr.aws/eks-distro-build-tooling";
  public static final String EKS_DISTRO_IMAGE = "eks-distro-minimal-base-nonroot";
  public static final String EKS_DISTRO_BASE = EKS_DISTRO_NAMESPACE + "/" + EKS_DISTRO_IMAGE;

  private static final ObjectMapper YAML = new ObjectMapper(YamlInput.factory());
  private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

  public static final BuildConfig NONE = new BuildConfig(Optional.empty(), Optional.empty());

  /** Reads the file; a missing file, bad YAML or a malformed value is invalid input. */
  public static BuildConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw ReleaseException.invalidInput("build config " + file + " does not exist: pass test-infra's build_config.yaml to --build-config");
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw ReleaseException.invalidInput("build config " + file + " is not valid YAML: pass test-infra's build_config.yaml"
          + " (go_version: 1.26.5, eks_distro_version: <tag>)");
    }
    if (root == null || !root.isObject()) {
      throw ReleaseException.invalidInput("build config " + file + " is not a YAML mapping: it needs go_version and eks_distro_version");
    }
    Optional<GoVersion> go = text(root, "go_version").map(v -> GoVersion.parse(v, file + " go_version"));
    Optional<String> eks = text(root, "eks_distro_version");
    eks.ifPresent(tag -> {
      if (!tag.matches(TAG)) {
        throw ReleaseException.invalidInput(file + " eks_distro_version '" + tag + "' is not an image tag: write it as"
            + " test-infra does, e.g. 2026-08-18-1787079689.2023");
      }
    });
    if (go.isEmpty() && eks.isEmpty()) {
      throw ReleaseException.invalidInput("build config " + file + " has neither go_version nor eks_distro_version: pass"
          + " test-infra's build_config.yaml");
    }
    return new BuildConfig(go, eks);
  }

  private static Optional<String> text(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isValueNode()) {
      throw ReleaseException.invalidInput("build config key " + key + " is not a plain value: write e.g. " + key + ": 1.26.5");
    }
    return Optional.of(n.asText().strip()).filter(s -> !s.isEmpty());
  }

  /**
   * The base image reference for a build: {@code --base-image} when it names a tag or digest, a
   * repository given without one (or ACK's eks-distro repository when none is given) tagged with
   * {@code eks_distro_version}; without a build config, {@code --base-image} as given or ACK's
   * default pin.
   */
  public String baseImage(Optional<String> given, String defaultRef) {
    if (given.isPresent()) {
      String ref = given.get().strip();
      if (ref.equals(BaseImage.SCRATCH_REF) || hasTagOrDigest(ref) || eksDistroVersion.isEmpty()) {
        return ref;
      }
      return ref + ":" + eksDistroVersion.get();
    }
    return eksDistroVersion.map(tag -> EKS_DISTRO_BASE + ":" + tag).orElse(defaultRef);
  }

  /** Whether a reference names a tag ({@code repo:tag}, port colons aside) or a digest. */
  static boolean hasTagOrDigest(String ref) {
    if (ref.contains("@")) {
      return true;
    }
    int slash = ref.lastIndexOf('/');
    return ref.indexOf(':', slash + 1) >= 0;
  }
}
