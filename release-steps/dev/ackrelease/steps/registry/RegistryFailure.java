package dev.ackrelease.steps.registry;

import java.util.Optional;

/**
 * A registry call that did not succeed: the HTTP status when the registry answered (401, 429,
 * 503, ...; a 502 for an answer that breaks the protocol, such as an upload without a Location),
 * or none when no answer came. The retry and error rules ({@link RegistryErrors}) read the
 * status; {@link RegistryCall} turns what is left after retries into a one-line
 * {@link dev.ackrelease.steps.ReleaseException}. Content that came whole but does not hash to its
 * digest is no failure of the call: it is what the registry serves, a VERIFICATION failure.
 */
public class RegistryFailure extends RuntimeException {

  private final int status;

  public RegistryFailure(int status, String message) {
    super(message);
    this.status = status;
  }

  /** No answer from the registry (a reset, a refused connection): the cause says what. */
  public RegistryFailure(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
  }

  /** The status the registry answered with, if it answered. */
  public Optional<Integer> status() {
    return status > 0 ? Optional.of(status) : Optional.empty();
  }
}
