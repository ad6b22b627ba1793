package dev.ackrelease.steps.artifacts;

/** Every place ack-release reads, in file order; all but the chart name are rewritten by a release. */
public enum ArtifactKey {
  CHART_NAME(ReleaseArtifacts.CHART, "name"),
  CHART_VERSION(ReleaseArtifacts.CHART, "version"),
  APP_VERSION(ReleaseArtifacts.CHART, "appVersion"),
  IMAGE_REPOSITORY(ReleaseArtifacts.VALUES, "image.repository"),
  IMAGE_TAG(ReleaseArtifacts.VALUES, "image.tag"),
  NOTES_IMAGE(ReleaseArtifacts.NOTES, "This chart deploys"),
  KUSTOMIZE_NAME(ReleaseArtifacts.KUSTOMIZATION, "images[name=controller].newName"),
  KUSTOMIZE_TAG(ReleaseArtifacts.KUSTOMIZATION, "images[name=controller].newTag");

  private final String file;
  private final String key;

  ArtifactKey(String file, String key) {
    this.file = file;
    this.key = key;
  }

  /** The artifact file, relative to the controller dir. */
  public String file() {
    return file;
  }

  /** The key as reported, e.g. {@code image.tag}. */
  public String key() {
    return key;
  }

  /** The value this place must carry for a release. */
  public String want(String service, String version, String repository) {
    return switch (this) {
      case CHART_NAME -> service + "-chart";
      case CHART_VERSION, APP_VERSION, IMAGE_TAG, KUSTOMIZE_TAG -> version;
      case IMAGE_REPOSITORY, KUSTOMIZE_NAME -> repository;
      case NOTES_IMAGE -> repository + ":" + version;
    };
  }
}
