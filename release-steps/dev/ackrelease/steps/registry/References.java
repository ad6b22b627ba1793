package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.util.regex.Pattern;

/**
 * The OCI distribution spec's grammar for what goes into a request path (spec.md, Pulling
 * manifests): a repository {@code <name>}, a tag, and a digest (opencontainers/image-spec
 * descriptor.md, Digests; sha256 and sha512 are the registered algorithms). Content a registry
 * holds names other content only by digest: one that is none is a damaged artifact (exit 5),
 * found before any request is made with it.
 */
public final class References {

  /** {@code <name>}: lower-case path components joined by {@code /}. */
  public static final Pattern NAME = Pattern.compile(
      "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  /** A tag: at most 128 characters. */
  public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  /** The start of a digest ({@code sha256:} and 12 hex digits), for messages. */
  public static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  /** A digest of a registered algorithm, hex-encoded in lower case. */
  public static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

  private References() {}

  /**
   * Whether the first path component of an image reference names its registry host (it is
   * {@code localhost} or holds a {@code .} or {@code :}; else the reference is on Docker Hub), as
   * go-containerregistry pkg/name/repository.go NewRepository reads it.
   */
  public static boolean namesHost(String firstComponent) {
    return firstComponent.equals("localhost") || firstComponent.contains(".") || firstComponent.contains(":");
  }

  public static boolean isDigest(String text) {
    return text != null && DIGEST.matcher(text).matches();
  }

  /**
   * Refuses (VERIFICATION) a digest that {@code what} ("the index of host/ns/s3-controller")
   * names, when it is no digest: the content is damaged, whatever the registry would answer.
   */
  public static String requireDigest(String digest, String what) {
    if (!isDigest(digest)) {
      throw ReleaseException.verification(what + " names '" + Echo.value(digest) + "', which is not a digest (sha256:<64 hex>):"
          + " the artifact is damaged; publish a new version");
    }
    return digest;
  }

  /**
   * Refuses (VERIFICATION) a reference to ask a registry for that is neither a tag nor a digest:
   * only content the registry held names one that way (ack-release's own tags are checked as input).
   */
  static String requireReference(String reference, String where) {
    if (reference == null || !(TAG.matcher(reference).matches() || isDigest(reference))) {
      throw ReleaseException.verification(where + ": '" + Echo.value(reference) + "' is not a digest or tag, so no registry"
          + " holds it: the content naming it is damaged; publish a new version");
    }
    return reference;
  }
}
