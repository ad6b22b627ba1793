package dev.ackrelease.steps.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build-inputs record that lets a re-run skip a build: canonical JSON and its digest. */
class BuildInputsTest {

  @Test
  void theSameInputsInAnyOrderMakeTheSameCompactSortedJsonAndDigest() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("version", "1.2.3");
    a.put("platforms", List.of("linux/amd64", "linux/arm64"));
    Map<String, String> nested = new LinkedHashMap<>();
    nested.put("z", "1");
    nested.put("a", "2");
    a.put("base", nested);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("base", Map.of("a", "2", "z", "1"));
    b.put("platforms", List.of("linux/amd64", "linux/arm64"));
    b.put("version", "1.2.3");

    BuildInputs x = BuildInputs.of(a);
    assertEquals("{\"base\":{\"a\":\"2\",\"z\":\"1\"},\"platforms\":[\"linux/amd64\",\"linux/arm64\"],\"version\":\"1.2.3\"}",
        x.json());
    assertEquals(Digests.sha256(x.json().getBytes(StandardCharsets.UTF_8)), x.digest());
    assertEquals(x, BuildInputs.of(b));
    assertNotEquals(x.digest(), BuildInputs.of(Map.of("version", "1.2.4")).digest());
  }
}
