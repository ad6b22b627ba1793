package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every command, and how failures map to them. */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;
  public static final int REMOTE = 4;
  public static final int VERIFICATION = 5;
  public static final int BUILD = 6;
  public static final int SIGINT = 130;
  public static final int SIGTERM = 143;

  private ExitCodes() {}

  public static int of(ReleaseException.Kind kind) {
    return switch (kind) {
      case INTERNAL -> INTERNAL;
      case INVALID_INPUT -> USAGE;
      case REFUSED -> REFUSED;
      case REMOTE -> REMOTE;
      case VERIFICATION -> VERIFICATION;
      case BUILD -> BUILD;
    };
  }

  /** The table shown in every command's --help. */
  public static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    list.put(OK + "", "success, or nothing to do");
    list.put(INTERNAL + "", "internal error (run with --stacktrace and report it)");
    list.put(USAGE + "", "invalid input or usage");
    list.put(REFUSED + "", "refused because of state (dirty tree, tag exists, version not newer, artifact conflict)");
    list.put(REMOTE + "", "remote failure after retries (git remote, registry, AWS, GitHub)");
    list.put(VERIFICATION + "", "verification failed");
    list.put(BUILD + "", "build failed");
    list.put(SIGINT + "/" + SIGTERM, "interrupted (SIGINT/SIGTERM): child processes stopped; run again to resume");
    return list;
  }
}
