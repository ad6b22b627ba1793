package dev.ackrelease.steps.image;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels of the image config: ACK's Dockerfile's (base.name, source, version) plus base.digest, revision and created. */
public final class ImageLabels {

  public static final String VERSION = "org.opencontainers.image.version";
  public static final String REVISION = "org.opencontainers.image.revision";
  public static final String SOURCE = "org.opencontainers.image.source";
  public static final String CREATED = "org.opencontainers.image.created";
  public static final String BASE_NAME = "org.opencontainers.image.base.name";
  /**
   * The digest the base reference was resolved to ({@link BaseImage#resolve}): for a
   * multi-platform base, its index, the same on every platform's config. The OCI image-spec
   * (annotations.md, since commit 4feeaac "Describe how index manifests should work with base
   * image annotations") says base.digest SHOULD be the digest of the manifest the base's name
   * references, which for a tag holding an index is the index; crane rebase
   * (go-containerregistry cmd/crane/cmd/rebase.go) writes the index digest for that reason, so
   * tools can tell whether the tag has moved. It is also what Jib pulls ({@link BaseImage#pullRef})
   * and what the report's {@code baseImageDigest} and the build inputs record. (ko writes each
   * platform's manifest digest on its platform image instead; BuildKit sets neither label.)
   */
  public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

  private ImageLabels() {}

  /** The labels of an image of {@code info} on {@code base} (scratch, or resolved to its digest). */
  static Map<String, String> of(BuildInfo info, String source, BaseImage base) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (!base.isScratch()) {
      labels.put(BASE_NAME, base.repository());
      labels.put(BASE_DIGEST, base.digest().orElseThrow());
    }
    if (source != null && !source.isBlank()) {
      labels.put(SOURCE, source.strip());
    }
    labels.put(VERSION, info.version().plain());
    labels.put(REVISION, info.commit());
    labels.put(CREATED, info.created());
    return labels;
  }
}
