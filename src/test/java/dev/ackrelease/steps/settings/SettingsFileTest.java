package dev.ackrelease.steps.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .ack-release.yaml}: what a file may hold, where each value was written, and which file wins. */
class SettingsFileTest {

  @TempDir Path tmp;

  static final Path FILE = Path.of("s3-controller/.ack-release.yaml");

  static Map<String, Setting> parse(String text) {
    return SettingsFile.parse(FILE, text);
  }

  static String refused(String text) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> parse(text), text);
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), text);
    return e.getMessage();
  }

  @Test
  void eachKeyKeepsItsValueAsTextAndTheLineItIsOn() {
    Map<String, Setting> s = parse("# release settings\nregistry: 127.0.0.1:5000/ack\n\nplatforms: [linux/amd64, linux/arm64]\n"
        + "sbom: true\nparallel: 4\nimage-user: '1000'\ninsecure-registry:\n  - a:5000\n  - b:5000\n");
    assertEquals(List.of("registry", "platforms", "sbom", "parallel", "image-user", "insecure-registry"), List.copyOf(s.keySet()),
        "in file order");
    assertEquals(new Setting("registry", List.of("127.0.0.1:5000/ack"), false, FILE, 2), s.get("registry"));
    assertEquals(new Setting("platforms", List.of("linux/amd64", "linux/arm64"), true, FILE, 4), s.get("platforms"));
    assertEquals("linux/amd64,linux/arm64", s.get("platforms").text(), "a list is the comma-separated value an option takes");
    assertEquals("true", s.get("sbom").text(), "a YAML boolean, as a flag's value");
    assertEquals("4", s.get("parallel").text());
    assertEquals("1000", s.get("image-user").text());
    assertEquals("s3-controller/.ack-release.yaml:8", s.get("insecure-registry").origin());
  }

  @Test
  void aNumberKeepsHowItIsWrittenSoTheOptionChecksWhatWasWritten() {
    assertEquals("0x10", parse("parallel: 0x10\n").get("parallel").text());
    assertEquals("4.0", parse("parallel: 4.0\n").get("parallel").text());
  }

  @Test
  void anEmptyFileOrCommentsOnlyHoldNoSettings() {
    assertEquals(Map.of(), parse(""));
    assertEquals(Map.of(), parse("# nothing yet\n"));
    assertEquals(Map.of(), parse("\uFEFF"));
    assertEquals(Set.of("registry"), parse("\uFEFFregistry: x\n").keySet(), "a byte-order mark is not part of the first key");
  }

  @Test
  void whatIsNotAMappingOfKeysToValuesIsRefusedNamingFileAndLine() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("- platforms\n", ":1: not a mapping of keys to values");
    cases.put("just text\n", ":1: not a mapping of keys to values");
    cases.put("a: 1\nplatforms: x\nplatforms: y\n", ":3: 'platforms' is set twice (first on line 2)");
    cases.put("registry:\n", ":1: 'registry' has no value");
    cases.put("registry: ~\n", ":1: 'registry' has no value");
    cases.put("registry: ''\n", ":1: 'registry' is empty");
    cases.put("registry: '   '\n", ":1: 'registry' is empty");
    cases.put("registry:\n  host: x\n", ":1: 'registry' is a mapping");
    cases.put("platforms: []\n", ":1: 'platforms' is an empty list");
    cases.put("platforms: [[a]]\n", ":1: 'platforms' lists something that is not a value");
    cases.put("platforms: [{a: b}]\n", ":1: 'platforms' lists something that is not a value");
    cases.put("platforms: [a, ~]\n", ":1: 'platforms' lists something that is not a value");
    cases.put("platforms: [a, '']\n", ":1: 'platforms' is empty");
    cases.put("a: 1\n---\nb: 2\n", ":3: a second YAML document");
    // Jackson reads an alias as its anchor's name: 'insecure-registry' would silently be "r".
    cases.put("registry: &r 127.0.0.1:5000/x\ninsecure-registry: *r\n", ":2: 'insecure-registry' is a YAML alias (*r)");
    cases.put("platforms: &p [linux/amd64]\nservice: [s3, *p]\n", ":2: 'service' is a YAML alias (*p)");
    cases.put("a: [b\n", ":1: not valid YAML");
    cases.put("a: 1\nb: 'c\n", ":2: not valid YAML");
    cases.put("a: 1\nb:\tc: d\n", ":2: not valid YAML");
    cases.put("a: 1\n? [b]\n: c\n", ":2: not valid YAML (a key must be a plain name, not a list): fix the YAML");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      String message = refused(c.getKey());
      assertTrue(message.startsWith(FILE + c.getValue()), c.getKey() + " -> " + message);
      assertTrue(message.matches(".+: .+: .+"), "problem, then fix: " + message);
    }
  }

  @Test
  void aKeyIsNeverInTheFileOnlyItsReference() {
    String pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI...\n-----END EC PRIVATE KEY-----\n";
    String message = refused("registry: x\nsign-key: |\n  " + pem.replace("\n", "\n  ") + "\n");
    assertTrue(message.startsWith(FILE + ":2: 'sign-key' holds a PEM block: .ack-release.yaml names a key, never holds one"),
        message);
    assertTrue(!message.contains("PRIVATE KEY"), "the key is not echoed: " + message);
    refused("anything: [\"" + pem.replace("\n", "\\n") + "\"]\n");
  }

  @Test
  void aFileThatIsNotThereHoldsNoneAndOneThatCannotBeASettingsFileIsRefused() throws IOException {
    assertEquals(Map.of(), SettingsFile.read(tmp.resolve("absent.yaml")));
    assertEquals(Map.of(), SettingsFile.read(tmp.resolve("x".repeat(300)).resolve(".ack-release.yaml")),
        "no file can have that name");
    Path dir = Files.createDirectories(tmp.resolve("dir/.ack-release.yaml"));
    assertTrue(invalid(dir).endsWith("is not a regular file: .ack-release.yaml holds settings as YAML; remove or rename what"
        + " is there"));
    Path big = Files.writeString(tmp.resolve("big.yaml"), "# " + "x".repeat(SettingsFile.MAX_BYTES) + "\n");
    assertTrue(invalid(big).contains("is more than 64 KiB"));
    Path latin1 = Files.write(tmp.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    assertEquals(latin1 + " is not UTF-8 text: save it as UTF-8", invalid(latin1));
    Path ok = Files.writeString(tmp.resolve("ok.yaml"), "image-user: \"65532\"\n");
    assertEquals("65532", SettingsFile.read(ok).get("image-user").text());
    Path link = Files.createSymbolicLink(tmp.resolve("link.yaml"), ok);
    assertEquals("65532", SettingsFile.read(link).get("image-user").text(), "a link is read as its target");
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.yaml"), tmp.resolve("moved.yaml"));
    assertEquals(dangling + " is a link to " + tmp.resolve("moved.yaml") + ", which is not there: fix the link, or remove it",
        invalid(dangling), "its settings are missing, not absent: a run without them could push elsewhere");
    Path loop = Files.createSymbolicLink(tmp.resolve("loop.yaml"), tmp.resolve("loop.yaml"));
    assertTrue(invalid(loop).startsWith(loop + " is a link to " + loop), invalid(loop));
  }

  static String invalid(Path file) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> SettingsFile.read(file));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    return e.getMessage();
  }

  @Test
  void theClonesFileWinsOverItsWorkspaceRootsKeyByKey() throws IOException {
    Path ws = tmp.resolve("ws");
    Path clone = Files.createDirectories(ws.resolve("s3-controller"));
    Files.writeString(ws.resolve(".ack-release.yaml"), "registry: 127.0.0.1:5000/ack\nplatforms: linux/amd64,linux/arm64\n");
    Files.writeString(clone.resolve(".ack-release.yaml"), "platforms: linux/amd64\n");
    List<Path> files = Settings.files(clone, false);
    assertEquals(List.of(clone.resolve(".ack-release.yaml"), ws.resolve(".ack-release.yaml")), files);
    Settings s = Settings.read(files);
    assertEquals("linux/amd64", s.get("platforms").orElseThrow().text());
    assertEquals(clone.resolve(".ack-release.yaml") + ":1", s.get("platforms").orElseThrow().origin());
    assertEquals(ws.resolve(".ack-release.yaml") + ":1", s.get("registry").orElseThrow().origin(), "the root's, under it");
    assertTrue(s.get("base-image").isEmpty());
    assertEquals(List.of(ws.resolve(".ack-release.yaml")), Settings.files(ws, true), "a workspace root's run reads its own only");
  }

  @Test
  void aFileUnderTheWorkingDirectoryOrItsParentIsShownRelativeToIt() {
    assertEquals(List.of(Path.of(".ack-release.yaml"), Path.of("../.ack-release.yaml")), Settings.files(Path.of(""), false));
    assertEquals(List.of(Path.of("../sns-controller/.ack-release.yaml"), Path.of("../.ack-release.yaml")),
        Settings.files(Path.of("../sns-controller"), false));
    assertEquals(Path.of("/.ack-release.yaml"), Settings.files(Path.of("/"), false).get(0), "elsewhere: absolute");
    assertEquals(Path.of("sub/.ack-release.yaml"), Settings.files(Path.of("sub"), false).get(0));
    Path deeper = Path.of("").toAbsolutePath().getParent().resolve("elsewhere/ws/s3-controller");
    assertEquals(List.of(deeper.resolve(".ack-release.yaml"), deeper.getParent().resolve(".ack-release.yaml")),
        Settings.files(Path.of("../elsewhere/ws/s3-controller"), false), "a tree that only shares the parent: absolute");
  }

  @Test
  void anUnknownKeyIsRefusedWithTheClosestValidOne() {
    Settings s = settings("registry: x\nplatfrom: linux/amd64\n");
    ReleaseException e = assertThrows(ReleaseException.class,
        () -> s.requireKnown(List.of("platforms", "registry", "parallel"), List.of()));
    assertEquals(FILE + ":2: unknown key 'platfrom': rename it to platforms or remove it (each key is the long option it"
        + " sets, without --)", e.getMessage());
    assertTrue(msg(settings("--base-image: x\n"), List.of("base-image", "image-user")).contains("rename it to base-image"));
    assertTrue(msg(settings("base_image: x\n"), List.of("image-user", "base-image")).contains("rename it to base-image"));
    // A swap of neighbours is one edit, as in the command line's "did you mean" (the same distance).
    assertTrue(msg(settings("imgae-user: x\n"), List.of("imgae-users", "image-user")).contains("rename it to image-user"));
    assertTrue(msg(settings("x: 1\n"), List.of()).contains("unknown key 'x': remove it"));
    assertEquals(FILE + ":1: unknown key 'zzzz': remove it; the keys (each the long option it sets, without --): parallel,"
        + " platforms, registry", msg(settings("zzzz: 1\n"), List.of("registry", "platforms", "parallel", "controller-dir")),
        "no key is near: not the nearest (base for zzzz), the keys a file may set");
    assertEquals(FILE + ":1: unknown key 'x': remove it; the keys (each the long option it sets, without --): go, sbom",
        msg(settings("x: 1\n"), List.of("sbom", "go")), "one character is near nothing");
    assertTrue(msg(settings("k" + "\u202e".repeat(3) + ": 1\n"), List.of("k")).contains("unknown key 'k\\u202e"),
        "escaped");
    s.requireKnown(List.of("platforms", "registry", "platfrom"), List.of());
  }

  /** $schema, as JSON files name their schema, is a comment in a YAML one: the error gives the line to write. */
  @Test
  void aSchemaKeyIsRefusedWithTheCommentThatNamesTheSchema() {
    assertEquals(FILE + ":1: unknown key '$schema': a settings file names its JSON Schema in a comment: replace the line"
        + " with # yaml-language-server: $schema=" + Settings.SCHEMA_URL, msg(settings("$schema: ./schema.json\n"),
        List.of("schema", "sbom")));
  }

  /** An option that says what a command does (config's --schema) is no setting: a file setting it is refused, saying why. */
  @Test
  void aFileCannotSetWhatACommandDoes() {
    Settings s = settings("registry: x\nschema: true\n");
    ReleaseException e = assertThrows(ReleaseException.class, () -> s.requireKnown(List.of("registry", "schema"), List.of(),
        Map.of("schema", "it prints the schema: remove the line")));
    assertEquals(FILE + ":2: schema is no setting: it prints the schema: remove the line", e.getMessage());
    assertTrue(msg(settings("schemas: true\n"), List.of("registry", "schema")).contains("rename it to schema"),
        "without actions, as before");
  }

  @Test
  void aFileCannotSetWhatSaysWhichFilesAreRead() {
    assertEquals(FILE + ":1: controller-dir says which settings files are read, so a settings file cannot set it: remove"
        + " the line and pass --controller-dir or set ACK_RELEASE_CONTROLLER_DIR",
        msg(settings("controller-dir: ../x\n"), List.of("controller-dir")));
  }

  /** The settings of one file, shown as {@link #FILE}. */
  static Settings settings(String text) {
    return Settings.of(Map.of(FILE, parse(text)));
  }

  static String msg(Settings s, List<String> keys) {
    return assertThrows(ReleaseException.class, () -> s.requireKnown(keys, List.of("controller-dir"))).getMessage();
  }

  @Test
  void aKeysVariableIsItsNameInUpperCaseWithUnderscores() {
    assertEquals("ACK_RELEASE_INSECURE_REGISTRY", Settings.variable("insecure-registry"));
    assertEquals("ACK_RELEASE_REGISTRY", Settings.variable("registry"));
  }

  @Test
  void theClosestNameIsTheOneFewestEditsAway() {
    assertEquals(3, Closest.distance("kitten", "sitting"));
    assertEquals(0, Closest.distance("", ""));
    assertEquals(5, Closest.distance("", "abcde"));
    assertEquals("platforms", Closest.to("platfrom", List.of("parallel", "platforms", "registry")).orElseThrow());
    assertEquals("go", Closest.to("a", List.of("sbom", "go")).orElseThrow());
    assertEquals("ab", Closest.to("x", List.of("ab", "ac")).orElseThrow(), "equals: the first in sort order");
  }
}
