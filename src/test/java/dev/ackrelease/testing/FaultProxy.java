package dev.ackrelease.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of a real registry that injects the faults a flaky
 * registry or network shows: a status (with headers such as {@code Retry-After}) instead of the
 * registry's answer, a connection reset after part of a request body was forwarded, a request
 * held without an answer, an answer cut short, other bytes than those asked for, and an outage
 * (the port refuses connections for a while). Everything
 * else passes through unchanged, one request per connection ({@code Connection: close}), so the
 * registry builds upload locations with the proxy's address and clients come back through it.
 *
 * <p>Faults are rules: a method, a path pattern, and how many times (or for how long after the
 * first match) they apply. Every request is recorded with the time it arrived and what was done.
 */
public final class FaultProxy implements AutoCloseable {

  /** What happens to a matching request. */
  public sealed interface Fault permits Status, ResetAfter, Stall, Throttle, OtherBytes, CutAnswer, Then {}

  /** Answer {@code code} with {@code headers}; the registry never sees the request. */
  public record Status(int code, Map<String, String> headers) implements Fault {}

  /** Forward the request head and the first {@code bytes} of its body, then reset the client's connection. */
  public record ResetAfter(long bytes) implements Fault {}

  /** Hold the request without an answer for {@code duration}, then reset the connection. */
  public record Stall(Duration duration) implements Fault {}

  /**
   * Answer 200 with {@code body} (its whole length declared): a registry, or a cache in front of
   * it, serving other bytes than those asked for. The registry never sees the request.
   */
  public record OtherBytes(byte[] body) implements Fault {}

  /**
   * Forward the request and relay the head of the registry's answer and the first {@code bytes}
   * of its body, then close the connection as usual: the answer ends early, as a connection
   * dropped on the way shows it.
   */
  public record CutAnswer(long bytes) implements Fault {}

  /**
   * Forward the request, its body at no more than {@code bytesPerSecond} (a slow uplink: the
   * client's upload takes seconds), and the answer as usual.
   */
  public record Throttle(long bytesPerSecond) implements Fault {}

  /**
   * Run {@code action} with the request's path when the request arrives (e.g. stop the registry,
   * or push something to the registry behind the proxy's back), then apply {@code fault} (null:
   * pass through).
   */
  public record Then(Consumer<String> action, Fault fault) implements Fault {
    public Then(Runnable action, Fault fault) {
      this(path -> action.run(), fault);
    }
  }

  /** A request as the proxy saw it: when (ms since the proxy started), what, and what was done. */
  public record Seen(long atMillis, String method, String path, String outcome) {
    @Override
    public String toString() {
      return atMillis + "ms " + method + " " + path + " -> " + outcome;
    }
  }

  private static final class Rule {
    final String method;
    final Pattern path;
    int times;
    final Duration window;
    long firstMatch = -1;
    final Fault fault;

    Rule(String method, String path, int times, Duration window, Fault fault) {
      this.method = method;
      this.path = Pattern.compile(path);
      this.times = times;
      this.window = window;
      this.fault = fault;
    }
  }

  private final int upstreamPort;
  private final int port;
  private final long started = System.currentTimeMillis();
  private final List<Rule> rules = new ArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private volatile boolean closed;

  /** A proxy on a free port of 127.0.0.1 in front of the registry at {@code upstream} ({@code 127.0.0.1:PORT}). */
  public FaultProxy(String upstream) throws IOException {
    this.upstreamPort = Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
    ServerSocket s = listen(0);
    this.port = s.getLocalPort();
    start(s);
  }

  /** {@code 127.0.0.1:PORT} of the proxy: give it to ack-release as the registry. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public static Fault status(int code, String... headerPairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new Status(code, headers);
  }

  /** {@code fault} for the next {@code times} requests matching (times &lt; 0: every one, for ever). */
  public synchronized FaultProxy fail(String method, String pathRegex, int times, Fault fault) {
    rules.add(new Rule(method, pathRegex, times, null, fault));
    return this;
  }

  /** {@code fault} for every matching request from the first one until {@code window} has passed. */
  public synchronized FaultProxy failFor(String method, String pathRegex, Duration window, Fault fault) {
    rules.add(new Rule(method, pathRegex, -1, window, fault));
    return this;
  }

