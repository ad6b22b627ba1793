package dev.ackrelease.steps.auth;

import dev.ackrelease.steps.io.SystemRoots;
import dev.ackrelease.steps.registry.CredentialSources;
import dev.ackrelease.steps.registry.OciRegistries;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.registry.RegistryCall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.testing.CredentialHelper;
import dev.ackrelease.testing.RegistryServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.ackrelease.testing.TestArtifacts;
import dev.ackrelease.steps.registry.RegistrySession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from the environment and the Docker config, TLS and insecure hosts, against real registries. */
class RegistryAuthTest {

  static final String USER = "alice";
  static final String PASSWORD = "wonder-land-password";
  static final Retry.Policy FAST = new Retry.Policy(2, Duration.ofMillis(10));

  @TempDir Path tmp;

  private final RegistryAuth auth = new RegistryAuth(Log.NONE, FAST);

  private RegistryAuthOptions options(Map<String, String> env, Set<String> insecure, Optional<Path> ca) {
    return new RegistryAuthOptions(insecure, ca, Optional.empty(), Optional.empty(), env, tmp.resolve("docker"), SystemRoots.of(env));
  }

  private static Registry registry(RegistryServer server) {
    return Registry.parse(server.address() + "/ack");
  }

  /** Pushes a small artifact and reads it back through {@code access}, as publish would. */
  private void pushAndPull(RegistryAccess access) throws Exception {
    byte[] payload = ("payload " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    String digest = TestArtifacts.push(new RegistrySession(access, Log.NONE, FAST), "auth-test", "1.0.0",
        "application/vnd.ack-release.test", payload, Map.of());
    RegistrySession reader = new RegistrySession(access, Log.NONE, FAST);
    RegistrySession.Fetched manifest = reader.manifest("auth-test", "1.0.0").orElseThrow();
    assertEquals(digest, manifest.digest());
    assertEquals(new String(payload, StandardCharsets.UTF_8), new String(reader.blob("auth-test",
        manifest.json().get("layers").get(0).get("digest").asText()), StandardCharsets.UTF_8));
  }

  private static Map<String, String> envCredentials(String user, String password) {
    return Map.of(CredentialSources.USERNAME_ENV, user, CredentialSources.PASSWORD_ENV, password);
  }

  private void writeDockerConfig(String json) throws Exception {
    Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(tmp.resolve("docker/config.json"), json);
  }

  @Test
  void aCredentialStoreThatIsNotInstalledIsSaidWhenNoCredentialsAreFound() throws Exception {
    writeDockerConfig("{\"credsStore\":\"desktop\",\"auths\":{\"other.example.com\":{\"auth\":\"b3RoZXI6b3RoZXJzLXB3LTc=\"}}}");
    List<String> lines = new ArrayList<>();
    RegistryAccess access = new RegistryAuth(lines::add, FAST).authenticate(Registry.parse("registry.example.com/ack"),
        options(Map.of("PATH", tmp.resolve("bin").toString()), Set.of(), Optional.empty()), false);
    assertEquals(Optional.empty(), access.credentials());
    assertEquals(tmp.resolve("docker/config.json") + " names the credential store 'desktop' but docker-credential-desktop"
        + " is not on PATH, so what it holds is not read: install it, or remove credsStore and log in again", lines.get(0));
    lines.clear();
    new RegistryAuth(lines::add, FAST).authenticate(Registry.parse("other.example.com/ack"),
        options(Map.of("PATH", tmp.resolve("bin").toString()), Set.of(), Optional.empty()), false);
    assertTrue(lines.stream().noneMatch(l -> l.contains("credential store")), "auths answered: nothing to explain " + lines);
  }

  /**
   * A run asks for credentials more than once (the registry read, then written; the base image's
   * registry): the credential store that is not installed is said once (a hostile-input audit saw it twice).
   */
  @Test
  void aCredentialStoreThatIsNotInstalledIsSaidOncePerRun() throws Exception {
    writeDockerConfig("{\"credsStore\":\"nonexistent\"}");
    List<String> lines = new ArrayList<>();
    Connections run = new Connections(lines::add, FAST);
    RegistryAuthOptions options = options(Map.of("PATH", tmp.resolve("bin").toString()), Set.of(), Optional.empty());
    run.readAccess(Registry.parse("registry.example.com/ack"), options);
    run.access(Registry.parse("registry.example.com/ack"), options);
    run.readAccess(Registry.parse("base.example.com/library"), options);
    assertEquals(1, lines.stream().filter(l -> l.contains("credential store 'nonexistent'")).count(), lines::toString);
  }

  @Test
  void environmentCredentialsWork() throws Exception {
    try (RegistryServer server = RegistryServer.plainWithAuth(tmp.resolve("registry"), USER, PASSWORD)) {
      RegistryAccess access = auth.authenticate(registry(server), options(envCredentials(USER, PASSWORD), Set.of(server.address()), Optional.empty()));
      assertEquals(CredentialSources.ENV, access.credentials().orElseThrow().source());
      assertTrue(access.insecure());
      pushAndPull(access);
    }
  }

  @Test
  void dockerConfigAuthsWorkInBothForms() throws Exception {
    try (RegistryServer server = RegistryServer.plainWithAuth(tmp.resolve("registry"), USER, PASSWORD)) {
      String b64 = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      writeDockerConfig("{\"auths\":{\"other.example.com\":{\"auth\":\"b3RoZXI6b3RoZXI=\"},\"http://" + server.address() + "\":{\"auth\":\"" + b64 + "\"}}}");
      RegistryAccess access = auth.authenticate(registry(server), options(Map.of(), Set.of(server.address()), Optional.empty()));
      assertEquals(USER, access.credentials().orElseThrow().username());
      assertTrue(access.credentials().orElseThrow().source().startsWith("docker config "));
      pushAndPull(access);

      writeDockerConfig("{\"auths\":{\"" + server.address() + "\":{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}}}");
      pushAndPull(auth.authenticate(registry(server), options(Map.of(), Set.of(server.address()), Optional.empty())));
    }
  }

  @Test
  void dockerCredentialHelperIsAskedForTheHost() throws Exception {
    Path bin = tmp.resolve("bin");
    try (RegistryServer server = RegistryServer.plainWithAuth(tmp.resolve("registry"), USER, PASSWORD)) {
      CredentialHelper.write(bin, "acktest", server.address(), USER, PASSWORD, tmp.resolve("helper-asked"));
      writeDockerConfig("{\"auths\":{\"" + server.address() + "\":{}},\"credHelpers\":{\"" + server.address() + "\":\"acktest\"}}");
      Map<String, String> env = new HashMap<>(Map.of("PATH", bin + ":/usr/bin:/bin"));

      RegistryAccess access = auth.authenticate(registry(server), options(env, Set.of(server.address()), Optional.empty()));

      assertEquals("docker-credential-acktest", access.credentials().orElseThrow().source());
      assertEquals(server.address(), Files.readString(tmp.resolve("helper-asked")).strip());
      pushAndPull(access);
    }
  }

  @Test
  void aWrongPasswordIsARemoteAuthenticationFailureThatDoesNotShowThePassword() throws Exception {
    String wrong = "not-the-password-" + System.nanoTime();
    try (RegistryServer server = RegistryServer.plainWithAuth(tmp.resolve("registry"), USER, PASSWORD)) {
      RegistryAccess access = auth.authenticate(registry(server), options(envCredentials(USER, wrong), Set.of(server.address()), Optional.empty()));

      ReleaseException e = assertThrows(ReleaseException.class, () -> pushAndPull(access));

      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().startsWith("authentication to " + server.address() + " failed"), e.getMessage());
      assertTrue(e.getMessage().contains(CredentialSources.ENV), e.getMessage());
      assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }
  }

