package dev.ackrelease.steps.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that another thread can close while a write is blocked: an {@code SSLSocket}
 * without {@code SO_LINGER} waits, to close, for the lock of the write under way (to send
 * {@code close_notify}), so closing the connection of an upload the registry stopped reading
 * ({@link UploadWatchdog}) blocked as long as the upload. With {@code SO_LINGER} 0 the close
 * gives up on {@code close_notify}, resets the connection and the blocked write fails. One
 * factory per {@link RegistryHttp}, so its connections are kept alive and reused between requests.
 */
final class AbortableTls extends SSLSocketFactory {

  private final SSLSocketFactory tls;

  AbortableTls(SSLSocketFactory tls) {
    this.tls = tls;
  }

  private static Socket abortable(Socket s) throws IOException {
    s.setSoLinger(true, 0);
    return s;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return abortable(tls.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
    return abortable(tls.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return abortable(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return abortable(tls.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return abortable(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return abortable(tls.createSocket(address, port, localAddress, localPort));
  }
}
