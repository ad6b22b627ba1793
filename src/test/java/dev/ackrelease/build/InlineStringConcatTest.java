package dev.ackrelease.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's rewrite of string concatenation (build-tools/.../InlineStringConcat) gives the
 * strings the JDK's StringConcatFactory gives, for every kind of operand and for the recipe's
 * constants, and leaves no call site to the factory. It follows StringConcatFactory's recipe
 * format (java.lang.invoke.StringConcatFactory.makeConcatWithConstants: tag \1 an argument, \2
 * a constant) and JLS 15.18.1's string conversion, which javac's -XDstringConcat=inline writes as
 * StringBuilder appends (com.sun.tools.javac.jvm.StringConcat.Inline).
 */
class InlineStringConcatTest {

  static final String SAMPLE = """
      package sample;
      public class Sample {
        public static String all(boolean z, char c, byte b, short s, int i, long j, float f, double d,
            String str, Object o, char[] chars, CharSequence cs, Integer boxed) {
          return "z=" + z + " c=" + c + " b=" + b + " s=" + s + " i=" + i + " j=" + j + " f=" + f + " d=" + d
              + " str=" + str + " o=" + o + " chars=" + chars + " cs=" + cs + " boxed=" + boxed;
        }
        // The recipe's own tag characters in a literal are passed as constants (\\2).
        public static String tags(String a) { return "\\u0001x\\u0002" + a + "\\u0002" + a.length(); }
        public static String bare(String a, long b) { return a + b; }
        public String self() { return "this " + getClass().getSimpleName() + 1 + 2L + 'c'; }
        public static String none() { return "no concatenation"; }
      }
      """;
  static final String INTERFACE = """
      package sample;
      public interface Named {
        default String greet(String name) { return "hello " + name + "!"; }
        static String shout(String name, int times) { return name.toUpperCase() + "!".repeat(times) + times; }
      }
      """;
  static final String PLAIN = """
      package sample;
      public class Plain { public static String name() { return "plain"; } }
      """;

  @TempDir static Path dir;
  static Method rewriteClass;
  static Method rewriteJar;

  @BeforeAll
  static void compileTheToolAndTheSamples() throws Exception {
    Path tool = dir.resolve("tool");
    compile(tool, List.of(Path.of("build-tools/dev/ackrelease/build/InlineStringConcat.java")));
    Path sources = Files.createDirectories(dir.resolve("src/sample"));
    Files.writeString(sources.resolve("Sample.java"), SAMPLE);
    Files.writeString(sources.resolve("Named.java"), INTERFACE);
    Files.writeString(sources.resolve("Plain.java"), PLAIN);
    compile(dir.resolve("original"), List.of(sources.resolve("Sample.java"), sources.resolve("Named.java"),
        sources.resolve("Plain.java")));
    URLClassLoader loader = new URLClassLoader(new URL[] {tool.toUri().toURL()}, InlineStringConcatTest.class.getClassLoader());
    Class<?> inline = loader.loadClass("dev.ackrelease.build.InlineStringConcat");
    rewriteClass = inline.getDeclaredMethod("rewriteClass", byte[].class);
    rewriteClass.setAccessible(true);
    rewriteJar = inline.getDeclaredMethod("rewriteJar", Path.class);
    rewriteJar.setAccessible(true);
  }

