package dev.ackrelease.steps;

import java.util.Objects;

/**
 * A failure a user can act on. The message is one line: it names the problem and the fix.
 * The {@link Kind} decides the exit code (the command-line shell maps kinds to numbers).
 * Messages must never carry secrets: build them from names and refs, not from responses
 * that may echo credentials.
 */
public class ReleaseException extends RuntimeException {

  /** Why a run stopped; each kind has its own exit code. */
  public enum Kind {
    /** A bug or an unexpected condition in ack-release itself. */
    INTERNAL,
    /** The user asked for something malformed (bad version, missing file, bad YAML). */
    INVALID_INPUT,
    /** The request is well formed but the current state forbids it (dirty tree, tag exists). */
    REFUSED,
    /** A remote (git remote, registry, AWS, GitHub) failed after retries. */
    REMOTE,
    /** A check of artifacts (in the repo or in the registry) found a difference. */
    VERIFICATION,
    /** Building the controller binary failed. */
    BUILD
  }

  private final Kind kind;

  public ReleaseException(Kind kind, String message) {
    this(kind, message, null);
  }

  public ReleaseException(Kind kind, String message, Throwable cause) {
    super(oneLine(message), cause);
    this.kind = Objects.requireNonNull(kind);
  }

  public Kind kind() {
    return kind;
  }

  public static ReleaseException invalidInput(String message) {
    return new ReleaseException(Kind.INVALID_INPUT, message);
  }

  public static ReleaseException refused(String message) {
    return new ReleaseException(Kind.REFUSED, message);
  }

  public static ReleaseException remote(String message, Throwable cause) {
    return new ReleaseException(Kind.REMOTE, message, cause);
  }

  public static ReleaseException verification(String message) {
    return new ReleaseException(Kind.VERIFICATION, message);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
