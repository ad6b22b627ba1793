package dev.ackrelease.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An HTTP/1.1 server on 127.0.0.1 written on plain sockets, for what a real server cannot be made
 * to do: stop reading a request body (its receive buffer is 4 KiB, so the client's writes block
 * once its own send buffer is full), read a body slowly, or trickle its answer. Each connection
 * gets its own thread and serves one request; the {@code handler} decides from the request head
 * what happens.
 */
public final class RawHttpServer implements AutoCloseable {

  /** The request line and the headers (names in lower case). */
  public record Head(String method, String target, Map<String, String> headers) {}

  /** What the server does with a request. */
  public sealed interface Action permits Stall, Answer {}

  /** Never read the body, never answer: the connection stays open until the client closes it. */
  public record Stall() implements Action {}

  /**
   * Read the body (a {@code Content-Length} or chunked one) {@code block} bytes at a time with
   * {@code pauseMillis} between reads, then answer {@code status} with {@code headers} and
   * {@code body}, a byte each {@code trickleMillis} (0: at once).
   */
  public record Answer(int block, long pauseMillis, int status, Map<String, String> headers, String body, long trickleMillis)
      implements Action {
    public static Answer of(int status, Map<String, String> headers) {
      return new Answer(1 << 16, 0, status, headers, "", 0);
    }
  }

  private final ServerSocket server;
  private final Function<Head, Action> handler;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  /** Every request head, in the order they came. */
  public final List<Head> requests = new CopyOnWriteArrayList<>();

  private RawHttpServer(Function<Head, Action> handler) throws IOException {
    this.handler = handler;
    this.server = new ServerSocket();
    server.setReceiveBufferSize(4096);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::accept, "raw-http-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public static RawHttpServer start(Function<Head, Action> handler) throws IOException {
    return new RawHttpServer(handler);
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "raw-http-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      String[] line = readLine(in).split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h; !(h = readLine(in)).isEmpty(); ) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
      Head head = new Head(line[0], line[1], headers);
      requests.add(head);
      if (!(handler.apply(head) instanceof Answer a)) {
        while (!server.isClosed()) {
          Thread.sleep(50); // the body is never read; the connection is closed with the server
        }
        return;
      }
      readBody(in, headers, a);
      OutputStream out = s.getOutputStream();
      StringBuilder answer = new StringBuilder("HTTP/1.1 " + a.status() + " X\r\nConnection: close\r\nContent-Length: "
          + a.body().length() + "\r\n");
      a.headers().forEach((k, v) -> answer.append(k).append(": ").append(v).append("\r\n"));
      out.write(answer.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (byte b : a.body().getBytes(StandardCharsets.UTF_8)) {
        out.write(b);
        out.flush();
        Thread.sleep(a.trickleMillis());
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  private static void readBody(InputStream in, Map<String, String> headers, Answer a) throws IOException, InterruptedException {
    byte[] block = new byte[a.block()];
    if (headers.containsKey("content-length")) {
      for (long left = Long.parseLong(headers.get("content-length")); left > 0; ) {
        int n = in.read(block, 0, (int) Math.min(block.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
        Thread.sleep(a.pauseMillis());
      }
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (long size; (size = Long.parseLong(readLine(in).split(";")[0].strip(), 16)) > 0; ) {
        for (long left = size; left > 0; ) {
          int n = in.read(block, 0, (int) Math.min(block.length, left));
          if (n < 0) {
            return;
          }
          left -= n;
          Thread.sleep(a.pauseMillis());
        }
        readLine(in);
      }
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("the connection ended");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
