package dev.ackrelease.steps.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The line scan of values.yaml ({@link ValuesScanner}) against the YAML parser it stands in for
 * ({@link YamlDocument}): where it answers, it answers exactly what the parser does (line, value,
 * quoting and the char span); where a line could mean something else than it looks like, it
 * leaves the file to the parser.
 */
class ValuesScannerTest {

  private static final String FILE = ReleaseArtifacts.VALUES;
  private static final String IMAGE = """
      image:
        repository: public.ecr.aws/aws-controllers-k8s/s3-controller
        tag: 1.0.4
        pullPolicy: IfNotPresent
        pullSecrets: []
      """;

  /** What the parser finds, as build-artifacts found it before the scan. */
  private static Map<ArtifactKey, Place> parsed(String text) {
    YamlDocument yaml = YamlDocument.parse(FILE, text);
    Map<ArtifactKey, Place> places = new LinkedHashMap<>();
    places.put(ArtifactKey.IMAGE_REPOSITORY, yaml.place("/image/repository", ArtifactKey.IMAGE_REPOSITORY.key()));
    places.put(ArtifactKey.IMAGE_TAG, yaml.place("/image/tag", ArtifactKey.IMAGE_TAG.key()));
    return places;
  }

  private static Optional<Map<ArtifactKey, Place>> scanned(String text) {
    return ValuesScanner.locate(FILE, text);
  }

