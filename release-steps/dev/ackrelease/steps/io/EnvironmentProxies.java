package dev.ackrelease.steps.io;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The proxies of {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (or their lower-case
 * forms), the way Go's {@code net/http} reads them for helm, crane, skopeo and docker, with the
 * user name and password of a proxy URL sent as they send them ({@link ProxyUrl}, {@link ProxyLogin}): the JVM
 * reads only its own {@code https.proxyHost} properties, so behind a proxy every registry was
 * "cannot connect". Installed as the default {@link ProxySelector}, which {@code HttpURLConnection},
 * the chunked uploads' HttpClient and Jib's all ask. The rules are Go's
 * ({@code golang.org/x/net/http/httpproxy}): {@code localhost} and loopback addresses are never
 * proxied; {@code NO_PROXY} is {@code *} or comma-separated hosts ({@code example.com} matches it
 * and its subdomains, {@code .example.com} and {@code *.example.com} only the subdomains),
 * optionally with {@code :port}, and IP addresses; a proxy URL without scheme is {@code http://},
 * {@code socks5://} is a SOCKS proxy. JVM proxy properties, when set, win.
 */
public final class EnvironmentProxies extends ProxySelector {

  /** The scheme of the URI a {@link java.net.Socket} made without a proxy asks the selector about. */
  private static final String SOCKET = "socket";
  /** An IPv4 loopback address (127.0.0.0/8), not a name that starts with {@code 127.}. */
  private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  private final Supplier<Map<String, String>> env;
  private final ProxySelector jvm;

  EnvironmentProxies(Supplier<Map<String, String>> env, ProxySelector jvm) {
    this.env = env;
    this.jvm = jvm;
  }

  /**
   * Makes the proxies of {@code env} (read on each connection) the JVM's default, and their URLs'
   * user names and passwords its answer to a proxy's 407 ({@link ProxyLogin}); once per JVM. Before
   * anything connects: an answer closed early closes its connection ({@link UnreadAnswers}).
   */
  public static synchronized void install(Supplier<Map<String, String>> env) {
    UnreadAnswers.closeTheirConnections();
    if (!(ProxySelector.getDefault() instanceof EnvironmentProxies)) {
      EnvironmentProxies proxies = new EnvironmentProxies(env, ProxySelector.getDefault());
      ProxySelector.setDefault(proxies);
      ProxyLogin.install(proxies);
    }
  }

  /**
   * Why {@code HTTPS_PROXY} or {@code HTTP_PROXY} (whichever form of each {@code env} sets) names
   * no proxy ack-release can use ({@link ProxyUrl#unusable}), for a run to refuse before it
   * connects: empty when each is unset or usable, or when {@code NO_PROXY} has {@code *} (no
   * request goes through either, as Go's {@code httpproxy} reads it).
   */
  public static Optional<String> unusable(Map<String, String> env) {
    for (String entry : variable(env, "NO_PROXY").split(",")) {
      if (entry.strip().equals("*")) {
        return Optional.empty();
      }
    }
    for (String upper : List.of("HTTPS_PROXY", "HTTP_PROXY")) {
      String value = variable(env, upper);
      String named = env.get(upper) != null && !env.get(upper).isBlank() ? upper : upper.toLowerCase(Locale.ROOT);
      Optional<String> why = ProxyUrl.unusable(named, value);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  /**
   * The proxy of {@code HTTPS_PROXY} or {@code HTTP_PROXY} that a connection to {@code uri} goes
   * through, as the JVM's default selector picks it; empty when it goes direct, or when the
   * selector is not this one (not installed, or JVM proxy properties win).
   */
  public static Optional<ProxyUrl> current(URI uri) {
    return ProxySelector.getDefault() instanceof EnvironmentProxies e ? e.proxyFor(uri) : Optional.empty();
  }

  @Override
  public List<Proxy> select(URI uri) {
    if (jvmWins(uri)) {
      return jvm.select(uri);
    }
    Optional<ProxyUrl> proxy = proxyFor(uri);
    return List.of(proxy.isPresent() ? proxy.get().proxy() : Proxy.NO_PROXY);
  }

  private boolean jvmWins(URI uri) {
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    return jvm != null && !System.getProperty(scheme.equals(SOCKET) ? "socksProxyHost" : scheme + ".proxyHost", "").isEmpty();
  }

  /** The proxy {@code uri} goes through: its scheme's variable's, unless the host goes direct. */
  Optional<ProxyUrl> proxyFor(URI uri) {
    if (jvmWins(uri)) {
      return Optional.empty();
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    Map<String, String> vars = env.get();
    String variable = variable(scheme);
    Optional<ProxyUrl> proxy = scheme.equals(SOCKET) ? socksForSocket(vars)
        : variable == null ? Optional.empty() : ProxyUrl.parse(variable, variable(vars, variable));
    if (proxy.isEmpty() || uri.getHost() == null || direct(uri, variable(vars, "NO_PROXY"))) {
      return Optional.empty();
    }
    return proxy;
  }

  /**
   * The SOCKS proxy a {@link java.net.Socket} made without one goes through: such a socket (Apache
   * HttpClient makes them for Jib's pull of a base image, and the JDK for a direct connection) asks
   * the selector for {@code socket://HOST:PORT} as it connects, and goes through the SOCKS proxy it
   * is given. Go sends an HTTPS request through {@code HTTPS_PROXY}'s proxy and an HTTP one through
   * {@code HTTP_PROXY}'s; the socket does not say which it carries, so it goes through a SOCKS
   * proxy only where both name that one (as a SOCKS set-up names it for both): then Go would send
   * either through it. Otherwise it goes direct, as before: an HTTP proxy is HttpClient's and the
   * JDK's own to route through, and their socket to it goes direct.
   */
  private static Optional<ProxyUrl> socksForSocket(Map<String, String> vars) {
    Optional<ProxyUrl> https = ProxyUrl.parse("HTTPS_PROXY", variable(vars, "HTTPS_PROXY"));
    Optional<ProxyUrl> http = ProxyUrl.parse("HTTP_PROXY", variable(vars, "HTTP_PROXY"));
    boolean same = https.isPresent() && http.isPresent() && https.get().proxy().type() == Proxy.Type.SOCKS
        && http.get().proxy().type() == Proxy.Type.SOCKS && https.get().isAt(http.get().host(), http.get().port());
    return same ? https : Optional.empty();
  }

  /** The variable naming the proxy of {@code scheme}'s requests; null for a scheme without one. */
  private static String variable(String scheme) {
    return scheme.equals("https") ? "HTTPS_PROXY" : scheme.equals("http") ? "HTTP_PROXY" : null;
  }

  /**
   * Whether a proxy URL of {@code HTTPS_PROXY} or {@code HTTP_PROXY} has a user name; each read,
   * so its password is a secret from the start of the run ({@link ProxyUrl}).
   */
  boolean anyWithUser() {
    Map<String, String> vars = env.get();
    boolean any = false;
    for (String variable : List.of("HTTPS_PROXY", "HTTP_PROXY")) {
      any |= ProxyUrl.parse(variable, variable(vars, variable)).flatMap(ProxyUrl::user).isPresent();
    }
    return any;
  }

  /** The HTTP proxy with a user name in its URL that {@code HTTPS_PROXY} or {@code HTTP_PROXY} names at {@code host:port}. */
  Optional<ProxyUrl> withUser(String host, int port) {
    return at(host, port, Proxy.Type.HTTP).filter(p -> p.user().isPresent());
  }

  /** The SOCKS proxy, with or without a user name in its URL, that {@code HTTPS_PROXY} or {@code HTTP_PROXY} names at {@code host:port}. */
  Optional<ProxyUrl> socksAt(String host, int port) {
    return at(host, port, Proxy.Type.SOCKS);
  }

  private Optional<ProxyUrl> at(String host, int port, Proxy.Type type) {
    Map<String, String> vars = env.get();
    for (String variable : List.of("HTTPS_PROXY", "HTTP_PROXY")) {
      Optional<ProxyUrl> proxy = ProxyUrl.parse(variable, variable(vars, variable));
      if (proxy.isPresent() && proxy.get().proxy().type() == type && proxy.get().isAt(host, port)) {
        return proxy;
      }
    }
    return Optional.empty();
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException e) {
    // Nothing to learn: the next request asks the same proxy, as Go's clients do.
  }

  private static String variable(Map<String, String> vars, String upper) {
    String value = vars.get(upper);
    if (value == null || value.isBlank()) {
      value = vars.get(upper.toLowerCase(Locale.ROOT));
    }
    return value == null ? "" : value.strip();
  }

  /** The proxy a variable names: {@code [http://][user[:password]@]host[:port]} or {@code socks5://host[:port]}; none for anything else. */
  static Optional<Proxy> proxy(String value) {
    Optional<ProxyUrl> url = ProxyUrl.parse("", value);
    return url.isPresent() ? Optional.of(url.get().proxy()) : Optional.empty();
  }

  /** Whether {@code uri} goes direct: a loopback host, or one {@code noProxy} names. */
  static boolean direct(URI uri, String noProxy) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.equals("localhost") || LOOPBACK_V4.matcher(host).matches() || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    for (String raw : noProxy.split(",")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.equals("*")) {
        return true;
      }
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("[0-9]+")) {
        if (Integer.parseInt(entry.substring(colon + 1)) != port) {
          continue;
        }
        entry = entry.substring(0, colon);
      }
      if (entry.startsWith("*.")) {
        entry = entry.substring(1);
      }
      if (entry.isEmpty()) {
        continue;
      }
      boolean subdomainsOnly = entry.startsWith(".");
      String domain = subdomainsOnly ? entry.substring(1) : entry;
      if ((!subdomainsOnly && host.equals(domain)) || host.endsWith("." + domain)) {
        return true;
      }
    }
    return false;
  }
}
