package dev.ackrelease.steps;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * ack-release's own version and commit, as the build stamped them into
 * {@code /ack-release-version.properties} (Maven filters {@code src/main/resources}:
 * {@code version=${project.version}}, the tag's X.Y.Z in a release, {@code 0.0.0-dev} otherwise;
 * {@code commit=${git.commit.id.full}}, read from git by the build). The library reads them here,
 * so what it writes can name the tool that wrote it without knowing about the command line; the
 * command line's {@code --version} prints the same values.
 */
public final class ToolVersion {

  /** What the version reads as when the resource is missing or was not filtered (a build outside Maven). */
  public static final String UNKNOWN = "unknown";

  private static final Properties STAMP = load();
  private static final String VERSION = value("version");
  private static final String COMMIT = value("commit");

  private ToolVersion() {}

  /** The version of this build of ack-release, e.g. {@code 0.1.0}; {@value #UNKNOWN} when the build did not stamp one. */
  public static String get() {
    return VERSION;
  }

  /**
   * {@code ack-release/<version>}: the {@code User-Agent} of every HTTP request ack-release's own
   * clients send (registries and their token endpoints, GitHub, and added to the AWS SDK's and
   * Jib's own), so a registry's or proxy's log names the tool and its version.
   */
  public static String userAgent() {
    return "ack-release/" + VERSION;
  }

  /** The commit this build of ack-release was built from (40 hex digits); {@value #UNKNOWN} when the build did not stamp one. */
  public static String commit() {
    return COMMIT;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = ToolVersion.class.getResourceAsStream("/ack-release-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      p.clear();
    }
    return p;
  }

  private static String value(String key) {
    String v = STAMP.getProperty(key, "").strip();
    return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
  }
}
