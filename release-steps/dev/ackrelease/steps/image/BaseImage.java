package dev.ackrelease.steps.image;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.registry.RegistryAccess;
import java.util.Optional;

/**
 * The image the controller binary is put on ({@code --base-image}): {@code scratch} (no base
 * layers) or a reference in a registry, pulled by Jib with the access given for its host
 * (credentials, insecure, CA). Pin it by digest ({@code ref@sha256:...}) and the image digest
 * depends on nothing but the commit; a tag that moves changes the digest of a rebuild.
 */
public record BaseImage(String ref, Optional<RegistryAccess> access) {

  /** ACK's base: eks-distro's minimal nonroot image, the tag ACK's test-infra build_config pins. */
  public static final String ACK_DEFAULT_REF =
      "public.ecr.aws/eks-distro-build-tooling/eks-distro-minimal-base-nonroot:2026-09-15-1789498894.2023";
  public static final String SCRATCH_REF = "scratch";
  public static final BaseImage SCRATCH = new BaseImage(SCRATCH_REF, Optional.empty());

  public BaseImage {
    if (ref == null || ref.isBlank()) {
      throw ReleaseException.invalidInput("empty base image: pass --base-image REF or scratch");
    }
    ref = ref.strip();
    access = access == null ? Optional.empty() : access;
  }

  /** A base image pulled anonymously (or {@code scratch}). */
  public static BaseImage of(String ref) {
    return new BaseImage(ref, Optional.empty());
  }

  /** A base image pulled with this registry access (its credentials, insecure flag and CA). */
  public static BaseImage of(String ref, RegistryAccess access) {
    return new BaseImage(ref, Optional.of(access));
  }

  public boolean isScratch() {
    return SCRATCH_REF.equals(ref);
  }
}
