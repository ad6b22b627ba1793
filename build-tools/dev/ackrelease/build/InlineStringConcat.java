package dev.ackrelease.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites, in a built jar, every string concatenation compiled to
 * {@code invokedynamic StringConcatFactory.makeConcatWithConstants} (javac's default since Java
 * 9) into the {@code StringBuilder} chain javac writes with {@code -XDstringConcat=inline}, as
 * this build compiles its own classes and picocli's. Each call site becomes a call to a private
 * static method of the same class with the call site's descriptor, whose body appends the
 * recipe's constants and arguments in order and returns {@code toString()}: the same string, as
 * String's conversion of each argument is {@code String.valueOf}'s in both.
 *
 * <p>Why: the first concatenation the JVM links sets up StringConcatFactory, and each new shape
 * spins method handles and lambda forms at run time, which the class-data archive cannot hold.
 * JGit's classes (the only Java 9+ library class files in the jar) link three such sites before
 * a clone is open, about 10 ms of a 150 ms {@code tag --dry-run} (docs/performance.md, P3).
 *
 * <p>Run by the build right after the jar is shaded: {@code InlineStringConcat <jar>}. The jar is
 * rewritten through a file beside it and moved into place; entries keep their order, names and
 * times, and an unchanged class keeps its bytes.
 */
public final class InlineStringConcat {

  static final String FACTORY = "java/lang/invoke/StringConcatFactory";
  static final String BOOTSTRAP = "makeConcatWithConstants";
  /** The recipe's tags (StringConcatFactory's TAG_ARG and TAG_CONST). */
  static final char TAG_ARG = '\u0001';
  static final char TAG_CONST = '\u0002';
  /** Private interface methods: class files of version 53 (Java 9) and later. */
  static final int PRIVATE_INTERFACE_METHODS = 53;
  static final String BUILDER = "java/lang/StringBuilder";

