package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CredentialStateTest {

  private static final RegistryCredentials OLD = new RegistryCredentials("AWS", "token-1", "test");

  @Test
  void twoRequestsRefusedWithTheSameCredentialsFetchFreshOnesOnce() {
    AtomicInteger fetched = new AtomicInteger();
    CredentialState state = new CredentialState(Optional.of(OLD),
        Optional.of(() -> new RegistryCredentials("AWS", "token-" + (1 + fetched.incrementAndGet()), "test")));
    Optional<RegistryCredentials> sentByImage = state.current();
    Optional<RegistryCredentials> sentByChart = state.current();

    assertTrue(state.refreshOnce(Log.NONE, "image refused", sentByImage));
    // The chart's request was refused with the old token too: it retries with the fresh one.
    assertTrue(state.refreshOnce(Log.NONE, "chart refused", sentByChart));
    assertEquals(1, fetched.get());
    assertEquals("token-2", state.current().orElseThrow().password());
    // Refused again with the fresh credentials: final.
    assertFalse(state.refreshOnce(Log.NONE, "refused again", state.current()));
    assertEquals(1, fetched.get());
  }

  @Test
  void fixedCredentialsAreNeverRefreshed() {
    CredentialState state = CredentialState.fixed(Optional.of(OLD));
    assertFalse(state.refreshOnce(Log.NONE, "refused"));
    assertEquals(OLD, state.current().orElseThrow());
  }
}
