package dev.ackrelease.steps.artifacts;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.git.SparseCheckout;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.ackrelease.steps.io.Ports;
import dev.ackrelease.steps.io.RepoPaths;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The release artifacts of a controller repo: the version-bearing places in
 * {@code helm/Chart.yaml}, {@code helm/values.yaml}, {@code helm/templates/NOTES.txt} and
 * {@code config/controller/kustomization.yaml}. Reading validates all four files; nothing here
 * writes (see {@link ArtifactRewriter}).
 */
public final class ReleaseArtifacts {

  public static final String CHART = "helm/Chart.yaml";
  public static final String VALUES = "helm/values.yaml";
  public static final String NOTES = "helm/templates/NOTES.txt";
  public static final String KUSTOMIZATION = "config/controller/kustomization.yaml";
  /** The four files a release commit changes, in the order they are read and reported. */
  public static final List<String> FILES = List.of(CHART, VALUES, NOTES, KUSTOMIZATION);
  /** Where ACK publishes images and charts. */
  public static final String DEFAULT_REGISTRY = "public.ecr.aws/aws-controllers-k8s";

  /** The longest service alias: a Kubernetes name (a DNS label, 63 characters) is made from it. */
  static final int MAX_SERVICE = 63;
  private static final Pattern SERVICE = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(
      "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
          + COMPONENT + "(?:/" + COMPONENT + ")*$");

  /**
   * The four files of a controller as read and validated: their text and every place, with
   * want = have.
   */
  public record Artifacts(Path controllerDir, Map<String, String> texts, Map<ArtifactKey, Place> places) {

    public String chartName() {
      return places.get(ArtifactKey.CHART_NAME).have();
    }

    public String chartVersion() {
      return places.get(ArtifactKey.CHART_VERSION).have();
    }

    public String appVersion() {
      return places.get(ArtifactKey.APP_VERSION).have();
    }

    public String imageRepository() {
      return places.get(ArtifactKey.IMAGE_REPOSITORY).have();
    }

    public String imageTag() {
      return places.get(ArtifactKey.IMAGE_TAG).have();
    }

    /** The image named on the NOTES.txt line, {@code repository:tag}. */
    public String notesImage() {
      return places.get(ArtifactKey.NOTES_IMAGE).have();
    }

    /** Refuses (state) a chart that is not {@code <service>-chart}. */
    public void requireService(String service) {
      Place name = places.get(ArtifactKey.CHART_NAME);
      String want = ArtifactKey.CHART_NAME.want(service, null, null);
      if (!want.equals(name.have())) {
        throw ReleaseException.refused(name.location() + ": chart name is " + name.have() + ", not " + want
            + ": this is not the " + service + " controller; pass the right --service or --controller-dir");
      }
    }

    /** Every version-bearing place (all but the chart name), with what the release wants there. */
    public List<Place> targets(String service, ReleaseVersion version, String imageRepository) {
      return ReleaseArtifacts.targets(places, service, version, imageRepository);
    }
  }

  /** The version-bearing ones of {@code places} (all but the chart name), with their wants. */
  static List<Place> targets(Map<ArtifactKey, Place> places, String service, ReleaseVersion version,
      String imageRepository) {
    List<Place> targets = new ArrayList<>();
    places.forEach((key, place) -> {
      if (key != ArtifactKey.CHART_NAME) {
        targets.add(place.want(key.want(service, version.plain(), imageRepository)));
      }
    });
    return Collections.unmodifiableList(targets);
  }

  private ReleaseArtifacts() {}

  /**
   * Reads and validates the four files under {@code controllerDir}. A missing file, malformed
   * YAML, a missing key or a value of the wrong type is invalid input naming file:line and key.
   */
  public static Artifacts read(Path controllerDir) {
    Map<String, String> texts = new LinkedHashMap<>();
    Map<ArtifactKey, Place> places = new EnumMap<>(ArtifactKey.class);
    for (String file : FILES) {
      String text = readText(controllerDir, file);
      texts.put(file, text);
      places.putAll(ArtifactPlaces.locate(file, text));
    }
    return new Artifacts(controllerDir, Collections.unmodifiableMap(texts), Collections.unmodifiableMap(places));
  }

