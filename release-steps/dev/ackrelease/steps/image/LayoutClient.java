package dev.ackrelease.steps.image;

import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerInfoDetails;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.ImageTarball;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where Jib "loads" the image of one platform: the OCI image layout, through Jib's {@link
 * DockerClient} extension point ({@code Containerizer.to(DockerClient, DockerDaemonImage)}).
 * Jib hands over its {@link ImageTarball}, the very object its {@code TarImage} target writes
 * to a file (same manifest, same config, same bytes), and {@link LayoutImport} takes its blobs
 * into the layout as they pass: the layers it holds in its caches are linked, not written
 * again, and no tarball is written, read back and deleted. Jib asks the "daemon" for its
 * platform ({@link #info}) to choose among the images it built: the one platform built here.
 */
final class LayoutClient implements DockerClient {

  private final Platform platform;
  private final Path layout;
  private final List<Path> caches;
  private String manifestDigest;
  private IOException failure;

  LayoutClient(Platform platform, Path layout, List<Path> caches) {
    this.platform = platform;
    this.layout = layout;
    this.caches = List.copyOf(caches);
  }

  @Override
  public boolean supported(Map<String, String> parameters) {
    return true;
  }

  @Override
  public String load(ImageTarball tarball, Consumer<Long> written) throws IOException {
    try (LayoutImport in = new LayoutImport(layout, caches)) {
      tarball.writeTo(in);
      manifestDigest = in.manifestDigest();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    return "loaded " + manifestDigest + " into " + layout;
  }

  /** Throws why writing the layout failed, when it did: a local failure (the layout's disk), not the base image's registry's. */
  void rethrowFailure() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }

  /** The manifest Jib loaded, in the layout. */
  String manifestDigest() throws IOException {
    if (manifestDigest == null) {
      throw new IOException("Jib built no image for " + platform + " into " + layout);
    }
    return manifestDigest;
  }

  @Override
  public DockerInfoDetails info() {
    // Its getters, not its JSON form: reading that is Jackson's first look at the class, ~20 ms of CPU at a build's end.
    return new DockerInfoDetails() {
      @Override
      public String getOsType() {
        return platform.os();
      }

      @Override
      public String getArchitecture() {
        return platform.architecture();
      }
    };
  }

  @Override
  public void save(ImageReference image, Path out, Consumer<Long> written) {
    throw new UnsupportedOperationException("an image layout is written to, not read from, through Jib");
  }

  @Override
  public ImageDetails inspect(ImageReference image) {
    throw new UnsupportedOperationException("an image layout is written to, not read from, through Jib");
  }
}
