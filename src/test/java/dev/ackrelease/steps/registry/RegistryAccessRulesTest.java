package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.Log;
import dev.ackrelease.steps.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import java.util.UUID;

/**
 * Credentials a run holds: refreshed at most once (and never when the source cannot), shared by
 * every client made from the same access, registered as secrets the moment they exist and
 * never printed; the summary rows built from what was done.
 */
class RegistryAccessRulesTest {

  static final Registry REGISTRY = Registry.parse("registry.example.com/ack");

  @Test
  void nullsMeanNoCredentialsAndNoCa() {
    RegistryAccess access = new RegistryAccess(REGISTRY, (CredentialState) null, true, null);
    assertEquals(Optional.empty(), access.credentials());
    assertEquals(Optional.empty(), access.caFile());
    assertFalse(access.auth().canRefresh());
    CredentialState state = new CredentialState(null, null);
    assertEquals(Optional.empty(), state.current());
    assertFalse(state.canRefresh());
  }

  @Test
  void anonymousAccessHasNoCredentialsVerifiesTlsAndTrustsNoExtraCa() {
    RegistryAccess access = RegistryAccess.anonymous(REGISTRY);
    assertEquals(new RegistryAccess(REGISTRY, Optional.empty(), false, Optional.empty()).registry(), access.registry());
    assertEquals(Optional.empty(), access.credentials());
    assertFalse(access.insecure());
    assertEquals(Optional.empty(), access.caFile());
  }

  @Test
  void otherCredentialsKeepTheRegistryTheInsecureFlagAndTheCa() {
    RegistryCredentials bob = new RegistryCredentials("bob", "bobs-password-1", "test");
    RegistryAccess access = new RegistryAccess(REGISTRY, Optional.empty(), true, Optional.of(Path.of("/ca.pem")))
        .withCredentials(bob);
    assertEquals(Optional.of(bob), access.credentials());
    assertTrue(access.insecure());
    assertEquals(Optional.of(Path.of("/ca.pem")), access.caFile());
    assertSame(REGISTRY, access.registry());
    assertEquals(Optional.empty(), access.withCredentials(null).credentials());
  }

  @Test
  void credentialsAreRefreshedOnceAndEveryClientOfTheAccessSeesTheFreshOnes() {
    AtomicInteger fetched = new AtomicInteger();
    List<String> logged = new ArrayList<>();
    CredentialState state = new CredentialState(Optional.of(new RegistryCredentials("AWS", "token-one-1", "ecr")),
        Optional.of(() -> new RegistryCredentials("AWS", "token-two-" + fetched.incrementAndGet(), "ecr")));
    RegistryAccess access = new RegistryAccess(REGISTRY, state, false, Optional.empty());
    assertTrue(state.canRefresh());
    assertTrue(state.refreshOnce(logged::add, "push refused"));
    assertEquals("token-two-1", access.credentials().orElseThrow().password());
    assertFalse(state.canRefresh());
    assertFalse(state.refreshOnce(Log.NONE, "refused again"));
    assertFalse(state.refreshOnce(Log.NONE, "refused again", state.current()));
    // A request refused with the old credentials after the refresh just retries with the new ones.
    assertTrue(state.refreshOnce(Log.NONE, "chart refused", Optional.of(new RegistryCredentials("AWS", "token-one-1", "ecr"))));
    assertEquals(1, fetched.get());
  }

  @Test
  void aSourceThatGivesNoCredentialsLeavesNone() {
    CredentialState state = new CredentialState(Optional.of(new RegistryCredentials("u", "pw-before-1", "env")),
        Optional.of(() -> null));
    assertTrue(state.refreshOnce(Log.NONE, "refused"));
    assertEquals(Optional.empty(), state.current());
  }

  @Test
  void aPasswordAndItsBasicHeaderAreSecretsAndNeverPrinted() {
    // Secrets are remembered for the life of the JVM: a password of its own for each run of this test.
    String password = "carols-pw-" + UUID.randomUUID();
    RegistryCredentials c = new RegistryCredentials("carol", password, "docker config");
    assertEquals("RegistryCredentials[username=carol, password=****, source=docker config]", c.toString());
    assertEquals("x **** y", Secrets.redact("x " + password + " y"));
    String basic = Base64.getEncoder().encodeToString(("carol:" + password).getBytes(StandardCharsets.UTF_8));
    assertEquals("Basic ****", Secrets.redact("Basic " + basic));
  }

  @Test
  void rowsSayWhatWasDoneAndCarryTheirTraffic() {
    PublishedArtifact row = new PublishedArtifact("image", "r/x:1", "sha256:1", PublishedArtifact.Action.PUSHED, 10,
        Duration.ofSeconds(2), "pushed");
    assertEquals(0, row.retries());
    PublishedArtifact counted = row.withTraffic(1234, 3);
    assertEquals(new PublishedArtifact("image", "r/x:1", "sha256:1", PublishedArtifact.Action.PUSHED, 1234,
        Duration.ofSeconds(2), "pushed", 3), counted);
    List<String> texts = new ArrayList<>();
    for (PublishedArtifact.Action a : PublishedArtifact.Action.values()) {
      texts.add(a.text());
    }
    // One vocabulary for every command: "unchanged" whether a run found it published or a dry run would keep it.
    assertEquals(List.of("pushed", "created", "updated", "unchanged", "refused", "failed", "would push", "would create",
        "would update", "unchanged", "would refuse", "push", "conflict", "unknown until built", "verified"), texts);
  }
}
