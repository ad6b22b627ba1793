package dev.ackrelease.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
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
public final class SocksProxy extends RelayServer {

  /**
   * One handshake: the methods the client offered (hex, as sent), the user name and password it
   * gave (empty when none), whether they were taken, and the target ({@code host:port}; empty when
   * the handshake ended before).
   */
  public record Handshake(String methods, String user, String password, boolean accepted, String target) {}

  private final String user;
  private final String password;
  private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();

  public SocksProxy(String user, String password) throws IOException {
    super("socks-proxy");
    this.user = user;
    this.password = password;
    start();
  }

  /** The handshakes so far, in order. */
  public List<Handshake> handshakes() {
    return List.copyOf(handshakes);
  }

  @Override
  void handle(Socket client) throws IOException {
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
      out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
      out.flush();
      relay(client, upstream);
    } catch (IOException e) {
      out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0}); // connection refused
    }
  }
}
