package dev.ackrelease.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.ackrelease.steps.io.TlsTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * A two-platform base image in a test registry, standing in for eks-distro's minimal base: a
 * Docker manifest list (as Jib makes one) over linux/amd64 and linux/arm64 images with one small
 * file and a label.
 */
public final class BaseImages {

  /** The file every test base image holds. */
  public static final String BASE_FILE = "/etc/sample-base-release";

  private BaseImages() {}

  /** Pushes the base to {@code <server>/<repository>:<tag>} with {@code content} in its file; returns the reference. */
  public static String push(RegistryServer server, Path work, String repository, String tag, String content) throws Exception {
    Path dir = Files.createDirectories(work);
    Path file = Files.writeString(dir.resolve("base-release"), content);
    String ref = server.address() + "/" + repository + ":" + tag;
    Jib.fromScratch()
        .setPlatforms(Set.of(new Platform("amd64", "linux"),
            new Platform("arm64", "linux")))
        .setFormat(ImageFormat.Docker)
        .setCreationTime(Instant.parse("2026-01-01T00:00:00Z"))
        .setFileEntriesLayers(FileEntriesLayer.builder().addEntry(file, AbsoluteUnixPath.get(BASE_FILE)).build())
        .addLabel("org.example.base", "sample")
        .containerize(Containerizer.to(credentials(server, RegistryImage.named(ref)))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(dir.resolve("jib-base"))
            .setApplicationLayersCache(dir.resolve("jib-app")));
    return ref;
  }

  private static RegistryImage credentials(RegistryServer server, RegistryImage image) {
    if (server.username().isPresent()) {
      image.addCredential(server.username().get(), server.password().orElseThrow());
      if (!server.tls()) {
        System.setProperty("sendCredentialsOverHttp", "true");
      }
    }
    server.caFile().ifPresent(TlsTrust::forJib);
    return image;
  }
}
