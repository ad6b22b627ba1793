package dev.ackrelease.cli;

import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.settings.Setting;
import dev.ackrelease.steps.settings.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The value of an option the command line does not give: its variable {@code ACK_RELEASE_<OPTION>},
 * else its key in {@code .ack-release.yaml} (the clone's, over its workspace root's), else the
 * option's default. picocli asks for every option of every command, so no option needs code of
 * its own; the value goes through the option's converter and checks as a flag's does, and an
 * error about it names where it came from ({@link SettingsAttribution}).
 */
final class SettingsProvider implements IDefaultValueProvider {

  /** The options that say which settings files are read: a file cannot set them. */
  static final List<String> LOCATING = List.of("controller-dir", "chart-dir", "workspace");

  /**
   * The options that say what a command does rather than how: a file cannot set them (every run of the command would
   * do something else, silently), each with what it is and what to do instead. Their flags and variables still do.
   */
  static final Map<String, String> ACTIONS = Map.of("schema", "it is config's --schema, which prints this file's JSON"
      + " Schema instead of the settings: remove the line (the schema: ack-release config --schema)");

  /** Where a value came from: a variable, or a key of a file. */
  record Origin(String variable, Setting setting, String text) {

    /** {@code ACK_RELEASE_X}, or {@code file:line: key}. */
    String label() {
      return variable != null ? variable : setting.origin() + ": " + setting.key();
    }

    /** {@code env:ACK_RELEASE_X} or {@code file:path:line}, as git config --show-origin writes it. */
    String shown() {
      return variable != null ? "env:" + variable : "file:" + setting.origin();
    }
  }

  private final Map<String, String> env;
  private final boolean help;
  private final List<Path> files;
  private final Supplier<Collection<String>> allKeys;
  private final Map<ArgSpec, Origin> origins = new IdentityHashMap<>();
  private Settings settings = Settings.none();
  private ReleaseException broken;
  private boolean checked;

  private SettingsProvider(Map<String, String> env, boolean help, List<Path> files, Supplier<Collection<String>> allKeys) {
    this.env = env;
    this.help = help;
    this.files = files;
    this.allKeys = allKeys;
    if (!help) {
      try {
        settings = Settings.read(files);
      } catch (ReleaseException e) {
        broken = e;
      }
    }
  }

