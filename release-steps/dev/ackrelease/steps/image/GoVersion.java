package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Go release version as go.mod, {@code go env GOVERSION} and ACK's {@code build_config.yaml}
 * write it: {@code 1.25.0}, {@code 1.19}, {@code go1.19.8}, {@code go1.21rc2}. Ordered as Go orders
 * them: {@code 1.21rc2 < 1.21.0}, and a missing patch is 0 ({@code 1.19 == 1.19.0} for the
 * minimum a {@code go} line states).
 */
public record GoVersion(int major, int minor, int patch, String prerelease, String text) implements Comparable<GoVersion> {

  // At most 9 digits a number: each fits an int.
  private static final Pattern VERSION = Pattern.compile("^(?:go)?(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?((?:rc|beta)\\d{1,9})?$");

  /** Parses a version; {@code what} names where it came from for the error. */
  public static GoVersion parse(String text, String what) {
    return parse(text).orElseThrow(() -> ReleaseException.invalidInput(what + " '" + Echo.value(text)
        + "' is not a Go version: write it as 1.25.0"));
  }

  /** The version {@code text} writes, if it is one. */
  public static Optional<GoVersion> parse(String text) {
    String t = text == null ? "" : text.strip();
    // go env GOVERSION may carry a suffix after a space or "X:" experiments: go1.22.1 X:nocoverageredesign
    int space = t.indexOf(' ');
    if (space > 0) {
      t = t.substring(0, space);
    }
    Matcher m = VERSION.matcher(t);
    if (!m.matches()) {
      return Optional.empty();
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    String plain = t.startsWith("go") ? t.substring(2) : t;
    return Optional.of(new GoVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch,
        m.group(4) == null ? "" : m.group(4), plain));
  }

  /** Whether the text gave a patch number ({@code 1.26.5}), not just a line ({@code 1.26}). */
  public boolean hasPatch() {
    return text.matches("\\d+\\.\\d+\\.\\d+.*");
  }

  /**
   * Whether a toolchain of this version is the one {@code pin} names: equal, or in the same
   * {@code major.minor} line when the pin gives no patch.
   */
  public boolean matchesPin(GoVersion pin) {
    if (!pin.hasPatch()) {
      return major == pin.major && minor == pin.minor && prerelease.isEmpty();
    }
    return compareTo(pin) == 0;
  }

  @Override
  public int compareTo(GoVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, o.patch);
    }
    if (c == 0 && !prerelease.equals(o.prerelease)) {
      // A release sorts after its pre-releases; rc sorts after beta.
      if (prerelease.isEmpty()) {
        return 1;
      }
      if (o.prerelease.isEmpty()) {
        return -1;
      }
      c = prerelease.compareTo(o.prerelease);
    }
    return c;
  }

  /** {@code go1.25.0}: how Go names its toolchains (GOVERSION, GOTOOLCHAIN). */
  public String toolchainName() {
    return "go" + text;
  }

  @Override
  public String toString() {
    return text;
  }
}
