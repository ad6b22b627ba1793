package dev.ackrelease.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.util.ArrayList;

/**
 * An HTTPS server on 127.0.0.1 with its own CA, both made by openssl (EC P-256, two days): the
 * server certificate names {@code subjectAltName} as given, so a test can serve a certificate
 * that matches 127.0.0.1 or one that names another host. Every request goes to {@code handler}.
 */
public final class TlsServer implements AutoCloseable {

  private final HttpsServer server;
  private final Path ca;

  private TlsServer(HttpsServer server, Path ca) {
    this.server = server;
    this.ca = ca;
  }

  /** Starts a server whose certificate carries {@code subjectAltName} (e.g. {@code IP:127.0.0.1}). */
  public static TlsServer start(Path dir, String subjectAltName, HttpHandler handler) throws Exception {
    Files.createDirectories(dir);
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
        "-subj", "/CN=ack-release test CA", "-keyout", "ca.key", "-out", "ca.crt");
    openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=test server",
        "-keyout", "server.key", "-out", "server.csr");
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=" + subjectAltName + "\nbasicConstraints=CA:FALSE\n"
        + "extendedKeyUsage=serverAuth\n");
    openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "server.ext", "-out", "server.crt");
    openssl(dir, "pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
        "-passout", "pass:changeit");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/", handler);
    server.start();
    return new TlsServer(server, dir.resolve("ca.crt"));
  }

  /** A handler answering 200 with an empty body. */
  public static HttpHandler ok() {
    return exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    };
  }

  /** The PEM certificate of the CA that signed the server's certificate. */
  public Path ca() {
    return ca;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static void openssl(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    ProcessResult.run(cmd, dir.toFile(), 60).assertOk();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
