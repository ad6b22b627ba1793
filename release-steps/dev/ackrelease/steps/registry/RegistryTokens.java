package dev.ackrelease.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials a {@link RegistrySession} sends, following the registry's login flow: Basic
 * where the registry asks for Basic (htpasswd), and where it asks for a Bearer token (ECR Public,
 * Docker Hub, any token-auth registry) the Docker token flow: {@code GET /v2/} once for the
 * challenge, then per repository one token for {@code repository:<name>:pull,push} from the
 * realm with Basic credentials, kept until it expires or the credentials change. With a token for
 * both actions up front the registry never challenges a push.
 *
 * <p>The credentials are read from the run's {@link CredentialState} on every request, so a
 * refresh reaches requests made after it.
 */
final class RegistryTokens {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** An auth-param of RFC 7235: a quoted string, or a token (unquoted, as some registries send {@code service}). */
  private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)=(?:\"([^\"]*)\"|([^\\s,\"]+))");
  private static final Duration MARGIN = Duration.ofSeconds(30);
  /**
   * The user name that marks the secret as an identity token (an OAuth2 refresh token, e.g. from
   * {@code az acr login}): Docker's {@code identitytoken} field and credential helpers' answer
   * {@code "Username":"<token>"}, as go-containerregistry's keychain reads both.
   */
  static final String IDENTITY_TOKEN_USER = "<token>";

  private record Challenge(boolean bearer, String realm, String service) {}

  private record Token(String value, Instant expires, RegistryCredentials issuedFor) {}

  private final RegistryAccess access;
  private final String scheme;
  private final RegistryHttp http;
  /** Each request's time-out: the run's {@code --request-timeout}, as for every registry request. */
  private final Duration timeout;
  private volatile Challenge challenge;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  RegistryTokens(RegistryAccess access, String scheme, RegistryHttp http, Duration timeout) {
    this.access = access;
    this.scheme = scheme;
    this.http = http;
    this.timeout = timeout;
  }

  /** The {@code Authorization} header for a request to {@code repository} (its full path), or null without credentials. */
  String authHeader(String repository) {
    Optional<RegistryCredentials> credentials = access.credentials();
    if (credentials.isEmpty()) {
      return null;
    }
    RegistryCredentials c = credentials.get();
    if (!challenge().bearer()) {
      return basic(c);
    }
    Token token = tokens.get(repository);
    if (token == null || token.issuedFor() != c || Instant.now().plus(MARGIN).isAfter(token.expires())) {
      token = fetch(repository, c);
      tokens.put(repository, token);
    }
    return "Bearer " + token.value();
  }

  /** The realm the credentials are traded at for tokens, when they are (credentials, and a registry that asked for Bearer). */
  Optional<String> tokenRealm() {
    Challenge c = challenge;
    return access.credentials().isPresent() && c != null && c.bearer() ? Optional.of(c.realm()) : Optional.empty();
  }

  /**
   * For a request without credentials that a registry answered with {@code challenge}: the
   * anonymous token its realm gives for the scope it asked for ({@code Bearer ...}), or empty
   * when the challenge is not a Bearer one or the realm gives none.
   */
  Optional<String> anonymousToken(String challenge) {
    Map<String, String> params = bearerParameters(challenge);
    String realm = params.get("realm");
    if (realm == null) {
      return Optional.empty();
    }
    requireRealm(realm);
    StringBuilder query = new StringBuilder();
    if (params.containsKey("service")) {
      query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
    }
    if (params.containsKey("scope")) {
      query.append(query.length() == 0 ? "" : "&").append("scope=").append(URLEncoder.encode(params.get("scope"), StandardCharsets.UTF_8));
    }
    URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
    RegistryHttp.Response response = send("GET", uri, Map.of());
    if (response.status() != 200) {
      return Optional.empty();
    }
    JsonNode body = json(response);
    if (!body.isObject()) {
      // A login page or a proxy's answer, not the token service: go-containerregistry's anonymous
      // flow (transport/bearer.go, refresh) fails on an answer it cannot unmarshal, not on an empty token.
      throw notAToken(realm, response, "to an anonymous token request, a body that is not JSON");
    }
    String value = body.path("token").asText(body.path("access_token").asText(""));
    return value.isEmpty() ? Optional.empty() : Optional.of("Bearer " + value);
  }

  private static String basic(RegistryCredentials c) {
    return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  /** What {@code GET /v2/} asks for, probed once per client. */
  private Challenge challenge() {
    Challenge c = challenge;
    if (c == null) {
      synchronized (this) {
        if (challenge == null) {
          challenge = probe();
        }
        c = challenge;
      }
    }
    return c;
  }

  private Challenge probe() {
    URI uri = URI.create(scheme + "://" + access.registry().host() + "/v2/");
    RegistryHttp.Response response = send("GET", uri, Map.of());
    Map<String, String> params = response.status() == 401
        ? bearerParameters(response.header("WWW-Authenticate").orElse("")) : Map.of();
    if (params.containsKey("realm")) {
      return new Challenge(true, requireRealm(params.get("realm")), params.getOrDefault("service", ""));
    }
    return new Challenge(false, null, null);
  }

  /**
   * {@code realm} when it is an absolute http(s) URL, the only kind a token can be asked from; else
   * the registry is misconfigured, which no retry and no credential mends.
   */
  private String requireRealm(String realm) {
    URI uri;
    try {
      uri = new URI(realm);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw ReleaseException.remote(access.registry().host() + " asks for a token from the realm '" + Echo.value(realm)
          + "', which is not an http(s) URL: the registry's token authentication is misconfigured; tell its operator", null);
    }
    return realm;
  }

  /** The parameters of a {@code Bearer realm="...",service="...",scope="..."} challenge; empty for any other. */
  private static Map<String, String> bearerParameters(String challenge) {
    Map<String, String> params = new HashMap<>();
    if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Matcher m = PARAM.matcher(challenge);
      while (m.find()) {
        params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
      }
    }
    return params;
  }

  private Token fetch(String repository, RegistryCredentials c) {
    Challenge ch = challenge();
    String scope = "repository:" + repository + ":pull,push";
    RegistryHttp.Response response = null;
    if (c.username().equals(IDENTITY_TOKEN_USER)) {
      // An identity token is an OAuth2 refresh token: traded with a form POST, as docker and go-containerregistry
      // trade it; a realm without OAuth2 (404) is asked the Basic way, as go-containerregistry falls back.
      String form = "grant_type=refresh_token&client_id=ack-release" + (ch.service().isEmpty() ? "" : "&service="
          + URLEncoder.encode(ch.service(), StandardCharsets.UTF_8)) + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
          + "&refresh_token=" + URLEncoder.encode(c.password(), StandardCharsets.UTF_8);
      response = send("POST", URI.create(ch.realm()), Map.of("Content-Type", "application/x-www-form-urlencoded"),
          RegistryHttp.Body.of(form.getBytes(StandardCharsets.UTF_8)));
    }
    if (response == null || response.status() == 404) {
      String query = "service=" + URLEncoder.encode(ch.service(), StandardCharsets.UTF_8) + "&scope="
          + URLEncoder.encode(scope, StandardCharsets.UTF_8);
      URI uri = URI.create(ch.realm() + (ch.realm().contains("?") ? "&" : "?") + query);
      response = send("GET", uri, Map.of("Authorization", basic(c)), null);
    }
    if (response.status() != 200) {
      // Its status, so the shared rules see a 401/403 (refresh once, then "authentication failed").
      throw new RegistryFailure(response.status(), "the token service of " + access.registry().host() + " answered HTTP "
          + response.status());
    }
    JsonNode body = json(response);
    String value = body.path("token").asText(body.path("access_token").asText(""));
    if (value.isEmpty()) {
      throw notAToken(ch.realm(), response, "with no token in it");
    }
    Secrets.register(value);
    long seconds = body.path("expires_in").asLong(60);
    return new Token(value, Instant.now().plusSeconds(Math.max(60, seconds)), c);
  }

  /** A realm's answer as JSON; a missing node when it is none. */
  private static JsonNode json(RegistryHttp.Response response) {
    try {
      JsonNode body = JSON.readTree(response.body());
      return body == null ? MissingNode.getInstance() : body;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * A realm that accepted the request (HTTP 200) and gave no token: a login page, a proxy's
   * answer, JSON without {@code token} ({@code what}: how the answer failed). The registry's token
   * authentication points at the wrong service, which no retry and no credential mends: exit 4 at
   * once, saying what it answered (its status and content type; never its body, which may hold
   * what the realm echoed back).
   */
  private ReleaseException notAToken(String realm, RegistryHttp.Response response, String what) {
    String type = response.header("Content-Type").map(t -> "Content-Type " + Echo.value(t)).orElse("no Content-Type");
    return ReleaseException.remote(access.registry().host() + " asks for a token from the realm '" + Echo.value(realm)
        + "', which answered HTTP " + response.status() + " (" + type + ", " + response.body().length + " bytes) " + what
        + ": the registry's token authentication is misconfigured; tell its operator", null);
  }

  private RegistryHttp.Response send(String method, URI uri, Map<String, String> headers) {
    return send(method, uri, headers, null);
  }

  private RegistryHttp.Response send(String method, URI uri, Map<String, String> headers, RegistryHttp.Body body) {
    try {
      return http.send(method, uri, headers, body, timeout);
    } catch (IOException e) {
      throw new RegistryFailure("cannot reach " + uri.getHost() + ": " + e.getMessage(), e);
    }
  }

}
