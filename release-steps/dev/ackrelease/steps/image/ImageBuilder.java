package dev.ackrelease.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.ackrelease.steps.Articles;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Progress;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.io.CacheLayout;
import dev.ackrelease.steps.io.Parallel;
import dev.ackrelease.steps.io.RunDirectory;
import dev.ackrelease.steps.registry.RegistryAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Builds the multi-platform controller image locally with Jib core, no daemon.
 *
 * <p>Jib cannot write an OCI image index ("OCI image index not yet supported"), and the index
 * digest must be known before a push (to skip or refuse, and for dry runs). So each platform is
 * built by Jib as a single-platform OCI image, which Jib hands to {@link LayoutClient} as the
 * tarball it would load into a Docker daemon; its blobs go into one OCI image layout directory
 * as they pass (no tarball is written), and the index over the platform manifests is assembled
 * here. Every input of the digest is fixed by the commit: creation and file times are the
 * commit time, the tool name and version in the config are constants, the binary is built
 * reproducibly. The base image is the only outside input: pin it by digest for a digest that
 * never changes.
 */
public final class ImageBuilder {

  /** The tool name Jib records in the image config and history. */
  public static final String TOOL_NAME = "ack-release";
  /**
   * The tool version recorded with it: the version of this image recipe, not of ack-release, so
   * a new ack-release that builds the same image gives the same digest. Change it when the
   * recipe changes.
   */
  public static final String TOOL_VERSION = "image-3";
  public static final String BINARY_PATH = "/bin/controller";
  /** Where ACK's Dockerfile copies the binary, {@code LICENSE} and {@code ATTRIBUTION.md}. */
  public static final String FILES_DIR = "/bin/";
  /** ACK's Dockerfile: {@code USER 1000}. */
  public static final String DEFAULT_USER = "1000";