  public synchronized void clearFaults() {
    rules.clear();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** The requests seen whose {@code METHOD path} matches {@code regex}. */
  public List<Seen> seen(String method, String pathRegex) {
    Pattern p = Pattern.compile(pathRegex);
    return seen.stream().filter(s -> s.method().equals(method) && p.matcher(s.path()).find()).toList();
  }

  /**
   * Stops listening (connections are refused and open ones reset) for {@code duration}, runs
   * {@code beforeReopen} (e.g. restart the registry), then listens again on the same port.
   */
  public void outage(Duration duration, Runnable beforeReopen) throws IOException {
    outage(duration, () -> { }, beforeReopen);
  }

  /**
   * {@link #outage(Duration, Runnable)}, with {@code whenDown} run once the port is closed (the
   * outage lasts as long as it takes, then {@code duration}): a registry stopped there is never
   * reached through the proxy while it stops, so every new connection meanwhile is refused.
   */
  public void outage(Duration duration, Runnable whenDown, Runnable beforeReopen) throws IOException {
    ServerSocket s = server;
    server = null;
    s.close();
    for (Closeable c : List.copyOf(open)) {
      closeQuietly(c);
    }
    whenDown.run();
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    beforeReopen.run();
    if (!closed) {
      start(listen(port));
    }
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    return s;
  }

  private void start(ServerSocket s) {
    server = s;
    Thread accept = new Thread(() -> {
      while (!s.isClosed()) {
        try {
          Socket client = s.accept();
          Thread t = new Thread(() -> handle(client), "fault-proxy-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "fault-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  private synchronized Fault match(String method, String path, long length) {
    long now = System.currentTimeMillis();
    for (Rule r : rules) {
      if (!r.method.equals(method) || !r.path.matcher(path).find()) {
        continue;
      }
      Fault effect = r.fault instanceof Then then ? then.fault() : r.fault;
      if (effect instanceof ResetAfter reset && length != CHUNKED && length <= reset.bytes()) {
        continue; // a body too short to be cut there: the rule waits for one that is long enough
      }
      if (r.window != null) {
        if (r.firstMatch < 0) {
          r.firstMatch = now;
        }
        if (now - r.firstMatch <= r.window.toMillis()) {
          return r.fault;
        }
        continue;
      }
      if (r.times != 0) {
        if (r.times > 0) {
          r.times--;
        }
        return r.fault;
      }
    }
    return null;
  }

  private void handle(Socket client) {
    open.add(client);
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      in.mark(1);
      if (in.read() == 0x16) {
        // A TLS hello on this plain-HTTP port: answer as Go's HTTP server (the registry) does.
        seen.add(new Seen(System.currentTimeMillis() - started, "TLS", "hello", "400"));
        client.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      in.reset();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      String method = requestLine[0];
      String path = requestLine.length > 1 ? requestLine[1] : "/";
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
      }
      // A chunked body (a streamed upload) has no length: CHUNKED, forwarded chunk by chunk.
      long length = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? CHUNKED
          : Long.parseLong(headers.getOrDefault("content-length", "0"));
      long at = System.currentTimeMillis() - started;
      Fault fault = match(method, path, length);
      if (fault instanceof Then then) {
        then.action().accept(path);
        fault = then.fault();
      }
      if (fault == null || fault instanceof Throttle) {
        long rate = fault instanceof Throttle t ? t.bytesPerSecond() : 0;
        // Seen before the answer reaches the client: a test that asks right after its call returns finds it.
        forward(lines, in, length, client, Long.MAX_VALUE, rate, Long.MAX_VALUE,
            status -> seen.add(new Seen(at, method, path, (rate > 0 ? "throttled " : "passed ") + status)));
      } else if (fault instanceof CutAnswer cut) {
        forward(lines, in, length, client, Long.MAX_VALUE, 0, cut.bytes(),
            status -> seen.add(new Seen(at, method, path, "answer " + status + " cut after " + cut.bytes() + " bytes")));
      } else if (fault instanceof OtherBytes other) {
        skip(in, length);
        seen.add(new Seen(at, method, path, "other bytes"));
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + other.body().length
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(other.body());
        out.flush();
      } else if (fault instanceof Status s) {
        skip(in, length);
        seen.add(new Seen(at, method, path, "fault " + s.code()));
        StringBuilder response = new StringBuilder("HTTP/1.1 " + s.code() + " Injected\r\nContent-Length: 0\r\nConnection: close\r\n");
        s.headers().forEach((k, v) -> response.append(k).append(": ").append(v).append("\r\n"));
        response.append("\r\n");
        client.getOutputStream().write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
      } else if (fault instanceof ResetAfter r) {
        seen.add(new Seen(at, method, path, "reset after " + r.bytes() + " bytes"));
        forward(lines, in, length, client, r.bytes(), 0, Long.MAX_VALUE, status -> { });
        reset(client);
      } else if (fault instanceof Stall st) {
        seen.add(new Seen(at, method, path, "stalled " + st.duration().toSeconds() + " s"));
        long until = System.currentTimeMillis() + st.duration().toMillis();
        while (!closed && !client.isClosed() && System.currentTimeMillis() < until) {
          Thread.sleep(50);
        }
        reset(client);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the client or the registry went away: nothing to answer
    } finally {
      open.remove(client);
    }
  }

  /**
   * Forwards the request (its body up to {@code limit} bytes) to the registry and, when the whole
   * body was sent, the registry's answer back (its body up to {@code answerLimit} bytes);
   * {@code answered} gets the status before the answer is relayed, or -1 when the request was cut
   * short.
   */
  private void forward(String[] lines, InputStream in, long length, Socket client, long limit, long bytesPerSecond,
      long answerLimit, IntConsumer answered) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      open.add(upstream);
      try {
        StringBuilder head = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
          if (!lines[i].toLowerCase(Locale.ROOT).startsWith("connection:")) {
            head.append(lines[i]).append("\r\n");
          }
        }
        head.append("Connection: close\r\n\r\n");
        OutputStream up = upstream.getOutputStream();
        up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        long sent = length == CHUNKED ? copyChunked(in, up, limit, bytesPerSecond) : copy(in, up, Math.min(length, limit), bytesPerSecond);
        up.flush();
        if (length == CHUNKED ? sent < 0 : sent < length) {
          reset(upstream);
          answered.accept(-1);
          return;
        }
        InputStream answer = upstream.getInputStream();
        if (answerLimit < Long.MAX_VALUE) {
          String answerHead = readHead(answer);
          answered.accept(answerHead == null || answerHead.length() < 12 ? -1 : Integer.parseInt(answerHead.substring(9, 12)));
          OutputStream out = client.getOutputStream();
          out.write((answerHead + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          copy(answer, out, answerLimit, 0);
          out.flush();
          return;
        }
        byte[] first = answer.readNBytes(12);
        String statusLine = new String(first, StandardCharsets.ISO_8859_1);
        answered.accept(statusLine.length() >= 12 ? Integer.parseInt(statusLine.substring(9, 12)) : -1);
        OutputStream out = client.getOutputStream();
        out.write(first);
        answer.transferTo(out);
        out.flush();
      } finally {
        open.remove(upstream);
      }
    }
  }

  /** Copies {@code bytes} (fewer at the end of the stream), at most {@code bytesPerSecond} when that is positive. */
  private static long copy(InputStream in, OutputStream out, long bytes, long bytesPerSecond) throws IOException {
    byte[] buf = new byte[bytesPerSecond > 0 ? 16 * 1024 : 64 * 1024];
    long start = System.nanoTime();
    long done = 0;
    while (done < bytes) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, bytes - done));
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
      done += n;
      if (bytesPerSecond > 0) {
        long due = start + done * 1_000_000_000L / bytesPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
      }
    }
    return done;
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    if (bytes == CHUNKED) {
      copyChunked(in, OutputStream.nullOutputStream(), Long.MAX_VALUE, 0);
    } else {
      copy(in, OutputStream.nullOutputStream(), bytes, 0);
    }
  }

  /** The length of a chunked body: unknown until its last chunk. */
  private static final long CHUNKED = -1;

  /**
   * Copies a chunked body as it is, to its last chunk and trailer; returns its data bytes, or -1
   * when {@code limit} data bytes were copied before the end (the rest is not sent).
   */
  private static long copyChunked(InputStream in, OutputStream out, long limit, long bytesPerSecond) throws IOException {
    long done = 0;
    while (true) {
      String sizeLine = readLine(in);
      out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
      if (size == 0) {
        for (String trailer = readLine(in); ; trailer = readLine(in)) {
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          if (trailer.isEmpty()) {
            return done;
          }
        }
      }
      long n = copy(in, out, Math.min(size, limit - done), bytesPerSecond);
      done += n;
      if (n < size) {
        return -1;
      }
      out.write((readLine(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the body ended within a chunk's line");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** An HTTP message's head (up to its blank line, which is left out); null when it ends first or passes 64 KiB. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
      if (matched == 4) {
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
      }
      if (head.size() > 64 * 1024) {
        return null;
      }
    }
    return null;
  }

  /** Closes with a TCP reset (SO_LINGER 0), as a dropped connection looks to the client. */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // already gone
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // best effort
    }
  }

  @Override
  public void close() {
    closed = true;
    ServerSocket s = server;
    if (s != null) {
      closeQuietly(s);
    }
    for (Closeable c : List.copyOf(open)) {
      closeQuietly(c);
    }
  }
}