  private InlineStringConcat() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: InlineStringConcat <jar>");
    }
    Path jar = Path.of(args[0]);
    int[] counts = rewriteJar(jar);
    System.out.println("InlineStringConcat: " + counts[1] + " concatenations in " + counts[0] + " classes of "
        + jar.getFileName() + " now use StringBuilder");
  }

  /** Rewrites {@code jar} in place; returns the number of classes and of call sites changed. */
  static int[] rewriteJar(Path jar) throws IOException {
    Path tmp = jar.resolveSibling(jar.getFileName() + ".concat.tmp");
    int classes = 0;
    int sites = 0;
    try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(tmp);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        byte[] bytes;
        try (InputStream stream = in.getInputStream(entry)) {
          bytes = stream.readAllBytes();
        }
        if (entry.getName().endsWith(".class")) {
          Result result = rewriteClass(bytes);
          if (result.sites > 0) {
            classes++;
            sites += result.sites;
            bytes = result.bytes;
          }
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        copy.setExtra(entry.getExtra());
        copy.setComment(entry.getComment());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new int[] {classes, sites};
  }

  /** A class's bytes after the rewrite, and how many call sites it changed (0: the bytes given). */
  record Result(byte[] bytes, int sites) {}

  /** Rewrites one class file's concatenations. */
  static Result rewriteClass(byte[] bytes) {
    ClassReader reader = new ClassReader(bytes);
    // Not sharing the reader's constant pool: the rewritten class names StringConcatFactory nowhere.
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    Inliner inliner = new Inliner(writer);
    reader.accept(inliner, 0);
    return inliner.sites.isEmpty() ? new Result(bytes, 0) : new Result(writer.toByteArray(), inliner.sites.size());
  }

  /** One call site: the method that replaces it, its descriptor, its recipe and its constants. */
  record Site(String method, String descriptor, String recipe, List<String> constants) {}

  /** Replaces each concatenation call site, then adds the methods that replace them. */
  static final class Inliner extends ClassVisitor {
    final List<Site> sites = new ArrayList<>();
    private String owner;
    private boolean isInterface;
    private boolean canHavePrivateMethods;

    Inliner(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      owner = name;
      isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
      canHavePrivateMethods = !isInterface || (version & 0xFFFF) >= PRIVATE_INTERFACE_METHODS;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
        @Override
        public void visitInvokeDynamicInsn(String callName, String callDescriptor, Handle bootstrap, Object... args) {
          Site site = site(callDescriptor, bootstrap, args);
          if (site == null) {
            super.visitInvokeDynamicInsn(callName, callDescriptor, bootstrap, args);
          } else {
            sites.add(site);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, site.method(), site.descriptor(), isInterface);
          }
        }
      };
    }

    /** The site for a concatenation with a recipe and string constants (javac's form); else null. */
    private Site site(String descriptor, Handle bootstrap, Object[] args) {
      if (!canHavePrivateMethods || !bootstrap.getOwner().equals(FACTORY) || !bootstrap.getName().equals(BOOTSTRAP)
          || args.length == 0 || !Arrays.stream(args).allMatch(String.class::isInstance)) {
        return null;
      }
      List<String> constants = Arrays.stream(args, 1, args.length).map(String.class::cast).toList();
      return new Site("ackrelease$concat$" + sites.size(), descriptor, (String) args[0], constants);
    }

    @Override
    public void visitEnd() {
      for (Site site : sites) {
        MethodVisitor method = super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
            site.method(), site.descriptor(), null, null);
        writeBody(method, site);
      }
      super.visitEnd();
    }
  }

  /** {@code new StringBuilder()}, an append per piece of the recipe, {@code toString()}. */
  static void writeBody(MethodVisitor method, Site site) {
    method.visitCode();
    method.visitTypeInsn(Opcodes.NEW, BUILDER);
    method.visitInsn(Opcodes.DUP);
    method.visitMethodInsn(Opcodes.INVOKESPECIAL, BUILDER, "<init>", "()V", false);
    Type[] arguments = Type.getArgumentTypes(site.descriptor());
    int argument = 0;
    int slot = 0;
    int constant = 0;
    StringBuilder text = new StringBuilder();
    String recipe = site.recipe();
    for (int i = 0; i < recipe.length(); i++) {
      char c = recipe.charAt(i);
      if (c != TAG_ARG && c != TAG_CONST) {
        text.append(c);
        continue;
      }
      appendText(method, text);
      if (c == TAG_CONST) {
        method.visitLdcInsn(site.constants().get(constant++));
        append(method, "Ljava/lang/String;");
      } else {
        Type type = arguments[argument++];
        method.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
        slot += type.getSize();
        append(method, appendParameter(type));
      }
    }
    appendText(method, text);
    method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUILDER, "toString", "()Ljava/lang/String;", false);
    method.visitInsn(Opcodes.ARETURN);
    method.visitMaxs(0, 0);
    method.visitEnd();
  }

  private static void appendText(MethodVisitor method, StringBuilder text) {
    if (text.length() > 0) {
      method.visitLdcInsn(text.toString());
      append(method, "Ljava/lang/String;");
      text.setLength(0);
    }
  }

  /**
   * The StringBuilder.append overload javac picks for an operand of {@code type}: byte and short
   * as int, String as String, every other reference (arrays, CharSequence) as Object, whose
   * String.valueOf is string conversion's.
   */
  static String appendParameter(Type type) {
    return switch (type.getSort()) {
      case Type.BOOLEAN -> "Z";
      case Type.CHAR -> "C";
      case Type.BYTE, Type.SHORT, Type.INT -> "I";
      case Type.LONG -> "J";
      case Type.FLOAT -> "F";
      case Type.DOUBLE -> "D";
      default -> type.getDescriptor().equals("Ljava/lang/String;") ? "Ljava/lang/String;" : "Ljava/lang/Object;";
    };
  }

  private static void append(MethodVisitor method, String parameter) {
    method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUILDER, "append", "(" + parameter + ")Ljava/lang/StringBuilder;", false);
  }
}
