package dev.ackrelease.steps;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * ack-release's own version, as the build stamped it into {@code /ack-release-version.properties}
 * (Maven filters {@code src/main/resources}: {@code version=${project.version}}). The library
 * reads it here, so what it writes can name the tool that wrote it without knowing about the
 * command line; the command line's {@code --version} prints the same value.
 */
public final class ToolVersion {

  /** What the version reads as when the resource is missing or was not filtered (a build outside Maven). */
  public static final String UNKNOWN = "unknown";

  private static final String VERSION = load();

  private ToolVersion() {}

  /** The version of this build of ack-release, e.g. {@code 0.1.0}; {@value #UNKNOWN} when the build did not stamp one. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = ToolVersion.class.getResourceAsStream("/ack-release-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return UNKNOWN;
    }
    String v = p.getProperty("version", "").strip();
    return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
  }
}
