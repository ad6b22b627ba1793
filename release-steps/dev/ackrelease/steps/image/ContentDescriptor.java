package dev.ackrelease.steps.image;

/** An OCI content descriptor: media type, {@code sha256:} digest and size in bytes. */
public record ContentDescriptor(String mediaType, String digest, long size) {

  /** The hex part of the digest. */
  public String hex() {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
