package dev.ackrelease.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.ackrelease.steps.Articles;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.io.FileKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's config directory and its {@code config.json} (or podman's {@code auth.json}) as docker's
 * CLI takes them: what is there but is not what docker reads is refused (exit 2) naming the file,
 * what it is and the fix, as the input at fault ({@link ReleaseException#invalidIn}), never a
 * setting; nothing there is no credentials. A path is looked at before it is opened: a device or
 * a FIFO would be read for ever.
 */
final class DockerConfigFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerConfigFile() {}

  /** Refuses a config directory that is there but is no directory (a file, a device). */
  static void requireDirectory(Path configDir, Map<String, String> env) {
    String kind;
    try {
      kind = FileKind.of(configDir).filter(k -> !k.equals(FileKind.DIRECTORY)).orElse(null);
    } catch (IOException e) {
      return; // it cannot be looked at: what it holds is read (and found absent) as before
    }
    if (kind == null) {
      return;
    }
    // DOCKER_CONFIG=~/.docker/config.json: docker and crane find no config there, and the run went anonymous.
    String parent = Optional.ofNullable(configDir.toAbsolutePath().getParent()).orElse(configDir).toString();
    boolean variable = env.containsKey("DOCKER_CONFIG");
    String what = kind.equals(FileKind.REGULAR) ? "the file " + configDir + "," : configDir + ", " + kind + ",";
    throw ReleaseException.invalidIn(variable ? "DOCKER_CONFIG" : configDir.toString(), variable
        ? "DOCKER_CONFIG names " + what + " not the directory that holds config.json: export DOCKER_CONFIG="
            + ShellWords.word(kind.equals(FileKind.REGULAR) ? parent : "DIR")
        : configDir + " is " + kind.replaceFirst("^a regular ", "a ") + ", not the directory that holds Docker's config.json:"
            + " move it away, or export DOCKER_CONFIG=DIR");
  }

  /**
   * The JSON of {@code file}; none when nothing is there (nor at the end of its link), or it holds
   * nothing (empty, {@code null}). {@code variable} names the variable that points elsewhere.
   */
  static Optional<JsonNode> read(Path file, String variable) {
    String kind;
    try {
      kind = FileKind.of(file).orElse(null);
    } catch (IOException e) {
      return Optional.empty(); // it cannot be looked at (a directory on its path is not searchable): none, as before
    }
    if (kind == null || kind.equals(FileKind.DIRECTORY)) {
      return Optional.empty(); // a directory is no file to read, as go-containerregistry's keychain (fileExists) takes it
    }
    if (!kind.equals(FileKind.REGULAR)) {
      throw ReleaseException.invalidIn(file.toString(), file + " is " + kind + ", not a file holding JSON: move it away (mv "
          + ShellWords.word(file.toString()) + " " + ShellWords.word(file + ".bad") + ") or point " + variable + " elsewhere");
    }
    JsonNode config;
    try {
      config = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw ReleaseException.invalidIn(file.toString(), "cannot parse " + file + " (" + e.getClass().getSimpleName()
          + "): fix the file or point " + variable + " elsewhere");
    }
    if (config.isMissingNode() || config.isNull()) {
      return Optional.empty();
    }
    if (!config.isObject()) {
      throw ReleaseException.invalidIn(file.toString(), file + " is not a JSON object (it holds "
          + Articles.a(config.getNodeType().name().toLowerCase(Locale.ROOT)) + "), which docker cannot read either: fix the"
          + " file, e.g. {\"auths\": {}}, or point " + variable + " elsewhere");
    }
    requireShape(file, variable, config, "auths", JsonNodeType.OBJECT, JsonNodeType.OBJECT);
    requireShape(file, variable, config, "credHelpers", JsonNodeType.OBJECT, JsonNodeType.STRING);
    requireShape(file, variable, config, "credsStore", JsonNodeType.STRING, null);
    return Optional.of(config);
  }

  /**
   * The field {@code name} of {@code config}, when there and not null, is of {@code type}, and each of its values (an
   * object's) of {@code values}, as docker's ConfigFile (auths: map[string]AuthConfig, credHelpers: map[string]string,
   * credsStore: string) must be for json.Unmarshal: docker refuses a file where it is not (a hostile-input audit found
   * such a file read as no credentials).
   */
  private static void requireShape(Path file, String variable, JsonNode config, String name, JsonNodeType type,
      JsonNodeType values) {
    JsonNode field = config.path(name);
    String wrong = null;
    if (!field.isMissingNode() && !field.isNull() && field.getNodeType() != type) {
      wrong = name + " is not " + Articles.a(kind(type)) + " (it holds " + Articles.a(kind(field.getNodeType())) + ")";
    } else if (values != null && field.isObject()) {
      for (var entry : field.properties()) {
        if (!entry.getValue().isNull() && entry.getValue().getNodeType() != values) {
          wrong = name + "'s entry for " + Echo.value(entry.getKey()) + " is not " + Articles.a(kind(values)) + " (it holds "
              + Articles.a(kind(entry.getValue().getNodeType())) + ")";
          break;
        }
      }
    }
    if (wrong != null) {
      throw ReleaseException.invalidIn(file.toString(), file + ": " + wrong + ", which docker cannot read either: fix the file"
          + " or point " + variable + " elsewhere");
    }
  }

  private static String kind(JsonNodeType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
