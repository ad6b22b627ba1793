package dev.ackrelease.cli;

import dev.ackrelease.cli.CommandModelFile.ClassModel;
import dev.ackrelease.cli.CommandModelFile.Member;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.PicocliException;
import picocli.CommandLine.Range;

/**
 * Each command's picocli model, built from what the build read of its annotations
 * ({@link CommandModelWriter}, {@link CommandModelFile}) instead of from the annotations. Reading
 * an annotation makes the JDK define a proxy class for its type at run time, which the class-data
 * archive cannot hold: a command's options, mixins and spec made eight of them, about a third of
 * {@code tag}'s start-up with the reflection around them. The model is the one picocli builds from
 * the annotations, option for option (CommandModelsTest compares every attribute, the help pages
 * and the parsing of every command). A class the file does not hold, or whose fields are not the
 * ones the file was written from (compiled after it, as by an IDE into the same folder), gets
 * picocli's own reading of its annotations.
 */
final class CommandModels {

  /** The usage message's attributes the file carries (any other that differs from picocli's default fails the build). */
  static final Set<String> USAGE = Set.of("header", "description", "footer", "footerHeading", "customSynopsis",
      "synopsisSubcommandLabel", "hidden");

  private CommandModels() {}

  /** The model of a new instance of {@code type}, made by picocli's default factory. */
  static CommandSpec of(Class<?> type) {
    IFactory factory = CommandLine.defaultFactory();
    return of(create(factory, type), factory);
  }

  /** The model of {@code command}, bound to its fields. */
  static CommandSpec of(Object command, IFactory factory) {
    return of(command, factory, Holder.BLOCKS);
  }

