package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.ackrelease.steps.chart.ChartImage;
import dev.ackrelease.steps.registry.DockerHub;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How an image reference is split, one test per rule of the docker/distribution reference grammar
 * as google/go-containerregistry's {@code pkg/name} implements it, and agreement with Jib's
 * {@code ImageReference.parse}, which pulls the base.
 */
class ImageNameTest {

  static final String DIGEST = "sha256:" + "b".repeat(64);

  /** go-containerregistry pkg/name/digest.go NewDigest: the digest follows the one {@code @}. */
  @Test
  void theDigestFollowsTheAt() {
    ImageName n = ImageName.parse("quay.io/org/base@" + DIGEST);
    assertEquals(Optional.of(DIGEST), n.digest());
    assertEquals(Optional.empty(), n.tag());
    assertEquals("org/base", n.repository());
    assertEquals(DIGEST, n.qualifier());
  }

  /**
   * go-containerregistry pkg/name/digest.go NewDigest: a tag before the digest is read by NewTag
   * and the digest is what is pulled.
   */
  @Test
  void withTagAndDigestTheDigestIsTheQualifier() {
    ImageName n = ImageName.parse("quay.io/org/base:1.2@" + DIGEST);
    assertEquals(Optional.of("1.2"), n.tag());
    assertEquals(DIGEST, n.qualifier());
    assertEquals("org/base", n.repository());
  }

  /**
   * go-containerregistry pkg/name/tag.go NewTag: the tag is after the last {@code :} unless that
   * part holds a {@code /} (then the {@code :} is a host's port).
   */
  @Test
  void aColonBeforeASlashIsAPortNotATag() {
    ImageName port = ImageName.parse("localhost:5000/base");
    assertEquals("localhost:5000", port.registry());
    assertEquals("base", port.repository());
    assertEquals(Optional.of("latest"), port.tag());
    ImageName both = ImageName.parse("localhost:5000/team/base:v1");
    assertEquals("localhost:5000", both.registry());
    assertEquals("team/base", both.repository());
    assertEquals(Optional.of("v1"), both.tag());
  }

  /** go-containerregistry pkg/name/options.go DefaultTag: neither tag nor digest means {@code latest}. */
  @Test
  void neitherTagNorDigestMeansLatest() {
    assertEquals("latest", ImageName.parse("gcr.io/distroless/static").qualifier());
  }

  /**
   * go-containerregistry pkg/name/repository.go NewRepository: the first component is the host
   * when it is {@code localhost} or holds a {@code .} or {@code :}, else all of it is the
   * repository, on Docker Hub.
   */
  @Test
  void theFirstComponentIsAHostOnlyWithADotAColonOrLocalhost() {
    assertEquals("localhost", ImageName.parse("localhost/base").registry());
    assertEquals("public.ecr.aws", ImageName.parse("public.ecr.aws/eks-distro/base").registry());
    assertEquals("host:80", ImageName.parse("host:80/base").registry());
    ImageName hub = ImageName.parse("intranet/base:1");
    assertEquals(DockerHub.HOST, hub.registry());
    assertEquals("intranet/base", hub.repository());
    // The chart's image is read by the same rule (its Docker Hub is named docker.io).
    for (String host : List.of("localhost", "public.ecr.aws", "host:80")) {
      assertEquals(host, new ChartImage(host + "/base", "1").registryHost());
    }
    assertEquals("docker.io", new ChartImage("intranet/base", "1").registryHost());
    assertEquals("docker.io", new ChartImage("base", "1").registryHost());
  }

  /**
   * go-containerregistry pkg/name/repository.go hasImplicitNamespace and RepositoryStr: a
   * one-component repository on Docker Hub is in {@code library/}; elsewhere it is not.
   */
  @Test
  void aOneComponentDockerHubRepositoryIsInLibrary() {
    assertEquals("library/alpine", ImageName.parse("alpine").repository());
    assertEquals("library/alpine", ImageName.parse("library/alpine:3.20").repository());
    assertEquals("base", ImageName.parse("localhost/base").repository());
  }

  /**
   * go-containerregistry pkg/name/registry.go NewRegistry: {@code docker.io} is Docker Hub
   * ({@code index.docker.io}); named by the host Jib pulls from, with {@code library/} as for no host.
   */
  @Test
  void docker_ioAndIndex_docker_ioAreDockerHub() {
    for (String ref : List.of("docker.io/alpine", "index.docker.io/alpine", "registry-1.docker.io/alpine")) {
      ImageName n = ImageName.parse(ref);
      assertEquals(DockerHub.HOST, n.registry(), ref);
      assertEquals("library/alpine", n.repository(), ref);
    }
  }

  /**
   * Every reference of the table is split as Jib's {@code ImageReference.parse} splits it. Jib
   * departs from the grammar only for a one-component repository under {@code docker.io} or
   * {@code index.docker.io} ({@link #whereJibDepartsFromTheGrammarDockerHubStillHasLibrary}).
   */
  @Test
  void agreesWithJib() throws Exception {
    List<String> table = List.of("alpine", "alpine:3.20", "library/alpine", "intranet/base:1", "docker.io/library/alpine:3",
        "registry-1.docker.io/alpine", "docker.io/org/app:v1",
        "localhost/base", "localhost:5000/base", "localhost:5000/team/base:v1.2-rc_3", "127.0.0.1:5000/ack/base",
        "public.ecr.aws/eks-distro-build-tooling/eks-distro-minimal-base-nonroot:2026-08-18-1787079689.2023",
        "gcr.io/distroless/static", "quay.io/org/base@" + DIGEST, "quay.io/org/base:1.2@" + DIGEST, "alpine@" + DIGEST,
        "host.example:443/a/b/c/d:t", "my-registry.io/a__b/c--d/e.f:T1", BaseImage.ACK_DEFAULT_REF);
    for (String ref : table) {
      ImageReference jib = ImageReference.parse(ref);
      ImageName ours = ImageName.parse(ref);
      assertEquals(jib.getRegistry(), ours.registry(), ref + ": registry");
      assertEquals(jib.getRepository(), ours.repository(), ref + ": repository");
      assertEquals(jib.getQualifier(), ours.qualifier(), ref + ": what is pulled");
      assertEquals(jib.getDigest(), ours.digest(), ref + ": digest");
    }
  }

  /**
   * Jib reads {@code docker.io/alpine} as repository {@code alpine} and keeps {@code index.docker.io}
   * as a host; Docker and go-containerregistry (pkg/name/repository.go hasImplicitNamespace,
   * registry.go NewRegistry) read both as {@code library/alpine} on Docker Hub. The tag is looked
   * up there, and Jib pulls {@code repository()@digest}, which it reads the same way.
   */
  @Test
  void whereJibDepartsFromTheGrammarDockerHubStillHasLibrary() throws Exception {
    for (String ref : List.of("docker.io/alpine", "index.docker.io/alpine")) {
      assertEquals("alpine", ImageReference.parse(ref).getRepository(), ref + ": Jib's reading");
      ImageName ours = ImageName.parse(ref);
      String pulled = ours.registry() + "/" + ours.repository() + "@" + DIGEST;
      ImageReference jib = ImageReference.parse(pulled);
      assertEquals(DockerHub.HOST, jib.getRegistry(), pulled);
      assertEquals("library/alpine", jib.getRepository(), pulled);
    }
  }
}
