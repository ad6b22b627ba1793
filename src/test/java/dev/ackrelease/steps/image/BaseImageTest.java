package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.chart.HelmOciArtifact;
import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code --base-image} is read: as Docker, ko and Jib read an image reference. */
class BaseImageTest {

  static final Retry.Policy NO_WAIT = new Retry.Policy(2, Duration.ofMillis(10));
  static final String DIGEST = "sha256:" + "a".repeat(64);

  @TempDir Path tmp;

  @Test
  void aReferenceWithoutTagOrDigestResolvesTheTagLatest() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      String latest = BaseImages.push(server, tmp.resolve("base"), "ack/sample-base", "latest", "latest\n");
      BaseImage tagged = BaseImage.of(latest, server.plainAccess()).resolve(Log.NONE, NO_WAIT);

      BaseImage untagged = BaseImage.of(server.address() + "/ack/sample-base", server.plainAccess()).resolve(Log.NONE, NO_WAIT);

      assertEquals(tagged.digest(), untagged.digest());
      assertEquals(server.address() + "/ack/sample-base@" + untagged.digest().orElseThrow(), untagged.pullRef());
    }
  }

  @Test
  void aDigestIsTakenFromTheReferenceWithOrWithoutTagAfterOneLookUpOfThatDigest() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      String tagged = BaseImages.push(server, tmp.resolve("base"), "ack/sample-base", "1", "one\n");
      String digest = BaseImage.of(tagged, server.plainAccess()).resolve(Log.NONE, NO_WAIT).digest().orElseThrow();
      String byDigest = server.address() + "/ack/sample-base@" + digest;
      int before = server.requests().size();

      assertEquals(Optional.of(digest), BaseImage.of(byDigest, server.plainAccess()).resolve(Log.NONE, NO_WAIT).digest());
      BaseImage both = BaseImage.of(tagged + "@" + digest, server.plainAccess()).resolve(Log.NONE, NO_WAIT);

      assertEquals(Optional.of(digest), both.digest());
      assertEquals(byDigest, both.pullRef());
      // One GET of the manifest by digest each (the tag beside a digest is not looked up), nothing else.
      assertEquals(List.of("GET /v2/ack/sample-base/manifests/" + digest, "GET /v2/ack/sample-base/manifests/" + digest),
          server.requests().subList(before, server.requests().size()));
    }
  }

  @Test
  void aDigestTheRegistryLacksIsInvalidInputNamingTheReference() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      String missing = server.address() + "/ack/sample-base@" + DIGEST;

      ReleaseException e = assertThrows(ReleaseException.class,
          () -> BaseImage.of(missing, server.plainAccess()).resolve(Log.NONE, NO_WAIT));

      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
      assertEquals("base image " + missing + " does not exist in its registry: check --base-image (or eks_distro_version in"
          + " --build-config)", e.getMessage());
    }
  }

  @Test
  void aHelmChartByTagOrDigestIsNotABaseImage() throws Exception {
    try (RegistryServer server = RegistryServer.plain(tmp.resolve("registry"))) {
      String digest = BaseImages.pushArtifact(server, "ack/s3-chart", "0.0.1", HelmOciArtifact.CONFIG_MEDIA_TYPE);
      for (String ref : List.of(server.address() + "/ack/s3-chart:0.0.1", server.address() + "/ack/s3-chart@" + digest)) {
        ReleaseException e = assertThrows(ReleaseException.class,
            () -> BaseImage.of(ref, server.plainAccess()).resolve(Log.NONE, NO_WAIT), ref);

        assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("base image " + ref + " is not a container image (it is a Helm chart: its config is"
            + " application/vnd.cncf.helm.config.v1+json): pass --base-image an image"), e.getMessage());
      }
    }
  }

  @Test
  void aMalformedDigestIsReportedAsADigestNotAsCredentials() {
    for (String ref : List.of("public.ecr.aws/foo/bar@sha256:abc", "alpine@sha256:abc", "h/x@abc", "h/x:1@", "h/x@SHA256:"
        + "A".repeat(64), "h/x@sha256:" + "a".repeat(63), "h/x@sha512:" + "a".repeat(128))) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> BaseImage.of(ref), ref);

      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), ref);
      String digest = ref.substring(ref.lastIndexOf('@') + 1);
      assertTrue(e.getMessage().startsWith("--base-image's digest '" + digest + "' is not a valid digest (sha256: and 64"
          + " lower-case hex digits): pass --base-image HOST/REPOSITORY@sha256:"), ref + ": " + e.getMessage());
    }
  }

  /** A doubled @ before a digest is a typo in the reference, reported with the reference as it should read, not as credentials. */
  @Test
  void aDoubledAtBeforeADigestIsAMalformedReferenceNotCredentials() {
    for (String name : List.of("public.ecr.aws/foo/bar", "alpine", "h/x:1")) {
      for (String at : List.of("@@", "@@@")) {
        String ref = name + at + DIGEST;
        ReleaseException e = assertThrows(ReleaseException.class, () -> BaseImage.of(ref), ref);

        assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), ref);
        assertEquals("--base-image '" + ref + "' is not an image reference (more than one @ before its digest): pass --base-image "
            + name + "@" + DIGEST, e.getMessage());
        assertEquals(name + "@" + DIGEST, BaseImage.of(name + "@" + DIGEST).ref(), "the fix is a reference");
      }
    }
    ReleaseException bad = assertThrows(ReleaseException.class, () -> BaseImage.of("h/x@@sha256:abc"));
    assertTrue(bad.getMessage().startsWith("--base-image's digest 'sha256:abc' is not a valid digest"), bad.getMessage());
  }

  @Test
  void credentialsInTheReferenceAreRefusedWithoutEchoingThem() {
    for (String ref : List.of("user:pw-s3cret@host/repo", "user:pw-s3cret@host/repo:1", "user:pw-s3cret@host", "user:pw-s3cret@host:5000",
        "https://user:pw-s3cret@host", "user:p@ss-pw-s3cret@host/repo", "user:pw-s3cret@host/repo@" + DIGEST,
        "user:pw-s3cret@host/repo@@" + DIGEST, "user:pw-s3cret@alpine@@" + DIGEST, "user:pw/s3cret@host/repo@@" + DIGEST)) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> BaseImage.of(ref), ref);

      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), ref);
      assertTrue(e.getMessage().startsWith("--base-image carries credentials (user@ or user:password@): remove them"),
          ref + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
  }

  @Test
  void aFirstComponentThatIsNotAHostNamesDockerHubAsJibPullsIt() {
    // Jib's ImageReference.parse: a host has a '.' or a ':' or is localhost; else Docker Hub, library/ for one component.
    assertEquals("registry-1.docker.io/library/alpine", BaseImage.of("alpine").repository());
    assertEquals("registry-1.docker.io/library/alpine", BaseImage.of("library/alpine:3.20").repository());
    assertEquals("registry-1.docker.io/intranet/base", BaseImage.of("intranet/base:1").repository());
    assertEquals("localhost/base", BaseImage.of("localhost/base").repository());
    assertEquals("localhost:5000/base", BaseImage.of("localhost:5000/base:1").repository());
  }

  @Test
  void whatJibCannotPullIsInvalidInput() {
    for (String ref : new String[] {"Not A Reference", "h/x:", "h/x:.1", "h/X"}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> BaseImage.of(ref), ref);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), ref);
      assertTrue(e.getMessage().contains("--base-image '" + ref + "' is not an image reference: pass --base-image"), e.getMessage());
    }
  }

  /** Docker reserves scratch: it takes no tag or digest, and such a reference is refused before any look-up (it went to Docker Hub, exit 4). */
  @Test
  void scratchTakesNoTagOrDigest() {
    for (String ref : new String[] {"scratch@sha256:" + "0".repeat(64), "scratch:latest"}) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> BaseImage.of(ref), ref);
      assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), ref);
      assertTrue(e.getMessage().endsWith("scratch is no image and takes no tag or digest: pass --base-image scratch"), e.getMessage());
    }
    assertTrue(BaseImage.of("scratch").isScratch());
    assertEquals("registry-1.docker.io/library/scratchy", BaseImage.of("scratchy:1").repository(), "another name is an image");
  }
}
