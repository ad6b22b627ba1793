package dev.ackrelease.steps.settings;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a run: the keys of each file that applies, the first file's value of a key
 * winning (a clone's own file over its workspace root's). A key is the long option it sets
 * without {@code --}; its variable is {@link #variable}.
 */
public final class Settings {

  /** Where editors find the file's JSON Schema (docs/ack-release.schema.json), as the docs' modeline names it. */
  public static final String SCHEMA_URL =
      "https://raw.githubusercontent.com/aws-controllers-k8s/ack-release/main/docs/ack-release.schema.json";

  /** The start of every variable that sets an option. */
  public static final String VARIABLE_PREFIX = "ACK_RELEASE_";

  private final Map<Path, Map<String, Setting>> files;
  private final Map<String, Setting> merged;

  private Settings(Map<Path, Map<String, Setting>> files) {
    this.files = files;
    Map<String, Setting> m = new LinkedHashMap<>();
    files.values().forEach(f -> f.values().forEach(s -> m.putIfAbsent(s.key(), s)));
    this.merged = m;
  }

  /** The settings of files already read, the first one's value of a key winning. */
  static Settings of(Map<Path, Map<String, Setting>> files) {
    return new Settings(new LinkedHashMap<>(files));
  }

  /** No settings: no file applies. */
  public static Settings none() {
    return new Settings(Map.of());
  }

  /** The settings of {@code files}, the first one's value of a key winning; a file that is not there holds none. */
  public static Settings read(List<Path> files) {
    Map<Path, Map<String, Setting>> read = new LinkedHashMap<>();
    for (Path file : files) {
      read.put(file, SettingsFile.read(file));
    }
    return new Settings(read);
  }

  /**
   * The files that apply to a run in {@code dir}, first the one that wins: {@code dir}'s own, then,
   * unless {@code dir} is itself a workspace root (a run over the clones in it), its parent's,
   * the workspace root of the clone. Each as it is shown: relative to the working directory when under it
   * or one of a workspace beside it ({@code ../.ack-release.yaml}, {@code ../sns-controller/.ack-release.yaml}),
   * else absolute.
   */
  public static List<Path> files(Path dir, boolean workspaceRoot) {
    Path absolute = dir.toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>();
    files.add(shown(absolute.resolve(SettingsFile.NAME)));
    if (!workspaceRoot && absolute.getParent() != null) {
      files.add(shown(absolute.getParent().resolve(SettingsFile.NAME)));
    }
    return files;
  }

  private static Path shown(Path file) {
    Path cwd = Path.of("").toAbsolutePath();
    // Under the working directory, the workspace root's file beside it (../.ack-release.yaml) or a
    // sibling clone's (../sns-controller/.ack-release.yaml); anything else whole, not as a walk up
    // and down a tree that merely shares the parent (../junit-1/ws/s3-controller/...).
    Path parent = cwd.getParent();
    Path dir = file.getParent();
    boolean near = file.startsWith(cwd)
        || (parent != null && dir != null && (parent.equals(dir) || parent.equals(dir.getParent())));
    return near ? cwd.relativize(file) : file;
  }

  /** The variable of {@code key}: {@code ACK_RELEASE_} and the key in upper case, {@code -} as {@code _}. */
  public static String variable(String key) {
    return VARIABLE_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The value of {@code key}, from the first file that sets it. */
  public Optional<Setting> get(String key) {
    return Optional.ofNullable(merged.get(key));
  }

  /** The files read, first the one that wins, each with its settings (none when it is not there). */
  public Map<Path, Map<String, Setting>> files() {
    return files;
  }

  /**
   * Refuses (invalid input) a key that is none of {@code keys}, naming the one it is near, else
   * the keys; and one of {@code locating}, the options that say which files are read (a file
   * cannot move itself).
   */
  public void requireKnown(Collection<String> keys, Collection<String> locating) {
    requireKnown(keys, locating, Map.of());
  }

  /**
   * {@link #requireKnown(Collection, Collection)}, and refuses one of {@code actions}, the options
   * that say what a command does rather than how (a file setting one would change what every run
   * of it does), each with what it is and what to do instead.
   */
  public void requireKnown(Collection<String> keys, Collection<String> locating, Map<String, String> actions) {
    for (Map<String, Setting> file : files.values()) {
      for (Setting s : file.values()) {
        if (locating.contains(s.key())) {
          throw ReleaseException.invalidInput(s.origin() + ": " + s.key() + " says which settings files are read, so a"
              + " settings file cannot set it: remove the line and pass --" + s.key() + " or set " + variable(s.key()));
        }
        if (actions.containsKey(s.key())) {
          throw ReleaseException.invalidInput(s.origin() + ": " + s.key() + " is no setting: " + actions.get(s.key()));
        }
        if (!keys.contains(s.key())) {
          throw ReleaseException.invalidInput(s.origin() + ": unknown key '" + Echo.value(s.key()) + "': "
              + unknownFix(s.key(), keys.stream().filter(k -> !locating.contains(k) && !actions.containsKey(k)).sorted().toList()));
        }
      }
    }
  }

  /** What to do with the unknown key {@code key}: rename it to the one it is near, else remove it; the keys there are. */
  private static String unknownFix(String key, List<String> keys) {
    if (key.equals("$schema")) {
      return "a settings file names its JSON Schema in a comment: replace the line with # yaml-language-server:"
          + " $schema=" + SCHEMA_URL;
    }
    Optional<String> near = Closest.near(key, keys);
    if (near.isPresent()) {
      return "rename it to " + near.get() + " or remove it (each key is the long option it sets, without --)";
    }
    return "remove it" + (keys.isEmpty() ? "" : "; the keys (each the long option it sets, without --): "
        + String.join(", ", keys));
  }
}
