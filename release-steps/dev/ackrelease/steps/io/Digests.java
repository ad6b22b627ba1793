package dev.ackrelease.steps.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * OCI content digests, {@code sha256:<hex>}, computed with the JDK's SHA-256 (and SHA-512 to
 * check content against a {@code sha512:} digest).
 */
public final class Digests {

  private Digests() {}

  /** A fresh SHA-256 digester. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return format(sha256().digest(bytes));
  }

  /** {@code sha256:<hex>} of a file's bytes, read once in blocks. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  /** {@code sha256:<hex>} of what {@code in} has left, read in blocks (not closed). */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      sha.update(buffer, 0, n);
    }
    return format(sha.digest());
  }

  /**
   * {@code bytes}' digest in the algorithm {@code digest} names, to compare with it: {@code
   * sha512:<hex>} for a {@code sha512:} digest (the other algorithm the image-spec registers),
   * else {@code sha256:<hex>}.
   */
  public static String like(String digest, byte[] bytes) {
    if (!digest.startsWith("sha512:")) {
      return sha256(bytes);
    }
    try {
      return "sha512:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-512", e);
    }
  }

  /** {@code sha256:<hex>} of a finished digest. */
  public static String format(byte[] digest) {
    return "sha256:" + HexFormat.of().formatHex(digest);
  }
}
