package dev.ackrelease.testing;

import dev.ackrelease.steps.io.EnvironmentProxies;
import java.net.Authenticator;
import java.net.ProxySelector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY as {@code env} gives them, installed as the JVM's proxies
 * ({@link EnvironmentProxies#install}) for the calling thread only: another test class's
 * connections in this JVM meanwhile see an environment without proxies.
 */
public final class ThreadProxies {

  private ThreadProxies() {}

  /** Runs {@code call} with {@code env}'s proxies installed as the JVM's, for this thread only; the JVM's defaults restored after. */
  public static <T> T through(Map<String, String> env, Callable<T> call) throws Exception {
    Thread self = Thread.currentThread();
    ProxySelector selector = ProxySelector.getDefault();
    Authenticator authenticator = Authenticator.getDefault();
    List<String> properties = List.of("jdk.http.auth.tunneling.disabledSchemes", "http.KeepAlive.remainingData");
    List<String> before = properties.stream().map(p -> System.getProperty(p, "\0")).toList();
    try {
      ProxySelector.setDefault(ProxySelector.of(null));
      EnvironmentProxies.install(() -> Thread.currentThread() == self ? env : Map.of());
      return call.call();
    } finally {
      ProxySelector.setDefault(selector);
      Authenticator.setDefault(authenticator);
      for (int i = 0; i < properties.size(); i++) {
        if (before.get(i).equals("\0")) {
          System.clearProperty(properties.get(i));
        } else {
          System.setProperty(properties.get(i), before.get(i));
        }
      }
    }
  }
}
