package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or token) for one registry. The password is registered with
 * {@link Secrets} on creation, so no printed line can carry it, and {@link #toString} hides it.
 */
public record RegistryCredentials(String username, String password, String source) {

  public RegistryCredentials {
    Secrets.registerPair(username, password);
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=****, source=" + source + "]";
  }
}