  /** javac's default (invokedynamic) concatenation, release 17. */
  static void compile(Path out, List<Path> sources) throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "-cp", System.getProperty("java.class.path")));
    sources.forEach(s -> args.add(s.toString()));
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac " + args);
  }

  static byte[] rewritten(String className) throws Exception {
    byte[] original = Files.readAllBytes(dir.resolve("original").resolve(className.replace('.', '/') + ".class"));
    Object result = rewriteClass.invoke(null, new Object[] {original});
    Method bytes = result.getClass().getDeclaredMethod("bytes");
    bytes.setAccessible(true);
    return (byte[]) bytes.invoke(result);
  }

  /** The rewritten classes, loaded on their own. */
  static ClassLoader rewrittenLoader(String... classNames) throws Exception {
    Path out = dir.resolve("rewritten-" + System.nanoTime());
    for (String name : classNames) {
      Path file = out.resolve(name.replace('.', '/') + ".class");
      Files.createDirectories(file.getParent());
      Files.write(file, rewritten(name));
    }
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, null);
  }

  static ClassLoader originalLoader() throws IOException {
    return new URLClassLoader(new URL[] {dir.resolve("original").toUri().toURL()}, null);
  }

  static boolean callsTheFactory(byte[] classFile) {
    return new String(classFile, StandardCharsets.ISO_8859_1).contains("java/lang/invoke/StringConcatFactory");
  }

  @Test
  void everyKindOfOperandGivesTheFactorysString() throws Exception {
    Object o = new Object() {
      @Override
      public String toString() {
        return "an object";
      }
    };
    char[] chars = {'a', 'b'};
    Object[][] cases = {
        {true, 'x', (byte) -7, (short) 300, Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.0d, "text", o, chars, new StringBuilder("sb"), 42},
        {false, '\u0001', (byte) 0, (short) -1, 0, 0L, Float.NaN, Double.POSITIVE_INFINITY, null, null, null, null, null},
        {false, '\u00e9', Byte.MIN_VALUE, Short.MAX_VALUE, 7, -1L, 1e-10f, 1e300d, "\u0002\u0001", o, chars, "cs", -1},
    };
    Class<?>[] types = {boolean.class, char.class, byte.class, short.class, int.class, long.class, float.class,
        double.class, String.class, Object.class, char[].class, CharSequence.class, Integer.class};
    Class<?> original = originalLoader().loadClass("sample.Sample");
    Class<?> rewritten = rewrittenLoader("sample.Sample").loadClass("sample.Sample");
    for (Object[] args : cases) {
      assertEquals(original.getMethod("all", types).invoke(null, args), rewritten.getMethod("all", types).invoke(null, args));
    }
    for (String a : new String[] {"", "a\u0001b", "\u0002"}) {
      assertEquals(original.getMethod("tags", String.class).invoke(null, a), rewritten.getMethod("tags", String.class).invoke(null, a));
    }
    assertEquals("ab-5", rewritten.getMethod("bare", String.class, long.class).invoke(null, "ab", -5L));
    assertEquals("this Sample12c", rewritten.getMethod("self").invoke(rewritten.getConstructor().newInstance()));
    assertEquals(original.getMethod("self").invoke(original.getConstructor().newInstance()),
        rewritten.getMethod("self").invoke(rewritten.getConstructor().newInstance()));
  }

  @Test
  void interfacesDefaultAndStaticMethodsToo() throws Exception {
    ClassLoader loader = rewrittenLoader("sample.Named");
    Class<?> named = loader.loadClass("sample.Named");
    Object instance = Proxy.newProxyInstance(loader, new Class<?>[] {named},
        (proxy, method, args) -> InvocationHandler.invokeDefault(proxy, method, args));
    assertEquals("hello ack!", named.getMethod("greet", String.class).invoke(instance, "ack"));
    assertEquals("ACK!!2", named.getMethod("shout", String.class, int.class).invoke(null, "ack", 2));
  }

  @Test
  void noCallSiteIsLeftAndAClassWithoutOneKeepsItsBytes() throws Exception {
    byte[] sample = Files.readAllBytes(dir.resolve("original/sample/Sample.class"));
    assertTrue(callsTheFactory(sample), "javac's default compiles the sample's concatenations to the factory");
    assertFalse(callsTheFactory(rewritten("sample.Sample")));
    assertFalse(callsTheFactory(rewritten("sample.Named")));
    byte[] plain = Files.readAllBytes(dir.resolve("original/sample/Plain.class"));
    assertArrayEquals(plain, rewritten("sample.Plain"));
  }

  @Test
  void aJarIsRewrittenInPlaceKeepingItsEntriesInOrder() throws Exception {
    Path jar = dir.resolve("sample.jar");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    entries.put("sample/Plain.class", Files.readAllBytes(dir.resolve("original/sample/Plain.class")));
    entries.put("sample/Sample.class", Files.readAllBytes(dir.resolve("original/sample/Sample.class")));
    entries.put("sample/data.txt", "data".getBytes(StandardCharsets.UTF_8));
    long time = 1_700_000_000_000L;
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        JarEntry entry = new JarEntry(e.getKey());
        entry.setTime(time);
        out.putNextEntry(entry);
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    int[] counts = (int[]) rewriteJar.invoke(null, jar);
    assertArrayEquals(new int[] {1, 4}, counts, "classes and call sites rewritten");
    try (JarFile rewritten = new JarFile(jar.toFile())) {
      assertEquals(List.copyOf(entries.keySet()), rewritten.stream().map(JarEntry::getName).toList());
      for (String name : List.of("META-INF/MANIFEST.MF", "sample/Plain.class", "sample/data.txt")) {
        assertArrayEquals(entries.get(name), rewritten.getInputStream(rewritten.getJarEntry(name)).readAllBytes(), name);
      }
      assertFalse(callsTheFactory(rewritten.getInputStream(rewritten.getJarEntry("sample/Sample.class")).readAllBytes()));
      assertTrue(rewritten.stream().allMatch(e -> e.getTime() == time), "entry times kept");
    }
    assertEquals(List.of("sample.jar"), Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sample.")).toList(),
        "no temporary file left beside the jar");
  }
}
