package dev.ackrelease.steps.image;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.io.TlsTrust;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistrySession;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The image the controller binary is put on ({@code --base-image}): {@code scratch} (no base
 * layers) or a reference in a registry, pulled by Jib with the access given for its host
 * (credentials, insecure, CA). A tag is resolved to its index digest once per run, and a digest
 * looked up once, in one request that also shows it names an image ({@link #resolve}); every
 * platform is pulled from that digest, so one release can never mix two versions of the base,
 * and the digest goes into the report. A reference is read as Docker,
 * ko and Jib read it ({@link ImageName}, which agrees with Jib's parser, so the digest is looked up
 * where Jib pulls from): no tag and no digest means the tag {@code latest}, and a first component
 * that is not a host ({@code alpine}, {@code library/alpine}) names Docker Hub. Jib itself is
 * loaded only by the build ({@link #jib}), not by plan's or publish's decision.
 */
public record BaseImage(String ref, Optional<RegistryAccess> access, Optional<String> digest) {

  /** ACK's base: eks-distro's minimal nonroot image at the tag ACK's test-infra build_config.yaml pins. */
  public static final String ACK_DEFAULT_TAG = "2026-08-18-1787079689.2023";
  public static final String ACK_DEFAULT_REF = BuildConfig.EKS_DISTRO_BASE + ":" + ACK_DEFAULT_TAG;
  public static final String SCRATCH_REF = "scratch";
  public static final BaseImage SCRATCH = new BaseImage(SCRATCH_REF, Optional.empty(), Optional.empty());

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  /** What starts a digest, well formed or not: an algorithm of the sha family and a colon. */
  private static final Pattern DIGEST_START = Pattern.compile("(?i)sha[0-9]*:");
  private static final Pattern REFERENCE = Pattern.compile(
      "[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
          + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?");

  public BaseImage {
    if (ref == null || ref.isBlank()) {
      throw ReleaseException.invalidInput("empty base image: pass --base-image REF or scratch");
    }
    ref = ref.strip();
    String name = withoutDigest(ref);
    if (name.contains("@")) {
      // Never echo it: the part before @ may be a password.
      throw ReleaseException.invalidInput("--base-image carries credentials (user@ or user:password@): remove them and put"
          + " credentials in ACK_RELEASE_REGISTRY_USERNAME/ACK_RELEASE_REGISTRY_PASSWORD or the Docker config");
    }
    if (!ref.equals(SCRATCH_REF) && (name.equals(SCRATCH_REF) || name.startsWith(SCRATCH_REF + ":"))) {
      // Docker reserves the name: scratch is no image to pull, by tag or by digest.
      throw ReleaseException.invalidInput("--base-image " + Echo.value(ref) + ": scratch is no image and takes no tag or digest:"
          + " pass --base-image scratch");
    }
    if (!ref.equals(SCRATCH_REF)) {
      parse(ref);
    }
    access = access == null ? Optional.empty() : access;
    digest = digest == null ? Optional.empty() : digest;
  }

  /**
   * The reference without its digest part, which must be a digest: the text after the last
   * {@code @} is one (well formed or not) when it holds no {@code /} and either follows a path
   * ({@code host/repo@...}) or starts as one ({@code alpine@sha256:...}); a doubled {@code @}
   * before such a digest ({@code host/repo@@sha256:...}) is a malformed reference; any other
   * {@code @} is user-info ({@code user:password@host/repo}), which the caller refuses without
   * echoing it.
   */
  private static String withoutDigest(String ref) {
    int at = ref.lastIndexOf('@');
    if (at < 0) {
      return ref;
    }
    String head = ref.substring(0, at);
    String tail = ref.substring(at + 1);
    String bare = head.replaceFirst("@+$", "");
    if (bare.length() < head.length() && !bare.contains("@") && !bare.contains("://") && !tail.contains("/")
        && DIGEST_START.matcher(tail).lookingAt()) {
      // host/repo@@sha256:...: a typo before a digest, not user-info (no @ is left before the host's end to hide a password).
      requireDigest(tail);
      throw ReleaseException.invalidInput("--base-image '" + Echo.value(ref) + "' is not an image reference (more than one @ before"
          + " its digest): pass --base-image " + Echo.value(bare + "@" + tail));
    }
    boolean digestPart = !tail.contains("/") && !head.contains("@") && !head.contains("://")
        && (head.contains("/") || DIGEST_START.matcher(tail).lookingAt());
    if (!digestPart) {
      return ref;
    }
    requireDigest(tail);
    return head;
  }

  private static void requireDigest(String digest) {
    if (!DIGEST.matcher(digest).matches()) {
      throw ReleaseException.invalidInput("--base-image's digest '" + Echo.value(digest) + "' is not a valid digest (sha256: and 64"
          + " lower-case hex digits): pass --base-image HOST/REPOSITORY@sha256:<64 hex digits> (skopeo inspect --format"
          + " '{{.Digest}}' docker://HOST/REPOSITORY:TAG prints it), HOST/REPOSITORY:TAG, or scratch");
    }
  }

  /** A base image pulled anonymously (or {@code scratch}). */
  public static BaseImage of(String ref) {
    return new BaseImage(ref, Optional.empty(), Optional.empty());
  }

  /** A base image pulled with this registry access (its credentials, insecure flag and CA). */
  public static BaseImage of(String ref, RegistryAccess access) {
    return new BaseImage(ref, Optional.of(access), Optional.empty());
  }

  public boolean isScratch() {
    return SCRATCH_REF.equals(ref);
  }

  /**
   * The registry host and repository path, without tag or digest: the
   * {@code org.opencontainers.image.base.name} label, as ACK sets it. A Docker Hub reference gets
   * the host Jib pulls it from ({@code alpine} is {@code registry-1.docker.io/library/alpine}).
   */
  public String repository() {
    ImageName r = parse(ref);
    return r.registry() + "/" + r.repository();
  }

  /** The registry host the base is pulled from, as Jib reads the reference. */
  public String registryHost() {
    return parse(ref).registry();
  }

  /** What Jib pulls: {@code repository@<index digest>} once resolved, else the reference as given. */
  public String pullRef() {
    return digest.map(d -> repository() + "@" + d).orElse(ref);
  }

  /** The reference and, when resolved, its digest, for progress lines. */
  public String describe() {
    return isScratch() ? ref : ref + digest.filter(d -> !ref.endsWith(d)).map(d -> " (" + d + ")").orElse("");
  }

  /**
   * This base with its digest, after one look-up of its manifest in its registry: the digest in
   * the reference, else the one the tag holds (the index digest when it holds an index). The
   * reference must name something that exists and is an image ({@link BaseManifest}), so a base
   * that Jib could not pull stops the run before anything is built or pushed. Scratch stays as it is.
   */
  public BaseImage resolve(Log log, Retry.Policy retry) {
    if (isScratch() || digest.isPresent()) {
      return this;
    }
    ImageName r = parse(ref);
    RegistryAccess a = access.orElseThrow(() -> new IllegalStateException("no registry access for base image " + ref));
    Optional<RegistrySession.Fetched> found = new RegistrySession(a, log, retry).manifestAt(r.repository(), r.qualifier());
    // Say which tag was looked up when the reference names none.
    String named = r.digest().isPresent() || ref.endsWith(":" + r.qualifier()) ? ref : ref + ":" + r.qualifier();
    RegistrySession.Fetched manifest = found.filter(m -> DIGEST.matcher(m.digest()).matches())
        .orElseThrow(() -> ReleaseException.invalidInput("base image " + named + " does not exist in its registry: check"
            + " --base-image (or eks_distro_version in --build-config)"));
    BaseManifest.requireImage(named, manifest);
    String resolved = r.digest().orElse(manifest.digest());
    if (r.digest().isEmpty()) {
      log.info("base image " + ref + " is " + resolved);
    }
    return new BaseImage(ref, access, Optional.of(resolved));
  }

  /**
   * A Jib build on this base for one platform ({@code os}/{@code architecture}; Jib's own
   * {@code Platform}, imported here, not ours): from scratch, or pulled with the access given for
   * its host, by the index digest resolved once for the run so every platform comes from the same base.
   * Jib's requests carry ack-release's {@code User-Agent} after Jib's own words.
   */
  JibContainerBuilder jib(String os, String architecture) throws InvalidImageReferenceException {
    JibContainerBuilder builder;
    if (isScratch()) {
      builder = Jib.fromScratch();
    } else {
      // Jib appends this property to its User-Agent ("jib <tool version> <tool name> <this>").
      System.setProperty("_JIB_UPSTREAM_CLIENT", ToolVersion.userAgent());
      RegistryImage image = RegistryImage.named(pullRef());
      // Jib's HTTP client trusts what the trust-store properties name: add the CA given for the base's registry,
      // and SSL_CERT_FILE/SSL_CERT_DIR's.
      access.ifPresent(a -> TlsTrust.forJib(a.roots(), a.caFile()));
      access.flatMap(RegistryAccess::credentials).ifPresent(c -> {
        image.addCredential(c.username(), c.password());
        if (access.get().insecure()) {
          // Jib sends credentials over plain HTTP only when told to; the user named this host insecure.
          System.setProperty("sendCredentialsOverHttp", "true");
        }
      });
      builder = Jib.from(image);
    }
    return builder.setPlatforms(Set.of(new Platform(architecture, os)));
  }

  /** The reference split as Jib reads it (the tag {@code latest} when it has neither tag nor digest), after our grammar. */
  private static ImageName parse(String ref) {
    if (!REFERENCE.matcher(ref).matches()) {
      throw ReleaseException.invalidInput("--base-image '" + Echo.value(ref) + "' is not an image reference: pass --base-image"
          + " HOST/REPOSITORY[:TAG][@sha256:DIGEST], e.g. " + ACK_DEFAULT_REF + ", or scratch");
    }
    return ImageName.parse(ref);
  }
}
