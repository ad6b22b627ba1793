package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.image.BaseImage;
import dev.ackrelease.steps.settings.Setting;
import dev.ackrelease.steps.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(name = "config",
    header = ConfigCommand.HEADER,
    description = "The value each option of COMMAND (default: publish) takes for the command line COMMAND ARGS..., and"
        + " where it comes from, as git config --show-origin shows it: flag (the command line), env:ACK_RELEASE_<OPTION>,"
        + " file:PATH:LINE (.ack-release.yaml) or default. Nothing is run: the command line is parsed as COMMAND parses"
        + " it (each value converted as its option converts it), but what COMMAND checks once it runs (a platform's name, the"
        + " clone, the registry) is not looked at, and the arguments COMMAND requires may be left out (config tag needs no"
        + " VERSION). The files are .ack-release.yaml in the clone (--controller-dir, else --chart-dir, else the current"
        + " directory) over the one in its parent, the workspace root; with --workspace DIR, DIR's own. config's own"
        + " options go before COMMAND.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # publish's settings, in the controller's clone",
        "  ack-release config",
        "  ack-release config verify --service s3 --output json",
        "  ack-release config --output json plan --workspace ~/ack",
        "  # the file's JSON Schema, for an editor",
        "  ack-release config --schema > .ack-release.schema.json"})
final class ConfigCommand implements Callable<Integer> {

