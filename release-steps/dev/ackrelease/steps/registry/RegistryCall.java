package dev.ackrelease.steps.registry;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import java.util.concurrent.Callable;

/**
 * One call to a registry: retried with backoff while it fails transiently (429, 5xx, resets,
 * time-outs), then turned into a one-line REMOTE {@link dev.ackrelease.steps.ReleaseException}
 * naming the host and the action (401 says "authentication to HOST failed"). A 401 or 403 with
 * credentials that can be refreshed refreshes them once and tries again.
 */
public final class RegistryCall {

  private RegistryCall() {}

  public static <T> T run(Retry.Policy policy, Log log, RegistryAccess access, String action, Callable<T> call) {
    var sent = access.auth().current();
    try {
      return Retry.call(policy, action, log, RegistryErrors::isTransient, call);
    } catch (Exception e) {
      // Credentials that expire (ECR Public tokens) are fetched again once per run, then the call is retried.
      if (RegistryErrors.isAuthFailure(e)
          && access.auth().refreshOnce(log, action + " was refused by " + access.registry().host(), sent)) {
        try {
          return Retry.call(policy, action, log, RegistryErrors::isTransient, call);
        } catch (Exception again) {
          throw RegistryErrors.of(access, action, again);
        }
      }
      throw RegistryErrors.of(access, action, e);
    }
  }
}
