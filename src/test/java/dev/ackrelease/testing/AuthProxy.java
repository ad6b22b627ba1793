package dev.ackrelease.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A forward HTTP proxy on 127.0.0.1 that asks for Basic credentials (HTTP 407 with
 * {@code Proxy-Authenticate: Basic}, as Squid does) before it tunnels a {@code CONNECT} or relays a
 * plain request ({@code GET http://host:port/path}). Every target host is reached at 127.0.0.1 on
 * the port the request names, so a test registry can be named by a host that is no loopback
 * address (those go direct, as Go's proxy rules say): {@code registry.test:PORT}. A plain request
 * is relayed with {@code Connection: close}, one per connection, without its
 * {@code Proxy-Authorization}; a tunnel carries whatever the client sends until either end closes.
 */
public final class AuthProxy extends RelayServer {

  /** What a client asked: the request line's method and target, its User-Agent, and whether its credentials were taken. */
  public record Seen(String method, String target, String userAgent, String proxyAuthorization, boolean accepted) {}

  private final String expected;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** A proxy that takes {@code user} and {@code password} only. */
  public AuthProxy(String user, String password) throws IOException {
    super("auth-proxy");
    this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    start();
  }

  /** The requests seen so far, in order. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  @Override
  void handle(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    String head = FaultProxy.readHead(in);
    if (head == null) {
      return;
    }
    String[] lines = head.split("\r\n");
    String[] request = lines[0].split(" ");
    String authorization = "";
    String userAgent = "";
    StringBuilder forwarded = new StringBuilder();
    for (int i = 1; i < lines.length; i++) {
      String name = lines[i].substring(0, Math.max(0, lines[i].indexOf(':'))).strip().toLowerCase(Locale.ROOT);
      if (name.equals("proxy-authorization")) {
        authorization = lines[i].substring(lines[i].indexOf(':') + 1).strip();
      } else if (!name.equals("connection") && !name.equals("proxy-connection")) {
        forwarded.append(lines[i]).append("\r\n");
      }
      if (name.equals("user-agent")) {
        userAgent = lines[i].substring(lines[i].indexOf(':') + 1).strip();
      }
    }
    boolean accepted = authorization.equals(expected);
    seen.add(new Seen(request[0], request[1], userAgent, authorization, accepted));
    OutputStream out = client.getOutputStream();
    if (!accepted) {
      out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test proxy\"\r\n"
          + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return;
    }
    if (request[0].equals("CONNECT")) {
      int port = Integer.parseInt(request[1].substring(request[1].lastIndexOf(':') + 1));
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        relay(client, upstream);
      }
    } else {
      URI target = URI.create(request[1]);
      String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target.getPort() == -1 ? 80 : target.getPort())) {
        OutputStream up = upstream.getOutputStream();
        up.write((request[0] + " " + path + " " + request[2] + "\r\n" + forwarded + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        up.flush();
        relay(client, upstream);
      }
    }
  }
}
