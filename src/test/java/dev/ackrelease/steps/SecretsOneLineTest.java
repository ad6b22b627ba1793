package dev.ackrelease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A secret with whitespace inside is still masked once a message's lines are joined into one. */
class SecretsOneLineTest {

  @Test
  void aSecretWithALineBreakIsMaskedInAJoinedMessage() {
    String secret = Secrets.register("pw-first-line\n  pw-second-line");
    String joined = ("push failed: remote said " + secret + "\nretry").replaceAll("\\s+", " ");
    assertEquals("push failed: remote said **** retry", Secrets.redact(joined));
  }
}
