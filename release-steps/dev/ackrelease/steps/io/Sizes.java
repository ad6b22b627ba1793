package dev.ackrelease.steps.io;

import java.util.Locale;

/**
 * Sizes as people read them, in binary units spelled as such (IEC 80000-13): {@code 812 B},
 * {@code 4.2 KiB}, {@code 2.8 MiB}, {@code 1.1 GiB}. Every size a progress line, a summary or an
 * error prints goes through here, so "MB" never means MiB; exact counts (a table's BYTES column,
 * a limit in bytes) stay whole numbers.
 */
public final class Sizes {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  /** {@code bytes} in the largest binary unit it reaches, one decimal above bytes. */
  public static String binary(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    // Stop a step early when rounding to one decimal would print 1024.0 of the smaller unit.
    while (value >= 1023.95 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** A rate: {@link #binary} per second ({@code 12.3 MiB/s}). */
  public static String rate(double bytesPerSecond) {
    return binary(Math.round(Math.max(0, bytesPerSecond))) + "/s";
  }
}