  /** The line of this command on the top-level help page (read there without reading the annotation). */
  static final String HEADER = "Show each setting of a command line and where it comes from.";

  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Option(names = "--schema", description = "Print the JSON Schema of .ack-release.yaml (as docs/ack-release.schema.json) instead.")
  boolean schema;

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "A command and its arguments, as they would be run (default: publish).")
  List<String> line = new ArrayList<>();

  @Override
  public Integer call() {
    Printer printer = new Printer(spec, global);
    if (schema) {
      if (!line.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--schema describes every command's keys: drop "
            + Echo.value(String.join(" ", line)));
      }
      spec.commandLine().getOut().println(Printer.toJson(SettingsSchema.of(Main.commandLine(spec.commandLine().getOut(),
          spec.commandLine().getErr()).getCommandSpec())));
      return ExitCodes.OK;
    }
    String[] args = (line.isEmpty() ? List.of("publish") : line).toArray(String[]::new);
    if (!Main.commandNames().contains(args[0])) {
      throw new CommandLine.ParameterException(spec.commandLine(), "'" + Echo.value(args[0]) + "' is not a command that"
          + " takes settings: name one of " + String.join(", ", Main.commandNames()) + ", e.g. ack-release config publish");
    }
    CommandLine target = Main.commandLine(spec.commandLine().getOut(), spec.commandLine().getErr(), args);
    ParseResult parsed = parseWithoutRequired(target, args);
    if (!parsed.commandSpec().subcommands().isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "'" + parsed.commandSpec().qualifiedName() + "' has"
          + " commands of its own: name one, e.g. ack-release config "
          + parsed.commandSpec().qualifiedName().replaceFirst("^ack-release ", "") + " "
          + parsed.commandSpec().subcommands().keySet().iterator().next());
    }
    SettingsProvider settings = Main.settings(target).orElseThrow();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (OptionSpec option : parsed.commandSpec().options()) {
      if (SettingsProvider.settable(option)) {
        rows.add(row(option, parsed, settings));
      }
    }
    String command = parsed.commandSpec().qualifiedName();
    print(printer, command, rows, settings);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", true);
    json.put("settingsOf", command.replaceFirst("^ack-release ", ""));
    json.put("files", files(settings));
    json.put("settings", rows);
    printer.json(json);
    return ExitCodes.OK;
  }

  /**
   * The command line parsed as its command parses it, but without its required arguments: config
   * shows settings, it runs nothing, so {@code config tag} needs no VERSION. Every other error is
   * the one the command would report first.
   */
  private static ParseResult parseWithoutRequired(CommandLine target, String[] args) {
    collectErrors(target.getCommandSpec());
    ParseResult parsed = target.parseArgs(args);
    List<Exception> errors = new ArrayList<>(parsed.errors());
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
      errors.addAll(parsed.errors());
    }
    for (Exception e : errors) {
      if (!(e instanceof CommandLine.MissingParameterException)) {
        throw e instanceof CommandLine.ParameterException p ? p
            : new CommandLine.ParameterException(target, e.getMessage(), e, null, null);
      }
    }
    return parsed;
  }

  private static void collectErrors(CommandSpec command) {
    command.parser().collectErrors(true);
    command.subcommands().values().forEach(sub -> collectErrors(sub.getCommandSpec()));
  }

  /** Defaults help shows in parts, as no 80-column line holds them, and points here for whole. */
  static final Map<String, String> WHOLE_DEFAULTS = Map.of("base-image", "ACK's eks-distro minimal nonroot image, "
      + BaseImage.ACK_DEFAULT_REF);

  /** One option: its key, variable, value and where the value comes from. */
  private static Map<String, Object> row(OptionSpec option, ParseResult parsed, SettingsProvider settings) {
    String key = SettingsProvider.key(option);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("key", key);
    row.put("option", option.longestName());
    row.put("variable", Settings.variable(key));
    Optional<SettingsProvider.Origin> origin = settings.origin(option);
    if (parsed.hasMatchedOption(option)) {
      List<String> given = option.originalStringValues();
      row.put("value", given.isEmpty() ? "true" : String.join(",", given));
      row.put("origin", "flag");
    } else if (origin.isPresent()) {
      row.put("value", origin.get().text());
      row.put("origin", origin.get().variable() != null ? "env" : "file");
      Setting setting = origin.get().setting();
      if (setting != null) {
        row.put("file", setting.file().toString());
        row.put("line", setting.line());
      }
    } else {
      boolean flag = option.arity().max() == 0;
      row.put("value", option.defaultValue() != null ? option.defaultValue() : flag ? "false" : null);
      row.put("origin", "default");
      if (option.defaultValue() == null && !flag) {
        Optional.ofNullable(WHOLE_DEFAULTS.get(key)).or(() -> described(option)).ifPresent(d -> row.put("default", d));
      }
    }
    return row;
  }

  /** The default an option's description names, in words: "(default: the current directory)". */
  static Optional<String> described(OptionSpec option) {
    String description = String.join(" ", option.description());
    int start = description.indexOf("(default: ");
    if (start >= 0) {
      int depth = 0;
      for (int i = start; i < description.length(); i++) {
        char c = description.charAt(i);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (depth == 0) {
          return Optional.of(description.substring(start + "(default: ".length(), i));
        }
      }
    }
    return Optional.empty();
  }

  private static void print(Printer printer, String command, List<Map<String, Object>> rows, SettingsProvider settings) {
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"ORIGIN", "KEY", "VALUE"});
    for (Map<String, Object> row : rows) {
      String origin = switch ((String) row.get("origin")) {
        case "env" -> "env:" + row.get("variable");
        case "file" -> "file:" + row.get("file") + ":" + row.get("line");
        default -> (String) row.get("origin");
      };
      String value = row.get("value") != null ? Echo.value((String) row.get("value"))
          : row.containsKey("default") ? "(" + row.get("default") + ")" : "-";
      table.add(new String[] {origin, (String) row.get("key"), value});
    }
    printer.line("Settings of " + command + " (a flag wins over env, env over a file, a file over the default):");
    TableLayout.whole(table).forEach(printer::line); // origins and values whole: they are copied
    List<String> files = new ArrayList<>();
    for (Map<String, Object> f : files(settings)) {
      int keys = (int) f.get("keys");
      files.add(f.get("path") + ((boolean) f.get("exists") ? " (" + keys + (keys == 1 ? " key)" : " keys)") : " (none there)"));
    }
    printer.line("Files, the first winning: " + (files.isEmpty() ? "none read" : String.join(", ", files)) + ".");
  }

  private static List<Map<String, Object>> files(SettingsProvider settings) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (Path file : settings.files()) {
      Map<String, Setting> keys = settings.settings().files().get(file);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("path", file.toString());
      f.put("exists", keys != null && (!keys.isEmpty() || Files.isRegularFile(file)));
      f.put("keys", keys == null ? 0 : keys.size());
      files.add(f);
    }
    return files;
  }
}
