package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * An error is led by the variable or file that gave a value it shows: the value whole and on its
 * own, not inside a longer name (found by a new-user trial: a base image's reference on the
 * insecure registry was blamed on ACK_RELEASE_INSECURE_REGISTRY).
 */
class SettingsAttributionTest {

  @Test
  void aValueIsNamedOnItsOwnNotInsideALongerName() {
    assertFalse(SettingsAttribution.names("base image 127.0.0.1:5000/foo/bar:latest does not exist in its registry: pass"
        + " --base-image REF", "127.0.0.1:5000"), "a host inside a reference");
    assertFalse(SettingsAttribution.names("repository my-ack/s3 is not there", "ack"));
    assertFalse(SettingsAttribution.names("pushing to my-ack: refused", "ack"), "the end of a longer name");
    assertTrue(SettingsAttribution.names("cannot reach 127.0.0.1:5000: connection refused", "127.0.0.1:5000"));
    assertTrue(SettingsAttribution.names("the registry is 127.0.0.1:5000.", "127.0.0.1:5000"), "at a sentence's end");
    assertTrue(SettingsAttribution.names("127.0.0.1:5000 answers nothing", "127.0.0.1:5000"), "at the start");
    assertTrue(SettingsAttribution.names("cannot read CA file /nowhere (no such file)", "/nowhere"));
    assertTrue(SettingsAttribution.names("unsupported platform 'linux/x': use linux/amd64 or linux/arm64", "linux/x"),
        "in quotes");
    assertTrue(SettingsAttribution.names("no such remote 'upstream'", "origin,upstream"), "a list's item in quotes");
  }
}
