package dev.ackrelease.steps;

import java.util.Objects;
import java.util.Optional;

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
  /** The input at fault when it is no option's value (see {@link #invalidIn}); null when it may be one. */
  private final String inputAtFault;

  public ReleaseException(Kind kind, String message) {
    this(kind, message, null);
  }

  public ReleaseException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, null);
  }

  private ReleaseException(Kind kind, String message, Throwable cause, String inputAtFault) {
    super(oneLine(message), cause);
    this.kind = Objects.requireNonNull(kind);
    this.inputAtFault = inputAtFault;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The input at fault when it is not an option's value itself (a file's content such as Docker's
   * config.json or a key, a credential helper, a variable no option reads): the shell then leads the
   * message with a setting's origin only when that setting gave this input (the path of the key
   * file), never because the message shows the setting's value (the registry host a config.json
   * entry is for). Empty when the fault may be an option's value. A wrapper with the same message
   * (a failure carrying its summary) says what its cause says.
   */
  public Optional<String> inputAtFault() {
    if (inputAtFault != null) {
      return Optional.of(inputAtFault);
    }
    return getCause() instanceof ReleaseException re && re != this && re.getMessage().equals(getMessage())
        ? re.inputAtFault() : Optional.empty();
  }

  public static ReleaseException invalidInput(String message) {
    return new ReleaseException(Kind.INVALID_INPUT, message);
  }

  /**
   * Invalid input whose fault is in {@code input} (a file's path, whose content is wrong; a
   * variable no option reads), not in an option's value the message may show: see
   * {@link #inputAtFault()}.
   */
  public static ReleaseException invalidIn(String input, String message) {
    return new ReleaseException(Kind.INVALID_INPUT, message, null, Objects.requireNonNull(input));
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
