package dev.ackrelease.cli;

import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.Secrets;
import dev.ackrelease.steps.io.UserHome;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The ack-release command line: parsing, printing and exit codes; the work is in release-steps. */
@Command(name = TopLevelPage.NAME,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = TopLevelPage.DESCRIPTION,
    synopsisSubcommandLabel = TopLevelPage.COMMAND_LABEL,
    footerHeading = TopLevelPage.FOOTER_HEADING,
    footer = {TopLevelPage.FOOTER_1, TopLevelPage.FOOTER_2, TopLevelPage.FOOTER_3, TopLevelPage.FOOTER_4})
public final class Main implements Runnable {

  @Spec
  CommandSpec spec;

  static {
    // picocli's default factory looks up groovy.lang.Closure once, at its first use. ack-release
    // has no Groovy: the lookup misses only after the class path has opened the 30 MB jar and
    // indexed its 19,000 entries, which a --help whose classes all come from the archive need not
    // do (a hello world with this jar ahead of it on the class path starts 15-25 ms later).
    // picocli's own switch: picocli.disable.closures.
    System.setProperty("picocli.disable.closures", "true");
  }

  /**
   * The commands, in the order help lists them. A command line that names one builds only that
   * command's model (picocli reads every option of every command it is given, which is most of
   * a short run's start-up); help, completion, no command or an unknown one get them all.
   */
  private static final Map<String, Listed> COMMANDS = commands();

  /**
   * A command: its class, and its line on the top-level page, the constant its annotation's
   * header names (so that page is built without reading any annotation: {@link TopLevelPage}).
   */
  record Listed(Class<?> type, String header, boolean hidden) {}

  private static Map<String, Listed> commands() {
    Map<String, Listed> commands = new LinkedHashMap<>();
    commands.put("build-artifacts", new Listed(BuildArtifactsCommand.class, BuildArtifactsCommand.HEADER, false));
    commands.put("prepare", new Listed(PrepareCommand.class, PrepareCommand.HEADER, false));
    commands.put("tag", new Listed(TagCommand.class, TagCommand.HEADER, false));
    commands.put("publish", new Listed(PublishCommand.class, PublishCommand.HEADER, false));
    commands.put("plan", new Listed(PlanCommand.class, PlanCommand.HEADER, false));
    commands.put("verify", new Listed(VerifyCommand.class, VerifyCommand.HEADER, false));
    commands.put("await", new Listed(AwaitCommand.class, AwaitCommand.HEADER, false));
    commands.put("umbrella", new Listed(UmbrellaCommand.class, UmbrellaCommand.HEADER, false));
    commands.put("notes", new Listed(NotesCommand.class, NotesCommand.HEADER, false));
    commands.put("release-pr", new Listed(ReleasePrCommand.class, ReleasePrCommand.HEADER, false));
    commands.put("github-release", new Listed(GitHubReleaseCommand.class, GitHubReleaseCommand.HEADER, false));
    commands.put("ci", new Listed(CiCommand.class, CiCommand.HEADER, false));
    commands.put("config", new Listed(ConfigCommand.class, ConfigCommand.HEADER, false));
    commands.put("completion", new Listed(CompletionCommand.class, CompletionCommand.HEADER, false));
    commands.put("help", new Listed(HelpCommand.class, HelpCommand.HEADER, false));
    commands.put("generate-completion", new Listed(CompletionCommand.Deprecated.class, CompletionCommand.Deprecated.HEADER, true));
    return commands;
  }

  /** The commands that read the others' models: a command line naming one of them builds every command. */
  static final Set<String> ABOUT_COMMANDS = Set.of("help", "completion", "generate-completion");

  /** {@link #ABOUT_COMMANDS} and {@code more}. */
  static Set<String> aboutCommandsAnd(String... more) {
    Set<String> commands = new HashSet<>(ABOUT_COMMANDS);
    commands.addAll(List.of(more));
    return Set.copyOf(commands);
  }

