package dev.ackrelease.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker token-auth realm on 127.0.0.1, as ECR Public runs one: a client sends Basic
 * {@code AWS:<token>} (the token from GetAuthorizationToken) and gets a JWT granting the scopes it
 * asked for, signed RS256 with a test key whose certificate (openssl, self-signed) is the
 * registry's {@code rootcertbundle} and travels in the JWT's {@code x5c} header. Passwords not
 * accepted (or withdrawn, as an expired ECR token is) get 401.
 */
public final class TokenServer implements AutoCloseable {

  public static final String SERVICE = "ack-release-registry";
  public static final String ISSUER = "ack-release-token-issuer";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PrivateKey key;
  private final String certificate;
  private final Path certificateFile;
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile boolean anonymousPull;

  /** Makes a key and certificate with openssl in {@code dir} and starts serving. */
  public TokenServer(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path keyFile = dir.resolve("token-signer.key");
    certificateFile = dir.resolve("token-signer.crt");
    ProcessResult.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=ack-release test token signer", "-keyout", keyFile.toString(), "-out", certificateFile.toString()),
        null, 60).assertOk();
    key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile, "PRIVATE KEY")));
    certificate = Base64.getEncoder().encodeToString(pem(certificateFile, "CERTIFICATE"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.start();
  }

  /** The realm URL for the registry's config. */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** The PEM certificate the registry trusts for token signatures. */
  public Path certificate() {
    return certificateFile;
  }

  /** Accepts Basic {@code AWS:<password>} from now on. */
  public void accept(String password) {
    accepted.add(password);
  }

  /** Refuses the password from now on: it has expired. */
  public void expire(String password) {
    accepted.remove(password);
  }

  /** Repositories whose tokens grant pull only, whatever the credentials (a role that may not push there). */
  private final Set<String> pullOnly = ConcurrentHashMap.newKeySet();

  /** Tokens for {@code repository} (e.g. {@code ack/s3-chart}) grant pull only from now on. */
  public void pullOnly(String repository) {
    pullOnly.add(repository);
  }

  /** Seconds added to the clock the tokens are stamped with: negative, a token service whose clock is behind the registry's. */
  private volatile long skew;

  /** Stamps tokens with a clock {@code seconds} off (-3600: every token is expired when the registry reads it). */
  public void clockSkew(long seconds) {
    skew = seconds;
  }

  /** Gives requests without credentials a token for pull only, as ECR Public does for public repositories. */
  public void allowAnonymousPull() {
    anonymousPull = true;
  }

  /** How many token requests were refused (401). */
  public int refused() {
    return refused.get();
  }

  /** How many tokens were issued. */
  public int issued() {
    return issued.get();
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String password = basicPassword(authorization);
      boolean anonymous = authorization == null && anonymousPull;
      if (!anonymous && (password == null || !accepted.contains(password))) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + realm() + "\"");
        send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
        return;
      }
      List<Map<String, Object>> access = new ArrayList<>();
      for (String scope : parameters(exchange.getRequestURI(), "scope")) {
        // repository:<name>:<actions>
        String[] parts = scope.split(":");
        if (parts.length == 3) {
          List<String> actions = anonymous || pullOnly.contains(parts[1]) ? List.of("pull") : List.of(parts[2].split(","));
          access.add(Map.of("type", parts[0], "name", parts[1], "actions", actions));
        }
      }
      long now = Instant.now().getEpochSecond() + skew;
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", ISSUER);
      claims.put("sub", "AWS");
      claims.put("aud", parameters(exchange.getRequestURI(), "service").stream().findFirst().orElse(SERVICE));
      claims.put("exp", now + 300);
      claims.put("nbf", now - 30);
      claims.put("iat", now);
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("access", access);
      String jwt = jwt(claims);
      issued.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      send(exchange, 200, JSON.writeValueAsString(Map.of("token", jwt, "access_token", jwt, "expires_in", 300,
          "issued_at", Instant.ofEpochSecond(now).toString())));
    } catch (Exception e) {
      send(exchange, 500, "{}");
    }
  }

  private String jwt(Map<String, Object> claims) throws Exception {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String header = url.encodeToString(JSON.writeValueAsBytes(Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(certificate))));
    String payload = url.encodeToString(JSON.writeValueAsBytes(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + url.encodeToString(rsa.sign());
  }

  private static String basicPassword(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return null;
    }
    String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    return decoded.startsWith("AWS:") ? decoded.substring(4) : null;
  }

  private static List<String> parameters(URI uri, String name) {
    List<String> values = new ArrayList<>();
    String query = uri.getRawQuery();
    if (query == null) {
      return values;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] pem(Path file, String type) throws IOException {
    String text = Files.readString(file);
    int start = text.indexOf("-----BEGIN " + type + "-----");
    int end = text.indexOf("-----END " + type + "-----");
    if (start < 0 || end < 0) {
      throw new IOException(file + " has no " + type);
    }
    String body = text.substring(start + ("-----BEGIN " + type + "-----").length(), end).replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
