package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Sizes in binary units, spelled KiB/MiB/GiB (IEC 80000-13), never "kB"/"MB" for powers of 1024. */
class SizesTest {

  @Test
  void bytesBelowAKibibyteAreWhole() {
    assertEquals("0 B", Sizes.binary(0));
    assertEquals("1023 B", Sizes.binary(1023));
  }

  @Test
  void eachUnitIs1024OfTheOneBelow() {
    assertEquals("1.0 KiB", Sizes.binary(1024));
    assertEquals("4.2 KiB", Sizes.binary(4277));
    assertEquals("1.0 MiB", Sizes.binary(1L << 20));
    assertEquals("144.0 MiB", Sizes.binary(144L << 20));
    assertEquals("2.5 GiB", Sizes.binary(5L << 29));
  }

  @Test
  void roundingNeverPrints1024OfASmallerUnit() {
    assertEquals("1.0 MiB", Sizes.binary((1L << 20) - 1));
    assertEquals("1023.9 KiB", Sizes.binary(1023 * 1024 + 900));
  }

  /** TiB is the largest unit: a larger size is many TiB, never an index past the units. */
  @Test
  void sizesBeyondATebibyteStayInTebibytes() {
    assertEquals("1.0 TiB", Sizes.binary(1L << 40));
    assertEquals("1024.0 TiB", Sizes.binary(1L << 50));
    assertEquals("8388608.0 TiB", Sizes.binary(Long.MAX_VALUE));
  }

  @Test
  void aRateIsASizePerSecond() {
    assertEquals("12.3 MiB/s", Sizes.rate(12.3 * 1048576));
    assertEquals("0 B/s", Sizes.rate(-5));
  }
}
