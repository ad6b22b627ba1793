package dev.ackrelease.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The ECR Public API (JSON 1.1, {@code SpencerFrontendService.*} targets) served by WireMock on
 * 127.0.0.1, for the real AWS SDK client. Only this stands in: registries in tests are real.
 */
public final class EcrPublicStub implements AutoCloseable {

  private static final String JSON_11 = "application/x-amz-json-1.1";
  private final WireMockServer server;

  public EcrPublicStub() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public WireMockServer server() {
    return server;
  }

  public static MappingBuilder operation(String name) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SpencerFrontendService." + name));
  }

  public static RequestPatternBuilder requested(String name) {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SpencerFrontendService." + name));
  }

  public static ResponseDefinitionBuilder ok(String json) {
    return aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody(json);
  }

  public static ResponseDefinitionBuilder error(int status, String type, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", JSON_11)
        .withBody("{\"__type\":\"com.amazonaws.ecr.public#" + type + "\",\"message\":\"" + message + "\"}");
  }

  /** GetAuthorizationToken answers base64("user:password"), valid until {@code expiresAt}. */
  public void token(String user, String password, Instant expiresAt) {
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server.stubFor(operation("GetAuthorizationToken").willReturn(ok(
        "{\"authorizationData\":{\"authorizationToken\":\"" + token + "\",\"expiresAt\":" + expiresAt.getEpochSecond() + "}}")));
  }

  /**
   * GetAuthorizationToken answers base64("user:password") for each password in turn, the last
   * one from then on: a token that expired mid-run followed by a fresh one.
   */
  public void tokens(String user, List<String> passwords, Instant expiresAt) {
    String scenario = "tokens-" + UUID.randomUUID();
    for (int i = 0; i < passwords.size(); i++) {
      String token = Base64.getEncoder().encodeToString((user + ":" + passwords.get(i)).getBytes(StandardCharsets.UTF_8));
      ScenarioMappingBuilder m = operation("GetAuthorizationToken").inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "token-" + i);
      if (i < passwords.size() - 1) {
        m = m.willSetStateTo("token-" + (i + 1));
      }
      server.stubFor(m.willReturn(ok("{\"authorizationData\":{\"authorizationToken\":\"" + token + "\",\"expiresAt\":"
          + expiresAt.getEpochSecond() + "}}")));
    }
  }

  /** DescribeRepositories for {@code name}: found or RepositoryNotFoundException. */
  public void repository(String name, boolean exists) {
    MappingBuilder describe = operation("DescribeRepositories").withRequestBody(matchingJsonPath("$.repositoryNames[0]", equalTo(name)));
    server.stubFor(describe.willReturn(exists
        ? ok("{\"repositories\":[{\"repositoryName\":\"" + name + "\",\"registryId\":\"123456789012\",\"repositoryUri\":\"public.ecr.aws/ack/" + name + "\"}]}")
        : error(400, "RepositoryNotFoundException", "The repository with name '" + name + "' does not exist")));
    server.stubFor(operation("CreateRepository").withRequestBody(matchingJsonPath("$.repositoryName", equalTo(name))).willReturn(
        ok("{\"repository\":{\"repositoryName\":\"" + name + "\",\"registryId\":\"123456789012\",\"repositoryUri\":\"public.ecr.aws/ack/" + name + "\"}}")));
  }

  @Override
  public void close() {
    server.stop();
  }
}
