package dev.ackrelease.steps.supply;

import dev.ackrelease.steps.io.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SPDX identifiers for the elements of one document: {@code SPDXRef-} and an idstring of letters,
 * digits, {@code .} and {@code -} (SPDX 2.3 clause 7.2, spdx-spec chapters/package-information.md
 * "Package SPDX identifier field"), unique per distinct element, and readable: the element's
 * name with every run of other characters as {@code -} ({@code SPDXRef-Module-github.com-a-b-c-v1.0.0}).
 * When two distinct elements read the same ({@code github.com/a-b/c} and {@code github.com/a/b-c}),
 * each gets the first 12 hex digits of the SHA-256 of its exact key appended, so the ids depend on
 * the elements alone: the same document always gets the same ids.
 */
final class SpdxIds {

  private final Map<String, String> readableByKey = new LinkedHashMap<>();
  private final Set<String> reserved;

  /** {@code reserved}: the fixed ids the document uses ({@code SPDXRef-DOCUMENT}, ...), which no element may take. */
  SpdxIds(Set<String> reserved) {
    this.reserved = reserved;
  }

  /** Registers the element with exact identity {@code key}, read as {@code SPDXRef-<kind>-<name parts joined by ->}. */
  void add(String key, String kind, String... name) {
    readableByKey.putIfAbsent(key, "SPDXRef-" + kind + "-" + Arrays.stream(name).map(SpdxIds::sanitize).collect(Collectors.joining("-")));
  }

  /** The id of every registered key: unique among them and the reserved ids. */
  Map<String, String> assign() {
    Map<String, List<String>> byReadable = readableByKey.keySet().stream()
        .collect(Collectors.groupingBy(readableByKey::get, LinkedHashMap::new, Collectors.toList()));
    Map<String, String> ids = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>(reserved);
    for (Map.Entry<String, List<String>> e : byReadable.entrySet()) {
      boolean ambiguous = e.getValue().size() > 1 || reserved.contains(e.getKey());
      for (String key : e.getValue()) {
        String id = ambiguous ? e.getKey() + "-" + Digests.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(7, 19) : e.getKey();
        if (!taken.add(id)) {
          throw new IllegalStateException("two SBOM elements got the SPDX id " + id + ": " + key);
        }
        ids.put(key, id);
      }
    }
    return ids;
  }

  /** Each run of other characters as one {@code -}, none at either end: {@code (devel)} reads {@code devel}. */
  private static String sanitize(String s) {
    return s.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("^-+|-+$", "");
  }
}
