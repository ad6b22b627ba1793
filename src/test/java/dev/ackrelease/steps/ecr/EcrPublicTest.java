package dev.ackrelease.steps.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.ackrelease.testing.EcrPublicStub.error;
import static dev.ackrelease.testing.EcrPublicStub.ok;
import static dev.ackrelease.testing.EcrPublicStub.operation;
import static dev.ackrelease.testing.EcrPublicStub.requested;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ToolVersion;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.chart.ChartInspector;
import dev.ackrelease.steps.chart.ChartPackager;
import dev.ackrelease.steps.chart.ChartPublisher;
import dev.ackrelease.steps.chart.PackagedChart;
import dev.ackrelease.steps.io.SystemRoots;
import dev.ackrelease.steps.registry.CredentialSources;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.registry.Registry;
import dev.ackrelease.steps.registry.RegistryAccess;
import dev.ackrelease.steps.auth.RegistryAuth;
import dev.ackrelease.steps.auth.RegistryAuthOptions;
import dev.ackrelease.testing.ChartFixture;
import dev.ackrelease.testing.EcrPublicStub;
import dev.ackrelease.testing.RegistryServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecrpublic.EcrPublicClient;

/** ECR Public through the real AWS SDK client against a WireMock stand-in of the API. */
class EcrPublicTest {

  static final String ACCESS_KEY = "AKIDACKRELEASETEST";
  static final String SECRET_KEY = "ack-release-test-secret-key";
  static final Retry.Policy FAST = new Retry.Policy(3, Duration.ofMillis(10));
  static final Instant LATER = Instant.now().plus(Duration.ofHours(12));

  @TempDir Path tmp;

  private EcrPublicStub ecr;
  private final List<String> logged = new ArrayList<>();
  private final Log log = logged::add;

  @BeforeAll
  static void awsCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  @AfterAll
  static void clearAwsCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @BeforeEach
  void startEcr() {
    ecr = new EcrPublicStub();
  }

  @AfterEach
  void stopEcr() {
    ecr.close();
  }

  private EcrPublicClient client() {
    return EcrPublicClients.create(Optional.of(ecr.endpoint()));
  }

  @Test
  void theTokenAuthenticatesAPushAndPullThroughAVerifiedTlsRegistry() throws Exception {
    String password = "ecr-token-password-" + System.nanoTime();
    ecr.token("AWS", password, LATER);
    try (RegistryServer registry = RegistryServer.tlsWithAuth(tmp.resolve("registry"), "AWS", password)) {
      RegistryAuthOptions options = new RegistryAuthOptions(Set.of(), registry.caFile(), Optional.of(ecr.endpoint()),
          Optional.of(registry.address()), Map.of(), tmp.resolve("no-docker-config"), SystemRoots.JVM);
      Registry target = Registry.parse(registry.address() + "/aws-controllers-k8s");

      RegistryAccess access = new RegistryAuth(log, FAST).authenticate(target, options);

      assertEquals("AWS", access.credentials().orElseThrow().username());
      assertEquals(password, access.credentials().orElseThrow().password());
      assertEquals(CredentialSources.ECR_PUBLIC, access.credentials().orElseThrow().source());
      assertFalse(access.insecure());
      ecr.server().verify(exactly(1), requested("GetAuthorizationToken")
          .withHeader("Authorization", containing("Credential=" + ACCESS_KEY + "/"))
          .withHeader("Authorization", containing("/us-east-1/ecr-public/aws4_request")));

      PackagedChart chart = new ChartPackager(Log.NONE).pack(ChartPackager.Request.of(
          ChartFixture.write(tmp.resolve("helm"), "s3", "1.8.2", target.repositoryRef("s3-controller")), Instant.EPOCH));
      assertEquals(Action.PUSHED, new ChartPublisher(log, FAST).publish(ChartPublisher.Request.release(access, chart, false))
          .artifact().action());
      assertEquals(chart.digest(), new ChartInspector(log, FAST).inspect(access, "s3-chart", "1.8.2").contentDigest());
    }
    assertTrue(logged.stream().noneMatch(l -> l.contains(password)), logged.toString());
  }

