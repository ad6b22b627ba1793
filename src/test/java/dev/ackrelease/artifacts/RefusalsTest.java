package dev.ackrelease.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.artifacts.Fixtures.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid input and refusal of build-artifacts: the exit code, the one-line message, and
 * not one byte changed in the controller (validation happens before any write).
 */
class RefusalsTest {

  private static final String VALUES = "helm/values.yaml";
  private static final String CHART = "helm/Chart.yaml";
  private static final String NOTES = "helm/templates/NOTES.txt";
  private static final String KUSTOMIZATION = "config/controller/kustomization.yaml";

  private static final List<String> V182 = List.of("v1.8.2");

  @TempDir Path tmp;

  /** A broken controller: what to break, the version and other arguments, exit code, message (%s = controller dir). */
  static Stream<Arguments> cases() {
    return Stream.of(
        refusal("malformed YAML", replace(VALUES, "  tag: \"1.8.1\"", "  tag: [\"1.8.1\""), V182, 2,
            "helm/values.yaml:9: not valid YAML (while parsing a flow sequence): fix the YAML"),
        refusal("missing key", replace(VALUES, "  tag: \"1.8.1\"\n", ""), V182, 2,
            "helm/values.yaml:6: image.tag is missing: add it"),
        refusal("mapping instead of a string", replace(VALUES, "  tag: \"1.8.1\"", "  tag:\n    version: 1.8.1"),
            V182, 2, "helm/values.yaml:9: image.tag must be a string, not a mapping: fix the value"),
        refusal("empty value", replace(VALUES, "  tag: \"1.8.1\"", "  tag:"), V182, 2,
            "helm/values.yaml:9: image.tag must be a string, not empty: fix the value"),
        refusal("boolean value", replace(CHART, "appVersion: \"1.8.1\"", "appVersion: true"), V182, 2,
            "helm/Chart.yaml:7: appVersion must be a string, not a boolean: fix the value"),
        refusal("multi-line scalar", replace(VALUES, "  tag: \"1.8.1\"", "  tag: >-\n    1.8.1"), V182, 2,
            "helm/values.yaml:9: image.tag is not a plain or quoted scalar on one line: write it as tag: VALUE"),
        refusal("duplicate key", replace(CHART, "appVersion: \"1.8.1\"", "appVersion: \"1.8.1\"\nversion: 1.8.0"),
            V182, 2, "helm/Chart.yaml:8: duplicate key version: remove one of them"),
        refusal("missing file", dir -> delete(dir.resolve(NOTES)), V182, 2,
            "helm/templates/NOTES.txt is missing in %s: restore it from git (a release changes it, it does not create it)"),
        refusal("NOTES.txt without the image line", replace(NOTES, "This chart deploys", "This chart installs"),
            V182, 2, "helm/templates/NOTES.txt:1: no line This chart deploys \"<image>\".: add it"),
        refusal("no controller image in the kustomization", replace(KUSTOMIZATION, "- name: controller", "- name: manager"),
            V182, 2, "config/controller/kustomization.yaml:6: images has no entry with name: controller: keep exactly one"),
        refusal("malformed kustomization after valid helm files", replace(KUSTOMIZATION, "kind: Kustomization",
            "kind: [Kustomization"), V182, 2,
            "config/controller/kustomization.yaml:6: not valid YAML (while parsing a flow sequence): fix the YAML"),
        refusal("another controller's chart", replace(CHART, "name: s3-chart", "name: ec2-chart"), V182, 3,
            "helm/Chart.yaml:4: chart name is ec2-chart, not s3-chart: this is not the s3 controller; pass the right"
                + " --service or --controller-dir"),
        refusal("version without v", dir -> { }, List.of("1.8.2"), 2,
            "release version '1.8.2' has no leading 'v': pass v1.8.2"),
        refusal("pre-release version", dir -> { }, List.of("v1.8.2-rc.1"), 2,
            "'v1.8.2-rc.1' is a pre-release; ACK releases have no pre-release part: expected vMAJOR.MINOR.PATCH, for"
                + " example v1.8.2"),
        refusal("image repository with a tag", dir -> { }, List.of("v1.8.2", "--image-repository", "example.com/s3:1.0"), 2,
            "image repository 'example.com/s3:1.0' is not a repository name: pass one without tag, digest or credentials, for example"
                + " public.ecr.aws/aws-controllers-k8s/s3-controller"),
        refusal("--check with --dry-run", dir -> { }, List.of("v1.8.2", "--check", "--dry-run"), 2,
            "--check and --dry-run do not go together: pass one of them"),
        refusal("no version and no git repository", dir -> { }, List.of(), 2,
            "no VERSION given and %s is not in a git repository: pass the version, e.g. ack-release build-artifacts v1.2.3"));
  }

  private static Arguments refusal(String name, Consumer<Path> breakIt, List<String> args, int code, String message) {
    return Arguments.of(name, breakIt, args, code, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithOneLineAndChangesNothing(String name, Consumer<Path> breakIt, List<String> args, int code,
      String message) {
    Path dir = Fixtures.copy(Fixtures.QUOTED_BEFORE, tmp);
    breakIt.accept(dir);
    Map<String, byte[]> before = Fixtures.tree(dir);

    List<String> argv = new ArrayList<>(List.of("build-artifacts", "-q", "--service", "s3", "--controller-dir", dir.toString()));
    argv.addAll(args);
    Run run = Fixtures.cli(argv.toArray(String[]::new));

    assertEquals(code, run.exitCode(), run.err());
    assertEquals("error: " + message.replace("%s", dir.toString()) + "\n", run.err());
    assertEquals("", run.out());
    Fixtures.assertSameTree(before, Fixtures.tree(dir));
  }

  private static Consumer<Path> replace(String file, String from, String to) {
    return dir -> Fixtures.replaceOnce(dir.resolve(file), from, to);
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
