package dev.ackrelease.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A server on 127.0.0.1 that takes no connection: it accepts none, and its accept queue is full,
 * so Linux answers no further {@code SYN} and a client's connect waits for its own time-out (or
 * the system's two minutes of retries).
 */
public final class FullAcceptQueue implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> queued = new ArrayList<>();

  public FullAcceptQueue() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    for (int i = 0; i < 20; i++) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 500);
        queued.add(s);
      } catch (SocketTimeoutException e) {
        s.close();
        return;
      }
    }
    close();
    throw new IllegalStateException("the accept queue never filled: " + queued.size() + " connections taken");
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket s : queued) {
      s.close();
    }
    server.close();
  }
}
