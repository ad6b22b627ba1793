package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountsTest {

  @Test
  void oneIsSingularAndEveryOtherCountPlural() {
    assertEquals("1 service", Counts.of(1, "service"));
    assertEquals("0 services", Counts.of(0, "service"));
    assertEquals("2 services", Counts.of(2, "service"));
    assertEquals("1 entry", Counts.of(1, "entry", "entries"));
    assertEquals("3 entries", Counts.of(3, "entry", "entries"));
  }
}
