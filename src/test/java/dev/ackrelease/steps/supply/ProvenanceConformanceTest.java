package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.ReleaseException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SLSA v1 provenance in an in-toto Statement v1, rule by rule, each test naming the upstream
 * text it follows (slsa-framework/slsa spec/build-provenance.md, in-toto/attestation
 * spec/v1/statement.md and spec/v1/field_types.md, at the fetched HEAD).
 */
class ProvenanceConformanceTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String IMAGE = "sha256:" + "a".repeat(64);
  static final String CHART = "sha256:" + "b".repeat(64);

  static Provenance.Build build() {
    return new Provenance.Build("s3", "v1.2.3", "public.ecr.aws/aws-controllers-k8s", List.of("linux/amd64", "linux/arm64"),
        "release", "https://github.com/aws-controllers-k8s/s3-controller", "c".repeat(40),
        Optional.of("public.ecr.aws/eks-distro-build-tooling/eks-distro-minimal-base-nonroot:2026-08-18-1787079689.2023"),
        Optional.of("sha256:" + "d".repeat(64)), Optional.of("go1.26.5"), Optional.of("./cmd/controller"));
  }

  static JsonNode statement(Map<String, String> env) throws Exception {
    return JSON.readTree(Provenance.statement(List.of(
        new Provenance.Subject("public.ecr.aws/aws-controllers-k8s/s3-controller", IMAGE),
        new Provenance.Subject("public.ecr.aws/aws-controllers-k8s/s3-chart", CHART)), build(), Builder.of(env)));
  }

  static final Map<String, String> PROW = Map.of("PROW_JOB_ID", "4f1c0c0e-8a7b-11ef-9d2b-0a58a9feac02", "JOB_NAME", "s3-post-submit",
      "BUILD_ID", "1849234567890", "JOB_TYPE", "postsubmit");
  static final Map<String, String> ACTIONS = Map.of("GITHUB_ACTIONS", "true", "GITHUB_SERVER_URL", "https://github.com",
      "GITHUB_REPOSITORY", "aws-controllers-k8s/s3-controller", "GITHUB_RUN_ID", "9876543210", "GITHUB_RUN_ATTEMPT", "2",
      "GITHUB_WORKFLOW_REF", "aws-controllers-k8s/s3-controller/.github/workflows/release.yml@refs/tags/v1.2.3");

  /**
   * slsa spec/build-provenance.md "Builder": {@code id} is a TypeURI; in-toto spec/v1/field_types.md
   * "TypeURI": an RFC 3986 URI, case normalised. Locally, on Prow and on GitHub Actions.
   */
  @Test
  void builderIdIsAnAbsoluteUriEverywhere() throws Exception {
    for (Map<String, String> env : List.of(Map.<String, String>of(), PROW, ACTIONS)) {
      String id = statement(env).at("/predicate/runDetails/builder/id").asText();
      URI uri = new URI(id);
      assertTrue(uri.isAbsolute() && uri.getHost() != null, id);
      assertEquals(uri.getHost().toLowerCase(Locale.ROOT), uri.getHost(), id);
    }
  }

  /**
   * slsa spec/build-provenance.md: {@code builder.id} is "the transitive closure of the trusted
   * build platform" (what a policy pins: the same for every run of that platform), while
   * {@code runDetails.metadata.invocationId} "identifies this particular build invocation".
   * So the run's id is in the invocation, never in the builder.
   */
  @Test
  void thePerRunIdIsTheInvocationNotTheBuilder() throws Exception {
    JsonNode prow = statement(PROW).at("/predicate/runDetails");
    assertEquals("https://prow.ack.aws.dev/?job=s3-post-submit", prow.at("/builder/id").asText());
    assertEquals("https://prow.ack.aws.dev/prowjob?prowjob=4f1c0c0e-8a7b-11ef-9d2b-0a58a9feac02",
        prow.at("/metadata/invocationId").asText());
    JsonNode actions = statement(ACTIONS).at("/predicate/runDetails");
    assertEquals("https://github.com/aws-controllers-k8s/s3-controller/.github/workflows/release.yml@refs/tags/v1.2.3",
        actions.at("/builder/id").asText());
    assertEquals("https://github.com/aws-controllers-k8s/s3-controller/actions/runs/9876543210/attempts/2",
        actions.at("/metadata/invocationId").asText());
    // Another run of the same job: another invocation, the same builder.
    Map<String, String> rerun = new HashMap<>(PROW);
    rerun.put("PROW_JOB_ID", "00000000-0000-0000-0000-000000000001");
    rerun.put("BUILD_ID", "2");
    JsonNode again = statement(rerun).at("/predicate/runDetails");
    assertEquals(prow.at("/builder/id"), again.at("/builder/id"));
    assertFalse(prow.at("/metadata/invocationId").equals(again.at("/metadata/invocationId")));
    assertFalse(statement(Map.of()).at("/predicate/runDetails").has("metadata"), "a local build has no invocation to name");
  }

  /**
   * slsa spec/build-provenance.md "BuildDefinition": {@code externalParameters} are "the
   * parameters that are under external control" and MUST be complete; {@code --base-image} and
   * {@code --main-package} change what is built, so both are there.
   */
  @Test
  void externalParametersNameTheBaseImageAndMainPackage() throws Exception {
    JsonNode external = statement(Map.of()).at("/predicate/buildDefinition/externalParameters");
    assertEquals(build().baseImage().get(), external.get("baseImage").asText());
    assertEquals("./cmd/controller", external.get("mainPackage").asText());
  }

  /**
   * in-toto spec/v1/statement.md: {@code _type} is {@code https://in-toto.io/Statement/v1}, each
   * subject has a {@code name} and a {@code digest} map of algorithm to lower-case hex;
   * {@code predicateType} is SLSA's {@code https://slsa.dev/provenance/v1}.
   */
  @Test
  void theStatementIsAnInTotoStatementV1() throws Exception {
    JsonNode s = statement(Map.of());
    assertEquals("https://in-toto.io/Statement/v1", s.get("_type").asText());
    assertEquals("https://slsa.dev/provenance/v1", s.get("predicateType").asText());
    assertEquals("a".repeat(64), s.at("/subject/0/digest/sha256").asText());
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-chart", s.at("/subject/1/name").asText());
    assertEquals(List.of("_type", "subject", "predicateType", "predicate"), List.copyOf(iterable(s)));
  }

  /** A builder id that is not a URI (in-toto field_types.md TypeURI) is bad input, exit 2, never a statement. */
  @Test
  void aBuilderIdThatIsNoUriIsInvalidInput() {
    for (String bad : List.of("local", "my builder", "HTTPS://Example.com/x", "/relative/path")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> Builder.of(Map.of("ACK_RELEASE_BUILDER_ID", bad)), bad);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), bad);
    }
    assertEquals("https://ci.example.com/jobs/release", Builder.of(Map.of("ACK_RELEASE_BUILDER_ID", "https://ci.example.com/jobs/release")).id());
  }

  static List<String> iterable(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
