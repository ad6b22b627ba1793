package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The home directory is HOME's, as git, Docker and Go read it (git's path.c expand_user_path,
 * Docker's pkg/homedir Get, Go's os.UserHomeDir), then the account's; never a relative path such
 * as the JVM's {@code ?} for a user with no passwd entry.
 */
class UserHomeTest {

  @Test
  void homeComesFirstThenTheAccountsAndARelativeOneIsNone() {
    assertEquals(Optional.of(Path.of("/home/ci")), UserHome.of("/home/ci", "/root"), "HOME over the passwd entry");
    assertEquals(Optional.of(Path.of("/root")), UserHome.of(null, "/root"), "no HOME: the account's");
    assertEquals(Optional.of(Path.of("/root")), UserHome.of("", "/root"), "an empty HOME: the account's");
    assertEquals(Optional.of(Path.of("/root")), UserHome.of("relative/home", "/root"), "a relative HOME: the account's");
    assertEquals(Optional.empty(), UserHome.of(null, "?"), "no HOME and no passwd entry (the JVM says ?): none");
    assertEquals(Optional.empty(), UserHome.of("x", "?"));
    assertEquals(Optional.empty(), UserHome.of(null, null));
    assertEquals(Optional.empty(), UserHome.of(null, UserHome.NOWHERE), "the home of a user who has none");
  }

  @Test
  void aFileInTheHomeIsUnderNowhereWhenThereIsNone() {
    assertEquals(Path.of("/home/ci/.docker"), UserHome.resolve(Map.of("HOME", "/home/ci"), ".docker"));
  }

  @Test
  void theJvmsUserHomeBecomesHomes() {
    String before = System.getProperty("user.home");
    try {
      UserHome.alignJvm(Map.of("HOME", "/home/ci"));
      assertEquals("/home/ci", System.getProperty("user.home"));
      System.setProperty("user.home", "?");
      UserHome.alignJvm(Map.of());
      assertEquals(UserHome.NOWHERE, System.getProperty("user.home"), "none: an absolute path nobody can write");
    } finally {
      System.setProperty("user.home", before);
    }
  }
}
