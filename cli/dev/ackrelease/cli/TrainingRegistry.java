package dev.ackrelease.cli;

import dev.ackrelease.steps.io.BuildInputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in registry for the training run ({@link Training}): plain HTTP on a loopback port,
 * answering as a registry does the requests of a re-run's decision and read-back, so the archive
 * holds that path: {@code /v2/} (which settles the scheme of a host named insecure), a TLS hello
 * (answered with HTTP 400, as a plain-HTTP registry answers it), and every tag with a manifest whose build-inputs
 * annotation is the one {@link #record}ed for its repository, else another build's (an index for
 * an image, a Helm manifest for a chart, listing nothing, so a read-back finds it incomplete);
 * any other path is {@code 404} with the distribution spec's error body. Nothing is pushed to it:
 * an upload session is started and its streamed {@code PATCH} refused (so the archive holds the
 * streamed upload's HTTP client). One request per connection, on a daemon thread.
 */
final class TrainingRegistry implements AutoCloseable {

  private static final Pattern REQUEST = Pattern.compile("(GET|HEAD|POST|PATCH) /v2/(\\S*) HTTP/1\\.[01]");
  private static final Pattern MANIFEST = Pattern.compile("(\\S+)/manifests/(\\S+)");
  /** The first byte of a TLS handshake record. */
  private static final int TLS_HANDSHAKE = 0x16;
  /** The build inputs every tag records until {@link #record} names its repository's. */
  static final String OTHER_INPUTS = "sha256:" + "0".repeat(64);

  private final ServerSocket server;
  private final Map<String, String> inputs = new ConcurrentHashMap<>();

  TrainingRegistry() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(this::serve, "training-registry");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code 127.0.0.1:PORT}. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** From now on, the tags of repository {@code name} record these build inputs. */
  void record(String name, String buildInputs) {
    inputs.put(name, buildInputs);
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        answer(socket);
      } catch (IOException e) {
        // a closed server or a client that went away: the next one is served
      }
    }
  }

  private void answer(Socket socket) throws IOException {
    PushbackInputStream raw = new PushbackInputStream(socket.getInputStream());
    int first = raw.read();
    OutputStream out = socket.getOutputStream();
    if (first == TLS_HANDSHAKE || first < 0) {
      // A TLS hello (Training's verifying client): a plain-HTTP registry answers it with 400.
      respond(out, "400 Bad Request", "text/plain", "Client sent an HTTP request to an HTTPS server.".getBytes(StandardCharsets.UTF_8), false);
      return;
    }
    raw.unread(first);
    BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.ISO_8859_1));
    String line = in.readLine();
    for (String header = line; header != null && !header.isEmpty(); ) {
      header = in.readLine();
    }
    Matcher request = line == null ? null : REQUEST.matcher(line);
    if (request == null || !request.matches()) {
      respond(out, "400 Bad Request", "text/plain", "bad request".getBytes(StandardCharsets.UTF_8), false);
      return;
    }
    boolean head = request.group(1).equals("HEAD");
    String path = request.group(2);
    if (request.group(1).equals("POST") && path.endsWith("/blobs/uploads/")) {
      // An upload session, whose streamed PATCH is then refused: the client sends nothing more.
      out.write(("HTTP/1.1 202 Accepted\r\nLocation: /v2/" + path + "training\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return;
    }
    if (request.group(1).equals("POST") || request.group(1).equals("PATCH")) {
      respond(out, "405 Method Not Allowed", "application/json",
          "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"not here\"}]}".getBytes(StandardCharsets.UTF_8), false);
      return;
    }
    Matcher manifest = MANIFEST.matcher(path);
    if (path.isEmpty()) {
      respond(out, "200 OK", "application/json", "{}".getBytes(StandardCharsets.UTF_8), head);
    } else if (manifest.matches() && !manifest.group(2).startsWith("sha256:")) {
      boolean chart = manifest.group(1).endsWith("-chart");
      String mediaType = chart ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.oci.image.index.v1+json";
      String body = chart
          ? "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"config\":{\"mediaType\":"
              + "\"application/vnd.cncf.helm.config.v1+json\",\"digest\":\"" + OTHER_INPUTS + "\",\"size\":2},\"layers\":[],"
          : "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[],";
      String recorded = inputs.getOrDefault(manifest.group(1), OTHER_INPUTS);
      body += "\"annotations\":{\"" + BuildInputs.ANNOTATION + "\":\"" + recorded + "\"}}";
      respond(out, "200 OK", mediaType, body.getBytes(StandardCharsets.UTF_8), head);
    } else {
      respond(out, "404 Not Found", "application/json",
          "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes(StandardCharsets.UTF_8), head);
    }
  }

  private static void respond(OutputStream out, String status, String type, byte[] body, boolean head) throws IOException {
    String headers = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
        + "\r\nDocker-Content-Digest: " + sha256(body) + "\r\nDocker-Distribution-Api-Version: registry/2.0"
        + "\r\nConnection: close\r\n\r\n";
    out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
