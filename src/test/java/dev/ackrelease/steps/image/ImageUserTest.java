package dev.ackrelease.steps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --image-user} is what Docker's USER takes: a name, or a UID of 0 to 2^31 - 1
 * (moby/sys/user user.go maxID, which runc's GetExecUser enforces), optionally {@code :GROUP}.
 */
class ImageUserTest {

  @ParameterizedTest
  @CsvSource({"1000, 1000", "65532:65532, 65532:65532", "0, 0", "2147483647, 2147483647", "nonroot, nonroot",
      "app:2147483647, app:2147483647", "' 1000 ', 1000", "'', 1000"})
  void namesAndIdsInRangeAreTaken(String given, String user) {
    assertEquals(user, ImageRelease.requireUser(given));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2147483648", "99999999999999999999", "1000:2147483648", "4294967295:0", "00000000002147483648"})
  void anIdPastTheRuntimesRangeIsInvalidInput(String user) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> ImageRelease.requireUser(user));

    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("more than the 2147483647 a container runtime takes: pass a name or UID"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"１０００", "a b", "root:", ":0", "a\u0000b", "-1"})
  void whatIsNoUserIsInvalidInput(String user) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> ImageRelease.requireUser(user));

    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("is not a user: pass a name or UID"), e.getMessage());
  }
}
