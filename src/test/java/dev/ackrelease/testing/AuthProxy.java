package dev.ackrelease.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
public final class AuthProxy implements AutoCloseable {

  /** What a client asked: the request line's method and target, its User-Agent, and whether its credentials were taken. */
  public record Seen(String method, String target, String userAgent, String proxyAuthorization, boolean accepted) {}

  private final String expected;
  private final ServerSocket server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

  /** A proxy that takes {@code user} and {@code password} only. */
  public AuthProxy(String user, String password) throws IOException {
    this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    Thread accept = new Thread(this::accept, "auth-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The requests seen so far, in order. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> handle(client), "auth-proxy-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    open.add(client);
    try (client) {
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
          relay(client, upstream, null);
        }
      } else {
        URI target = URI.create(request[1]);
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target.getPort() == -1 ? 80 : target.getPort())) {
          relay(client, upstream, request[0] + " " + path + " " + request[2] + "\r\n" + forwarded + "Connection: close\r\n\r\n");
        }
      }
    } catch (IOException | RuntimeException e) {
      // a client or the registry went away: nothing to answer
    } finally {
      open.remove(client);
    }
  }

  /** Sends {@code head} (when not null) upstream, then copies both ways until the upstream's answer ends. */
  private void relay(Socket client, Socket upstream, String head) throws IOException {
    open.add(upstream);
    try {
      OutputStream up = upstream.getOutputStream();
      if (head != null) {
        up.write(head.getBytes(StandardCharsets.ISO_8859_1));
        up.flush();
      }
      Thread toUpstream = new Thread(() -> {
        try {
          client.getInputStream().transferTo(up);
          upstream.shutdownOutput();
        } catch (IOException e) {
          // either end closed
        }
      }, "auth-proxy-up");
      toUpstream.setDaemon(true);
      toUpstream.start();
      upstream.getInputStream().transferTo(client.getOutputStream());
      client.getOutputStream().flush();
    } finally {
      open.remove(upstream);
    }
  }


  @Override
  public void close() throws IOException {
    server.close();
    for (Closeable c : List.copyOf(open)) {
      try {
        c.close();
      } catch (IOException e) {
        // best effort
      }
    }
  }
}
