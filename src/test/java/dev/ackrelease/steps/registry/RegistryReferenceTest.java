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
}
