package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The input at fault travels with a failure that wraps it (publish's failure carrying its summary). */
class ReleaseExceptionTest {

  @Test
  void aWrapperWithTheSameMessageSaysWhichInputIsAtFault() {
    ReleaseException bad = ReleaseException.invalidIn("/home/u/.docker/config.json", "the auth of h in it is not base64");
    assertEquals(Optional.of("/home/u/.docker/config.json"), bad.inputAtFault());
    assertEquals(bad.inputAtFault(), new ReleaseException(bad.kind(), bad.getMessage(), bad).inputAtFault());
    assertEquals(Optional.empty(), new ReleaseException(bad.kind(), "s3: " + bad.getMessage(), bad).inputAtFault(),
        "another message is the wrapper's own");
    assertEquals(Optional.empty(), ReleaseException.invalidInput("unsupported platform 'linux/x'").inputAtFault());
  }
}
