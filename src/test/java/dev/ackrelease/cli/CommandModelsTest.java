package dev.ackrelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The models {@link CommandModels} builds from the build's file are the models picocli builds from
 * the annotations: every attribute of every command, mixin, option and positional parameter; every
 * help page; and the outcome of parsing, for each command, every option alone and a set of bad
 * command lines.
 */
class CommandModelsTest {

  static Stream<Class<?>> commandTypes() {
    return Stream.concat(Stream.of(Main.class), Main.commandTypes().stream());
  }

  private static CommandSpec annotated(Class<?> type) {
    IFactory factory = CommandLine.defaultFactory();
    try {
      return CommandSpec.forAnnotatedObject(factory.create(type), factory);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theBuildWroteTheFileAndItHoldsEveryCommand() throws Exception {
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    CommandModelWriter.write(written);
    Map<String, byte[]> models = CommandModelFile.read(new DataInputStream(new ByteArrayInputStream(written.toByteArray())));
    models.forEach((type, block) -> assertEquals(type, CommandModelFile.decode(block).type(), "each block decodes"));
    commandTypes().forEach(type -> assertTrue(models.containsKey(type.getName()), type.getName()));
    assertTrue(models.containsKey(GlobalOptions.class.getName()), "mixins too");
    assertTrue(models.containsKey(CiProwCommand.class.getName()), "subcommands too");
    try (var in = CommandModels.class.getResourceAsStream(CommandModelFile.RESOURCE)) {
      assertTrue(in != null, "the build (compile) writes " + CommandModelFile.RESOURCE);
      assertEquals(new String(written.toByteArray(), "ISO-8859-1"), new String(in.readAllBytes(), "ISO-8859-1"),
          "the file in the classes is the current annotations' (mvn compile)");
    }
  }

  @ParameterizedTest
  @MethodSource("commandTypes")
  void everyAttributeIsTheAnnotatedModels(Class<?> type) {
    CommandSpec built = CommandModels.of(type);
    assertFalse(built.userObject() instanceof Proxy);
    assertEquals(describe(annotated(type)), describe(built), type.getName());
  }

  @ParameterizedTest
  @MethodSource("commandTypes")
  void everyHelpPageIsTheAnnotatedModels(Class<?> type) {
    assertEquals(usage(new CommandLine(annotated(type))), usage(new CommandLine(CommandModels.of(type))));
  }

  @ParameterizedTest
  @MethodSource("commandTypes")
  void parsingEveryOptionAndEveryBadLineEndsAsWithTheAnnotatedModel(Class<?> type) {
    for (List<String> line : lines(annotated(type))) {
      assertEquals(parse(new CommandLine(annotated(type)), line), parse(new CommandLine(CommandModels.of(type)), line),
          type.getSimpleName() + " " + line);
    }
  }

  @Test
  void theOptionsAreBoundToTheCommandsFieldsAndItsMixins() {
    CommandSpec spec = CommandModels.of(TagCommand.class);
    new CommandLine(spec).parseArgs("v1.2.3", "--push", "--remote", "upstream", "-o", "json", "--verbose");
    TagCommand tag = (TagCommand) spec.userObject();
    assertEquals("v1.2.3", tag.version);
    assertTrue(tag.push);
    assertEquals("upstream", tag.remote);
    assertTrue(tag.global.json());
    assertTrue(tag.global.terminal.verbose);
    assertTrue(tag.spec == spec, "the spec is injected");
    assertNotSame(tag, CommandModels.of(TagCommand.class).userObject(), "a new command each time");
  }

  @Test
  void aClassTheFileDoesNotHoldGetsPicocliReadingItsAnnotations() {
    CommandSpec spec = CommandModels.of(Unlisted.class, CommandLine.defaultFactory());
    assertEquals("unlisted", spec.name());
    assertEquals(List.of("--flag"), List.of(spec.options().get(0).names()));
  }

  @Test
  void aWriterMeetingAFeatureTheReaderDoesNotRebuildFails() {
    for (Class<?> type : List.of(WithGroup.class, WithNullDefault.class, WithPreprocessor.class)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> CommandModelWriter.model(type),
          type.getSimpleName());
      assertTrue(e.getMessage().startsWith(type.getName() + " uses "), e.getMessage());
    }
  }

  /**
   * The file is used only for classes whose fields are the ones it was written from: a class
   * compiled after it (an IDE's build into the same folder) gets picocli's reading of its annotations.
   */
  @Test
  void aBlockWrittenFromOtherFieldsIsNotUsed() throws Exception {
    CommandModelFile.ClassModel model = CommandModelWriter.model(Unlisted.class);
    CommandModelFile.Member flag = model.members().get(0);
    CommandModelFile.Member said = new CommandModelFile.Member(flag.kind(), flag.field(), flag.names(), flag.index(),
        flag.arity(), flag.arityUnspecified(), flag.paramLabel(), flag.hideParamSyntax(), new String[] {"from the file"},
        flag.descriptionKey(), flag.required(), flag.type(), flag.auxiliaryTypes(), flag.converters(), flag.split(),
        flag.showDefaultValue(), flag.completionCandidates(), flag.hidden(), flag.defaultValue(), flag.usageHelp(),
        flag.versionHelp(), flag.negatable(), flag.fallbackValue(), flag.order(), flag.text());
    for (String fingerprint : List.of(model.fingerprint(), "flag:int;")) {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      CommandModelFile.write(new DataOutputStream(file), List.of(new CommandModelFile.ClassModel(model.type(),
          fingerprint, model.command(), List.of(said), model.subcommands())));
      Map<String, byte[]> blocks = CommandModelFile.read(new DataInputStream(new ByteArrayInputStream(file.toByteArray())));
      CommandSpec spec = CommandModels.of(new Unlisted(), CommandLine.defaultFactory(), blocks);
      assertEquals(fingerprint.equals(model.fingerprint()) ? "from the file" : "as annotated",
          spec.options().get(0).description()[0], fingerprint);
    }
  }

  @CommandLine.Command(name = "unlisted")
  static final class Unlisted {
    @CommandLine.Option(names = "--flag", description = "as annotated") boolean flag;
  }

  @CommandLine.Command(name = "null-default")
  static final class WithNullDefault {
    @CommandLine.Option(names = "--name", defaultValue = CommandLine.Option.NULL_VALUE) String name = "initial";
  }

  @CommandLine.Command(name = "preprocessed")
  static final class WithPreprocessor {
    @CommandLine.Option(names = "--name", preprocessor = Keep.class) String name;
  }

  static final class Keep implements CommandLine.IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec,
        Map<String, Object> info) {
      return false;
    }
  }

  @CommandLine.Command(name = "grouped")
  static final class WithGroup {
    @CommandLine.ArgGroup Unlisted group;
  }

  // ---- what is compared

  private static String usage(CommandLine cli) {
    StringBuilder pages = new StringBuilder(cli.getUsageMessage());
    cli.getSubcommands().values().forEach(sub -> pages.append(usage(sub)));
    return pages.toString();
  }

  /** Every option alone (with a value if it takes one), and lines that must fail. */
  private static List<List<String>> lines(CommandSpec spec) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(List.of());
    lines.add(List.of("--no-such-option"));
    lines.add(List.of("extra", "positional", "words", "beyond", "any"));
    for (OptionSpec o : spec.options()) {
      for (String name : o.names()) {
        lines.add(o.arity().max == 0 ? List.of(name) : List.of(name, "1"));
        lines.add(List.of(name + "="));
        lines.add(List.of(name, name));
      }
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      lines.add(List.of("v1.2.3", "--output", "json"));
      lines.add(List.of("--", p.paramLabel()));
    }
    return lines;
  }

  private static String parse(CommandLine cli, List<String> line) {
    try {
      ParseResult result = cli.parseArgs(line.toArray(String[]::new));
      StringBuilder s = new StringBuilder("parsed:");
      for (ArgSpec arg : result.commandSpec().args()) {
        Object value = arg.getValue();
        s.append(' ').append(arg).append('=').append(value);
      }
      return s.toString();
    } catch (CommandLine.ParameterException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** The model as text: every simple attribute, of the command and of each of its parts, in order. */
  static String describe(CommandSpec spec) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    out.println("command " + properties(spec));
    out.println("usage " + properties(spec.usageMessage()));
    out.println("parser " + properties(spec.parser()));
    out.println("version " + List.of(spec.version()));
    out.println("mixins " + spec.mixins().keySet());
    spec.mixins().forEach((name, mixin) -> out.println("mixin " + name + " " + mixin + "\n" + describe(mixin)));
    for (ArgSpec arg : spec.args()) {
      out.println((arg.isOption() ? "option " : "positional ") + properties(arg));
      out.println("  type " + properties(arg.typeInfo()) + " aux " + List.of(arg.auxiliaryTypes()));
      out.println("  arity " + arg.arity() + " unspecified " + arg.arity().isUnspecified()
          + (arg instanceof PositionalParamSpec p ? " index " + p.index() + " unspecified " + p.index().isUnspecified() : ""));
      out.println("  converters " + Stream.of(arg.converters()).map(c -> c.getClass().getName()).toList());
      out.println("  candidates " + (arg.completionCandidates() == null ? "none" : iterate(arg.completionCandidates())));
      Object value = arg.getValue();
      out.println("  initial " + arg.initialValue() + " " + arg.hasInitialValue() + " value " + value);
      out.println("  user object " + arg.userObject());
    }
    spec.subcommands().forEach((name, sub) -> out.println("subcommand " + name + "\n" + describe(sub.getCommandSpec())));
    out.flush();
    return text.toString().replaceAll("@[0-9a-f]{4,8}\\b", "@(identity)");
  }

  private static List<String> iterate(Iterable<String> values) {
    List<String> list = new ArrayList<>();
    values.forEach(list::add);
    return list;
  }

  private static Map<String, String> properties(Object object) {
    Map<String, String> sorted = new TreeMap<>();
    CommandModelWriter.simpleProperties(object).forEach((name, value) -> sorted.put(name,
        value instanceof String[] array ? List.of(array).toString() : String.valueOf(value)));
    return sorted;
  }
}
