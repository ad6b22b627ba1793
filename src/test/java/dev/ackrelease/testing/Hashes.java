package dev.ackrelease.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SHA-256 for test assertions. */
public final class Hashes {
  private Hashes() {}

  /** Files of at least this size have their hash remembered by {@link #sha256(Path)}. */
  static final long REMEMBERED_FROM = 64 * 1024;

  /** A remembered hash, and the file's identity, size and times when it was read. */
  private record Remembered(Map<String, Object> file, String sha256) {}

  private static final Map<Path, Remembered> REMEMBERED = new ConcurrentHashMap<>();

  /**
   * The SHA-256 of the file's bytes and their count. A file of {@link #REMEMBERED_FROM} bytes or
   * more is read once while it stays the same file (inode, size, modification and status change
   * times: any write or replacement changes the ctime, which no program can set back), so
   * snapshots of a registry's storage, taken again and again as it grows, hash each layer once
   * (a test JVM hashes at about 100 MB/s with the first compiler tier only). Smaller files, the
   * registry's links and manifests that are rewritten in place, are read every time.
   */
  public static Sized sha256(Path file) throws IOException {
    Map<String, Object> identity = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
    long size = (Long) identity.get("size"); // read with the rest of the file's identity, not asked for again
    if (size < REMEMBERED_FROM) {
      byte[] bytes = Files.readAllBytes(file);
      return new Sized(sha256(bytes), bytes.length);
    }
    Remembered known = REMEMBERED.get(file);
    if (known == null || !known.file().equals(identity)) {
      byte[] bytes = Files.readAllBytes(file);
      known = new Remembered(identity, sha256(bytes));
      REMEMBERED.put(file, known);
      size = bytes.length;
    }
    return new Sized(known.sha256(), size);
  }

  /** A file's SHA-256 (hex) and its size in bytes. */
  public record Sized(String sha256, long size) {}

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
