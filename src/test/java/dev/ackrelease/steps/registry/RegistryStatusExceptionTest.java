package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryStatusExceptionTest {

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    assertEquals(Optional.of(Duration.ofSeconds(3)), RegistryStatusException.parse("3"));
    String in10s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    Duration d = RegistryStatusException.parse(in10s).orElseThrow();
    assertTrue(d.compareTo(Duration.ofSeconds(8)) >= 0 && d.compareTo(Duration.ofSeconds(11)) <= 0, d.toString());
    assertEquals(Optional.empty(), RegistryStatusException.parse("soon"));
  }
}
