package dev.ackrelease.steps.io;

/**
 * What the JDK's {@code HttpURLConnection} does with an answer closed before its end: its
 * connection is closed, not drained. Closing the connection of an answer cut at its deadline
 * closes the stream of its body; with up to 512 KB left, the JDK hands that stream to its
 * {@code KeepAliveStreamCleaner} thread, which reads the rest for the connection's reuse, holding
 * the stream's lock, 5 s per read: a trickled answer then kept the request (waiting for that lock)
 * until its last byte. With {@code http.KeepAlive.remainingData} 0 an unread answer's connection
 * is closed instead; a body read in full is reused as before. The JDK reads the property once,
 * when the cleaner's class is first loaded, by any client's first answer closed early (the AWS
 * SDK's too), so it is set where a run installs its proxies, before anything connects, and by the
 * registry's client for a library caller that installs none. Unless the user set it.
 */
public final class UnreadAnswers {

  /** The JDK's property: how much of an unread answer (KB) is drained in the background on close. */
  static final String DRAINED_ON_CLOSE = "http.KeepAlive.remainingData";

  private UnreadAnswers() {}

  /** Closes, rather than drains, the connection of an answer closed before its end; once, unless set already. */
  public static void closeTheirConnections() {
    if (System.getProperty(DRAINED_ON_CLOSE) == null) {
      System.setProperty(DRAINED_ON_CLOSE, "0");
    }
  }
}