  /**
   * The check {@code publish} and {@code tag} run: every place that does not carry
   * {@code version} and {@code imageRepository} yet (empty when the repo is ready to release).
   * Refuses a chart that is not {@code <service>-chart}; invalid files are invalid input.
   */
  public static List<Place> check(Path controllerDir, String service, ReleaseVersion version, String imageRepository) {
    Artifacts artifacts = read(controllerDir);
    artifacts.requireService(service);
    return artifacts.targets(service, version, imageRepository).stream().filter(Place::differs).toList();
  }

  /** ACK's image repository of a service: {@code public.ecr.aws/aws-controllers-k8s/<service>-controller}. */
  public static String defaultImageRepository(String service) {
    return DEFAULT_REGISTRY + "/" + service + "-controller";
  }

  /** Refuses (input) a service alias that is not lower-case letters, digits and dashes. */
  public static String requireService(String service) {
    return requireService(service, "--service");
  }

  /** {@link #requireService(String)}, the fix naming {@code option} (the option that gave the alias). */
  public static String requireService(String service, String option) {
    if (service != null && service.length() > MAX_SERVICE) {
      throw ReleaseException.invalidInput("service '" + Echo.value(service) + "' is " + service.length() + " characters, more than"
          + " the " + MAX_SERVICE + " of a Kubernetes name the controller's resources are named from: pass the service alias,"
          + " for example " + option + " s3");
    }
    if (service != null && service.endsWith("-controller") && SERVICE.matcher(service.substring(0, service.length() - 11)).matches()) {
      throw ReleaseException.invalidInput("service '" + service + "' is the repository name: drop -controller and pass " + option + " "
          + service.substring(0, service.length() - 11));
    }
    if (service == null || !SERVICE.matcher(service).matches()) {
      throw ReleaseException.invalidInput("service '" + Echo.value(service) + "' is not an ACK service alias: pass the controller's"
          + " name without -controller, for example " + option + " s3");
    }
    return service;
  }

  /** Refuses (input) an image repository that is not a registry path without a tag or digest. */
  public static String requireImageRepository(String repository) {
    if (repository == null || !REPOSITORY.matcher(repository).matches()) {
      throw ReleaseException.invalidInput("image repository '" + (repository != null && repository.contains("@") ? "<redacted>"
          : Echo.value(repository)) + "' is not a repository name: pass one without tag, digest or credentials, for example "
          + defaultImageRepository("s3"));
    }
    if (repository.length() > Registry.MAX_REPOSITORY_REF) {
      throw ReleaseException.invalidInput("image repository '" + Echo.value(repository) + "' is " + repository.length()
          + " characters, more than the " + Registry.MAX_REPOSITORY_REF + " a reference's name may have (host, '/', name;"
          + " the distribution spec): pass a shorter one, for example " + defaultImageRepository("s3"));
    }
    String host = repository.split("/")[0];
    if (host.contains(":")) {
      String port = host.substring(host.lastIndexOf(':') + 1);
      if (!port.matches("[0-9]{1,5}") || !Ports.valid(Integer.parseInt(port))) {
        throw ReleaseException.invalidInput("image repository '" + repository + "' has port " + port
            + ", not one from 1 to 65535: pass e.g. 127.0.0.1:5000/ack/s3-controller");
      }
    }
    return repository;
  }

  /** A file of the controller as UTF-8 text; a missing or non-UTF-8 file is invalid input. */
  static String readText(Path controllerDir, String file) {
    Path path = RepoPaths.inside(controllerDir, file);
    if (Files.isDirectory(path)) {
      throw ReleaseException.invalidInput(file + " in " + controllerDir + " is a directory, not a file: restore the file from git");
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      SparseCheckout.restoreCommand(controllerDir, file).ifPresent(fix -> {
        throw ReleaseException.refused(file + " in " + controllerDir + " is committed but outside the sparse checkout: run "
            + fix + ", then run ack-release again");
      });
    }
    if (!Files.isRegularFile(path)) {
      throw ReleaseException.invalidInput(file + " is missing in " + controllerDir
          + ": restore it from git (a release changes it, it does not create it)");
    }
    try {
      byte[] bytes = Files.readAllBytes(path);
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw ReleaseException.invalidInput(file + " is not UTF-8 text: fix its encoding");
    } catch (IOException e) {
      throw ReleaseException.invalidInput("cannot read " + file + " in " + controllerDir + " ("
          + e.getClass().getSimpleName().replace("Exception", "") + "): make it readable (chmod u+r " + path + ")");
    }
  }
}
