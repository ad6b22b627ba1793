package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Secrets;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy {@code HTTPS_PROXY} or {@code HTTP_PROXY} names ({@code variable}), with the user name
 * and password of its URL when it has them ({@code http://USER:PASSWORD@HOST:PORT}), read as Go's
 * {@code net/url} reads them: the userinfo ends at the last {@code @}, the user name at the first
 * {@code :} in it, and both are percent-decoded (a password without {@code :} is empty, as Go's
 * {@code connectMethod.proxyAuth} in {@code net/http/transport.go} sends it). The password is a
 * secret ({@link Secrets}) from the moment it is read; {@link #shown} never holds it.
 */
public record ProxyUrl(String variable, Proxy proxy, String scheme, String host, int port, Optional<String> user,
    String password) {

  /**
   * Why {@code value}, the text of {@code variable}, names no proxy ack-release can use, when it
   * is set and names none: Go's tools would send every request to it and fail (a port out of
   * range fails at the dial, {@code net}'s "invalid port") or go through a proxy ack-release cannot
   * (an {@code https://} one), so a run does not go around it. The value is not shown: it may hold
   * a password.
   */
  static Optional<String> unusable(String variable, String value) {
    if (value.isBlank() || parse(variable, value).isPresent()) {
      return Optional.empty();
    }
    String scheme = value.contains("://") ? value.substring(0, value.indexOf("://")).toLowerCase(Locale.ROOT) : "http";
    String why = List.of("http", "socks5", "socks5h").contains(scheme) ? "is not a proxy URL (host and a port from 1 to "
        + Ports.MAX + ")" : "names a proxy of a scheme ack-release does not speak to a proxy";
    return Optional.of(variable + " " + why + ": set it to http://[USER:PASSWORD@]HOST[:PORT] or socks5://[USER:PASSWORD@]HOST[:PORT],"
        + " e.g. export " + variable + "=http://proxy.example.com:3128, or unset " + variable);
  }

  /** A URL's host (a name, an IPv4 address, or an IPv6 one in brackets) and its optional {@code :PORT}. */
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~%!$&'()*+,;=-]+)(?::([0-9]*))?");

  /** The proxy {@code value} (the text of {@code variable}) names; empty when it names none ack-release can use. */
  static Optional<ProxyUrl> parse(String variable, String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String url = value.contains("://") ? value : "http://" + value;
    int start = url.indexOf("://") + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    int at = authority.lastIndexOf('@');
    // The host and port by hand, as Go's url.Parse takes them: URI finds no host in a name
    // with an underscore (squid_proxy, a compose service's name) or whose last label starts with a digit.
    Matcher hostPort = HOST_PORT.matcher(authority.substring(at + 1));
    String scheme = url.substring(0, start - 3).toLowerCase(Locale.ROOT);
    if (!hostPort.matches() || !List.of("http", "socks5", "socks5h").contains(scheme)) {
      return Optional.empty();
    }
    String host = hostPort.group(1);
    String portText = hostPort.group(2) == null ? "" : hostPort.group(2);
    Optional<String> user = Optional.empty();
    String password = "";
    if (at >= 0) {
      String userinfo = authority.substring(0, at);
      int colon = userinfo.indexOf(':');
      user = Optional.of(decode(colon < 0 ? userinfo : userinfo.substring(0, colon)));
      if (colon >= 0) {
        Secrets.register(userinfo.substring(colon + 1));
        password = decode(userinfo.substring(colon + 1));
        Secrets.registerPair(user.get(), password);
      }
    }
    boolean socks = scheme.startsWith("socks");
    int port = portText.isEmpty() ? socks ? 1080 : 80 : portText.length() > 5 ? -1 : Integer.parseInt(portText);
    if (!Ports.valid(port)) {
      return Optional.empty();
    }
    Proxy proxy = new Proxy(socks ? Proxy.Type.SOCKS : Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    return Optional.of(new ProxyUrl(variable, proxy, scheme, host, port, user, password));
  }

  /** The URL without its password, to name the proxy in a message: {@code http://USER@HOST:PORT}. */
  public String shown() {
    return scheme + "://" + user.map(u -> u + "@").orElse("") + hostPort();
  }

  /** {@code HOST:PORT} of the proxy. */
  public String hostPort() {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@link #shown}: a record's own text would hold the password. */
  @Override
  public String toString() {
    return shown() + " (" + variable + ")";
  }

  /**
   * {@code Proxy-Authorization}'s value for this proxy ({@code Basic} of {@code user:password}),
   * when it is an HTTP proxy whose URL has a user: a SOCKS proxy passes requests on as they are,
   * so the header would reach the registry.
   */
  public Optional<String> authorization() {
    return proxy.type() != Proxy.Type.HTTP ? Optional.empty() : user.map(u -> "Basic " + Base64.getEncoder().encodeToString((u + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether this is the proxy at {@code host:port} (the name as the URL gives it, in any case). */
  boolean isAt(String otherHost, int otherPort) {
    String h = otherHost == null ? "" : otherHost.replaceFirst("^\\[(.*)]$", "$1");
    return otherPort == port && h.equalsIgnoreCase(host.replaceFirst("^\\[(.*)]$", "$1"));
  }

  /** Percent-decoding as Go's {@code url.PathUnescape}: {@code +} stays {@code +}; a {@code %} not followed by two hex digits stays as it is. */
  static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int hi = i + 2 < bytes.length && bytes[i] == '%' ? Character.digit(bytes[i + 1], 16) : -1;
      int lo = hi >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
      if (lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