  /** The class of every command, in the order help lists them (what the build writes the models of: {@link CommandModelWriter}). */
  static List<Class<?>> commandTypes() {
    return COMMANDS.values().stream().<Class<?>>map(Listed::type).toList();
  }

  /**
   * The commands settings apply to: all but help and completion (config's own options, e.g. --output
   * and --schema, take their variables and keys as every command's do: ack-release config config shows them).
   */
  static List<String> commandNames() {
    return COMMANDS.keySet().stream().filter(c -> !ABOUT_COMMANDS.contains(c)).toList();
  }

  /** The commands help lists (the deprecated generate-completion is not one). */
  static List<String> visibleCommandNames() {
    return COMMANDS.entrySet().stream().filter(c -> !c.getValue().hidden()).map(Map.Entry::getKey).toList();
  }

  /** No command: the list of them on stderr, then the error (exit 2, as git's bare command line is an error; kubectl's is not). */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new ParameterException(spec.commandLine(), "missing command: name one of the commands above, e.g. ack-release"
        + " help publish");
  }

  public static void main(String[] args) {
    UserHome.alignJvm(System.getenv());
    ClonePreload.startFor(args);
    LibraryLogging.silenceFor(args);
    Interrupts.install(System.err);
    Secrets.registerEnvironment(System.getenv());
    RemoteProxies.installFor(args);
    // UTF-8 whatever the locale, as git writes (and as JSON must be): the JVM's default charset
    // under no locale (or LANG=C) is ASCII, which wrote every other character as '?'.
    // stdout's own file descriptor, not System.out, whose PrintStream swallows a failed write.
    Stdout stdout = new Stdout(new FileOutputStream(FileDescriptor.out));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true), err);
    Interrupts.awaitHandlerIfStopping();
    code = stdout.exitCode(code, err);
    System.exit(code);
  }

  /** Runs one command line, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Interrupts.reset();
    CommandLine cli = commandLine(out, err, args);
    UnknownVariables.warn(Environment.get(), cli, args, err);
    RemoteProxies.refuseUnusable(cli, args);
    return execute(cli, args);
  }

  /**
   * Runs {@code args} on {@code cli}. picocli hands its handlers Exceptions only: an Error escaping a
   * command (out of memory, a stack overflow, a class that fails to load) is the same one line,
   * exit 1, here, not the JVM's stack trace.
   */
  static int execute(CommandLine cli, String[] args) {
    try {
      return cli.execute(args);
    } catch (Error e) {
      return ErrorReport.onError(cli, e);
    }
  }

  /** Runs one command line with exactly {@code env} as its environment (for hermetic in-process runs). */
  public static synchronized int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Environment.set(env);
    try {
      Secrets.registerEnvironment(env);
      return run(args, out, err);
    } finally {
      Environment.reset();
    }
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, (String) null);
  }

  /**
   * The command line that runs {@code args}: every option not given there takes its value from
   * its variable, else from {@code .ack-release.yaml} ({@link SettingsProvider}).
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
    CommandLine cli = args.length == 1 && TOP_LEVEL_ONLY.contains(args[0]) ? commandLine(out, err, List.of())
        : commandLine(out, err, args.length == 0 ? null : args[0]);
    cli.setDefaultValueProvider(SettingsProvider.forArgs(args, Environment.get(), Main::allKeys));
    return cli;
  }

  /** The key of every option of every command, what a settings file may set: as the build wrote them, else from the models. */
  static Set<String> allKeys() {
    Set<String> keys = CommandModels.optionKeys();
    return keys.isEmpty() ? modelKeys() : keys;
  }

  /** The key of every option of every command, from the models of all commands, built. */
  static Set<String> modelKeys() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return SettingsProvider.keys(commandLine(none, none).getCommandSpec());
  }

  /** The command line for arguments starting with {@code first} (null: all commands). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
    boolean one = first != null && COMMANDS.containsKey(first) && !ABOUT_COMMANDS.contains(first);
    return commandLine(out, err, COMMANDS.keySet().stream().filter(name -> !one || name.equals(first)).toList());
  }

  /**
   * A command line alone ({@code --help}, {@code --version}): the top-level page lists each
   * command's name and header, and nothing more of it is read, so each command is only its
   * name, header and hidden flag, not the model of its options (which loads their types, the
   * steps they configure, and their libraries); and the page is built without reading an
   * annotation ({@link TopLevelPage}).
   */
  static final Set<String> TOP_LEVEL_ONLY = Set.of("--help", "-h", "--version", "-V");

  private static CommandLine commandLine(PrintWriter out, PrintWriter err, List<String> models) {
    CommandLine cli = models.isEmpty() ? TopLevelPage.commandLine(COMMANDS) : new CommandLine(CommandModels.of(Main.class));
    COMMANDS.forEach((name, command) -> {
      if (models.contains(name)) {
        CommandLine sub = new CommandLine(CommandModels.of(command.type()));
        OptionWords.apply(sub);
        cli.addSubcommand(name, sub);
      }
    });
    if (models.contains("plan")) {
      PlanCommand.withMatrixFormat(cli.getSubcommands().get("plan"));
    }
    // Plain ASCII digits (picocli's Integer.valueOf reads "１" as 1), decoded paths: registered after the subcommands.
    cli.registerConverter(Integer.class, Hooks.INSTANCE);
    cli.registerConverter(Integer.TYPE, Hooks.INSTANCE);
    cli.registerConverter(Path.class, PathConverter.INSTANCE);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(Hooks.INSTANCE);
    cli.setParameterExceptionHandler(Hooks.INSTANCE);
    CommandLine config = cli.getSubcommands().get("config");
    if (config != null) {
      config.setStopAtPositional(true); // config COMMAND ARGS...: what follows COMMAND is that command's line
    }
    HelpPages.apply(cli);
    return cli;
  }

  /**
   * A whole number in plain ASCII digits; one in plain digits no int holds is out of range, said
   * with the range, not "not a whole number".
   */
  static Integer plainInteger(String value) {
    if (!value.matches("-?[0-9]+")) {
      throw new CommandLine.TypeConversionException("'" + Echo.value(value) + "' is not a whole number in plain digits:"
          + " write one in ASCII digits, e.g. 4");
    }
    if (outOfIntRange(value)) {
      throw new CommandLine.TypeConversionException("'" + Echo.value(value) + "' is out of range: write a whole number from "
          + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", e.g. 4");
    }
    return Integer.valueOf(value.replaceFirst("^(-?)0+(?=[0-9])", "$1"));
  }

  /** Whether {@code value} is a whole number in plain ASCII digits that no int holds. */
  static boolean outOfIntRange(String value) {
    if (!value.matches("-?[0-9]+")) {
      return false;
    }
    String digits = value.replaceFirst("^(-?)0+(?=[0-9])", "$1");
    return digits.length() > 11 || Long.parseLong(digits) != (int) Long.parseLong(digits);
  }

  /** The settings of the run {@code cmd} is part of. */
  static Optional<SettingsProvider> settings(CommandLine cmd) {
    return cmd.getCommandSpec().defaultValueProvider() instanceof SettingsProvider s ? Optional.of(s)
        : Optional.empty();
  }

  /**
   * Main's picocli hooks as one class, not method references: OpenJDK 17.0.15 crashed dumping the
   * launcher's archive (SIGSEGV in SystemDictionaryShared::adjust_lambda_proxy_class_dictionary)
   * when a lambda proxy implemented an interface the archive skips, as it skipped picocli's Java 5
   * class files. picocli is now compiled by the build for Java 17 (pom.xml) and archived; a plain
   * class stays safe should a picocli jar ever come back.
   */
  private static final class Hooks implements ITypeConverter<Integer>, IExecutionExceptionHandler,
      IParameterExceptionHandler {
    static final Hooks INSTANCE = new Hooks();

    @Override
    public Integer convert(String value) {
      return plainInteger(value);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
      return ErrorReport.onExecutionException(e, cmd, parseResult);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
      return ErrorReport.onParameterException(e, args);
    }
  }
}
