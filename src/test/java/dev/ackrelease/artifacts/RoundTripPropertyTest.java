package dev.ackrelease.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.artifacts.BuildArtifacts;
import dev.ackrelease.steps.artifacts.BuildArtifacts.Mode;
import dev.ackrelease.steps.artifacts.ReleaseArtifacts;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** For random version pairs and repositories, rewriting A → B → A gives back the original bytes. */
class RoundTripPropertyTest {

  private static final List<String> REPOSITORIES = List.of(
      "public.ecr.aws/aws-controllers-k8s/s3-controller",
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ack/s3-controller",
      "localhost:5000/s3-controller",
      "ghcr.io/some-org/s3");

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.REAL_BEFORE, Fixtures.QUOTED_BEFORE})
  void rewritingThereAndBackRestoresEveryByte(String fixture) {
    Path dir = Fixtures.copy(fixture, tmp);
    Map<String, byte[]> original = Fixtures.tree(dir);
    ReleaseArtifacts.Artifacts start = ReleaseArtifacts.read(dir);
    ReleaseVersion a = ReleaseVersion.parseTag("v" + start.imageTag());
    String repoA = start.imageRepository();
    Random random = new Random(fixture.hashCode());

    for (int i = 0; i < 60; i++) {
      ReleaseVersion b = randomVersion(random);
      String repoB = REPOSITORIES.get(random.nextInt(REPOSITORIES.size()));

      build(dir, b, repoB);
      assertEquals(List.of(), ReleaseArtifacts.check(dir, "s3", b, repoB), "after " + a + " -> " + b);
      build(dir, a, repoA);

      Fixtures.assertSameTree(original, Fixtures.tree(dir));
    }
  }

  private static void build(Path dir, ReleaseVersion version, String repository) {
    new BuildArtifacts(Log.NONE).run(new BuildArtifacts.Request(dir, dir, "s3", version.tag(), repository, Mode.WRITE));
  }

  private static ReleaseVersion randomVersion(Random random) {
    int[] scale = {1, 10, 100, 100000};
    return new ReleaseVersion(random.nextInt(scale[random.nextInt(4)]), random.nextInt(scale[random.nextInt(4)]),
        random.nextInt(scale[random.nextInt(4)]));
  }
}
