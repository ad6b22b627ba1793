package dev.ackrelease.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.io.Digests;
import dev.ackrelease.steps.io.SystemRoots;
import dev.ackrelease.steps.io.TlsTrust;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

  /**
   * Pushes an artifact that is no image to {@code <server>/<repository>:<tag>} (anonymously, plain
   * HTTP): an OCI image manifest with a config of {@code configMediaType} (Helm's makes it a chart)
   * and one layer; returns the manifest's digest.
   */
  public static String pushArtifact(RegistryServer server, String repository, String tag, String configMediaType) {
    RegistrySession s = new RegistrySession(new RegistryAccess(Registry.parse(server.address()), Optional.empty(), true,
        Optional.empty()), Log.NONE, new Retry.Policy(2, Duration.ofMillis(10)));
    byte[] config = "{\"name\":\"other-chart\",\"version\":\"0.0.1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = "not a tarball".getBytes(StandardCharsets.UTF_8);
    s.pushBlob(repository, Digests.sha256(config), config.length, () -> new ByteArrayInputStream(config));
    s.pushBlob(repository, Digests.sha256(layer), layer.length, () -> new ByteArrayInputStream(layer));
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
        + "\"mediaType\":\"" + configMediaType + "\",\"digest\":\"" + Digests.sha256(config) + "\",\"size\":" + config.length
        + "},\"layers\":[{\"mediaType\":\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\",\"digest\":\""
        + Digests.sha256(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    s.putManifest(repository, tag, "application/vnd.oci.image.manifest.v1+json", manifest);
    return Digests.sha256(manifest);
  }

  private static RegistryImage credentials(RegistryServer server, RegistryImage image) {
    if (server.username().isPresent()) {
      image.addCredential(server.username().get(), server.password().orElseThrow());
      if (!server.tls()) {
        System.setProperty("sendCredentialsOverHttp", "true");
      }
    }
    server.caFile().ifPresent(ca -> TlsTrust.forJib(SystemRoots.JVM, Optional.of(ca)));
    return image;
  }
}
