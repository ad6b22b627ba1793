package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.Retry;
import dev.ackrelease.testing.BaseImages;
import dev.ackrelease.testing.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
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
  void aDigestIsTakenFromTheReferenceWithOrWithoutTag() {
    // No access and no registry: a reference with a digest needs no look-up.
    assertEquals(Optional.of(DIGEST), BaseImage.of("127.0.0.1:5000/a/b@" + DIGEST).resolve(Log.NONE, NO_WAIT).digest());
    BaseImage both = BaseImage.of("127.0.0.1:5000/a/b:1@" + DIGEST).resolve(Log.NONE, NO_WAIT);
    assertEquals(Optional.of(DIGEST), both.digest());
    assertEquals("127.0.0.1:5000/a/b@" + DIGEST, both.pullRef());
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
}
