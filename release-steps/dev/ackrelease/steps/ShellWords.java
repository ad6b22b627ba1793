package dev.ackrelease.steps;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The pieces of the command lines a refusal suggests, as a shell reads them when they are pasted:
 * a word quoted only when it needs it, and git or ack-release pointed at a directory only when it
 * is not the current one.
 */
public final class ShellWords {

  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

  private ShellWords() {}

  /** {@code word} as one shell word: as it is when it needs no quoting, else in single quotes. */
  public static String word(String word) {
    return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** {@code git}, with {@code -C DIR} when {@code dir} is not the current directory. */
  public static String gitIn(Path dir) {
    return isHere(dir) ? "git" : "git -C " + word(absolute(dir));
  }

  /** {@code " --controller-dir DIR"} for an ack-release command line, or nothing when {@code dir} is the current directory. */
  public static String controllerDirOption(Path dir) {
    return isHere(dir) ? "" : " --controller-dir " + word(absolute(dir));
  }

  /**
   * The release commit as {@code prepare} makes it, by hand: {@code ack-release build-artifacts}
   * of {@code tag} for {@code service} in {@code dir} ({@code options} appended), then git's commit
   * of what it changed, with {@code subject}. {@code service} is a word as it is: a placeholder
   * such as {@code <service>} stays one to replace.
   */
  public static String releaseCommit(Path dir, String tag, String service, String options, String subject) {
    return "ack-release build-artifacts " + tag + " --service " + service + controllerDirOption(dir) + options + " && "
        + gitIn(dir) + " commit -a -m " + word(subject);
  }

  private static boolean isHere(Path dir) {
    return dir.toAbsolutePath().normalize().equals(Path.of("").toAbsolutePath().normalize());
  }

  private static String absolute(Path dir) {
    return dir.toAbsolutePath().normalize().toString();
  }
}
