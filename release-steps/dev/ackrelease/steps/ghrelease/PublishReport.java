package dev.ackrelease.steps.ghrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ackrelease.steps.Echo;
import dev.ackrelease.steps.ReleaseException;
import dev.ackrelease.steps.ShellWords;
import dev.ackrelease.steps.io.Counts;
import dev.ackrelease.steps.registry.PublishedArtifact.Action;
import dev.ackrelease.steps.version.ReleaseVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * publish's {@code --report} as {@code github-release --report FILE} takes it, checked in two
 * steps. {@link #read}: the file is the document publish (or plan) writes for one service (exit 2
 * otherwise, before anything else is read). {@link #requirePublished}: the run it reports
 * published this release whole: it ended well ({@code ok}), it was no plan and no dry run, in
 * release mode, of this service and tag, with its image and chart rows and every row pushed or
 * already there (exit 3 otherwise, before any request to the registry or GitHub: a GitHub release
 * of a publish that failed would describe what is not there). Its digests are then compared with
 * the registry's ({@link Published#requireAgrees}).
 */
public record PublishReport(Path file, JsonNode document) {

  /** What a row of a publish that did its work says (a dry run's and a plan's words, and failed or refused, are not). */
  static final Set<String> DONE = Stream.of(Action.PUSHED, Action.CREATED, Action.UPDATED, Action.ALREADY_PUBLISHED)
      .map(Action::text).collect(Collectors.toUnmodifiableSet());

  private static final long MAX_BYTES = 16L << 20;

  /** The report in {@code file}: a regular JSON file of at most 16 MiB, publish's (or plan's) document of one service. */
  public static PublishReport read(Path file) {
    String fix = ": pass the JSON publish wrote with --report";
    JsonNode doc;
    try {
      if (!Files.isRegularFile(file)) {
        throw ReleaseException.invalidInput("--report " + file + " is not a file" + fix);
      }
      if (Files.size(file) > MAX_BYTES) {
        throw ReleaseException.invalidInput("--report " + file + " is larger than 16 MiB" + fix);
      }
      doc = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw ReleaseException.invalidInput("--report " + file + " is not readable JSON (" + e.getClass().getSimpleName() + ")" + fix);
    }
    if (doc != null && doc.path("services").isArray()) {
      String of = doc.path("command").asText("").isEmpty() ? "a run" : Echo.value(doc.path("command").asText());
      throw ReleaseException.invalidInput("--report " + file + " is the report of " + of + " over " + Counts.of(doc.path("services")
          .size(), "service") + " (--workspace or --service S,S...): pass the --report of a publish of this service alone (ack-release"
          + " publish --report FILE in its clone at the tag)");
    }
    if (doc == null || !doc.path("artifacts").isArray()) {
      throw ReleaseException.invalidInput("--report " + file + " has no artifacts" + fix);
    }
    String command = doc.path("command").asText("");
    if (!command.equals("publish") && !command.equals("plan") || !doc.path("ok").isBoolean()) {
      throw ReleaseException.invalidInput("--report " + file + " is not a publish report (command "
          + (command.isEmpty() ? "none" : "'" + Echo.value(command) + "'") + (doc.path("ok").isBoolean() ? "" : ", no ok")
          + ")" + fix);
    }
    return new PublishReport(file, doc);
  }

  /**
   * Refuses (exit 3) a report of anything but {@code service}'s release {@code version} published
   * whole, naming what it reports and the publish that would write the report to pass:
   * {@code registryArguments} are the run's options that reach its registry ({@code --registry R},
   * {@code --insecure-registry H}, ...), which the publish needs to reach the same one, and its report
   * goes to a file beside this one, never over it. Each word is quoted as a shell reads it when pasted, the report's path
   * absolute.
   */
  public void requirePublished(String service, ReleaseVersion version, List<String> registryArguments) {
    String next = ShellWords.word(nextReport(version).toAbsolutePath().toString());
    String publish = " at the tag " + version.tag() + " in its clone (ack-release publish "
        + String.join(" ", registryArguments.stream().map(ShellWords::word).toList()) + baseImageOption() + " --report " + next
        + "), then run github-release again with --report " + next + (baseImageOption().isEmpty() ? " (give the publish the"
            + " first run's --base-image and --build-config if it had them: the report does not say)" : "");
    if (document.path("command").asText().equals("plan")) {
      throw refused("is plan's report: nothing was published; publish" + publish);
    }
    if (!document.path("ok").asBoolean()) {
      throw refused("says the publish failed (" + failure() + "): re-run the publish" + publish);
    }
    if (document.path("dryRun").asBoolean(false)) {
      throw refused("is the report of a dry run: nothing was published; publish without --dry-run" + publish);
    }
    String mode = document.path("mode").asText("");
    if (!mode.equals("release")) {
      String what = switch (mode) {
        case "nothing" -> "says there was nothing to publish" + reason();
        case "stable" -> "is the report of a stable publish (the " + version.stableChartVersion() + " chart)";
        case "" -> "is the report of a publish without a mode";
        default -> "is the report of a publish in " + Echo.value(mode) + " mode";
      };
      throw refused(what + ", which makes no GitHub release: publish" + publish);
    }
    String reportedService = document.path("service").asText("");
    String reportedTag = document.path("tag").asText("");
    if (!reportedService.equals(service) || !reportedTag.equals(version.tag())) {
      throw refused("is the report of " + Echo.value(reportedService) + " " + Echo.value(reportedTag) + ", not of " + service + " "
          + version.tag() + ": publish " + service + publish);
    }
    List<String> missing = new ArrayList<>();
    for (String kind : List.of("image", "chart")) {
      if (rows(kind).isEmpty()) {
        missing.add(kind + " (no row)");
      }
    }
    for (JsonNode row : document.path("artifacts")) {
      String action = row.path("action").asText("");
      if (!DONE.contains(action)) {
        missing.add(Echo.value(row.path("kind").asText("?")) + " " + Echo.value(row.path("ref").asText("?")) + " ("
            + (action.isEmpty() ? "no action" : Echo.value(action)) + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw refused("says not everything was published: " + String.join(", ", missing) + "; re-run the publish" + publish);
    }
  }

  /** The rows of {@code kind}. */
  private List<JsonNode> rows(String kind) {
    List<JsonNode> rows = new ArrayList<>();
    document.path("artifacts").forEach(r -> {
      if (r.path("kind").asText().equals(kind)) {
        rows.add(r);
      }
    });
    return rows;
  }

  /** The failed run's exit code and error line, as its report says them. */
  private String failure() {
    JsonNode code = document.path("exitCode");
    String error = document.path("error").asText("");
    return (code.isIntegralNumber() ? "exit " + code.asInt() : "no exit code") + (error.isBlank() ? "" : ": "
        + Echo.value(error));
  }

  private String reason() {
    String reason = document.path("reason").asText("");
    return reason.isBlank() ? "" : " (" + Echo.value(reason) + ")";
  }

  /** {@code --base-image B} when the report names the base its image was built on (the publish to run builds it again). */
  private String baseImageOption() {
    String base = document.path("build").path("baseImage").asText("");
    return base.isBlank() ? "" : " --base-image " + ShellWords.word(Echo.value(base));
  }

  /**
   * Where the publish to run writes its report: {@code <tag>.json} beside this file, else {@code <tag>-publish.json},
   * {@code <tag>-publish-2.json}, ...: the first that is neither this file nor one already there (a report of an earlier
   * publish, which the pasted command would overwrite: a new-user trial lost the good report of the publish that made
   * the release that way).
   */
  Path nextReport(ReleaseVersion version) {
    for (int n = 0; ; n++) {
      Path next = file.resolveSibling(version.tag() + (n == 0 ? "" : n == 1 ? "-publish" : "-publish-" + n) + ".json");
      if (!next.getFileName().equals(file.getFileName()) && !Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        return next;
      }
    }
  }

  private ReleaseException refused(String what) {
    return ReleaseException.refused("--report " + file + " " + what);
  }
}
