package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A path given as text: what a file system can hold is that path, anything else is invalid input (exit 2). */
class PathInputTest {

  @Test
  void aPathIsReturnedAsGiven() {
    assertEquals(Path.of("/home/me/.docker"), PathInput.of("/home/me/.docker", "DOCKER_CONFIG", "point it at the directory"));
  }

  @Test
  void textNoPathCanHoldIsInvalidInputNamingWhereItCameFromAndTheFix() {
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> PathInput.of("/tmp/a\0b", "DOCKER_CONFIG", "point it at the directory"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("DOCKER_CONFIG '") && e.getMessage().endsWith("): point it at the directory"),
        e.getMessage());
  }
}
