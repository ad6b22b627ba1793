package dev.ackrelease.cli;

import dev.ackrelease.steps.Retry;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How long a remote call may take, for every command that makes one (a registry, GitHub's API, a
 * git remote): one description, so the help of each says the same and none says less than it does.
 */
public final class TimeoutOptions {

  @Option(names = "--retry-timeout", paramLabel = "DURATION",
      description = "Time budget of one remote operation with its retries, e.g. 90s, 5m, 1h (default: 5m).")
  String retryTimeout;

  @Option(names = "--request-timeout", paramLabel = "DURATION",
      description = "Time-out of one registry, GitHub or git request without an answer (default: 60s).")
  String requestTimeout;

  /** The retry policy: {@code ACK_RELEASE_RETRY_*} from {@code env}, with the budget and request time-out given here. */
  public Retry.Policy retryPolicy(Map<String, String> env) {
    return Retry.Policy.fromEnvironment(env).withTimeouts(
        Optional.ofNullable(retryTimeout).map(t -> Retry.parseDuration(t, "--retry-timeout")),
        Optional.ofNullable(requestTimeout).map(t -> Retry.parseDuration(t, "--request-timeout")));
  }
}