  @Test
  void repositoriesAreCreatedWithCatalogDataOnlyWhenMissing() {
    ecr.repository("s3-controller", true);
    ecr.repository("s3-chart", false);
    EcrPublicRepositories repos = new EcrPublicRepositories(log, FAST);
    Registry registry = Registry.parse("public.ecr.aws/aws-controllers-k8s");

    try (EcrPublicClient client = client()) {
      assertEquals(List.of(new EcrPublicRepositories.Result("s3-controller", EcrPublicRepositories.Action.EXISTS),
              new EcrPublicRepositories.Result("s3-chart", EcrPublicRepositories.Action.WOULD_CREATE)),
          repos.ensure(client, EcrPublicRepositories.Request.forService(registry.namespace(), "s3", true)));
      ecr.server().verify(exactly(0), requested("CreateRepository"));

      assertEquals(List.of(new EcrPublicRepositories.Result("s3-controller", EcrPublicRepositories.Action.EXISTS),
              new EcrPublicRepositories.Result("s3-chart", EcrPublicRepositories.Action.CREATED)),
          repos.ensure(client, EcrPublicRepositories.Request.forService(registry.namespace(), "s3", false)));
    }
    ecr.server().verify(exactly(1), requested("CreateRepository"));
    ecr.server().verify(exactly(1), requested("CreateRepository")
        .withRequestBody(matchingJsonPath("$.repositoryName", equalTo("s3-chart")))
        .withRequestBody(matchingJsonPath("$.catalogData.description", containing("s3")))
        .withRequestBody(matchingJsonPath("$.catalogData.architectures[0]", equalTo("ARM 64")))
        .withRequestBody(matchingJsonPath("$.catalogData.architectures[1]", equalTo("x86-64")))
        .withRequestBody(matchingJsonPath("$.catalogData.operatingSystems[0]", equalTo("Linux"))));
  }

  @Test
  void existingRepositoriesAreNeverCreated() {
    ecr.repository("s3-controller", true);
    ecr.repository("s3-chart", true);
    try (EcrPublicClient client = client()) {
      new EcrPublicRepositories(log, FAST).ensure(client,
          EcrPublicRepositories.Request.forService("aws-controllers-k8s", "s3", false));
    }
    ecr.server().verify(exactly(2), requested("DescribeRepositories"));
    ecr.server().verify(exactly(0), requested("CreateRepository"));
  }

  @Test
  void ensureForServiceCreatesTheControllerAndChartRepositories() {
    ecr.repository("s3-controller", false);
    ecr.repository("s3-chart", false);
    EcrPublicRepositories repos = new EcrPublicRepositories(log, FAST);

    assertEquals(List.of(EcrPublicRepositories.Action.CREATED, EcrPublicRepositories.Action.CREATED),
        repos.ensureForService(Optional.of(ecr.endpoint()), Optional.empty(), SystemRoots.JVM, "aws-controllers-k8s", "s3", false).stream()
            .map(EcrPublicRepositories.Result::action).toList());
    ecr.server().verify(exactly(2), requested("CreateRepository"));
  }

  @Test
  void repositoryNamesKeepNamespaceSegmentsAfterTheAlias() {
    assertEquals(List.of("team/s3-controller", "team/s3-chart"), EcrPublicRepositories.Request
        .forService("alias/team", "s3", false).repositories().stream()
        .map(EcrPublicRepositories.Repository::name).toList());
  }

