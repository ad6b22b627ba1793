package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistryCall;
import java.util.concurrent.Callable;

/** ORAS calls against one registry, with the shared retry and error rules of {@link RegistryCall}. */
final class RegistryCalls {

  private final Log log;
  private final Retry.Policy retry;
  private final RegistryAccess access;

  RegistryCalls(Log log, Retry.Policy retry, RegistryAccess access) {
    this.log = log;
    this.retry = retry;
    this.access = access;
  }

  <T> T call(String what, Callable<T> call) {
    return RegistryCall.run(retry, log, access, what, call);
  }
}
