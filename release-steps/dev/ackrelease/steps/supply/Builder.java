package dev.ackrelease.steps.supply;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Variables;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who runs a build, as SLSA v1 provenance names it: {@code runDetails.builder.id}, a URI for the
 * trusted build platform that stays the same from run to run (what a policy pins), and
 * {@code runDetails.metadata.invocationId}, the URI of this one run (SLSA v1 "Provenance":
 * builder.id is a TypeURI identifying the transitive closure of the trusted build platform;
 * invocationId identifies this particular build).
 * <ul>
 *   <li>{@code ACK_RELEASE_BUILDER_ID} set: that URI (and no invocation id);</li>
 *   <li>GitHub Actions: the workflow at its ref,
 *       {@code $GITHUB_SERVER_URL/$GITHUB_WORKFLOW_REF} (the identity GitHub's OIDC token and a
 *       keyless cosign certificate carry); the invocation is the run attempt's URL;</li>
 *   <li>Prow (a decorated job sets {@code PROW_JOB_ID} and {@code JOB_NAME}): the job on its Prow,
 *       {@code <prow>/?job=<JOB_NAME>} with {@code <prow>} from {@code ACK_RELEASE_PROW_URL}, else
 *       ACK's {@value #ACK_PROW}; the invocation is Deck's page of the ProwJob;</li>
 *   <li>else {@value #LOCAL}: someone ran it by hand.</li>
 * </ul>
 */
public record Builder(String id, Optional<String> invocationId) {

  public static final String LOCAL = "https://github.com/aws-controllers-k8s/ack-release/builders/local";
  public static final String ACK_PROW = "https://prow.ack.aws.dev";

  public Builder {
    requireUri(id, "the builder id");
    invocationId.ifPresent(i -> requireUri(i, "the invocation id"));
  }

  /** The builder of a run with this environment; a variable that makes no URI is exit 2. */
  public static Builder of(Map<String, String> env) {
    String explicit = env.getOrDefault(Variables.BUILDER_ID, "");
    if (!explicit.isBlank()) {
      return new Builder(explicit.strip(), Optional.empty());
    }
    if ("true".equals(env.get("GITHUB_ACTIONS")) && present(env, "GITHUB_WORKFLOW_REF")) {
      String server = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com").replaceFirst("/+$", "");
      Optional<String> run = present(env, "GITHUB_REPOSITORY") && present(env, "GITHUB_RUN_ID")
          ? Optional.of(server + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/" + env.get("GITHUB_RUN_ID")
              + "/attempts/" + env.getOrDefault("GITHUB_RUN_ATTEMPT", "1"))
          : Optional.empty();
      return new Builder(server + "/" + env.get("GITHUB_WORKFLOW_REF"), run);
    }
    if (present(env, "PROW_JOB_ID") && present(env, "JOB_NAME")) {
      String prow = env.getOrDefault(Variables.PROW_URL, "").isBlank() ? ACK_PROW
          : env.get(Variables.PROW_URL).strip().replaceFirst("/+$", "");
      return new Builder(prow + "/?job=" + query(env.get("JOB_NAME")),
          Optional.of(prow + "/prowjob?prowjob=" + query(env.get("PROW_JOB_ID"))));
    }
    return new Builder(LOCAL, Optional.empty());
  }

  private static boolean present(Map<String, String> env, String name) {
    return !env.getOrDefault(name, "").isBlank();
  }

  private static String query(String value) {
    return URLEncoder.encode(value.strip(), StandardCharsets.UTF_8);
  }

  /**
   * An absolute URI, case normalised (scheme and host in lower case, RFC 3986 6.2.2.1), as
   * in-toto's TypeURI requires (in-toto/attestation spec/v1/field_types.md "TypeURI"; SLSA
   * spec/build-provenance.md types {@code builder.id} as a TypeURI).
   */
  private static void requireUri(String value, String what) {
    boolean ok;
    try {
      URI uri = new URI(value);
      ok = uri.isAbsolute() && (uri.getHost() != null || "urn".equals(uri.getScheme()))
          && uri.getScheme().equals(uri.getScheme().toLowerCase(Locale.ROOT))
          && (uri.getHost() == null || uri.getHost().equals(uri.getHost().toLowerCase(Locale.ROOT)));
    } catch (URISyntaxException e) {
      ok = false;
    }
    if (!ok) {
      String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
      throw ReleaseException.invalidInput(what + " of the provenance is not an absolute URI ('" + shown + "'): set"
          + " ACK_RELEASE_BUILDER_ID to a URI such as https://ci.example.com/jobs/release, or unset it");
    }
  }
}