  /**
   * The settings of the command line {@code args}: the files of {@code --controller-dir}, else
   * {@code --chart-dir}, else {@code --workspace} (its own file only), else the working directory,
   * each from the command line or its variable. A help request reads no file: help shows the
   * defaults the options declare.
   */
  static SettingsProvider forArgs(String[] args, Map<String, String> env, Supplier<Collection<String>> allKeys) {
    boolean help = args.length > 0 && args[0].equals("help");
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      help |= a.equals("-h") || a.equals("--help");
    }
    List<Path> files = List.of();
    try {
      Optional<String> dir = given(args, env, "controller-dir").or(() -> given(args, env, "chart-dir"));
      Optional<String> workspace = given(args, env, "workspace");
      files = dir.isPresent() ? Settings.files(Path.of(dir.get()), false)
          : workspace.isPresent() ? Settings.files(Path.of(workspace.get()), true)
          : Settings.files(Path.of(""), false);
    } catch (InvalidPathException e) {
      // No directory can be named so: the option's own check refuses it when it is parsed.
    }
    return new SettingsProvider(env, help, files, allKeys);
  }

  /** The value of {@code --name} on the command line (the last one, before {@code --}), else of its variable. */
  private static Optional<String> given(String[] args, Map<String, String> env, String name) {
    String value = null;
    for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
      if (args[i].equals("--" + name) && i + 1 < args.length) {
        value = args[++i];
      } else if (args[i].startsWith("--" + name + "=")) {
        value = args[i].substring(name.length() + 3);
      }
    }
    String variable = env.get(Settings.variable(name));
    return Optional.ofNullable(value).or(() -> Optional.ofNullable(variable).filter(v -> !v.isBlank()));
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (help || !(arg instanceof OptionSpec option) || !settable(option)) {
      return null;
    }
    check(arg);
    String key = key(option);
    String variable = Settings.variable(key);
    String fromEnv = env.get(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      origins.put(arg, new Origin(variable, null, fromEnv));
      return escaped(fromEnv);
    }
    Optional<Setting> setting = settings.get(key);
    if (setting.isEmpty()) {
      return null;
    }
    String text = text(option, setting.get());
    origins.put(arg, new Origin(null, setting.get(), text));
    return escaped(text);
  }

  /** A file that cannot be read, or a key that is no option of any command, stops the run (exit 2) at the first option. */
  private void check(ArgSpec arg) {
    if (!checked) {
      checked = true;
      if (broken == null) {
        try {
          Set<String> here = keys(arg.command().root());
          boolean known = settings.files().values().stream().allMatch(f -> here.containsAll(f.keySet()));
          settings.requireKnown(known ? here : allKeys.get(), LOCATING, ACTIONS);
        } catch (ReleaseException e) {
          broken = e;
        }
      }
    }
    if (broken != null) {
      throw new ParameterException(commandLine(arg), broken.getMessage());
    }
  }

  /** The file's value as the option takes it: a list joined with commas, a relative path from the file's directory. */
  String text(OptionSpec option, Setting setting) {
    if (setting.list() && !takesList(option)) {
      throw new ParameterException(commandLine(option), setting.origin() + ": " + setting.key() + " takes one value, not a"
          + " list: write " + setting.key() + ": VALUE");
    }
    String text = setting.text();
    boolean file = option.type() == Path.class || (option.longestName().equals("--sign-key") && !text.contains("://"));
    if (file) {
      try {
        Path path = Path.of(text);
        Path dir = setting.file().getParent();
        return path.isAbsolute() || dir == null ? text : dir.resolve(path).toString();
      } catch (InvalidPathException e) {
        return text; // the option's converter refuses it, naming the file
      }
    }
    return text;
  }

  static boolean takesList(OptionSpec option) {
    return option.splitRegex().equals(",") || option.paramLabel().contains(",") || option.paramLabel().equals("LIST");
  }

  /** picocli expands ${...} in a default value: a value from outside keeps its dollar signs ($$ is one $). */
  private static String escaped(String value) {
    return value.replace("$", "$$");
  }

  private static CommandLine commandLine(ArgSpec arg) {
    CommandSpec command = arg.command();
    while (command.commandLine() == null && command.parent() != null) {
      command = command.parent();
    }
    return command.commandLine();
  }

  /** Where the value of {@code arg} came from, when it was not the command line nor the default. */
  Optional<Origin> origin(ArgSpec arg) {
    return Optional.ofNullable(origins.get(arg));
  }

  /** The files this run reads, first the one that wins (none on a help request). */
  Settings settings() {
    return settings;
  }

  List<Path> files() {
    return help ? List.of() : files;
  }

  /** Whether this is a help request, which reads no settings. */
  boolean help() {
    return help;
  }

  /** Whether an option can be set from outside the command line: every one but help and version. */
  static boolean settable(OptionSpec option) {
    return !option.usageHelp() && !option.versionHelp();
  }

  /** An option's key and, in upper case, its variable's name: its longest name without the dashes. */
  static String key(OptionSpec option) {
    return key(option.longestName());
  }

  /** The key of an option whose longest name is {@code longestName}. */
  static String key(String longestName) {
    return longestName.replaceFirst("^-+", "");
  }

  /** The keys of every settable option of {@code spec} and its subcommands. */
  static Set<String> keys(CommandSpec spec) {
    Set<String> keys = new LinkedHashSet<>();
    for (OptionSpec o : spec.options()) {
      if (settable(o)) {
        keys.add(key(o));
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      keys.addAll(keys(sub.getCommandSpec()));
    }
    return keys;
  }

  /** Every settable option of {@code spec}'s commands, by key, in the order help lists commands. */
  static List<OptionSpec> options(CommandSpec spec) {
    List<OptionSpec> options = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (settable(o)) {
        options.add(o);
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      options.addAll(options(sub.getCommandSpec()));
    }
    return options;
  }
}
