package dev.ackrelease.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the test proxies ({@link AuthProxy}, {@link SocksProxy}) share: a server on 127.0.0.1
 * whose connections each get a daemon thread of their own ({@link #handle}), a relay of bytes
 * both ways to the target, and a {@link #close} that ends every connection still open.
 * Subclasses call {@link #start} last in their constructor, so that the connections' threads
 * see their fields.
 */
abstract class RelayServer implements AutoCloseable {

  private final ServerSocket server;
  private final String name;
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

  RelayServer(String name) throws IOException {
    this.name = name;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
  }

  /** Starts accepting connections. */
  final void start() {
    Thread accept = new Thread(this::accept, name + "-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public final int port() {
    return server.getLocalPort();
  }

  /** Serves one connection; a failure of either end is no failure of the test (nothing to answer). */
  abstract void handle(Socket client) throws IOException;

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), name + "-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    open.add(client);
    try (client) {
      handle(client);
    } catch (IOException | RuntimeException e) {
      // a client or the target went away: nothing to answer
    } finally {
      open.remove(client);
    }
  }

  /** Copies {@code client}'s bytes to {@code upstream} on a thread of its own, and upstream's back here, until upstream's side ends. */
  final void relay(Socket client, Socket upstream) throws IOException {
    open.add(upstream);
    try {
      Thread toUpstream = new Thread(() -> {
        try {
          client.getInputStream().transferTo(upstream.getOutputStream());
          upstream.shutdownOutput();
        } catch (IOException e) {
          // either end closed
        }
      }, name + "-up");
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
