package dev.ackrelease.steps.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.steps.github.GitHubTarget;
import dev.ackrelease.steps.github.GitHubToken;
import dev.ackrelease.steps.graph.Graph;
import dev.ackrelease.steps.kinds.GitHubReleaseKind;
import dev.ackrelease.steps.kinds.Ledger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The publish graph of each mode, built and read without running it: which steps there are and
 * what waits for what. Nothing is checked, built or pushed (the first step would throw).
 */
class PublishGraphTest {

  final PublishGraph graphs = new PublishGraph(Log.NONE, Retry.Policy.DEFAULT);

  static PublishGraph.Wiring wiring(boolean dryRun, boolean verify, boolean sbom, boolean sign, boolean layout) {
    return new PublishGraph.Wiring(() -> {
      throw new AssertionError("the shape is read without running");
    }, new Ledger(), dryRun, verify, sbom, sign, layout, r -> {
      throw new AssertionError("the shape is read without running");
    });
  }

  @Test
  void aReleaseBuildsImageAndChartSideBySidePushesTheChartAfterTheImageAndVerifiesLast() {
    Graph g = graphs.release(wiring(false, true, false, false, false));

    assertEquals(List.of("check-inputs", "decide-image", "decide-chart", "build-binaries", "build-image", "push-image",
        "package-chart", "push-chart", "verify"), g.names());
    assertEquals(List.of("check-inputs -> decide-image", "check-inputs -> decide-chart", "check-inputs -> build-binaries",
        "decide-image -> build-binaries", "build-binaries -> build-image", "build-image -> push-image",
        "check-inputs -> package-chart", "decide-chart -> package-chart", "package-chart -> push-chart",
        "push-image -> push-chart", "push-image -> verify", "push-chart -> verify"), g.edges());
  }

  @Test
  void aSignedReleaseAddsTheSbomThenSignaturesAndProvenanceBeforeTheReadBack() {
    Graph g = graphs.release(wiring(false, true, true, true, true));

    assertEquals(List.of("check-inputs", "decide-image", "decide-chart", "build-binaries", "build-image", "write-oci-layout",
        "push-image", "package-chart", "push-chart", "describe-image", "decide-sbom", "build-sbom", "push-sbom",
        "choose-signed", "decide-signature", "build-signature", "push-signature", "choose-attested", "decide-provenance",
        "build-provenance", "push-provenance", "verify"), g.names());
    List<String> edges = g.edges();
    for (String edge : List.of("build-image -> write-oci-layout", "write-oci-layout -> push-image", "push-image -> describe-image",
        "build-binaries -> describe-image", "push-sbom -> choose-signed", "push-image -> choose-signed",
        "push-chart -> choose-signed", "push-image -> choose-attested", "push-chart -> choose-attested",
        "push-signature -> choose-attested",
        "push-signature -> verify", "push-provenance -> verify", "push-sbom -> verify")) {
      assertEquals(true, edges.contains(edge), edge + " in " + edges);
    }
    assertEquals(false, edges.contains("push-sbom -> choose-attested"), "provenance names the image and the chart only");
  }

  @Test
  void aDryRunIsTheSameGraphWithWouldPushStepsAndNoReadBack() {
    Graph real = graphs.release(wiring(false, true, true, true, false));
    Graph dry = graphs.release(wiring(true, true, true, true, false));

    List<String> expected = real.names().stream().filter(n -> !n.equals("verify")).map(n -> n.replaceFirst("^push-", "would-push-"))
        .toList();
    assertEquals(expected, dry.names());
    assertEquals(real.edges().stream().filter(e -> !e.endsWith("-> verify")).map(e -> e.replace("push-", "would-push-")
        .replace("would-would-", "would-")).toList(), dry.edges());
  }

  @Test
  void stableIsTheChartAloneAndItsSupplyChain() {
    assertEquals(List.of("check-inputs", "decide-chart", "package-chart", "push-chart", "verify"),
        graphs.stable(wiring(false, true, false, false, false)).names());
    Graph signed = graphs.stable(wiring(false, true, false, true, false));
    assertEquals(List.of("check-inputs", "decide-chart", "package-chart", "push-chart", "choose-signed", "decide-signature",
        "build-signature", "push-signature", "choose-attested", "decide-provenance", "build-provenance", "push-provenance",
        "verify"), signed.names());
    assertEquals(false, signed.names().stream().anyMatch(n -> n.contains("image") || n.contains("sbom")), "no image in stable mode");
  }

  @Test
  void planIsCutAfterTheDecisions() {
    Graph release = graphs.plan(wiring(false, false, false, false, false), false);
    assertEquals(List.of("check-inputs", "decide-image", "decide-chart"), release.names());
    assertEquals(List.of("check-inputs -> decide-image", "check-inputs -> decide-chart"), release.edges());
    assertEquals(List.of("check-inputs", "decide-chart"), graphs.plan(wiring(false, false, false, false, false), true).names());
  }

  /** {@code publish --github-release}: after every push (the SBOM, signatures and provenance too), before the read-back; never in stable mode. */
  @Test
  void theGitHubReleaseIsTheLastStepBeforeTheReadBack() {
    GitHubReleaseKind kind = new GitHubReleaseKind(Log.NONE, Retry.Policy.DEFAULT, new GitHubReleaseKind.Config(GitHubTarget.resolve(
        Optional.empty(), Optional.of("aws-controllers-k8s/s3-controller"), Map.of(), Optional.empty(), "s3"),
        GitHubToken.of("ghp_graphTestToken0123456789"), false));
    PublishGraph withGitHub = new PublishGraph(Log.NONE, Retry.Policy.DEFAULT).withGitHubRelease(kind);

    Graph g = withGitHub.release(wiring(false, true, true, true, false));

    List<String> names = g.names();
    assertEquals(List.of("choose-released", "decide-github-release", "build-github-release", "push-github-release", "verify"),
        names.subList(names.size() - 5, names.size()));
    List<String> edges = g.edges();
    assertEquals(List.of("push-github-release -> verify"), edges.stream().filter(e -> e.endsWith("-> verify")).toList(),
        "verify waits for the GitHub release, which waits for every push");
    assertEquals(List.of("push-image -> choose-released", "push-chart -> choose-released", "push-sbom -> choose-released",
        "push-signature -> choose-released", "push-provenance -> choose-released"), edges.stream()
        .filter(e -> e.endsWith("-> choose-released")).sorted(Comparator.comparing(e -> List.of("push-image",
            "push-chart", "push-sbom", "push-signature", "push-provenance").indexOf(e.substring(0, e.indexOf(' '))))).toList());
    assertEquals(false, withGitHub.stable(wiring(false, true, false, true, false)).names().stream()
        .anyMatch(n -> n.contains("github")), "a stable publish makes no GitHub release");
    assertEquals(true, withGitHub.release(wiring(true, true, true, true, false)).names().contains("would-push-github-release"));
  }
}
