package dev.ackrelease.testing;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 proxy on 127.0.0.1 (RFC 1928, {@code CONNECT} only) that takes one user name and
 * password (RFC 1929) and nothing else: a client that offers no username/password method is
 * answered "no acceptable methods" ({@code 0xFF}), as Dante or ssh's SOCKS servers with
 * authentication are. Every target is reached at 127.0.0.1 on the port the request names (a test
 * registry named {@code registry.test:PORT}, which no resolver knows, as a loopback address goes
 * direct). Each handshake is recorded: the methods offered, the credentials given, whether they
 * were taken, and the target as the client named it.
 */
public final class SocksProxy implements AutoCloseable {

  /**
   * One handshake: the methods the client offered (hex, as sent), the user name and password it
   * gave (empty when none), whether they were taken, and the target ({@code host:port}; empty when
   * the handshake ended before).
   */
  public record Handshake(String methods, String user, String password, boolean accepted, String target) {}

  private final String user;
  private final String password;
  private final ServerSocket server;
  private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

  public SocksProxy(String user, String password) throws IOException {
    this.user = user;
    this.password = password;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    Thread accept = new Thread(this::accept, "socks-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The handshakes so far, in order. */
  public List<Handshake> handshakes() {
    return List.copyOf(handshakes);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> handle(client), "socks-proxy-connection");
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
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (in.readUnsignedByte() != 5) {
        return;
      }
      byte[] methods = in.readNBytes(in.readUnsignedByte());
      String offered = HexFormat.of().formatHex(methods);
      if (!offered.contains("02")) {
        out.write(new byte[] {5, (byte) 0xFF});
        out.flush();
        handshakes.add(new Handshake(offered, "", "", false, ""));
        return;
      }
      out.write(new byte[] {5, 2});
      out.flush();
      if (in.readUnsignedByte() != 1) {
        return;
      }
      String givenUser = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      String givenPassword = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      boolean accepted = givenUser.equals(user) && givenPassword.equals(password);
      out.write(new byte[] {1, (byte) (accepted ? 0 : 1)});
      out.flush();
      if (!accepted) {
        handshakes.add(new Handshake(offered, givenUser, givenPassword, false, ""));
        return; // RFC 1929: the server closes the connection
      }
      byte[] head = in.readNBytes(4); // VER CMD RSV ATYP
      String host = switch (head[3]) {
        case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
        case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.ISO_8859_1);
        case 4 -> "[" + InetAddress.getByAddress(in.readNBytes(16)).getHostAddress() + "]";
        default -> throw new IOException("address type " + head[3]);
      };
      int port = in.readUnsignedShort();
      handshakes.add(new Handshake(offered, givenUser, givenPassword, true, host + ":" + port));
      if (head[1] != 1) {
        out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0}); // command not supported
        return;
      }
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
        open.add(upstream);
        out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
        out.flush();
        relay(client, upstream);
      } catch (IOException e) {
        out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0}); // connection refused
      }
    } catch (IOException | RuntimeException e) {
      // a client or the target went away: nothing to answer
    } finally {
      open.remove(client);
    }
  }

  /** Copies both ways until the target's side ends. */
  private void relay(Socket client, Socket upstream) throws IOException {
    Thread toUpstream = new Thread(() -> {
      try {
        client.getInputStream().transferTo(upstream.getOutputStream());
        upstream.shutdownOutput();
      } catch (IOException e) {
        // either end closed
      }
    }, "socks-proxy-up");
    toUpstream.setDaemon(true);
    toUpstream.start();
    InputStream fromUpstream = upstream.getInputStream();
    fromUpstream.transferTo(client.getOutputStream());
    client.getOutputStream().flush();
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
