package dev.ackrelease.steps.io;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A path given as text where no option parser converted it (a variable, a part of an option's
 * value): text no file system path can hold (a NUL byte) is invalid input naming where it came
 * from, never an {@link InvalidPathException}; and so is a name the JVM could not decode
 * ({@link #undecoded}).
 */
public final class PathInput {

  /** What the JVM makes of a byte its file-name character set does not decode. */
  static final char REPLACEMENT = '\uFFFD';

  private PathInput() {}

  /** {@code text} as a path; {@code what} names it ("DOCKER_CONFIG"), {@code fix} says what to give instead. */
  public static Path of(String text, String what, String fix) {
    Optional<String> undecoded = undecoded(text, what);
    if (undecoded.isPresent()) {
      throw ReleaseException.invalidInput(undecoded.get() + "; or " + fix);
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw ReleaseException.invalidInput(what + " '" + Echo.value(text) + "' is not a path (" + Echo.value(e.getReason())
          + "): " + fix);
    }
  }

  /**
   * Why {@code text} names no file: it holds U+FFFD, what the JVM decoded a byte that is not in
   * the character set it reads names in (the locale's: the launcher gives the C locale C.UTF-8's)
   * to. Such a name would be written back as that character's bytes (EF BF BD), another file's
   * name, so it is refused rather than silently changed. (A name in a Latin-1 locale decodes
   * byte for byte: it never holds one. A name that truly holds the character cannot be told from
   * an undecoded one.) {@code what} names it ("--report", "HOME"; empty: a converter's, which
   * picocli prefixes with the option). Empty when it holds none.
   */
  public static Optional<String> undecoded(String text, String what) {
    if (text == null || text.indexOf(REPLACEMENT) < 0) {
      return Optional.empty();
    }
    String charset = namesCharset();
    return Optional.of((what.isEmpty() ? "" : what + " ") + "'" + Echo.value(text) + "' is not valid " + charset + " (the"
        + " character set file names are read in, from the locale; each U+FFFD is a byte it does not decode): rename it to a"
        + " valid " + charset + " name, or run ack-release under a locale whose character set it is in (locale -a lists them, e.g. LC_ALL=en_US.ISO-8859-1)");
  }

  /** The character set the JVM decodes file names, arguments and variables in (sun.jnu.encoding). */
  static String namesCharset() {
    String name = System.getProperty("sun.jnu.encoding", "");
    try {
      return Charset.forName(name).name();
    } catch (IllegalArgumentException e) {
      return name.isEmpty() ? Charset.defaultCharset().name() : name;
    }
  }

  /**
   * {@code path} when it holds no control character (a newline, a tab, an escape): Go's build
   * writes the paths it works in into line-based files ({@code importcfg}), and a path with a
   * line break in it fails deep in its build. {@code what} names the path, {@code fix} says what
   * to give instead.
   */
  public static Path withoutControls(Path path, String what, String fix) {
    String text = path.toString();
    for (int i = 0; i < text.length(); i++) {
      if (Character.getType(text.charAt(i)) == Character.CONTROL) {
        throw ReleaseException.invalidInput(what + " '" + Echo.value(text) + "' holds a control character ("
            + Echo.escape(String.valueOf(text.charAt(i))) + "): Go writes the paths it builds in into line-based files: "
            + fix);
      }
    }
    return path;
  }
}
