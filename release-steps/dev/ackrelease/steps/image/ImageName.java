package dev.ackrelease.steps.image;

import dev.ackrelease.steps.registry.DockerHub;
import dev.ackrelease.steps.registry.References;
import java.util.Optional;

/**
 * An image reference split into registry host, repository and tag or digest, as the
 * docker/distribution reference grammar reads it and go-containerregistry's {@code pkg/name}
 * implements it (the rules are named on {@code ImageNameTest}): a digest after {@code @}; a tag
 * after the last {@code :} not followed by a {@code /}; a first path component is a host when
 * it is {@code localhost} or holds a {@code .} or {@code :}, else the image is on Docker Hub;
 * a one-component Docker Hub repository is in {@code library/}; neither tag nor digest means
 * {@code latest}. Docker Hub is named by the host Jib pulls it from ({@code registry-1.docker.io};
 * go-containerregistry names it {@code index.docker.io}, which is the same registry), so the
 * base's label, access and tag lookup agree with Jib's build. Ours, not Jib's parser: plan and
 * publish decide with this before any build, and loading Jib costs hundreds of classes.
 * Only splits: the caller checks the reference against the grammar first.
 */
public record ImageName(String registry, String repository, Optional<String> tag, Optional<String> digest) {

  static final String DEFAULT_TAG = "latest";

  public static ImageName parse(String ref) {
    String rest = ref;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && rest.indexOf('/', colon) < 0) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    String registry = DockerHub.HOST;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (References.namesHost(first)) {
        registry = DockerHub.HOSTS.contains(first) ? DockerHub.HOST : first;
        repository = rest.substring(slash + 1);
      }
    }
    if (registry.equals(DockerHub.HOST) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    if (digest.isEmpty() && tag.isEmpty()) {
      tag = Optional.of(DEFAULT_TAG);
    }
    return new ImageName(registry, repository, tag, digest);
  }

  /** What a registry is asked for: the digest when there is one, else the tag. */
  String qualifier() {
    return digest.or(() -> tag).orElseThrow();
  }
}
