package dev.ackrelease.cli;

import dev.ackrelease.cli.CommandModelFile.ClassModel;
import dev.ackrelease.cli.CommandModelFile.Member;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Build time (pom.xml, the compile phase): reads every command's annotations as picocli does and
 * writes what picocli made of them to {@link CommandModelFile#RESOURCE}, which {@link CommandModels}
 * builds the same models from at run time without reading an annotation. The annotations stay the
 * one place each option is declared. A picocli feature the reader does not rebuild fails the build
 * here, naming the class and the feature; CommandModelsTest compares both models of every command.
 */
public final class CommandModelWriter {

  /** picocli's default preprocessor of an argument (its class is not public). */
  private static final String NO_PREPROCESSOR = "picocli.CommandLine$NoOpParameterPreprocessor";

  /** The name picocli gives the mixin of {@code mixinStandardHelpOptions}. */
  private static final String STANDARD_HELP = "mixinStandardHelpOptions";

  private CommandModelWriter() {}

  /** Writes the models to the file {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      write(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes the models of {@link Main} and every command, with their subcommands and mixins. */
  static void write(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
    CommandModelFile.write(data, models());
    data.flush();
  }

  static List<ClassModel> models() {
    Map<String, ClassModel> models = new LinkedHashMap<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(Main.class);
    todo.addAll(Main.commandTypes());
    IFactory factory = CommandLine.defaultFactory();
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!models.containsKey(type.getName())) {
        ClassModel model = model(type, factory, todo);
        models.put(type.getName(), model);
      }
    }
    return List.copyOf(models.values());
  }

  /** The model of {@code type} alone. */
  static ClassModel model(Class<?> type) {
    return model(type, CommandLine.defaultFactory(), new ArrayDeque<>());
  }

  private static ClassModel model(Class<?> type, IFactory factory, Deque<Class<?>> todo) {
    Object instance;
    try {
      instance = factory.create(type);
    } catch (Exception e) {
      throw new IllegalStateException(type.getName() + " cannot be created: " + e, e);
    }
    CommandSpec spec = CommandSpec.forAnnotatedObject(instance, factory);
    unsupported(!spec.interpolateVariables(), type, "no interpolation of variables");
    spec.interpolateVariables(false); // the texts as written: picocli interpolates them when it shows them
    List<Member> members = new ArrayList<>();
    for (Class<?> c : CommandModelFile.hierarchy(type)) {
      unsupported(c != type && c.isAnnotationPresent(Command.class) && c.getAnnotation(Command.class).subcommands().length > 0,
          type, "subcommands declared on a superclass");
      for (Field field : c.getDeclaredFields()) {
        Member member = member(type, spec, field, todo);
        if (member != null) {
          members.add(member);
        }
      }
      for (Method method : c.getDeclaredMethods()) {
        unsupported(method.isAnnotationPresent(Option.class) || method.isAnnotationPresent(Parameters.class)
            || method.isAnnotationPresent(Spec.class) || method.isAnnotationPresent(Mixin.class)
            || method.isAnnotationPresent(Command.class) || method.isAnnotationPresent(ArgGroup.class)
            || method.isAnnotationPresent(Unmatched.class), type, "annotations on method " + method.getName());
      }
    }
    long own = members.stream().filter(m -> m.kind() == 'O' || m.kind() == 'P').count();
    int fromMixins = spec.mixins().values().stream().mapToInt(m -> m.args().size()).sum();
    unsupported(spec.args().size() != own + fromMixins, type, "arguments the file would not hold (" + spec.args().size()
        + " in picocli's model, " + (own + fromMixins) + " written)");
    CommandSpec standardHelp = spec.mixins().get(STANDARD_HELP);
    if (standardHelp != null) {
      // picocli's mixinStandardHelpOptions, added last: a mixin held in no field.
      members.add(Member.of('M', "", new String[] {STANDARD_HELP}, standardHelp.userObject().getClass().getName(), ""));
      todo.add(standardHelp.userObject().getClass());
    }
    Command annotation = type.getAnnotation(Command.class);
    List<String> subcommands = new ArrayList<>();
    if (annotation != null) {
      for (Class<?> sub : annotation.subcommands()) {
        subcommands.add(sub.getName());
        todo.add(sub);
      }
    }
    return new ClassModel(type.getName(), CommandModelFile.fingerprint(type), annotation == null ? null : command(type, spec), members,
        subcommands);
  }

  /** The member {@code field} of {@code type}'s model is, or null if picocli does not bind it. */
  private static Member member(Class<?> type, CommandSpec spec, Field field, Deque<Class<?>> todo) {
    String qualified = field.getDeclaringClass().getName() + "." + field.getName();
    unsupported(field.isAnnotationPresent(ArgGroup.class) || field.isAnnotationPresent(Unmatched.class)
        || field.isAnnotationPresent(ParentCommand.class), type, "@ArgGroup, @Unmatched or @ParentCommand on " + field);
    if (field.isAnnotationPresent(Mixin.class)) {
      String name = field.getAnnotation(Mixin.class).name().isEmpty() ? field.getName() : field.getAnnotation(Mixin.class).name();
      todo.add(field.getType());
      return Member.of('M', qualified, new String[] {name}, field.getType().getName(), spec.mixins().get(name).toString());
    }
    if (field.isAnnotationPresent(Spec.class)) {
      unsupported(field.getAnnotation(Spec.class).value() != Spec.Target.SELF, type, "@Spec(MIXEE) on " + field);
      return Member.of('S', qualified, new String[0], field.getType().getName(), "");
    }
    if (field.isAnnotationPresent(Option.class) || field.isAnnotationPresent(Parameters.class)) {
      unsupported(Modifier.isStatic(field.getModifiers()), type, "a static option field " + field);
      Option option = field.getAnnotation(Option.class);
      Parameters parameters = field.getAnnotation(Parameters.class);
      unsupported(Option.NULL_VALUE.equals(option != null ? option.defaultValue() : parameters.defaultValue())
          || option != null && Option.NULL_VALUE.equals(option.fallbackValue()), type, "a default of NULL_VALUE on " + field);
      Class<?> candidates = option != null ? option.completionCandidates() : parameters.completionCandidates();
      ArgSpec arg = spec.args().stream().filter(a -> field.equals(a.userObject())).findFirst().orElseThrow();
      return member(type, qualified, arg, candidates.getName().startsWith("picocli.") ? "" : candidates.getName());
    }
    return null;
  }

  private static CommandModelFile.Command command(Class<?> type, CommandSpec spec) {
    CommandSpec plain = CommandSpec.create();
    unsupported(spec.aliases().length > 0, type, "aliases");
    unsupported(spec.versionProvider() == null && spec.version().length > 0, type, "a version other than a provider's");
    unsupported(spec.defaultValueProvider() != null || spec.resourceBundleBaseName() != null, type,
        "a default value provider or resource bundle");
    unsupported(spec.subcommandsRepeatable() || spec.scopeType() != plain.scopeType(), type,
        "repeatable subcommands or a scope");
    unsupported(spec.exitCodeOnSuccess() != plain.exitCodeOnSuccess() || spec.exitCodeOnUsageHelp() != plain.exitCodeOnUsageHelp()
        || spec.exitCodeOnVersionHelp() != plain.exitCodeOnVersionHelp()
        || spec.exitCodeOnInvalidInput() != plain.exitCodeOnInvalidInput()
        || spec.exitCodeOnExecutionException() != plain.exitCodeOnExecutionException()
        || !spec.usageMessage().exitCodeList().isEmpty(), type, "exit codes");
    unsupported(spec.preprocessor().getClass() != plain.preprocessor().getClass()
        || spec.modelTransformer() != plain.modelTransformer(), type, "a preprocessor or model transformer");
    unsupported(!simpleProperties(spec.parser()).equals(simpleProperties(plain.parser())), type, "parser settings");
    Map<String, Object> usage = simpleProperties(spec.usageMessage());
    Map<String, Object> defaults = simpleProperties(plain.usageMessage());
    Map<String, String[]> changed = new LinkedHashMap<>();
    usage.forEach((name, value) -> {
      if (!Objects.deepEquals(value, defaults.get(name))) {
        unsupported(!CommandModels.USAGE.contains(name), type, "the usage message's " + name);
        changed.put(name, value instanceof String[] values ? values : new String[] {String.valueOf(value)});
      }
    });
    String versionProvider = spec.versionProvider() == null ? "" : spec.versionProvider().getClass().getName();
    return new CommandModelFile.Command(spec.name(), versionProvider, spec.helpCommand(), changed);
  }

  private static Member member(Class<?> type, String field, ArgSpec arg, String completion) {
    unsupported(!arg.preprocessor().getClass().getName().equals(NO_PREPROCESSOR), type, "a preprocessor on " + field);
    unsupported(arg.interactive() || !arg.prompt().isEmpty() || arg.parameterConsumer() != null || arg.inherited()
        || arg.scopeType() != ScopeType.LOCAL || !arg.splitRegexSynopsisLabel().isEmpty() || !Objects.equals(arg.mapFallbackValue(),
        OptionSpec.builder("-x").build().mapFallbackValue()), type,
        "interactive, consumed, inherited or map arguments (" + field + ")");
    String[] converters = Arrays.stream(arg.converters()).map(c -> c.getClass().getName()).toArray(String[]::new);
    String[] aux = Arrays.stream(arg.typeInfo().getAuxiliaryTypes()).map(Class::getName).toArray(String[]::new);
    if (arg instanceof OptionSpec o) {
      unsupported(o.help(), type, "the deprecated help attribute on " + field);
      return new Member('O', field, o.names(), "", arg.arity().toString(), arg.arity().isUnspecified(),
          arg.paramLabel(), arg.hideParamSyntax(), arg.description(), nonNull(arg.descriptionKey()), arg.required(),
          arg.type().getName(), aux, converters, arg.splitRegex(), arg.showDefaultValue().name(), completion, arg.hidden(), arg.defaultValue(),
          o.usageHelp(), o.versionHelp(), o.negatable(), o.fallbackValue(), o.order(), arg.toString());
    }
    PositionalParamSpec p = (PositionalParamSpec) arg;
    return new Member('P', field, new String[0], p.index().isUnspecified() ? "" : p.index().toString(),
        arg.arity().toString(), arg.arity().isUnspecified(), arg.paramLabel(), arg.hideParamSyntax(), arg.description(),
        nonNull(arg.descriptionKey()), arg.required(), arg.type().getName(), aux, converters, arg.splitRegex(), arg.showDefaultValue().name(),
        completion, arg.hidden(), arg.defaultValue(), false, false, false, "", -1, arg.toString());
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  /** The values of an object's public getters of strings, flags, numbers and string arrays, sorted by name. */
  static Map<String, Object> simpleProperties(Object object) {
    Set<Class<?>> simple = Set.of(String.class, String[].class, boolean.class, Boolean.class, int.class, Integer.class,
        char.class, Character.class, long.class, double.class);
    Map<String, Object> values = new TreeMap<>(); // by name: the JDK lists methods in no fixed order
    Set<String> names = new LinkedHashSet<>();
    for (Method m : object.getClass().getMethods()) {
      if (m.getParameterCount() == 0 && simple.contains(m.getReturnType()) && !m.getName().equals("hashCode")
          && !(m.getName().equals("toString") && m.getDeclaringClass() == Object.class)
          && names.add(m.getName())) {
        try {
          m.setAccessible(true);
          values.put(m.getName(), m.invoke(object));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(m + ": " + e, e);
        }
      }
    }
    return values;
  }

  private static void unsupported(boolean used, Class<?> type, String what) {
    if (used) {
      throw new IllegalStateException(type.getName() + " uses " + what + ", which CommandModels does not rebuild: "
          + "teach CommandModelFile, CommandModelWriter and CommandModels it, or leave it out");
    }
  }
}
