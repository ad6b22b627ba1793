package dev.ackrelease.steps.image;

import java.util.List;

/** One platform's image inside the index: its manifest, config and layers (base layers first). */
public record PlatformImage(Platform platform, ContentDescriptor manifest, ContentDescriptor config,
    List<ContentDescriptor> layers) {

  public PlatformImage {
    layers = List.copyOf(layers);
  }
}
