package dev.ackrelease.steps.image;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A platform the controller image is built for: {@code linux/amd64} or {@code linux/arm64}, the
 * two ACK publishes. No variant: ACK's index has none ({@code linux/arm64} means ARMv8).
 */
public record Platform(String os, String architecture) {

  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64");
  public static final Platform LINUX_ARM64 = new Platform("linux", "arm64");

  /** What {@code --platforms} defaults to. */
  public static final List<Platform> DEFAULTS = List.of(LINUX_AMD64, LINUX_ARM64);

  private static final List<Platform> SUPPORTED = DEFAULTS;

  /** Parses {@code linux/amd64}; anything but the supported platforms is invalid input. */
  public static Platform parse(String text) {
    String t = text == null ? "" : text.strip();
    for (Platform p : SUPPORTED) {
      if (p.toString().equals(t)) {
        return p;
      }
    }
    String hint = t.startsWith("linux/arm64/") ? " (no variant: ACK publishes linux/arm64 without one)" : "";
    throw ReleaseException.invalidInput("unsupported platform '" + Echo.value(t) + "'" + hint + ": use linux/amd64, linux/arm64 or both, comma-separated");
  }

  /** Parses {@code linux/amd64,linux/arm64}: in the given order, each at most once, at least one. */
  public static List<Platform> parseList(String text) {
    if (text == null || text.replace(",", "").isBlank()) {
      throw ReleaseException.invalidInput("no platform given: use linux/amd64, linux/arm64 or both, comma-separated");
    }
    Set<Platform> platforms = new LinkedHashSet<>();
    for (String part : text.split(",")) {
      if (!platforms.add(parse(part))) {
        throw ReleaseException.invalidInput("platform " + part.strip() + " is listed twice: name each platform once");
      }
    }
    return new ArrayList<>(platforms);
  }

  /** {@code GOARCH} for this platform. */
  public String goArch() {
    return architecture;
  }

  /** The ELF {@code e_machine} a binary for this platform has (EM_X86_64 62, EM_AARCH64 183). */
  public int elfMachine() {
    return switch (architecture) {
      case "amd64" -> 62;
      case "arm64" -> 183;
      default -> throw new IllegalStateException("no ELF machine for " + this);
    };
  }

  @Override
  public String toString() {
    return os + "/" + architecture;
  }

  /**
   * Written out, as a record's generated equals and hashCode bootstrap {@code ObjectMethods} at
   * their first call: method handles spun at run time, which the class-data archive cannot hold
   * (about 10 ms of a no-op publish, whose --platforms are a set of them). The same as the generated ones.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Platform other && Objects.equals(os, other.os) && Objects.equals(architecture, other.architecture);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(os) * 31 + Objects.hashCode(architecture);
  }
}
