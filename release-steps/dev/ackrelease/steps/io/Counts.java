package dev.ackrelease.steps.io;

/**
 * A count as a sentence says it: {@code 1 service}, {@code 2 services}, {@code 0 files}. Every
 * printed count of things goes through here, so one is never "1 services".
 */
public final class Counts {

  private Counts() {}

  /** {@code n} and {@code noun}, with an s unless {@code n} is one. */
  public static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }

  /** {@code n} and {@code one} when it is one, else {@code many} ({@code 1 entry}, {@code 3 entries}). */
  public static String of(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
