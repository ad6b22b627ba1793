package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.Callable;
import land.oras.exception.OrasException;

/**
 * Runs ORAS calls against one registry: transient failures (429, 5xx, I/O) are retried, the
 * rest become one-line {@link ReleaseException}s of kind REMOTE naming the registry and a fix.
 */
final class RegistryCalls {

  private final Log log;
  private final Retry.Policy retry;
  private final String registry;

  RegistryCalls(Log log, Retry.Policy retry, String registry) {
    this.log = log;
    this.retry = retry;
    this.registry = registry;
  }

  <T> T call(String what, Callable<T> call) {
    try {
      return Retry.call(retry, what, log, RegistryCalls::isTransient, call);
    } catch (ReleaseException e) {
      throw e;
    } catch (Exception e) {
      throw failure(what, e);
    }
  }

  /** The HTTP status of an ORAS failure, or -1 when there was no response. */
  static int status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OrasException oras && oras.getStatusCode() != null) {
        return oras.getStatusCode();
      }
    }
    return -1;
  }

  private ReleaseException failure(String what, Exception e) {
    int status = status(e);
    String reason = reason(e);
    if (status == 401 || status == 403) {
      return ReleaseException.remote(what + " was refused by " + registry + " (HTTP " + status
          + "): check the registry credentials and that they may push to this repository (ECR Public tokens expire after 12 h)", e);
    }
    if (status == 404) {
      return ReleaseException.remote(what + " failed: " + registry + " answered 404 (" + reason
          + "): check the registry and repository name (ECR needs the repository created first)", e);
    }
    return ReleaseException.remote(what + " failed (" + (status > 0 ? "HTTP " + status + ": " : "") + reason
        + "): check that " + registry + " is reachable (--insecure-registry for a plain-HTTP test registry, --registry-ca for a private CA) and run again", e);
  }

  private static boolean isTransient(Exception e) {
    int status = status(e);
    if (status == 429 || status >= 500) {
      return true;
    }
    if (status > 0) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException) {
        return false;
      }
      if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }
}