  /** A file from the repository copied next to the binary, e.g. {@code LICENSE} to {@code /bin/LICENSE}. */
  public record ImageFile(String name, byte[] content) {
    public ImageFile {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException("not a plain file name: " + name);
      }
    }
  }

  /**
   * What to build: the stamp, the source URL for the label, one binary per platform in index
   * order, the files copied beside it ({@code LICENSE}, {@code ATTRIBUTION.md}), the user, the
   * base (scratch, or resolved to its digest: every platform is pulled from it and it is
   * labelled), where the image layout goes (emptied first), Jib's cache directory, and the
   * digest of the build inputs for the index annotation (may be null).
   */
  public record Request(BuildInfo info, String source, Map<Platform, Path> binaries, List<ImageFile> files, String user,
      BaseImage base, Path outputDir, Path cacheDir, String buildInputs) {

    public Request {
      if (binaries == null || binaries.isEmpty()) {
        throw ReleaseException.invalidInput("no controller binary to put in the image: build one or pass --binary");
      }
      if (!base.isScratch() && base.digest().isEmpty()) {
        throw new IllegalStateException("base image " + base.ref() + " is not resolved to a digest: call BaseImage.resolve first");
      }
      binaries = new LinkedHashMap<>(binaries);
      files = List.copyOf(files);
      user = user == null || user.isBlank() ? DEFAULT_USER : user.strip();
    }

    /** Without a build-inputs annotation. */
    public Request(BuildInfo info, String source, Map<Platform, Path> binaries, List<ImageFile> files, String user,
        BaseImage base, Path outputDir, Path cacheDir) {
      this(info, source, binaries, files, user, base, outputDir, cacheDir, null);
    }
  }

  private final Log log;
  private final Optional<PushAhead> ahead;
  private final Optional<ControllerLayers> layers;

  public ImageBuilder(Log log) {
    this(log, Optional.empty(), Optional.empty());
  }

  /**
   * Streams each layer to {@code ahead}'s repository while it is compressed (see {@link
   * PushAhead}); {@code layers}: the layers whose compression started before the build (else
   * they start with it).
   */
  public ImageBuilder(Log log, Optional<PushAhead> ahead, Optional<ControllerLayers> layers) {
    this.log = Log.serialized(log);
    this.ahead = ahead;
    this.layers = layers;
  }

  /** Where the repository files of the image's layer are staged: beside the image layout {@code outputDir}. */
  public static Path filesDir(Path outputDir) {
    return outputDir.resolveSibling(outputDir.getFileName() + "-files");
  }

  public BuiltImage build(Request request) {
    Path layout = request.outputDir().toAbsolutePath();
    try {
      OciLayout.clear(layout);
      OciLayout.init(layout);
      ControllerLayers controller = layers.isPresent() ? layers.get() : ControllerLayers.stage(request.files(),
          request.info().commitTime(), filesDir(layout), request.cacheDir());
      // One Jib build per platform, side by side (Jib's caches are safe for concurrent use).
      List<PlatformImage> platforms;
      try {
        platforms = Parallel.map(new ArrayList<>(request.binaries().entrySet()),
            e -> buildPlatform(request, e.getKey(), ElfBinary.requireFor(e.getValue(), e.getKey()).path(), controller, layout));
      } catch (Exception e) {
        // Nothing of a failed build goes on behind its error: the compressions stop, the uploads end (and cancel their sessions).
        controller.cancel();
        ahead.ifPresent(PushAhead::settle);
        if (e instanceof IOException io) {
          throw io;
        }
        if (e instanceof RuntimeException r) {
          throw r;
        }
        throw new ReleaseException(ReleaseException.Kind.BUILD, "Jib could not build the image: " + e.getMessage(), e);
      }
      byte[] indexJson = ImageIndex.json(platforms, request.info().commitTime(), request.buildInputs());
      ContentDescriptor index = OciLayout.writeBlob(layout, OciLayout.INDEX_MEDIA_TYPE, indexJson);
      OciLayout.writeTop(layout, index, request.info().version().plain());
      log.info("built image index " + index.digest() + " for " + platforms.stream().map(p -> p.platform().toString()).toList());
      return new BuiltImage(layout, index, platforms, request.info(), ahead);
    } catch (IOException e) {
      if (RunDirectory.isNoSpace(e)) {
        throw RunDirectory.noSpace(layout, e);
      }
      throw new ReleaseException(ReleaseException.Kind.BUILD, "cannot write the image to " + layout + " (" + e.getMessage()
          + "): check that the directory is writable and the disk has space", e);
    }
  }

  private PlatformImage buildPlatform(Request request, Platform platform, Path binary, ControllerLayers controller, Path layout)
      throws IOException {
    BuildInfo info = request.info();
    log.detail("building image for " + platform + " on " + request.base().describe() + " (Jib)");
    try {
      // The slow part is compressing the layer: it goes to the registry while it is compressed,
      // and Jib, started beside it (pulling a base meanwhile), waits for it and finds it in its cache.
      LayerCompression compression = controller.start(platform, binary);
      ahead.ifPresent(a -> a.send(compression));
      long size = Files.size(binary);
      Path cache = request.cacheDir().toAbsolutePath();
      JibContainerBuilder builder = request.base().jib(platform.os(), platform.architecture())
          .setFormat(ImageFormat.OCI)
          .setCreationTime(info.commitTime())
          .setFileEntriesLayers(controller.entries(platform))
          .setEntrypoint(BINARY_PATH)
          .setProgramArguments(List.of())
          .setUser(request.user())
          .setWorkingDirectory(AbsoluteUnixPath.get("/"))
          .setLabels(ImageLabels.of(info, request.source(), request.base()));
      Path applicationCache = ControllerLayers.applicationCache(cache);
      Path baseCache = cache.resolve(CacheLayout.JIB_BASE);
      LayoutClient client = new LayoutClient(platform, layout, List.of(applicationCache, baseCache));
      Containerizer containerizer = Containerizer.to(client, DockerDaemonImage.named("ack-release/controller:" + info.version().plain()))
          .setToolName(TOOL_NAME)
          .setToolVersion(TOOL_VERSION)
          .setBaseImageLayersCache(baseCache)
          .setApplicationLayersCache(applicationCache)
          .setAllowInsecureRegistries(request.base().access().map(RegistryAccess::insecure).orElse(false))
          .addEventHandler(LogEvent.class, new JibLog(log));
      try (Progress progress = log.progress("building the image for " + platform + " (Jib)", size)) {
        containerizer.addEventHandler(LogEvent.class, event -> LayerCompression.Gate.beforeLookUp(event, compression, progress, size));
        builder.containerize(containerizer);
      } catch (ExecutionException e) {
        compression.failure().ifPresent(f -> {
          throw compressionFailure(binary, f, request.cacheDir());
        });
        client.rethrowFailure();
        throw e;
      }
      LayerCompression.Layer layer;
      try {
        layer = compression.await(Progress.NONE, 0);
      } catch (IOException e) {
        throw compressionFailure(binary, e, request.cacheDir());
      }
      PlatformImage image = describe(layout, platform, client.manifestDigest(), request.base().ref());
      ContentDescriptor top = image.layers().get(image.layers().size() - 1);
      if (!top.digest().equals(layer.digest())) {
        throw new ReleaseException(ReleaseException.Kind.INTERNAL, "Jib's layer for " + platform + " is " + top.digest()
            + ", not the " + layer.digest() + " compressed for it: report this as an ack-release bug");
      }
      return image;
    } catch (InvalidImageReferenceException e) {
      throw ReleaseException.invalidInput("base image '" + request.base().ref() + "' is not an image reference: pass --base-image REF or scratch");
    } catch (CacheDirectoryCreationException e) {
      throw RunDirectory.localFailure(e, request.cacheDir());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReleaseException(ReleaseException.Kind.BUILD, "interrupted while building the image for " + platform, e);
    } catch (RegistryException | ExecutionException e) {
      throw baseImageFailure(request.base(), platform, e, request.cacheDir());
    }
  }

  private static ReleaseException compressionFailure(Path binary, IOException e, Path cacheDir) {
    if (RunDirectory.isNoSpace(e)) {
      return RunDirectory.noSpace(cacheDir, e);
    }
    return new ReleaseException(ReleaseException.Kind.BUILD, "cannot compress the image layer of " + binary + " (" + e.getMessage()
        + "): check that the binary is readable and the disk has space", e);
  }

  /** Reads back the manifest Jib wrote and checks its config is for the platform asked for. */
  private static PlatformImage describe(Path layout, Platform platform, String manifestDigest, String baseRef) throws IOException {
    JsonNode manifest = OciLayout.readJson(layout, manifestDigest);
    String manifestType = manifest.path("mediaType").asText(OciLayout.MANIFEST_MEDIA_TYPE);
    if (!OciLayout.MANIFEST_MEDIA_TYPE.equals(manifestType)) {
      throw new ReleaseException(ReleaseException.Kind.INTERNAL, "Jib wrote " + Articles.a(manifestType) + " manifest, not an OCI one: report this as an ack-release bug");
    }
    ContentDescriptor config = descriptor(manifest.path("config"));
    List<ContentDescriptor> layers = new ArrayList<>();
    manifest.path("layers").forEach(l -> layers.add(descriptor(l)));
    JsonNode configJson = OciLayout.readJson(layout, config.digest());
    String os = configJson.path("os").asText();
    String arch = configJson.path("architecture").asText();
    if (!platform.os().equals(os) || !platform.architecture().equals(arch)) {
      throw ReleaseException.invalidInput("base image " + baseRef + " gave " + Articles.a(os + "/" + arch) + " image for " + platform
          + ": pass a --base-image that has " + platform + " or drop it from --platforms");
    }
    long size = Files.size(OciLayout.blobPath(layout, manifestDigest));
    return new PlatformImage(platform, new ContentDescriptor(manifestType, manifestDigest, size), config, layers);
  }

  private static ContentDescriptor descriptor(JsonNode node) {
    return new ContentDescriptor(node.path("mediaType").asText(), node.path("digest").asText(), node.path("size").asLong());
  }

  private ReleaseException baseImageFailure(BaseImage base, Platform platform, Exception e, Path cacheDir) {
    // Jib writes the base's layers into its cache: a full disk there is local, not the registry's fault.
    if (RunDirectory.isNoSpace(e)) {
      return RunDirectory.noSpace(cacheDir, e);
    }
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String reason = String.valueOf(cause.getMessage()).replaceAll("\\s+", " ").strip();
    if (cause instanceof RegistryUnauthorizedException) {
      return ReleaseException.remote("the registry of base image " + base.ref() + " refused access (" + reason
          + "): give credentials for its host, or use a public base image", e);
    }
    if (cause instanceof InsecureRegistryException) {
      return ReleaseException.invalidInput("base image " + base.ref() + " is on a registry without verified HTTPS: "
          + "pass --insecure-registry for its host (test registries only), or its CA with --registry-ca or SSL_CERT_FILE");
    }
    if (cause instanceof RegistryException || cause instanceof IOException) {
      return ReleaseException.remote("cannot pull base image " + base.ref() + " for " + platform + " (" + reason
          + "): check --base-image and that its registry is reachable", e);
    }
    return new ReleaseException(ReleaseException.Kind.BUILD, "Jib could not build the image for " + platform + " on "
        + base.ref() + " (" + reason + "): check --base-image has " + platform, e);
  }
}
