package dev.ackrelease.steps.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ackrelease.steps.ReleaseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --registry}: {@code host[:port][/namespace]} with a port from 1 to 65535, a lower-case
 * namespace, no URL scheme and never credentials (which are never echoed); the references built
 * from it.
 */
class RegistryReferenceTest {

  static String invalid(String text) {
    ReleaseException e = assertThrows(ReleaseException.class, () -> Registry.parse(text));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void hostPortAndNamespaceAreParsedWithOrWithoutOciPrefixAndTrailingSlashes() {
    assertEquals(new Registry("public.ecr.aws", "aws-controllers-k8s"), Registry.parse(" oci://public.ecr.aws/aws-controllers-k8s// "));
    assertEquals(new Registry("127.0.0.1:5000", "ack/nested"), Registry.parse("127.0.0.1:5000/ack/nested"));
    assertEquals(new Registry("registry.example.com", null), Registry.parse("registry.example.com"));
    assertEquals(new Registry("[::1]:5000", "ack"), Registry.parse("[::1]:5000/ack"));
    assertNull(new Registry("host", "").namespace(), "an empty namespace is none");
  }

  @Test
  void portsFromOneTo65535AreAccepted() {
    for (String host : List.of("h:1", "h:65535", "h:5000", "[::1]", "[::1]:1", "[::1]:65535", "h")) {
      assertEquals(host, Registry.parse(host).host());
    }
    for (String host : List.of("h:0", "h:65536", "h:99999", "[::1]:0", "[::1]:70000")) {
      assertTrue(invalid(host).contains("has port"), host);
    }
    ReleaseException e = assertThrows(ReleaseException.class, () -> Registry.requirePort("h:x", "--insecure-registry"));
    assertEquals("--insecure-registry 'h:x' has port x, not one from 1 to 65535: use e.g. 127.0.0.1:5000", e.getMessage());
    Registry.requirePort("h", "--insecure-registry");
    Registry.requirePort(":5000", "--insecure-registry");
    assertThrows(ReleaseException.class, () -> Registry.requirePort(":0", "--insecure-registry"));
    Registry.requirePort("[fe80::1]", "--insecure-registry");
  }

  @Test
  void badHostsAndNamespacesAreInvalidInputNamingThem() {
    assertEquals("empty registry: use e.g. " + Registry.DEFAULT, invalid(" "));
    assertEquals("empty registry: use e.g. " + Registry.DEFAULT, invalid(null));
    assertTrue(invalid("bad host/ack").startsWith("registry host 'bad host' is not a host[:port]"));
    assertTrue(invalid("host/Upper").startsWith("registry namespace 'Upper' is not a lower-case path"));
    assertTrue(invalid("host/a//b").startsWith("registry namespace 'a//b'"));
    assertTrue(invalid("host/a-").startsWith("registry namespace 'a-'"));
    assertTrue(invalid("https://host/ack").startsWith("registry 'https://host/ack' has a URL scheme"));
    // A path that starts with a slash has no host.
    assertTrue(invalid("/ack").startsWith("registry host '' is not a host[:port]"), invalid("/ack"));
    assertTrue(invalid("/ns@x").startsWith("registry host ''"), "an @ after the host is no credential: " + invalid("/ns@x"));
    assertThrows(ReleaseException.class, () -> new Registry(null, "ack"));
  }

  @Test
  void credentialsInTheReferenceAreRefusedWithoutEchoingThem() {
    for (String text : List.of("alice:s3cret-pw@registry.example.com/ack", "s3cret-pw@registry.example.com",
        "oci://alice:s3cret-pw@registry.example.com", "https://alice:s3cret-pw@registry.example.com/ack")) {
      String message = invalid(text);
      assertTrue(message.startsWith("the registry reference carries credentials"), message);
      assertFalse(message.contains("s3cret-pw"), message);
    }
  }

  @Test
  void referencesAreBuiltFromHostNamespaceNameAndTag() {
    Registry ack = Registry.parse("public.ecr.aws/aws-controllers-k8s");
    assertEquals("aws-controllers-k8s/s3-controller", ack.repository("s3-controller"));
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-controller", ack.repositoryRef("s3-controller"));
    assertEquals("public.ecr.aws/aws-controllers-k8s/s3-chart:1.8.2", ack.ref("s3-chart", "1.8.2"));
    assertEquals("public.ecr.aws/aws-controllers-k8s", ack.toString());
    assertEquals("public.ecr.aws", ack.hostName());

    Registry bare = Registry.parse("127.0.0.1:5000");
    assertEquals("s3-controller", bare.repository("s3-controller"));
    assertEquals("127.0.0.1:5000/s3-chart:v1-stable", bare.ref("s3-chart", "v1-stable"));
    assertEquals("127.0.0.1:5000", bare.toString());
    assertEquals("127.0.0.1", bare.hostName());
    assertEquals("[::1]", Registry.parse("[::1]:5000/ack").hostName());
    assertEquals("[::1]", Registry.parse("[::1]").hostName());
  }

  /**
   * opencontainers/image-spec descriptor.md (Digests) and distribution spec.md (Pulling
   * manifests): sha256 and sha512 in lower-case hex are digests, a tag is at most 128 characters;
   * anything else content names is damage (exit 5), found before a request.
   */
  @Test
  void digestsAndTagsAreWhatTheSpecsGrammarsSayAndAnythingElseIsDamage() {
    String sha256 = "sha256:" + "a1".repeat(32);
    String sha512 = "sha512:" + "b2".repeat(64);
    for (String digest : List.of(sha256, sha512)) {
      assertTrue(References.isDigest(digest), digest);
      assertEquals(digest, References.requireDigest(digest, "the index"));
      assertEquals(digest, References.requireReference(digest, "a look-up"));
    }
    for (String not : List.of("sha256:" + "A1".repeat(32), "sha256:" + "a1".repeat(31), "md5:" + "c".repeat(32), "1.2.3")) {
      assertFalse(References.isDigest(not), not);
    }
    assertFalse(References.isDigest(null));
    String tag = "v1.2.3_" + "x".repeat(121);
    assertEquals(tag, References.requireReference(tag, "a look-up"));
    ReleaseException damaged = assertThrows(ReleaseException.class, () -> References.requireDigest("1.2.3", "the index of x"));
    assertEquals(ReleaseException.Kind.VERIFICATION, damaged.kind());
    assertEquals("the index of x names '1.2.3', which is not a digest (sha256:<64 hex>): the artifact is damaged; publish a new"
        + " version", damaged.getMessage());
    for (String bad : List.of(tag + "x", ".hidden", "a/b")) {
      ReleaseException e = assertThrows(ReleaseException.class, () -> References.requireReference(bad, "a look-up"));
      assertEquals(ReleaseException.Kind.VERIFICATION, e.kind(), bad);
    }
  }

  /** The distribution spec's 255 characters for host, '/' and name: the 255th is taken, the 256th refused. */
  @Test
  void aRepositoryReferenceOf255CharactersIsTakenAndOneMoreIsNot() {
    Registry ack = Registry.parse("r.example.com/ack");
    String name = "n".repeat(255 - "r.example.com/ack/".length());
    assertEquals(255, ack.repositoryRef(name).length());
    ReleaseException e = assertThrows(ReleaseException.class, () -> ack.repositoryRef(name + "n"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains(" is 256 characters, more than the 255 "), e.getMessage());
    // A registry must leave room for '/' and a one-character name.
    String roomForOne = "h/" + "n".repeat(251);
    assertEquals(255, Registry.parse(roomForOne).repositoryRef("x").length());
    ReleaseException full = assertThrows(ReleaseException.class, () -> Registry.parse(roomForOne + "n"));
    assertEquals(ReleaseException.Kind.INVALID_INPUT, full.kind());
    assertTrue(full.getMessage().startsWith("registry 'h/nnn"), full.getMessage());
    assertTrue(full.getMessage().contains("' is 254 characters, more than 253, leaving no room for a repository in the 255"),
        full.getMessage());
    assertTrue(full.getMessage().endsWith(": use a registry of at most 253 characters, e.g. " + Registry.DEFAULT), full.getMessage());
  }
}
