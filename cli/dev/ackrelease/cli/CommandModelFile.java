package dev.ackrelease.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command models as the build writes them ({@link CommandModelWriter}) and the launcher reads
 * them ({@link CommandModels}): for each class with picocli annotations, what picocli made of them.
 * A binary file of {@link DataOutput}'s strings, counts and flags, in the order written here.
 */
final class CommandModelFile {

  /** Where the build puts the file among the classes (and so in the jar), and where it is read from. */
  static final String RESOURCE = "command-models.bin";

  /** The format's version: a file of another one is not read (the annotations are then). */
  static final int VERSION = 3;

  private CommandModelFile() {}

  /**
   * One class: its fields' names and types ({@link #fingerprint}), its command
   * attributes (none for a mixin), its members in picocli's order, its subcommands.
   */
  record ClassModel(String type, String fingerprint, Command command, List<Member> members, List<String> subcommands) {}

  /**
   * A command's own attributes: its name, the version provider's class ("" for none), whether it
   * is picocli's help command, and the usage message's attributes
   * that differ from picocli's defaults, by name ({@link CommandModels#USAGE}).
   */
  record Command(String name, String versionProvider, boolean helpCommand, Map<String, String[]> usage) {}

  /**
   * A field picocli binds (named {@code Class.field}, its class the command's or a superclass): an option ({@code 'O'}), a positional parameter ({@code 'P'}), a mixin
   * ({@code 'M'}, its name in {@code names[0]}, its class in {@code type}; held in no field if
   * {@code field} is empty, as picocli's standard help options) or the spec
   * ({@code 'S'}); {@code text} is what picocli's model says it is (its {@code toString}).
   */
  record Member(char kind, String field, String[] names, String index, String arity, boolean arityUnspecified,
      String paramLabel, boolean hideParamSyntax, String[] description, String descriptionKey, boolean required, String type,
      String[] auxiliaryTypes, String[] converters, String split, String showDefaultValue,
      String completionCandidates, boolean hidden, String defaultValue, boolean usageHelp, boolean versionHelp,
      boolean negatable, String fallbackValue, int order, String text) {

    static Member of(char kind, String field, String[] names, String type, String text) {
      return new Member(kind, field, names, "", "", false, "", false, new String[0], "", false, type, new String[0],
          new String[0], "", "", "", false, null, false, false, false, "", -1, text);
    }
  }

  /** The file read: each class's block by its name, not yet decoded, and {@link #optionKeys}. */
  record Contents(Map<String, byte[]> blocks, Set<String> optionKeys) {}

