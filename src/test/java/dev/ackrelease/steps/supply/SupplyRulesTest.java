package dev.ackrelease.steps.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.ReleaseException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who built it ({@link Builder}: an absolute URI in lower-case scheme and host, from the CI's
 * variables), what a check found ({@link Findings}), the public point of a key ({@link EcMath})
 * and an existing signature image's config as ggcr re-marshals it ({@link CosignImage}).
 */
class SupplyRulesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void githubActionsNamesTheWorkflowAtItsRefAndTheRunAttempt() {
    Builder b = Builder.of(Map.of("GITHUB_ACTIONS", "true", "GITHUB_WORKFLOW_REF", "org/repo/.github/workflows/r.yml@refs/tags/v1",
        "GITHUB_SERVER_URL", "https://github.example.com//", "GITHUB_REPOSITORY", "org/repo", "GITHUB_RUN_ID", "42"));
    assertEquals("https://github.example.com/org/repo/.github/workflows/r.yml@refs/tags/v1", b.id());
    assertEquals(Optional.of("https://github.example.com/org/repo/actions/runs/42/attempts/1"), b.invocationId());
    Builder noRun = Builder.of(Map.of("GITHUB_ACTIONS", "true", "GITHUB_WORKFLOW_REF", "org/repo/w.yml@refs/heads/main",
        "GITHUB_RUN_ID", "42"));
    assertEquals("https://github.com/org/repo/w.yml@refs/heads/main", noRun.id());
    assertEquals(Optional.empty(), noRun.invocationId());
    assertEquals(Optional.empty(), Builder.of(Map.of("GITHUB_ACTIONS", "true", "GITHUB_WORKFLOW_REF", "o/r/w.yml@x",
        "GITHUB_REPOSITORY", "o/r", "GITHUB_RUN_ID", " ")).invocationId());
    // Not Actions, or Actions without a workflow ref: a local build.
    assertEquals(Builder.LOCAL, Builder.of(Map.of("GITHUB_ACTIONS", "false", "GITHUB_WORKFLOW_REF", "o/r/w.yml@x")).id());
    assertEquals(Builder.LOCAL, Builder.of(Map.of("GITHUB_ACTIONS", "true", "GITHUB_WORKFLOW_REF", " ")).id());
  }

  @Test
  void prowNamesTheJobOnItsProwAndTheProwJob() {
    Builder ack = Builder.of(Map.of("PROW_JOB_ID", " id 1 ", "JOB_NAME", "s3 post"));
    assertEquals(Builder.ACK_PROW + "/?job=s3+post", ack.id());
    assertEquals(Optional.of(Builder.ACK_PROW + "/prowjob?prowjob=id+1"), ack.invocationId());
    Builder own = Builder.of(Map.of("PROW_JOB_ID", "p", "JOB_NAME", "j", "ACK_RELEASE_PROW_URL", " https://prow.example.com/ "));
    assertEquals("https://prow.example.com/?job=j", own.id());
    assertEquals(Builder.ACK_PROW + "/?job=j", Builder.of(Map.of("PROW_JOB_ID", "p", "JOB_NAME", "j", "ACK_RELEASE_PROW_URL", " ")).id());
    assertEquals(Builder.LOCAL, Builder.of(Map.of("PROW_JOB_ID", "p")).id());
    assertEquals(Builder.LOCAL, Builder.of(Map.of("JOB_NAME", "j")).id());
    assertEquals(new Builder(Builder.LOCAL, Optional.empty()), Builder.of(Map.of()));
    assertEquals("https://ci.example.com/x", Builder.of(Map.of("ACK_RELEASE_BUILDER_ID", " https://ci.example.com/x ",
        "PROW_JOB_ID", "p", "JOB_NAME", "j")).id(), "an explicit id wins and has no invocation");
  }

  @Test
  void anIdOrInvocationThatIsNoLowerCaseAbsoluteUriIsInvalidInput() {
    for (String bad : List.of("https://Example.com/x", "HTTPS://example.com/x", "mailto:x@example.com", "https:///path", "::")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> new Builder(bad, Optional.empty()), bad);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
      assertTrue(e.getMessage().startsWith("the builder id of the provenance is not an absolute URI ('" + bad + "')"), e.getMessage());
    }
    ReleaseException invocation = assertThrows(ReleaseException.class, () -> new Builder(Builder.LOCAL, Optional.of("not a uri")));
    assertTrue(invocation.getMessage().startsWith("the invocation id of the provenance"), invocation.getMessage());
    assertEquals("urn:ack:builder", new Builder("urn:ack:builder", Optional.empty()).id());
    String eighty = "https://example.com/" + "x".repeat(60);
    assertTrue(assertThrows(ReleaseException.class, () -> new Builder(eighty.replace("example", "EXAMPLE"), Optional.empty()))
        .getMessage().contains("('" + eighty.replace("example", "EXAMPLE") + "')"), "80 characters are shown whole");
    String long81 = "HTTPS://example.com/" + "y".repeat(61);
    assertTrue(assertThrows(ReleaseException.class, () -> new Builder(long81, Optional.empty())).getMessage()
        .contains("('" + long81.substring(0, 80) + "...')"));
  }

  @Test
  void findingsKeepTheirOrderAndFailOnlyOnProblems() {
    assertTrue(Findings.none().ok());
    assertFalse(Findings.problem("p").ok());
    List<String> problems = new ArrayList<>(List.of("p1"));
    Findings f = new Findings(problems, List.of("w1"));
    problems.add("later");
    assertEquals(List.of("p1"), f.problems(), "a copy");
    Findings both = f.and(new Findings(List.of("p2"), List.of("w2")));
    assertEquals(List.of("p1", "p2"), both.problems());
    assertEquals(List.of("w1", "w2"), both.warnings());
    assertTrue(new Findings(List.of(), List.of("only a warning")).ok());
  }

  @Test
  void thePublicPointIsTheJdksForRandomKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    for (int i = 0; i < 5; i++) {
      KeyPair kp = g.generateKeyPair();
      ECPrivateKey priv = (ECPrivateKey) kp.getPrivate();
      assertEquals(((ECPublicKey) kp.getPublic()).getW(), EcMath.multiply(priv.getParams(), priv.getS()));
    }
    ECPrivateKey any = (ECPrivateKey) g.generateKeyPair().getPrivate();
    assertEquals(any.getParams().getGenerator(), EcMath.multiply(any.getParams(), BigInteger.ONE));
    assertEquals(ECPoint.POINT_INFINITY, EcMath.multiply(any.getParams(), BigInteger.ZERO));
    assertEquals(ECPoint.POINT_INFINITY, EcMath.multiply(any.getParams(), any.getParams().getOrder()), "n·G is the point at infinity");
  }

  @Test
  void anExistingConfigIsReMarshalledInGgcrsFieldOrderWithTheNewLayerAdded() throws Exception {
    JsonNode base = JSON.readTree("""
        {"variant":"v8","os.version":"10","config":{"Labels":{"a":"b"}},"rootfs":{"diff_ids":["sha256:1"],"type":"layers"},
         "os":"linux","history":[{"comment":"c","created_by":"cosign","created":"2020-01-01T00:00:00Z","author":"me",
         "empty_layer":true},{"empty_layer":false}],"docker_version":"20","created":"2021-01-01T00:00:00Z","container":"ctr",
         "author":"someone","architecture":"amd64","unknown":"dropped"}""");
    CosignImage.Layer added = CosignImage.Layer.of("text/plain", "x".getBytes(StandardCharsets.UTF_8), Map.of());
    CosignImage.Built built = CosignImage.append(Optional.of(base), List.of(), List.of(added));
    assertEquals("{\"architecture\":\"amd64\",\"author\":\"someone\",\"container\":\"ctr\",\"created\":\"2021-01-01T00:00:00Z\","
        + "\"docker_version\":\"20\",\"history\":[{\"author\":\"me\",\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"cosign\","
        + "\"comment\":\"c\",\"empty_layer\":true},{\"created\":\"0001-01-01T00:00:00Z\"},{\"created\":\"0001-01-01T00:00:00Z\"}],"
        + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:1\",\"" + added.digest() + "\"]},\"config\":"
        + "{\"Labels\":{\"a\":\"b\"}},\"os.version\":\"10\",\"variant\":\"v8\"}", new String(built.config(), StandardCharsets.UTF_8));
  }

  @Test
  void aConfigGgcrCannotReadIsReplacedByCosignsEmptyOneAndMissingPartsAreEmpty() throws Exception {
    CosignImage.Layer added = CosignImage.Layer.of("text/plain", "x".getBytes(StandardCharsets.UTF_8), Map.of());
    CosignImage.Built fromArray = CosignImage.append(Optional.of(JSON.readTree("[1]")), List.of(), List.of(added));
    assertEquals(new String(CosignImage.of(List.of(added)).config(), StandardCharsets.UTF_8),
        new String(fromArray.config(), StandardCharsets.UTF_8));
    CosignImage.Built fromEmpty = CosignImage.append(Optional.of(JSON.readTree("{\"config\":\"not an object\"}")), List.of(),
        List.of());
    assertEquals("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"os\":\"\",\"rootfs\":{\"type\":\"\",\"diff_ids\":[]},"
        + "\"config\":{}}", new String(fromEmpty.config(), StandardCharsets.UTF_8), "no history: none written");
  }

  @Test
  void theLayersOfAManifestAreReadBackAsDescriptors() throws Exception {
    CosignImage.Layer a = CosignImage.Layer.of("text/plain", "a".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"));
    CosignImage.Layer b = CosignImage.Layer.of("text/other", "bb".getBytes(StandardCharsets.UTF_8), Map.of());
    CosignImage.Built built = CosignImage.append(Optional.empty(), List.of(a), List.of(b));
    assertEquals(List.of(a, b), CosignImage.layers(JSON.readTree(built.manifest())));
    assertEquals(List.of(a, b), built.layers());
    assertEquals(List.of(), CosignImage.layers(JSON.readTree("{}")));
  }
}
