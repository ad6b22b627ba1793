package dev.ackrelease.steps.ecr;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.services.ecrpublic.EcrPublicClient;
import software.amazon.awssdk.services.ecrpublic.model.AuthorizationData;

/**
 * Registry credentials from ECR Public: {@code GetAuthorizationToken} (us-east-1) returns a
 * base64 token of {@code AWS:<password>}; the user is {@code AWS}. The token and password are
 * registered as secrets the moment they are read.
 */
public final class EcrPublicAuth {

  private final Log log;
  private final Retry.Policy retry;
  private final Clock clock;

  public EcrPublicAuth(Log log, Retry.Policy retry) {
    this(log, retry, Clock.systemUTC());
  }

  EcrPublicAuth(Log log, Retry.Policy retry, Clock clock) {
    this.log = log;
    this.retry = retry;
    this.clock = clock;
  }

  /** A registry login from an ECR Public token; {@code password} is registered as a secret. */
  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[" + username + "]";
    }
  }

  public Login credentials(EcrPublicClient client) {
    AuthorizationData data = EcrPublicErrors.call(retry, log, "GetAuthorizationToken",
        () -> client.getAuthorizationToken(r -> {}).authorizationData());
    String token = data == null ? null : Secrets.register(data.authorizationToken());
    if (token == null || token.isBlank()) {
      throw ReleaseException.remote("ECR Public GetAuthorizationToken returned no token: retry, or check the endpoint", null);
    }
    String decoded;
    try {
      decoded = Secrets.register(new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw ReleaseException.remote("ECR Public returned a token that is not base64: retry, or check the endpoint", null);
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) {
      throw ReleaseException.remote("ECR Public returned a token that is not user:password: retry, or check the endpoint", null);
    }
    Instant expires = data.expiresAt();
    if (expires != null && !expires.isAfter(clock.instant())) {
      throw ReleaseException.remote("ECR Public returned a token that expired at " + expires
          + ": check the machine's clock and retry", null);
    }
    log.detail("ECR Public token for user " + decoded.substring(0, colon) + (expires == null ? "" : ", valid until " + expires));
    return new Login(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