  /**
   * Writes the models: each class a block of its own behind its name and length, so a command line
   * decodes only the classes of the commands it runs ({@link #decode}); then {@link #optionKeys}.
   */
  static void write(DataOutput out, List<ClassModel> models) throws IOException {
    out.writeInt(VERSION);
    out.writeInt(models.size());
    for (ClassModel model : models) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      writeClass(new DataOutputStream(bytes), model);
      out.writeUTF(model.type());
      out.writeInt(bytes.size());
      out.write(bytes.toByteArray());
    }
    writeStrings(out, optionKeys(models).toArray(String[]::new));
  }

  /**
   * The key of every settable option of {@code models} (not help's nor version's), as {@link SettingsProvider#key} makes
   * it: what a run reads to tell a variable of any command's option from one nothing reads, without a model.
   */
  static Set<String> optionKeys(List<ClassModel> models) {
    Set<String> keys = new TreeSet<>();
    for (ClassModel model : models) {
      for (Member m : model.members()) {
        if (m.kind() == 'O' && !m.usageHelp() && !m.versionHelp()) {
          keys.add(SettingsProvider.key(longest(m.names())));
        }
      }
    }
    return keys;
  }

  /** The first of the longest of {@code names}, as picocli's {@code longestName} picks it. */
  private static String longest(String[] names) {
    String longest = names[0];
    for (String n : names) {
      longest = n.length() > longest.length() ? n : longest;
    }
    return longest;
  }

  private static void writeClass(DataOutput out, ClassModel model) throws IOException {
    out.writeUTF(model.type());
    out.writeUTF(model.fingerprint());
    out.writeBoolean(model.command() != null);
    if (model.command() != null) {
      Command c = model.command();
      out.writeUTF(c.name());
      out.writeUTF(c.versionProvider());
      out.writeBoolean(c.helpCommand());
      out.writeInt(c.usage().size());
      for (Map.Entry<String, String[]> e : c.usage().entrySet()) {
        out.writeUTF(e.getKey());
        writeStrings(out, e.getValue());
      }
    }
    out.writeInt(model.members().size());
    for (Member m : model.members()) {
      out.writeChar(m.kind());
      out.writeUTF(m.field());
      writeStrings(out, m.names());
      out.writeUTF(m.index());
      out.writeUTF(m.arity());
      out.writeBoolean(m.arityUnspecified());
      out.writeUTF(m.paramLabel());
      out.writeBoolean(m.hideParamSyntax());
      writeStrings(out, m.description());
      out.writeUTF(m.descriptionKey());
      out.writeBoolean(m.required());
      out.writeUTF(m.type());
      writeStrings(out, m.auxiliaryTypes());
      writeStrings(out, m.converters());
      out.writeUTF(m.split());
      out.writeUTF(m.showDefaultValue());
      out.writeUTF(m.completionCandidates());
      out.writeBoolean(m.hidden());
      out.writeBoolean(m.defaultValue() != null);
      if (m.defaultValue() != null) {
        out.writeUTF(m.defaultValue());
      }
      out.writeBoolean(m.usageHelp());
      out.writeBoolean(m.versionHelp());
      out.writeBoolean(m.negatable());
      out.writeUTF(m.fallbackValue());
      out.writeInt(m.order());
      out.writeUTF(m.text());
    }
    writeStrings(out, model.subcommands().toArray(String[]::new));
  }

  /** Each class's block by its name, not yet decoded; empty if the file is of another version. */
  static Map<String, byte[]> read(DataInput in) throws IOException {
    return readAll(in).blocks();
  }

  /** The blocks and the option keys; none of either if the file is of another version. */
  static Contents readAll(DataInput in) throws IOException {
    Map<String, byte[]> blocks = new HashMap<>();
    if (in.readInt() != VERSION) {
      return new Contents(blocks, Set.of());
    }
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String type = in.readUTF();
      byte[] block = new byte[in.readInt()];
      in.readFully(block);
      blocks.put(type, block);
    }
    return new Contents(blocks, Set.of(readStrings(in)));
  }

  /** The model in a block of {@link #read}. */
  static ClassModel decode(byte[] block) {
    try {
      DataInput in = new DataInputStream(new ByteArrayInputStream(block));
      String type = in.readUTF();
      String fingerprint = in.readUTF();
      Command command = null;
      if (in.readBoolean()) {
        String name = in.readUTF();
        String versionProvider = in.readUTF();
        boolean helpCommand = in.readBoolean();
        Map<String, String[]> usage = new LinkedHashMap<>();
        int n = in.readInt();
        for (int u = 0; u < n; u++) {
          usage.put(in.readUTF(), readStrings(in));
        }
        command = new Command(name, versionProvider, helpCommand, usage);
      }
      int memberCount = in.readInt();
      List<Member> members = new ArrayList<>(memberCount);
      for (int m = 0; m < memberCount; m++) {
        // The arguments are read in the order they are written (Java evaluates them left to right).
        members.add(new Member(in.readChar(), in.readUTF(), readStrings(in), in.readUTF(), in.readUTF(), in.readBoolean(),
            in.readUTF(), in.readBoolean(), readStrings(in), in.readUTF(), in.readBoolean(), in.readUTF(), readStrings(in),
            readStrings(in), in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean(),
            in.readBoolean() ? in.readUTF() : null, in.readBoolean(), in.readBoolean(), in.readBoolean(), in.readUTF(),
            in.readInt(), in.readUTF()));
      }
      return new ClassModel(type, fingerprint, command, members, List.of(readStrings(in)));
    } catch (IOException e) {
      throw new UncheckedIOException("a block of " + RESOURCE + " ends early: rebuild (mvn package)", e);
    }
  }

  /**
   * Every field of {@code type} and its superclasses, by name and type, in picocli's order:
   * {@link CommandModels} compares it before it uses a block, so classes compiled after the file
   * (an IDE's build into the same folder) get picocli's reading instead of a stale model.
   */
  static String fingerprint(Class<?> type) {
    StringBuilder fields = new StringBuilder();
    for (Class<?> c : hierarchy(type)) {
      for (Field f : c.getDeclaredFields()) {
        fields.append(f.getName()).append(':').append(f.getType().getName()).append(';');
      }
    }
    return fields.toString();
  }

  /** {@code type} and its superclasses below {@code Object}, the topmost first: the order picocli reads them in. */
  static List<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      hierarchy.add(0, c);
    }
    return hierarchy;
  }

  private static void writeStrings(DataOutput out, String[] values) throws IOException {
    out.writeInt(values.length);
    for (String v : values) {
      out.writeUTF(v);
    }
  }

  private static String[] readStrings(DataInput in) throws IOException {
    String[] values = new String[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readUTF();
    }
    return values;
  }
}