  static Stream<Arguments> shapesItReads() {
    String real = fixture("s3-controller-v1.0.4");
    String quoted = fixture("s3-quoted-v1.8.1");
    return Stream.of(
        Arguments.of("ACK's s3-controller values.yaml", real),
        Arguments.of("quoted values, trailing comments, non-ASCII and emoji before the block", quoted),
        Arguments.of("Windows line endings", quoted.replace("\n", "\r\n")),
        Arguments.of("no final newline", IMAGE.strip()),
        Arguments.of("20,000 more lines after the block, as scripts/bench writes them", real + benchLines(4000)),
        Arguments.of("20,000 more lines before the block", benchLines(4000) + real),
        Arguments.of("tag before repository, four-space indent, comments at any indent inside", """
            image:
                # the tag first
                tag: "2.0.0"   # a comment
            # a comment at column 0 does not end the block
                repository: 'example.com/ack/s3-controller'
                pullSecrets:
                - name: regcred
            other: 1
            """),
        Arguments.of("block scalars, flows and quotes elsewhere, with lines that look like keys inside", """
            notes: |
              image:
                tag: not-this-one
              "an open quote
              [an open flow
            quotes: "a # b: c"
            flow: {a: [1, "2]"], b: 'it''s'}
            list:
            - |-
              image: no
            - name: "x"
              value: >
                tag: no
            image:
              repository: example.com/s3
              tag: 1.2.3
              annotations:
                note: |
                  repository: not-this-one
            after: true
            """),
        Arguments.of("a number-like tag, a port in the repository, a tab before the comment", """
            image:
              repository: localhost:5000/ack/s3-controller\t# local
              tag: 1.0
            """),
        Arguments.of("a pre-release-like word and an @ in the repository", """
            image:
              repository: registry.example.com/team@x/s3
              tag: 1.2.3-rc.1+build.5
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapesItReads")
  void readsWhatTheParserReads(String name, String text) {
    Optional<Map<ArtifactKey, Place>> scanned = scanned(text);
    assertTrue(scanned.isPresent(), "the scan should read this shape itself");
    assertEquals(List.copyOf(parsed(text).values()), List.copyOf(scanned.get().values()));
  }

  static Stream<Arguments> shapesItLeavesToTheParser() {
    return Stream.of(
        // Where a line scan would read another value than YAML does.
        Arguments.of("a double-quoted scalar left open swallows an image block", "a: \"x\nimage:\n  repository: r\n  tag: t\n\"\n"
            + IMAGE.replace("image:", "img:")),
        Arguments.of("a single-quoted scalar left open", "a: 'x\n" + IMAGE + "'\n"),
        Arguments.of("a flow sequence left open", "a: [x,\n" + IMAGE + "]\n"),
        Arguments.of("a quoted key spelled \"image\" later", IMAGE + "\"image\":\n  repository: r\n  tag: t\n"),
        Arguments.of("a second image key (the parser names the duplicate)", IMAGE + "image:\n  tag: x\n"),
        Arguments.of("a complex key", "? image\n: x\n" + IMAGE),
        Arguments.of("a merge key at the top", "<<: {image: {tag: x}}\n" + IMAGE),
        Arguments.of("a merge key in the block", IMAGE.replace("  pullPolicy", "  <<: {tag: x}\n  pullPolicy")),
        Arguments.of("a plain tag continued on the next line", tag("tag: 1.0.4\n    -beta")),
        Arguments.of("a tag whose key has a blank before its colon", IMAGE.replace("tag:", "tag :")),
        Arguments.of("a quoted tag key", IMAGE.replace("tag:", "\"tag\":")),
        Arguments.of("an image key with a blank before its colon", IMAGE.replace("image:", "image :")),
        Arguments.of("a flow image", "image: {repository: r, tag: t}\n"),
        Arguments.of("an anchored image", IMAGE.replace("image:", "image: &img")),
        Arguments.of("an aliased value in the block", "x: &t 1.0.4\n" + IMAGE.replace("pullPolicy: IfNotPresent", "pullPolicy: *t")),
        Arguments.of("a tagged value", tag("tag: !!str 1.0.4")),
        Arguments.of("a document marker", "---\n" + IMAGE),
        Arguments.of("a directive", "%YAML 1.1\n---\n" + IMAGE),
        Arguments.of("a byte order mark", "\uFEFF" + IMAGE),
        Arguments.of("a lone CR, a line break to YAML", IMAGE + "  x: 1\rimage:\n  z: 9\n"),
        Arguments.of("a NEL, a line break to YAML 1.1", IMAGE + "  x: 1\u0085image:\n  z: 9\n"),
        Arguments.of("a line separator", IMAGE + "  x: 1\u2028image:\n  z: 9\n"),
        Arguments.of("a tab in an indentation", IMAGE.replace("  tag", "\ttag")),
        Arguments.of("a sequence of images", "image:\n- repository: r\n  tag: t\n"),
        Arguments.of("a top-level sequence", "- " + IMAGE),
        Arguments.of("an indented document", IMAGE.indent(2)),
        Arguments.of("a file longer than the YAML reader's limit (the parser refuses it)",
            IMAGE + "padding: \"" + "x".repeat(ValuesScanner.READER_LIMIT) + "\"\n"),
        // What the parser refuses, in its words.
        Arguments.of("a boolean tag", tag("tag: true")),
        Arguments.of("a YAML 1.1 boolean tag", tag("tag: On")),
        Arguments.of("a null tag", tag("tag: ~")),
        Arguments.of("an empty tag", tag("tag:")),
        Arguments.of("a mapping tag", tag("tag:\n    v: 1")),
        Arguments.of("a block scalar tag", tag("tag: |\n    1.0.4")),
        Arguments.of("an escape in a double-quoted tag", tag("tag: \"1.0.\\x34\"")),
        Arguments.of("an escaped quote in a single-quoted tag", tag("tag: '1.0''4'")),
        Arguments.of("a quoted tag followed by text", tag("tag: \"1.0.4\" x")),
        Arguments.of("a plain tag of two words", tag("tag: 1.0.4 beta")),
        Arguments.of("a tag starting with an indicator", tag("tag: .inf")),
        Arguments.of("a missing tag", IMAGE.replace("  tag: 1.0.4\n", "")),
        Arguments.of("a second tag", IMAGE.replace("  pullPolicy", "  tag: 2\n  pullPolicy")),
        Arguments.of("no image", "a: 1\n"),
        Arguments.of("a line less indented than the block's keys", IMAGE.replace("  pullPolicy", " pullPolicy")),
        Arguments.of("malformed YAML in the block", tag("tag: [\"1.0.4\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapesItLeavesToTheParser")
  void leavesShapesItCannotTakeAtFaceValueToTheParser(String name, String text) {
    assertEquals(Optional.empty(), scanned(text));
  }

  @Test
  void theOpenQuoteCaseIsOneWhereALineScanWouldBeWrong() {
    // Guards the guard: the parser really reads the block inside the quotes as one string, so a
    // scan that took the image: line at face value would rewrite the wrong place.
    String text = "a: \"x\nimage:\n  repository: r\n  tag: t\n\"\nimage:\n  repository: real\n  tag: \"9.9.9\"\n";
    assertEquals("9.9.9", parsed(text).get(ArtifactKey.IMAGE_TAG).have());
    assertEquals(Optional.empty(), scanned(text));
  }

  /**
   * Random lines of every kind before, inside and after an image block: whenever the scan answers
   * and the parser reads the file, both found the same places; when the parser refuses a file the
   * scan answered for, it is for a syntax error or a duplicate key, which the scan does not look for.
   */
  @Test
  void agreesWithTheParserOnRandomFiles() {
    List<String> outside = List.of("a: 1", "b: \"q\"", "c: 'it''s'", "d: [1, 2]", "e: {x: y}", "f: |", "  image:", "  tag: x",
        "  - item", "- top", "g:", "  h: \"open", "  close\"", "i: 'open", "j: [open,", "  k]", "# comment", "", "  # indented",
        "l: >-", "   folded", "\"image\": x", "m: &a 1", "n: *a", "---", "o: \"a\\\"b\"", "p: x # c: d", "image:", "q: \"a",
        "image: x\"", "  repository: r3", "r: [\"]\", 's: #', {t: u}]", "? k", ": v");
    List<String> inside = List.of("  pullSecrets:", "  - name: s", "    deeper: 1", "  pullPolicy: Always", "  note: |",
        "    tag: no", "  # c", "", "# c0", "  x: \"open", "  tag: 3", "  r: [a,", "  ]", "   odd: 1", "\tbad: 1", "  y: &z",
        "  - n", "    - m", "    repository: nested", " less: 1");
    List<String> repositories = List.of("  repository: r1", "  repository: 'r2'", "  repository: \"r3\" # c",
        "  repository: a:1/b", "  repository: \"a\\\"b\"", "  repository: r4 r5", "  repository: ", "  repository: &r r6");
    List<String> tags = List.of("  tag: 1.0", "  tag: \"2\"", "  tag: '3'#x", "  tag: v1 x", "  tag: true", "  tag: 010",
        "  tag: 1.0.4 # c", "  tag: 'it''s'", "  tag: |", "  tag:", "  tag: null", "  tag: 0x1F", "  tag: 1e3");
    Random random = new Random(24);
    int compared = 0;
    for (int i = 0; i < 50000; i++) {
      List<String> block = new ArrayList<>(pick(random, inside, random.nextInt(4)));
      block.add(random.nextInt(block.size() + 1), pick(random, repositories, 1).get(0));
      block.add(random.nextInt(block.size() + 1), pick(random, tags, 1).get(0));
      List<String> lines = new ArrayList<>(pick(random, outside, random.nextInt(4)));
      lines.add("image:");
      lines.addAll(block);
      lines.addAll(pick(random, outside, random.nextInt(4)));
      String text = String.join("\n", lines) + "\n";
      Optional<Map<ArtifactKey, Place>> scanned = scanned(text);
      if (scanned.isEmpty()) {
        continue;
      }
      try {
        assertEquals(List.copyOf(parsed(text).values()), List.copyOf(scanned.get().values()), text);
        compared++;
      } catch (ReleaseException e) {
        if (!e.getMessage().contains("not valid YAML") && !e.getMessage().contains("duplicate key")) {
          fail("the scan answered " + scanned.get() + " where the parser refused (" + e.getMessage() + "):\n" + text);
        }
      }
    }
    assertTrue(compared > 500, "the scan and the parser both read only " + compared + " files: the generator no longer tests them");
  }

  private static List<String> pick(Random random, List<String> from, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(from.get(random.nextInt(from.size())));
    }
    return out;
  }

  /** {@link #IMAGE} with its tag line replaced by {@code line}. */
  private static String tag(String line) {
    return IMAGE.replace("tag: 1.0.4", line);
  }

  private static String benchLines(int settings) {
    StringBuilder s = new StringBuilder("\nbenchExtra:\n");
    for (int i = 1; i <= settings; i++) {
      s.append("  # Setting ").append(i).append(": users read these comments, so build-artifacts keeps every one.\n")
          .append(String.format("  setting%05d:\n", i))
          .append("    enabled: ").append(i % 2 == 1).append('\n')
          .append("    name: \"setting-").append(i).append("\"\n")
          .append("    tags: [a, b, c]\n");
    }
    return s.toString();
  }

  private static String fixture(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/fixtures", name, "helm/values.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
