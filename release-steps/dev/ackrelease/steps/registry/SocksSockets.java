package dev.ackrelease.steps.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import org.apache.http.HttpHost;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Apache HttpClient's sockets through a SOCKS5 proxy, as Go's {@code net/http} makes them: the
 * proxy is asked to connect to the host by its name (the JDK's handshake sends an unresolved
 * address as one), and nothing resolves it here. HttpClient's route planner leaves a SOCKS proxy
 * to the socket: its own socket would ask the JVM's selector for a {@code socket://} URI, which
 * gets a SOCKS proxy only where both proxy variables name it ({@link dev.ackrelease.steps.io.EnvironmentProxies}),
 * and after resolving the host locally. The handshake's user
 * name and password are the JDK's to ask for ({@link dev.ackrelease.steps.io.ProxyLogin}).
 */
final class SocksSockets implements LayeredConnectionSocketFactory {

  /** An address for each host, not looked up: only its name is used, by {@link #connectSocket}. */
  static final DnsResolver UNRESOLVED = host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[4])};

  private final Proxy proxy;
  private final ConnectionSocketFactory sockets;

  /** Sockets through {@code proxy}, made ready as {@code sockets} makes them (TLS layered on, for https). */
  SocksSockets(Proxy proxy, ConnectionSocketFactory sockets) {
    this.proxy = proxy;
    this.sockets = sockets;
  }

  @Override
  public Socket createSocket(HttpContext context) {
    return new Socket(proxy);
  }

  @Override
  public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
      InetSocketAddress localAddress, HttpContext context) throws IOException {
    InetSocketAddress byName = InetSocketAddress.createUnresolved(host.getHostName(), remoteAddress.getPort());
    return sockets.connectSocket(connectTimeout, socket != null ? socket : createSocket(context), host, byName, localAddress, context);
  }

  @Override
  public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context) throws IOException {
    if (sockets instanceof LayeredConnectionSocketFactory layered) {
      return layered.createLayeredSocket(socket, target, port, context);
    }
    throw new IOException("no TLS for " + target + ":" + port + " through the SOCKS proxy");
  }
}