  @Test
  void anExpiredOrDeniedTokenRequestIsRemoteWithAClearReasonAndNoSecret() {
    ecr.server().stubFor(operation("GetAuthorizationToken").willReturn(
        error(403, "ExpiredTokenException", "The security token included in the request is expired")));
    try (EcrPublicClient client = client()) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new EcrPublicAuth(log, FAST).credentials(client));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().contains("ExpiredTokenException") && e.getMessage().contains("expired"), e.getMessage());
      assertFalse(e.getMessage().contains(SECRET_KEY), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
    ecr.server().verify(exactly(1), requested("GetAuthorizationToken"));
  }

  /** An answer that is no AWS error (a proxy's or a load balancer's page: no error code, no message) is one line too. */
  @Test
  void anAnswerThatIsNoAwsErrorIsRemoteWithItsStatus() {
    ecr.server().stubFor(operation("GetAuthorizationToken").willReturn(aResponse().withStatus(418).withBody("<html>teapot</html>")));
    try (EcrPublicClient client = client()) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new EcrPublicAuth(log, FAST).credentials(client));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertEquals("ECR Public GetAuthorizationToken failed (HTTP 418): check the request and retry", e.getMessage());
    }
  }

  /** ECR Public's logs (and CloudTrail's userAgent) name ack-release and its version before the SDK's own words. */
  @Test
  void theApiSeesAckReleasesUserAgent() {
    ecr.token("AWS", "password", LATER);
    try (EcrPublicClient client = client()) {
      new EcrPublicAuth(log, FAST).credentials(client);
    }
    ecr.server().verify(exactly(1), requested("GetAuthorizationToken")
        .withHeader("User-Agent", matching("^" + Pattern.quote(ToolVersion.userAgent()) + " .*aws-sdk-java/.*")));
  }

  @Test
  void aTokenThatHasAlreadyExpiredIsRefused() {
    ecr.token("AWS", "stale-password", Instant.now().minus(Duration.ofHours(1)));
    try (EcrPublicClient client = client()) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new EcrPublicAuth(log, FAST).credentials(client));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().contains("expired"), e.getMessage());
      assertFalse(e.getMessage().contains("stale-password"), e.getMessage());
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetried() {
    String token = Base64.getEncoder().encodeToString("AWS:retried-password".getBytes(StandardCharsets.UTF_8));
    ecr.server().stubFor(operation("GetAuthorizationToken").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(error(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("throttled"));
    ecr.server().stubFor(operation("GetAuthorizationToken").inScenario("flaky").whenScenarioStateIs("throttled")
        .willReturn(error(503, "ServiceUnavailableException", "try later")).willSetStateTo("recovered"));
    ecr.server().stubFor(operation("GetAuthorizationToken").inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(ok("{\"authorizationData\":{\"authorizationToken\":\"" + token + "\",\"expiresAt\":" + LATER.getEpochSecond() + "}}")));
    try (EcrPublicClient client = client()) {
      assertEquals("retried-password", new EcrPublicAuth(log, FAST).credentials(client).password());
    }
    ecr.server().verify(exactly(3), requested("GetAuthorizationToken"));
    assertEquals(2, logged.stream().filter(l -> l.contains("retrying")).count(), logged.toString());
  }

  @Test
  void missingAwsCredentialsAreNamedWithTheFix() {
    clearAwsCredentials();
    System.setProperty("aws.disableEc2Metadata", "true");
    try (EcrPublicClient client = client()) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new EcrPublicAuth(log, FAST).credentials(client));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().startsWith("no AWS credentials for ECR Public"), e.getMessage());
      ecr.server().verify(exactly(0), requested("GetAuthorizationToken"));
    } finally {
      System.clearProperty("aws.disableEc2Metadata");
      awsCredentials();
    }
  }

  @Test
  void anUnreachableEndpointIsRemote() {
    URI endpoint = ecr.endpoint();
    ecr.close();
    try (EcrPublicClient client = EcrPublicClients.create(Optional.of(endpoint))) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new EcrPublicAuth(log, new Retry.Policy(1, Duration.ZERO)).credentials(client));
      assertEquals(ReleaseException.Kind.REMOTE, e.kind());
      assertTrue(e.getMessage().startsWith("cannot reach ECR Public"), e.getMessage());
    }
  }
}