  /** The model of {@code command} from {@code blocks} ({@link CommandModelFile#read}). */
  static CommandSpec of(Object command, IFactory factory, Map<String, byte[]> blocks) {
    byte[] block = blocks.get(command.getClass().getName());
    if (block == null) {
      return CommandSpec.forAnnotatedObject(command, factory);
    }
    ClassModel model = CommandModelFile.decode(block);
    if (!model.fingerprint().equals(CommandModelFile.fingerprint(command.getClass()))) {
      return CommandSpec.forAnnotatedObject(command, factory); // compiled after the file (an IDE's build)
    }
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command, factory);
    if (model.command() != null) {
      apply(spec, model.command(), factory);
    }
    for (String sub : model.subcommands()) {
      CommandSpec subSpec = of(create(factory, type(sub)), factory, blocks);
      spec.addSubcommand(subSpec.name(), new CommandLine(subSpec, factory));
    }
    for (Member m : model.members()) {
      Field field = m.field().isEmpty() ? null : field(m.field());
      switch (m.kind()) {
        case 'S' -> set(field, command, spec);
        case 'M' -> {
          Object mixin = field == null ? null : get(field, command);
          if (mixin == null) {
            mixin = create(factory, type(m.type()));
            if (field != null) {
              set(field, command, mixin);
            }
          }
          CommandSpec mixinSpec = of(mixin, factory, blocks);
          spec.addMixin(m.names()[0], m.text().isEmpty() ? mixinSpec : mixinSpec.withToString(m.text()));
        }
        case 'O' -> spec.addOption(option(m, field, command, factory));
        case 'P' -> spec.addPositional(positional(m, field, command, factory));
        default -> throw new IllegalStateException("member kind " + m.kind());
      }
    }
    return spec;
  }

  private static void apply(CommandSpec spec, CommandModelFile.Command c, IFactory factory) {
    spec.name(c.name());
    spec.helpCommand(c.helpCommand());
    if (!c.versionProvider().isEmpty()) {
      spec.versionProvider((IVersionProvider) create(factory, type(c.versionProvider())));
    }
    UsageMessageSpec usage = spec.usageMessage();
    c.usage().forEach((name, v) -> {
      switch (name) {
        case "header" -> usage.header(v);
        case "description" -> usage.description(v);
        case "footer" -> usage.footer(v);
        case "footerHeading" -> usage.footerHeading(v[0]);
        case "customSynopsis" -> usage.customSynopsis(v);
        case "synopsisSubcommandLabel" -> usage.synopsisSubcommandLabel(v[0]);
        case "hidden" -> usage.hidden(Boolean.parseBoolean(v[0]));
        default -> throw new IllegalStateException("usage attribute " + name);
      }
    });
  }

  private static OptionSpec option(Member m, Field field, Object command, IFactory factory) {
    Shared a = new Shared(m, field, command, factory);
    OptionSpec.Builder b = OptionSpec.builder(m.names()).usageHelp(m.usageHelp()).versionHelp(m.versionHelp())
        .negatable(m.negatable()).fallbackValue(m.fallbackValue()).order(m.order())
        .type(a.type).auxiliaryTypes(a.auxiliaryTypes).arity(a.arity).paramLabel(m.paramLabel())
        .hideParamSyntax(m.hideParamSyntax()).description(m.description()).descriptionKey(m.descriptionKey()).prompt("").required(m.required()).splitRegex(m.split())
        .showDefaultValue(a.showDefault).hidden(m.hidden()).defaultValue(m.defaultValue()).withToString(m.text())
        .userObject(field).converters(a.converters).completionCandidates(a.candidates).getter(a.binding)
        .setter(a.binding).initialValue(a.initialValue).hasInitialValue(true);
    return b.build();
  }

  private static PositionalParamSpec positional(Member m, Field field, Object command, IFactory factory) {
    Shared a = new Shared(m, field, command, factory);
    PositionalParamSpec.Builder b = PositionalParamSpec.builder()
        .type(a.type).auxiliaryTypes(a.auxiliaryTypes).arity(a.arity).paramLabel(m.paramLabel())
        .hideParamSyntax(m.hideParamSyntax()).description(m.description()).descriptionKey(m.descriptionKey()).prompt("").required(m.required()).splitRegex(m.split())
        .showDefaultValue(a.showDefault).hidden(m.hidden()).defaultValue(m.defaultValue()).withToString(m.text())
        .userObject(field).converters(a.converters).completionCandidates(a.candidates).getter(a.binding)
        .setter(a.binding).initialValue(a.initialValue).hasInitialValue(true);
    if (!m.index().isEmpty()) {
      b.index(m.index());
    }
    return b.build();
  }

  /**
   * What an option and a positional parameter are built from alike (picocli's common builder is
   * not public, so each builder is given them in turn).
   */
  private static final class Shared {
    final Class<?> type;
    final Class<?>[] auxiliaryTypes;
    final Range arity;
    final Visibility showDefault;
    final ITypeConverter<?>[] converters;
    final Iterable<String> candidates;
    final FieldBinding binding;
    final Object initialValue;

    @SuppressWarnings("unchecked")
    Shared(Member m, Field field, Object command, IFactory factory) {
      type = type(m.type());
      auxiliaryTypes = Arrays.stream(m.auxiliaryTypes()).map(CommandModels::type).toArray(Class<?>[]::new);
      arity = Range.valueOf(m.arity()).unspecified(m.arityUnspecified());
      showDefault = Visibility.valueOf(m.showDefaultValue());
      converters = Arrays.stream(m.converters()).map(c -> (ITypeConverter<?>) create(factory, type(c)))
          .toArray(ITypeConverter<?>[]::new);
      candidates = m.completionCandidates().isEmpty() ? null
          : (Iterable<String>) create(factory, type(m.completionCandidates()));
      binding = new FieldBinding(command, field);
      initialValue = get(field, command);
    }
  }

  /** A field of a command or mixin, read and written as picocli's own binding of an annotated field does. */
  private static final class FieldBinding implements IGetter, ISetter {
    private final Object instance;
    private final Field field;

    FieldBinding(Object instance, Field field) {
      this.instance = instance;
      this.field = field;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) CommandModels.get(field, instance);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      T old = (T) CommandModels.get(field, instance);
      CommandModels.set(field, instance, value);
      return old;
    }
  }

  private static Object get(Field field, Object instance) {
    try {
      return field.get(instance);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new PicocliException("Could not get value for field " + field, e);
    }
  }

  private static void set(Field field, Object instance, Object value) {
    try {
      field.set(instance, value);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new PicocliException("Could not set value for field " + field + " to " + value, e);
    }
  }

  /** The field named {@code Class.field}. */
  private static Field field(String qualified) {
    Class<?> type = type(qualified.substring(0, qualified.lastIndexOf('.')));
    String name = qualified.substring(qualified.lastIndexOf('.') + 1);
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(type.getName() + " has no field " + name + ": rebuild (mvn package)", e);
    }
  }

  private static Object create(IFactory factory, Class<?> type) {
    try {
      return factory.create(type);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create " + type.getName() + ": " + e, e);
    }
  }

  private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
      "short", short.class, "int", int.class, "long", long.class, "float", float.class, "double", double.class,
      "char", char.class);

  private static Class<?> type(String name) {
    Class<?> primitive = PRIMITIVES.get(name);
    if (primitive != null) {
      return primitive;
    }
    try {
      return Class.forName(name, false, CommandModels.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no class " + name + ": rebuild (mvn package)", e);
    }
  }

  /**
   * The key of every settable option of every command, as the build wrote them ({@link CommandModelFile#optionKeys}):
   * no model is built (which loads each option's types and what they configure); empty when the build wrote no file.
   */
  static Set<String> optionKeys() {
    return Holder.FILE.optionKeys();
  }

  /** The file, read at the first model (each class's block is decoded when a model of it is built). */
  private static final class Holder {
    static final CommandModelFile.Contents FILE = read();
    static final Map<String, byte[]> BLOCKS = FILE.blocks();

    private static CommandModelFile.Contents read() {
      try (InputStream in = CommandModels.class.getResourceAsStream(CommandModelFile.RESOURCE)) {
        return in == null ? new CommandModelFile.Contents(Map.of(), Set.of())
            : CommandModelFile.readAll(new DataInputStream(new BufferedInputStream(in)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