  @Test
  void tlsIsVerifiedAgainstTheGivenCaAndFailsClearlyWithoutIt() throws Exception {
    try (RegistryServer server = RegistryServer.tlsWithAuth(tmp.resolve("registry"), USER, PASSWORD)) {
      RegistryAccess untrusted = auth.authenticate(registry(server), options(envCredentials(USER, PASSWORD), Set.of(), Optional.empty()));
      ReleaseException e = assertThrows(ReleaseException.class, () -> pushAndPull(untrusted));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().startsWith("TLS verification of " + server.address() + " failed"), e.getMessage());
      assertTrue(e.getMessage().contains("--registry-ca"), e.getMessage());

      RegistryAccess trusted = auth.authenticate(registry(server), options(envCredentials(USER, PASSWORD), Set.of(), server.caFile()));
      assertFalse(trusted.insecure());
      pushAndPull(trusted);
    }
  }

  /**
   * SSL_CERT_FILE's content is read once per run, at its first TLS connection: the run's options
   * hold its roots, which every registry's client shares. The file emptied after the first registry
   * is used does not reach the second registry's clients; the next run's options read it anew.
   */
  @Test
  void sslCertFileIsReadOncePerRunHoweverManyTlsRegistriesItReaches() throws Exception {
    try (RegistryServer first = RegistryServer.tlsWithAuth(tmp.resolve("first"), USER, PASSWORD);
        RegistryServer second = RegistryServer.tlsWithAuth(tmp.resolve("second"), USER, PASSWORD)) {
      Path bundle = Files.writeString(tmp.resolve("bundle.pem"), Files.readString(first.caFile().orElseThrow())
          + Files.readString(second.caFile().orElseThrow()));
      Map<String, String> env = new HashMap<>(envCredentials(USER, PASSWORD));
      env.put("SSL_CERT_FILE", bundle.toString());
      RegistryAuthOptions run = RegistryAuthOptions.fromEnvironment(Set.of(), Optional.empty(), Optional.empty(), env);
      RegistryAccess toSecond = auth.authenticate(registry(second), run);

      pushAndPull(auth.authenticate(registry(first), run));
      Files.writeString(bundle, "emptied after the first read\n");
      pushAndPull(toSecond);
      pushAndPull(auth.authenticate(registry(second), run));

      RegistryAuthOptions next = RegistryAuthOptions.fromEnvironment(Set.of(), Optional.empty(), Optional.empty(), env);
      ReleaseException e = assertThrows(ReleaseException.class, () -> pushAndPull(auth.authenticate(registry(first), next)));
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().startsWith("SSL_CERT_FILE='" + bundle + "' holds no PEM certificate"), e.getMessage());
    }
  }

  @Test
  void insecureAppliesOnlyToTheNamedHosts() {
    RegistryAuthOptions o = options(Map.of(), Set.of("127.0.0.1:5000", "registry.local"), Optional.empty());
    assertTrue(o.isInsecure(Registry.parse("127.0.0.1:5000/ack")));
    assertFalse(o.isInsecure(Registry.parse("127.0.0.1:5001/ack")));
    assertTrue(o.isInsecure(Registry.parse("registry.local:8443/ack")));
    assertFalse(o.isInsecure(Registry.parse("public.ecr.aws/aws-controllers-k8s")));
  }

  @Test
  void noCredentialsMeansAnonymousAndHalfTheEnvironmentIsInvalidInput() {
    Registry r = Registry.parse("registry.example.com/ack");
    assertEquals(Optional.empty(), auth.authenticate(r, options(Map.of(), Set.of(), Optional.empty())).credentials());
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> auth.authenticate(r, options(Map.of(CredentialSources.USERNAME_ENV, USER), Set.of(), Optional.empty())));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    ReleaseException ca = assertThrows(ReleaseException.class,
        () -> auth.authenticate(r, options(Map.of(), Set.of(), Optional.of(tmp.resolve("missing.crt")))));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, ca.kind());
  }

  @Test
  void optionsFromTheEnvironmentReadTheOverrides() {
    RegistryAuthOptions o = RegistryAuthOptions.fromEnvironment(Set.of(), Optional.empty(), Optional.empty(), Map.of(
        "ACK_RELEASE_ECR_PUBLIC_ENDPOINT", "http://127.0.0.1:4566", RegistryAuthOptions.ECR_PUBLIC_REGISTRY_HOST_ENV, "127.0.0.1:5000",
        "DOCKER_CONFIG", "/etc/docker-test"));
    // The endpoint is an option: its variable is read by the command line's settings, as every option's, never here.
    assertEquals(Optional.empty(), o.ecrPublicEndpoint());
    assertTrue(o.isEcrPublic(Registry.parse("127.0.0.1:5000/ack")));
    assertFalse(o.isEcrPublic(Registry.parse("public.ecr.aws/ack")));
    assertEquals(Path.of("/etc/docker-test"), o.dockerConfigDir());
    assertTrue(RegistryAuthOptions.fromEnvironment(Set.of(), Optional.empty(), Optional.empty(), Map.of())
        .isEcrPublic(Registry.parse("public.ecr.aws/aws-controllers-k8s")));
  }

  @Test
  void anEcrPublicEndpointTheSdkCannotCallIsInvalidInput() {
    // The AWS SDK refuses an endpointOverride without a scheme only when the client is built, mid-run.
    // A port out of range too: the JDK refuses it only as it connects (exit 4, "port out of range"; a hostile-input audit).
    for (String endpoint : new String[] {"foo", "ftp://example.com", "http:///path", "http://127.0.0.1:99999", "https://example.com:0"}) {
      ReleaseException option = assertThrows(ReleaseException.class, () -> RegistryAuthOptions.fromEnvironment(Set.of(),
          Optional.empty(), Optional.of(URI.create(endpoint)), Map.of()), endpoint);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, option.kind(), endpoint);
      assertTrue(option.getMessage().startsWith("--ecr-public-endpoint '" + endpoint + "' is not an http(s) URL"), option.getMessage());
    }
    // User information: refused (the SDK signs its requests), and a password in it never shown (a review found it shown).
    for (String endpoint : new String[] {"https://u:hunter2@api.ecr-public.us-east-1.amazonaws.com", "https://u:hunter2@example.com:99999"}) {
      ReleaseException option = assertThrows(ReleaseException.class, () -> RegistryAuthOptions.fromEnvironment(Set.of(),
          Optional.empty(), Optional.of(URI.create(endpoint)), Map.of()), endpoint);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, option.kind(), endpoint);
      assertFalse(option.getMessage().contains("hunter2"), option.getMessage());
    }
  }
}
