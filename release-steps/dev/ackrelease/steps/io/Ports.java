package dev.ackrelease.steps.io;

import java.net.URI;

/**
 * TCP ports as a URL may name them: {@link URI} takes any digits as a port, and the JDK refuses one
 * over 65535 only when it connects ({@code IllegalArgumentException: port out of range}), so a URL
 * given as input is checked here first, as Go's {@code net} dial refuses it ("invalid port").
 */
public final class Ports {

  /** The highest TCP port. */
  public static final int MAX = 65_535;

  private Ports() {}

  /** Whether {@code port} is one a connection can go to: 1 to 65535. */
  public static boolean valid(int port) {
    return port >= 1 && port <= MAX;
  }

  /** Whether {@code uri} names no port (its scheme's is taken) or one a connection can go to. */
  public static boolean valid(URI uri) {
    return uri.getPort() == -1 || valid(uri.getPort());
  }
}
