package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Echo;
import java.util.Locale;

/**
 * The registry answered 401 to a request that carried the token its token service issued for
 * the credentials: the service took the user name and password, the registry not the token.
 * Still a 401 (the credentials are refreshed once, as for every refusal), but not the
 * password's fault: an expired token (the clocks of the registry and its token service differ),
 * a realm whose issuer, service or signing certificate the registry does not trust, or a token
 * that grants too little ({@code error="insufficient_scope"}).
 */
final class TokenRefused extends RegistryFailure {

  private final String realm;
  private final boolean insufficientScope;

  TokenRefused(RegistryStatusException refusal, String realm) {
    super(401, refusal.getMessage());
    initCause(refusal);
    this.realm = realm;
    this.insufficientScope = refusal.challenge().toLowerCase(Locale.ROOT).contains("insufficient_scope");
  }

  /** The line for {@code action} at {@code host}; {@code source} says where the credentials came from ({@code " (from ...)"}). */
  String describe(String host, String action, String source) {
    if (insufficientScope) {
      return host + " refused " + action + " with the token its token service issued for the credentials" + source
          + ": the token does not grant that access (insufficient_scope): check that the user may push to and pull from"
          + " the repository";
    }
    return host + " refused the token its token service ('" + Echo.value(realm) + "') issued for the credentials" + source
        + " (during " + action + "): the service accepted the user name and password, the registry not its token: the"
        + " clocks of the registry and its token service differ (the token is expired or not yet valid), or the registry"
        + " does not trust that realm (its issuer, service or signing certificate); tell the registry's operator";
  }
}
