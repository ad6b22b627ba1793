package dev.ackrelease.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.artifacts.ControllerLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerLocatorTest {

  @TempDir Path tmp;

  @Test
  void theGivenDirectoryWins() {
    Path given = Fixtures.copy(Fixtures.REAL_BEFORE, tmp.resolve("x"));
    assertEquals(given, ControllerLocator.locate(given, tmp, "ec2"));
  }

  @Test
  void theWorkingDirectoryWhenItIsNamedForTheService() {
    Path cwd = tmp.resolve("s3-controller");
    Fixtures.write(cwd.resolve("README.md"), "s3\n");
    assertEquals(cwd, ControllerLocator.locate(null, cwd, "s3"));
  }

  @Test
  void theWorkingDirectoryWhenItHoldsTheServicesChart() {
    Path cwd = Fixtures.copyTo(Fixtures.fixture(Fixtures.REAL_BEFORE), tmp.resolve("checkout"));
    assertEquals(cwd, ControllerLocator.locate(null, cwd, "s3"));
  }

  @Test
  void theServiceComesFromTheDirectoryNameElseFromTheChartName() {
    Path named = tmp.resolve("sns-controller");
    Fixtures.write(named.resolve("README.md"), "sns\n");
    assertEquals("sns", ControllerLocator.serviceOf(named));

    Path checkout = Fixtures.copyTo(Fixtures.fixture(Fixtures.REAL_BEFORE), tmp.resolve("checkout"));
    assertEquals("s3", ControllerLocator.serviceOf(checkout));

    Path neither = tmp.resolve("work");
    Fixtures.write(neither.resolve("README.md"), "?\n");
    ReleaseException e = assertThrows(ReleaseException.class, () -> ControllerLocator.serviceOf(neither));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
  }

  @Test
  void theSiblingControllerRepo() {
    Path sibling = Fixtures.copy(Fixtures.REAL_BEFORE, tmp);
    Path cwd = tmp.resolve("ack-release");
    Fixtures.write(cwd.resolve("pom.xml"), "<project/>\n");
    assertEquals(sibling, ControllerLocator.locate(null, cwd, "s3"));
  }

  @Test
  void namesEveryPlaceItTriedWhenThereIsNone() {
    Path cwd = Fixtures.copyTo(Fixtures.fixture(Fixtures.REAL_BEFORE), tmp.resolve("checkout"));

    ReleaseException e = assertThrows(ReleaseException.class, () -> ControllerLocator.locate(null, cwd, "ec2"));

    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertEquals("cannot find the ec2 controller; tried " + cwd + " (not named ec2-controller, no helm/ chart ec2-chart), "
        + tmp.resolve("ec2-controller") + " (does not exist): run in the controller's clone or pass --controller-dir",
        e.getMessage());
  }

  @Test
  void refusesAGivenDirectoryThatDoesNotExist() {
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> ControllerLocator.locate(tmp.resolve("nope"), tmp, "s3"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertEquals("controller directory " + tmp.resolve("nope") + " does not exist: pass an existing --controller-dir",
        e.getMessage());
  }

  @Test
  void refusesAGivenFileSayingItIsOne() throws Exception {
    Path file = Files.writeString(tmp.resolve("s3-controller"), "x");

    ReleaseException e = assertThrows(ReleaseException.class, () -> ControllerLocator.locate(file, tmp, "s3"));

    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertEquals("controller directory " + file + " is a file, not a directory: pass the clone to --controller-dir",
        e.getMessage());
  }

  @Test
  void refusesAServiceThatIsNotAnAlias() {
    ReleaseException e = assertThrows(ReleaseException.class, () -> ControllerLocator.locate(null, tmp, "S3!"));
    assertEquals("service 'S3!' is not an ACK service alias: pass the controller's name without -controller, for"
        + " example --service s3", e.getMessage());
  }
}
